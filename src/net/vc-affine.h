/* vcolorize — affine map  out = scale * in + offset  (one scale and offset
 * for the whole tensor): the unit conversions at the network's edges
 * (L* in 0..100 to l = L* / 50 - 1, network ab to a*b* = 110 ab), and
 * copies (scale 1, offset 0) into channel views. */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

typedef struct {
  guint c, h, w;
  float scale, offset; /* finite */
} VcAffineDesc;

typedef struct _VcAffine VcAffine;

VcAffine *vc_affine_new (VcDevice *dev, const VcAffineDesc *desc, GError **error);
/* IN and OUT are c×h×w; either may be a channel view of a larger tensor.
 * OUT may be IN itself (in place) but must not overlap it otherwise. The
 * padding channels of OUT's last pack are written as zeros. */
gboolean vc_affine_record (VcAffine *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out,
                           GError **error);
void vc_affine_free (VcAffine *op);

/* Planar float32 reference; IN and OUT may be the same array. */
void vc_affine_ref (const VcAffineDesc *desc, const float *in, float *out);

G_END_DECLS
