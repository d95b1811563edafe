/* vcolorize — elementwise  out = alpha * a + beta * b  (add, scale, copy). */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

typedef struct {
  guint c, h, w;
  float alpha, beta;
  gboolean has_b; /* FALSE: out = alpha * a (copy or scale) */
} VcEltwiseDesc;

typedef struct _VcEltwise VcEltwise;

VcEltwise *vc_eltwise_new (VcDevice *dev, const VcEltwiseDesc *desc, GError **error);
/* B is ignored (may be NULL) when the description has no b. OUT may be a
 * channel view of a larger tensor (concatenation). */
gboolean vc_eltwise_record (VcEltwise *op, VcCmd *cmd, const VcTensor *a, const VcTensor *b,
                            const VcTensor *out, GError **error);
void vc_eltwise_free (VcEltwise *op);

void vc_eltwise_ref (const VcEltwiseDesc *desc, const float *a, const float *b, float *out);

G_END_DECLS
