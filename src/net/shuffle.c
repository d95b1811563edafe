/* vcolorize — space-to-depth / depth-to-space (PyTorch's pixel_unshuffle /
 * pixel_shuffle) with a fused scale. */
#include "vc-shuffle.h"

#include <math.h>

#define LOCAL_SIZE 64

struct _VcShuffle {
  VcDevice *dev;
  VcShuffleDesc desc;
  guint out_c, out_h, out_w;
  VcPipeline *pipe;
};

static const char *
mode_name (VcShuffleMode mode)
{
  return mode == VC_SHUFFLE_DEPTH_TO_SPACE ? "depth_to_space" : "space_to_depth";
}

static gboolean
check_desc (const VcShuffleDesc *d, GError **error)
{
  const char *op = mode_name (d->mode);
  if (d->mode != VC_SHUFFLE_SPACE_TO_DEPTH && d->mode != VC_SHUFFLE_DEPTH_TO_SPACE) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "shuffle: unknown mode %d",
                 (int) d->mode);
    return FALSE;
  }
  if (d->c == 0 || d->h == 0 || d->w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "%s: shape %u×%u×%u has an empty dimension", op, d->c, d->h, d->w);
    return FALSE;
  }
  if (d->r == 0 || d->r > VC_SHUFFLE_MAX_FACTOR) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s: factor %u must be 1..%u", op,
                 d->r, VC_SHUFFLE_MAX_FACTOR);
    return FALSE;
  }
  if (!isfinite (d->scale)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s: scale %g must be finite", op,
                 d->scale);
    return FALSE;
  }
  guint64 r2 = (guint64) d->r * d->r;
  if (d->mode == VC_SHUFFLE_SPACE_TO_DEPTH && (d->h % d->r || d->w % d->r)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "%s: input %u×%u is not a multiple of the factor %u", op, d->h, d->w, d->r);
    return FALSE;
  }
  if (d->mode == VC_SHUFFLE_DEPTH_TO_SPACE && d->c % r2) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "%s: %u input channels are not a multiple of the factor² %u", op, d->c,
                 (guint) r2);
    return FALSE;
  }
  /* Output channels, rows and columns, and every index the shader forms,
   * stay within 32 bits. */
  guint64 big =
      d->mode == VC_SHUFFLE_SPACE_TO_DEPTH ? d->c * r2 : (guint64) MAX (d->h, d->w) * d->r;
  if (big * 4 > G_MAXUINT32 || (guint64) d->c * d->h * d->w > G_MAXUINT32) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s: %u×%u×%u by %u is too large", op,
                 d->c, d->h, d->w, d->r);
    return FALSE;
  }
  return TRUE;
}

void
vc_shuffle_out_shape (const VcShuffleDesc *d, guint *c, guint *h, guint *w)
{
  if (d->mode == VC_SHUFFLE_SPACE_TO_DEPTH) {
    *c = d->c * d->r * d->r;
    *h = d->h / d->r;
    *w = d->w / d->r;
  } else {
    *c = d->c / (d->r * d->r);
    *h = d->h * d->r;
    *w = d->w * d->r;
  }
}

VcShuffle *
vc_shuffle_new (VcDevice *dev, const VcShuffleDesc *desc, GError **error)
{
  if (!check_desc (desc, error))
    return NULL;
  guint oc, oh, ow;
  vc_shuffle_out_shape (desc, &oc, &oh, &ow);
  guint32 spec[] = {
    LOCAL_SIZE, desc->mode == VC_SHUFFLE_DEPTH_TO_SPACE, desc->r, oc, oh, ow, desc->w,
  };
  VcPipelineDesc pd = { "shuffle", 2, 5 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcShuffle *op = g_new0 (VcShuffle, 1);
  op->dev = dev;
  op->desc = *desc;
  op->out_c = oc;
  op->out_h = oh;
  op->out_w = ow;
  op->pipe = pipe;
  return op;
}

gboolean
vc_shuffle_record (VcShuffle *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out,
                   GError **error)
{
  const VcShuffleDesc *d = &op->desc;
  const char *name = mode_name (d->mode);
  if (!vc_op_check_tensor (op->dev, name, "in", in, d->c, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, name, "out", out, op->out_c, op->out_h, op->out_w, error))
    return FALSE;
  struct {
    VcPushTensor in, out;
    float scale;
  } push = { vc_push_tensor (in), vc_push_tensor (out), d->scale };
  VcBinding bind[] = { { in->buffer, FALSE }, { out->buffer, TRUE } };
  guint gx, gy;
  vc_linear_groups ((guint64) vc_packs (op->out_c) * op->out_h * op->out_w, LOCAL_SIZE, &gx, &gy);
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  return TRUE;
}

void
vc_shuffle_free (VcShuffle *op)
{
  g_free (op);
}

void
vc_shuffle_ref (const VcShuffleDesc *d, const float *in, float *out)
{
  guint r = d->r, space_c, h, w; /* the space side: space_c × h × w */
  if (d->mode == VC_SHUFFLE_SPACE_TO_DEPTH) {
    space_c = d->c;
    h = d->h;
    w = d->w;
  } else {
    space_c = d->c / (r * r);
    h = d->h * r;
    w = d->w * r;
  }
  guint dh = h / r, dw = w / r; /* the depth side: space_c·r² × dh × dw */
  for (guint c = 0; c < space_c; c++)
    for (guint y = 0; y < h; y++)
      for (guint x = 0; x < w; x++) {
        gsize s = ((gsize) c * h + y) * w + x;
        gsize k = (gsize) c * r * r + (y % r) * r + x % r;
        gsize t = (k * dh + y / r) * dw + x / r;
        if (d->mode == VC_SHUFFLE_SPACE_TO_DEPTH)
          out[t] = d->scale * in[s];
        else
          out[s] = d->scale * in[t];
      }
}
