/* vcolorize — 2-D convolution  out = act(conv(in) + bias + residual).
 *
 * Kernels are 1×1 or 3×3, stride 1 or 2, "same" padding with replicated
 * edge pixels (PyTorch padding_mode='replicate'): the output is
 * ((h - 1) / stride + 1) × ((w - 1) / stride + 1). The optional residual
 * (cout × oh × ow) is added before the activation, as in ResNet v1. */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

/* Same values as the VC_ACT_* macros of shaders/common.glsl. */
typedef enum {
  VC_ACT_NONE,
  VC_ACT_ELU, /* alpha = 1 */
  VC_ACT_RELU,
  VC_ACT_TANH,
} VcActivation;

typedef struct {
  guint cin, cout, h, w; /* input size */
  guint kernel;          /* 1 or 3 */
  guint stride;          /* 1 or 2 */
  VcActivation act;
  gboolean has_residual;
} VcConv2dDesc;

typedef struct _VcConv2d VcConv2d;

void vc_conv2d_out_size (const VcConv2dDesc *desc, guint *oh, guint *ow);

VcConv2d *vc_conv2d_new (VcDevice *dev, const VcConv2dDesc *desc, GError **error);
/* WEIGHT is PyTorch's OIHW layout (cout × cin × kernel × kernel), BIAS has
 * cout values or is NULL (zeros). They are rounded to device precision,
 * repacked for the shader and uploaded into a buffer the op owns. May be
 * called again to replace them (not while a recorded command using the op
 * is running). */
gboolean vc_conv2d_set_weights (VcConv2d *op, const float *weight, const float *bias,
                                GError **error);
/* IN is cin × h × w, OUT cout × oh × ow and RESIDUAL (ignored unless the
 * description has one; may then be NULL) cout × oh × ow. Any of them may be
 * a channel view of a larger tensor; OUT must not overlap IN or RESIDUAL.
 * The padding channels of OUT's last pack are written as zeros; those of
 * IN and RESIDUAL are never used. */
gboolean vc_conv2d_record (VcConv2d *op, VcCmd *cmd, const VcTensor *in, const VcTensor *residual,
                           const VcTensor *out, GError **error);
void vc_conv2d_free (VcConv2d *op);

/* Planar float32 reference, accumulating in double. BIAS and RESIDUAL may
 * be NULL. */
void vc_conv2d_ref (const VcConv2dDesc *desc, const float *in, const float *weight,
                    const float *bias, const float *residual, float *out);

G_END_DECLS
