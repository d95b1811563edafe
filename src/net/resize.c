/* vcolorize — bilinear resize (PyTorch's bilinear interpolate, optionally
 * antialiased). */
#include "vc-resize.h"

#include <math.h>
#include <string.h>

#define LOCAL_SIZE 64

struct _VcResize {
  VcDevice *dev;
  VcResizeDesc desc;
  VcPipeline *pipe;
};

/* PyTorch's area_pixel_compute_scale for align_corners=False and an explicit
 * output size, in float as it computes it for float tensors. */
static float
axis_scale (guint in, guint out)
{
  return (float) in / (float) out;
}

VcResize *
vc_resize_new (VcDevice *dev, const VcResizeDesc *desc, GError **error)
{
  if (desc->c == 0 || desc->h == 0 || desc->w == 0 || desc->out_h == 0 || desc->out_w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "resize: %u×%u×%u to %u×%u has an empty dimension", desc->c, desc->h, desc->w,
                 desc->out_h, desc->out_w);
    return NULL;
  }
  guint32 spec[] = {
    LOCAL_SIZE,
    vc_packs (desc->c),
    desc->h,
    desc->w,
    desc->out_h,
    desc->out_w,
    vc_float_bits (axis_scale (desc->h, desc->out_h)),
    vc_float_bits (axis_scale (desc->w, desc->out_w)),
    desc->antialias != FALSE,
  };
  VcPipelineDesc pd = { "resize", 2, 4 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcResize *op = g_new0 (VcResize, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  return op;
}

gboolean
vc_resize_record (VcResize *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out, GError **error)
{
  const VcResizeDesc *d = &op->desc;
  if (!vc_op_check_tensor (op->dev, "resize", "in", in, d->c, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "resize", "out", out, d->c, d->out_h, d->out_w, error))
    return FALSE;
  struct {
    VcPushTensor in, out;
  } push = { vc_push_tensor (in), vc_push_tensor (out) };
  VcBinding bind[] = { { in->buffer, FALSE }, { out->buffer, TRUE } };
  guint64 n = (guint64) vc_packs (d->c) * d->out_h * d->out_w;
  guint gx, gy;
  vc_linear_groups (n, LOCAL_SIZE, &gx, &gy);
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  return TRUE;
}

void
vc_resize_free (VcResize *op)
{
  g_free (op);
}

/* ---- reference ---- */

/* The source taps of every output index along one axis: output i reads
 * sources lo[i] .. lo[i] + n[i] - 1 with weights w[i * max + j]. */
typedef struct {
  guint max;
  int *lo, *n;
  float *w;
} Taps;

static void
taps_alloc (Taps *t, guint out, guint max)
{
  t->max = max;
  t->lo = g_new0 (int, out);
  t->n = g_new0 (int, out);
  t->w = g_new0 (float, (gsize) out *max);
}

static void
taps_clear (Taps *t)
{
  g_free (t->lo);
  g_free (t->n);
  g_free (t->w);
}

/* upsample_bilinear2d: src = max((dst + 0.5) · scale − 0.5, 0), taps i0 and
 * i0 + 1 unless i0 is the last source. */
static void
taps_bilinear (Taps *t, guint in, guint out)
{
  float scale = axis_scale (in, out);
  taps_alloc (t, out, 2);
  for (guint i = 0; i < out; i++) {
    float src = MAX (scale * (i + 0.5f) - 0.5f, 0.0f);
    int i0 = MIN ((int) floorf (src), (int) in - 1);
    float l1 = CLAMP (src - i0, 0.0f, 1.0f);
    t->lo[i] = i0;
    t->n[i] = i0 < (int) in - 1 ? 2 : 1;
    t->w[i * 2] = t->n[i] == 2 ? 1.0f - l1 : 1.0f;
    t->w[i * 2 + 1] = t->n[i] == 2 ? l1 : 0.0f;
  }
}

static float
triangle (float x)
{
  x = fabsf (x);
  return x < 1.0f ? 1.0f - x : 0.0f;
}

/* _upsample_bilinear2d_aa: a triangle filter stretched by the downscale
 * factor around center = (dst + 0.5) · scale, weights normalised. */
static void
taps_antialias (Taps *t, guint in, guint out)
{
  float scale = axis_scale (in, out);
  float support = scale >= 1.0f ? scale : 1.0f;
  float invscale = scale >= 1.0f ? 1.0f / scale : 1.0f;
  int max = (int) ceilf (support) * 2 + 1;
  taps_alloc (t, out, max);
  for (guint i = 0; i < out; i++) {
    float center = scale * (i + 0.5f);
    int lo = MAX ((int) (center - support + 0.5f), 0);
    int hi = MIN ((int) (center + support + 0.5f), (int) in);
    int n = CLAMP (hi - lo, 0, max);
    float *w = t->w + (gsize) i * max;
    float total = 0.0f;
    for (int j = 0; j < n; j++) {
      w[j] = triangle ((j + lo - center + 0.5f) * invscale);
      total += w[j];
    }
    for (int j = 0; j < n && total != 0.0f; j++)
      w[j] /= total;
    t->lo[i] = lo;
    t->n[i] = n;
  }
}

void
vc_resize_ref (const VcResizeDesc *d, const float *in, float *out)
{
  Taps ty, tx;
  if (d->antialias) {
    taps_antialias (&ty, d->h, d->out_h);
    taps_antialias (&tx, d->w, d->out_w);
  } else {
    taps_bilinear (&ty, d->h, d->out_h);
    taps_bilinear (&tx, d->w, d->out_w);
  }
  for (guint c = 0; c < d->c; c++) {
    const float *src = in + (gsize) c * d->h * d->w;
    float *dst = out + (gsize) c * d->out_h * d->out_w;
    for (guint y = 0; y < d->out_h; y++)
      for (guint x = 0; x < d->out_w; x++) {
        double acc = 0.0;
        for (int j = 0; j < ty.n[y]; j++) {
          const float *row = src + (gsize) (ty.lo[y] + j) * d->w + tx.lo[x];
          double line = 0.0;
          for (int i = 0; i < tx.n[x]; i++)
            line += (double) tx.w[x * tx.max + i] * row[i];
          acc += ty.w[y * ty.max + j] * line;
        }
        dst[y * d->out_w + x] = (float) acc;
      }
  }
  taps_clear (&ty);
  taps_clear (&tx);
}
