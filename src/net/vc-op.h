/* vcolorize — helpers shared by the ops' host-side code.
 *
 * Every op follows one life cycle (as in ncnn): *_new validates its
 * description and gets its pipeline(s); *_record checks the tensors it is
 * given and records dispatches into a VcCmd; *_free releases it. Each op also
 * has a plain-C reference (*_ref) on planar float32 data, used by the tests. */
#pragma once

#include "vc-tensor.h"

#include <string.h>

G_BEGIN_DECLS

/* Where a tensor starts and how far apart its channel packs are, in vec4s,
 * as the shaders receive it in push constants. */
typedef struct {
  guint32 base, plane;
} VcPushTensor;

static inline VcPushTensor
vc_push_tensor (const VcTensor *t)
{
  return (VcPushTensor){ (guint32) t->base, (guint32) t->plane };
}

static inline guint
vc_div_up (guint64 n, guint d)
{
  return (guint) ((n + d - 1) / d);
}

/* The bits of F, for passing a float as a specialization constant. */
static inline guint32
vc_float_bits (float f)
{
  guint32 u;
  memcpy (&u, &f, sizeof u);
  return u;
}

/* Workgroup counts covering N invocations of LOCAL each, split over x and y
 * because a dispatch may have at most 65535 groups per axis. Shaders
 * recover the linear index with vc_linear_id() (common.glsl). */
static inline void
vc_linear_groups (guint64 n, guint local, guint *gx, guint *gy)
{
  guint64 groups = (n + local - 1) / local;
  *gy = (guint) ((groups + 65534) / 65535);
  *gx = (guint) ((groups + *gy - 1) / *gy);
}

/* Sets an INVALID_ARGUMENT error saying which tensor of which op has the
 * wrong shape. Returns FALSE. */
gboolean vc_op_shape_error (GError **error, const char *op, const char *tensor, const VcTensor *t,
                            guint c, guint h, guint w);
/* Checks T (see vc_tensor_check) and its shape. */
gboolean vc_op_check_tensor (const VcDevice *dev, const char *op, const char *tensor,
                             const VcTensor *t, guint c, guint h, guint w, GError **error);

G_END_DECLS
