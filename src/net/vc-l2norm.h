/* vcolorize — L2 normalisation over channels (seed paper eq. 2–3):
 *   out[c, p] = x[c, p] / max(sqrt(sum_c x[c, p]^2), eps)
 * as PyTorch's F.normalize(x, dim=channels). */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

typedef struct {
  guint c, h, w;
  float eps; /* > 0; PyTorch's default is 1e-12 */
} VcL2NormDesc;

typedef struct _VcL2Norm VcL2Norm;

VcL2Norm *vc_l2norm_new (VcDevice *dev, const VcL2NormDesc *desc, GError **error);
/* IN and OUT may be the same tensor (in place) or OUT a channel view of a
 * larger tensor; they must not overlap otherwise. */
gboolean vc_l2norm_record (VcL2Norm *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out,
                           GError **error);
void vc_l2norm_free (VcL2Norm *op);

/* Planar C×H×W float32; IN and OUT may be the same array. */
void vc_l2norm_ref (const VcL2NormDesc *desc, const float *in, float *out);

G_END_DECLS
