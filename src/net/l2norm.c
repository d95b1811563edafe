/* vcolorize — L2 normalisation over channels. */
#include "vc-l2norm.h"

#include <math.h>
#include <string.h>

#define LOCAL_SIZE 64

struct _VcL2Norm {
  VcDevice *dev;
  VcL2NormDesc desc;
  VcPipeline *pipe;
};

static gboolean
check_desc (const VcL2NormDesc *desc, GError **error)
{
  if (desc->c == 0 || desc->h == 0 || desc->w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "l2norm: shape %u×%u×%u has an empty dimension", desc->c, desc->h, desc->w);
    return FALSE;
  }
  if (!(desc->eps > 0.0f) || !isfinite (desc->eps)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "l2norm: eps %g must be positive and finite", desc->eps);
    return FALSE;
  }
  if ((guint64) desc->h * desc->w > G_MAXUINT32) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "l2norm: %u×%u pixels are too many",
                 desc->h, desc->w);
    return FALSE;
  }
  return TRUE;
}

VcL2Norm *
vc_l2norm_new (VcDevice *dev, const VcL2NormDesc *desc, GError **error)
{
  if (!check_desc (desc, error))
    return NULL;
  guint32 spec[] = { LOCAL_SIZE, desc->c, desc->h * desc->w, vc_float_bits (desc->eps) };
  VcPipelineDesc pd = { "l2norm", 2, 4 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcL2Norm *op = g_new0 (VcL2Norm, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  return op;
}

gboolean
vc_l2norm_record (VcL2Norm *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out, GError **error)
{
  const VcL2NormDesc *d = &op->desc;
  if (!vc_op_check_tensor (op->dev, "l2norm", "in", in, d->c, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "l2norm", "out", out, d->c, d->h, d->w, error))
    return FALSE;
  struct {
    VcPushTensor in, out;
  } push = { vc_push_tensor (in), vc_push_tensor (out) };
  VcBinding bind[] = { { in->buffer, FALSE }, { out->buffer, TRUE } };
  guint gx, gy;
  vc_linear_groups ((guint64) d->h * d->w, LOCAL_SIZE, &gx, &gy);
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  return TRUE;
}

void
vc_l2norm_free (VcL2Norm *op)
{
  g_free (op);
}

void
vc_l2norm_ref (const VcL2NormDesc *d, const float *in, float *out)
{
  gsize pixels = (gsize) d->h * d->w;
  for (gsize p = 0; p < pixels; p++) {
    double sum = 0.0;
    for (guint c = 0; c < d->c; c++)
      sum += (double) in[c * pixels + p] * in[c * pixels + p];
    double norm = MAX (sqrt (sum), (double) d->eps);
    for (guint c = 0; c < d->c; c++)
      out[c * pixels + p] = (float) (in[c * pixels + p] / norm);
  }
}
