/* vcolorize — placing a tensor into columns of a wider one. */
#include "vc-place.h"

#define LOCAL_SIZE 64

struct _VcPlace {
  VcDevice *dev;
  VcPlaceDesc desc;
  VcPipeline *pipe;
};

VcPlace *
vc_place_new (VcDevice *dev, const VcPlaceDesc *desc, GError **error)
{
  if (desc->c == 0 || desc->h == 0 || desc->w == 0 || desc->x0 > desc->out_w ||
      desc->w > desc->out_w - desc->x0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "place: %u×%u×%u at column %u does not fit in a width of %u", desc->c, desc->h,
                 desc->w, desc->x0, desc->out_w);
    return NULL;
  }
  guint32 spec[] = { LOCAL_SIZE, vc_packs (desc->c), desc->h, desc->w, desc->out_w, desc->x0 };
  VcPipelineDesc pd = { "place", 2, 4 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcPlace *op = g_new0 (VcPlace, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  return op;
}

gboolean
vc_place_record (VcPlace *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out, GError **error)
{
  const VcPlaceDesc *d = &op->desc;
  if (!vc_op_check_tensor (op->dev, "place", "in", in, d->c, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "place", "out", out, d->c, d->h, d->out_w, error))
    return FALSE;
  if (vc_tensor_may_overlap (in, out)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "place: in and out must not share storage");
    return FALSE;
  }
  struct {
    VcPushTensor in, out;
  } push = { vc_push_tensor (in), vc_push_tensor (out) };
  VcBinding bind[] = { { in->buffer, FALSE }, { out->buffer, TRUE } };
  guint gx, gy;
  vc_linear_groups ((guint64) vc_packs (d->c) * d->h * d->w, LOCAL_SIZE, &gx, &gy);
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  return TRUE;
}

void
vc_place_free (VcPlace *op)
{
  g_free (op);
}

void
vc_place_ref (const VcPlaceDesc *d, const float *in, float *out)
{
  for (guint c = 0; c < d->c; c++)
    for (guint y = 0; y < d->h; y++)
      for (guint x = 0; x < d->w; x++)
        out[((gsize) c * d->h + y) * d->out_w + d->x0 + x] = in[((gsize) c * d->h + y) * d->w + x];
}
