/* vcolorize — affine map  out = scale * in + offset. */
#include "vc-affine.h"

#include <math.h>

#define LOCAL_SIZE 64

struct _VcAffine {
  VcDevice *dev;
  VcAffineDesc desc;
  VcPipeline *pipe;
};

VcAffine *
vc_affine_new (VcDevice *dev, const VcAffineDesc *desc, GError **error)
{
  if (desc->c == 0 || desc->h == 0 || desc->w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "affine: shape %u×%u×%u has an empty dimension", desc->c, desc->h, desc->w);
    return NULL;
  }
  if (!isfinite (desc->scale) || !isfinite (desc->offset)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "affine: scale %g and offset %g must be finite", desc->scale, desc->offset);
    return NULL;
  }
  guint32 spec[] = { LOCAL_SIZE, desc->c, desc->h * desc->w };
  VcPipelineDesc pd = { "affine", 2, 6 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcAffine *op = g_new0 (VcAffine, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  return op;
}

gboolean
vc_affine_record (VcAffine *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out, GError **error)
{
  const VcAffineDesc *d = &op->desc;
  if (!vc_op_check_tensor (op->dev, "affine", "in", in, d->c, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "affine", "out", out, d->c, d->h, d->w, error))
    return FALSE;
  struct {
    VcPushTensor in, out;
    float scale, offset;
  } push = { vc_push_tensor (in), vc_push_tensor (out), d->scale, d->offset };
  VcBinding bind[] = { { in->buffer, FALSE }, { out->buffer, TRUE } };
  guint gx, gy;
  vc_linear_groups ((guint64) vc_packs (d->c) * d->h * d->w, LOCAL_SIZE, &gx, &gy);
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  return TRUE;
}

void
vc_affine_free (VcAffine *op)
{
  g_free (op);
}

void
vc_affine_ref (const VcAffineDesc *d, const float *in, float *out)
{
  gsize n = (gsize) d->c * d->h * d->w;
  for (gsize i = 0; i < n; i++)
    out[i] = d->scale * in[i] + d->offset;
}
