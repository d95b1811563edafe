/* vcolorize — elementwise add / scale / copy. */
#include "vc-eltwise.h"

#define LOCAL_SIZE 64

struct _VcEltwise {
  VcDevice *dev;
  VcEltwiseDesc desc;
  VcPipeline *pipe;
};

VcEltwise *
vc_eltwise_new (VcDevice *dev, const VcEltwiseDesc *desc, GError **error)
{
  if (desc->c == 0 || desc->h == 0 || desc->w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "eltwise: shape %u×%u×%u has an empty dimension", desc->c, desc->h, desc->w);
    return NULL;
  }
  guint32 spec[] = { LOCAL_SIZE, vc_packs (desc->c), desc->h * desc->w, desc->has_b };
  VcPipelineDesc pd = { "eltwise", 3, 8 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcEltwise *op = g_new0 (VcEltwise, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  return op;
}

gboolean
vc_eltwise_record (VcEltwise *op, VcCmd *cmd, const VcTensor *a, const VcTensor *b,
                   const VcTensor *out, GError **error)
{
  const VcEltwiseDesc *d = &op->desc;
  if (!vc_op_check_tensor (op->dev, "eltwise", "a", a, d->c, d->h, d->w, error) ||
      (d->has_b && !vc_op_check_tensor (op->dev, "eltwise", "b", b, d->c, d->h, d->w, error)) ||
      !vc_op_check_tensor (op->dev, "eltwise", "out", out, d->c, d->h, d->w, error))
    return FALSE;
  if (!d->has_b)
    b = a;
  struct {
    VcPushTensor a, b, o;
    float alpha, beta;
  } push = { vc_push_tensor (a), vc_push_tensor (b), vc_push_tensor (out), d->alpha, d->beta };
  VcBinding bind[] = { { a->buffer, FALSE }, { b->buffer, FALSE }, { out->buffer, TRUE } };
  guint64 n = (guint64) vc_packs (d->c) * d->h * d->w;
  guint gx, gy;
  vc_linear_groups (n, LOCAL_SIZE, &gx, &gy);
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  return TRUE;
}

void
vc_eltwise_free (VcEltwise *op)
{
  g_free (op);
}

void
vc_eltwise_ref (const VcEltwiseDesc *d, const float *a, const float *b, float *out)
{
  gsize n = (gsize) d->c * d->h * d->w;
  for (gsize i = 0; i < n; i++)
    out[i] = d->alpha * a[i] + (d->has_b ? d->beta * b[i] : 0.0f);
}
