/* vcolorize — joint bilateral (guided) upsampling of chroma by luminance. */
#include "vc-guided.h"

#include <math.h>
#include <string.h>

/* Output pixels per workgroup: TILE × TILE. */
#define TILE 16
/* Shared memory a workgroup may use to stage its low-resolution samples
 * (a vec4 of ab and a float of L each). */
#define STAGE_BYTES (16 * 1024)

struct _VcGuided {
  VcDevice *dev;
  VcGuidedDesc desc;
  VcPipeline *pipe;
};

/* Low-resolution samples along one axis that the windows of TILE
 * consecutive outputs can touch. Their nearest samples floor((x + 0.5) ·
 * scale) span at most floor((TILE − 1) · scale) + 1, plus one for float
 * rounding in the shader, plus the radius on both sides; never more than the
 * whole axis with the radius on both sides. */
static guint
stage_extent (float scale, guint in, guint radius)
{
  guint span = (guint) floor ((TILE - 1) * (double) scale) + 2;
  return MIN (span, in - 1) + 2 * radius + 1;
}

/* exp (-d² / (2 σ²)) = 2^(-d² · k) with k = log2(e) / (2 σ²). */
static float
base2_k (float sigma)
{
  return (float) (M_LOG2E / (2.0 * sigma * sigma));
}

static gboolean
check_sigma (float sigma, const char *name, GError **error)
{
  if (isfinite (sigma) && sigma >= VC_GUIDED_MIN_SIGMA)
    return TRUE;
  g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
               "guided: %s is %g but must be finite and at least %g", name, sigma,
               VC_GUIDED_MIN_SIGMA);
  return FALSE;
}

static gboolean
check_desc (const VcGuidedDesc *d, GError **error)
{
  if (d->c == 0 || d->h == 0 || d->w == 0 || d->out_h == 0 || d->out_w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "guided: %u×%u×%u to %u×%u has an empty dimension", d->c, d->h, d->w, d->out_h,
                 d->out_w);
    return FALSE;
  }
  if (d->radius > VC_GUIDED_MAX_RADIUS) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "guided: radius %u is larger than the maximum %u", d->radius,
                 VC_GUIDED_MAX_RADIUS);
    return FALSE;
  }
  if (vc_div_up (d->out_h, TILE) > 65535 || vc_div_up (d->out_w, TILE) > 65535 ||
      vc_packs (d->c) > 65535) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "guided: output %u×%u×%u is too large for one dispatch", d->c, d->out_h, d->out_w);
    return FALSE;
  }
  return check_sigma (d->sigma_spatial, "sigma_spatial", error) &&
         check_sigma (d->sigma_range, "sigma_range", error);
}

VcGuided *
vc_guided_new (VcDevice *dev, const VcGuidedDesc *desc, GError **error)
{
  if (!check_desc (desc, error))
    return NULL;
  float scale_y = (float) desc->h / desc->out_h, scale_x = (float) desc->w / desc->out_w;
  guint stage_h = stage_extent (scale_y, desc->h, desc->radius);
  guint stage_w = stage_extent (scale_x, desc->w, desc->radius);
  gboolean staged = (guint64) stage_h * stage_w * 5 * 4 <= STAGE_BYTES;
  if (!staged)
    stage_h = stage_w = 1;
  guint32 spec[] = {
    TILE,
    TILE,
    desc->h,
    desc->w,
    desc->out_h,
    desc->out_w,
    desc->radius,
    vc_float_bits (scale_y),
    vc_float_bits (scale_x),
    vc_float_bits (base2_k (desc->sigma_spatial)),
    vc_float_bits (base2_k (desc->sigma_range)),
    staged,
    stage_h,
    stage_w,
  };
  VcPipelineDesc pd = { "guided_upsample", 4, 8 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcGuided *op = g_new0 (VcGuided, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  return op;
}

gboolean
vc_guided_record (VcGuided *op, VcCmd *cmd, const VcTensor *ab_low, const VcTensor *l_low,
                  const VcTensor *l_full, const VcTensor *out, GError **error)
{
  const VcGuidedDesc *d = &op->desc;
  if (!vc_op_check_tensor (op->dev, "guided", "ab_low", ab_low, d->c, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "guided", "l_low", l_low, 1, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "guided", "l_full", l_full, 1, d->out_h, d->out_w, error) ||
      !vc_op_check_tensor (op->dev, "guided", "out", out, d->c, d->out_h, d->out_w, error))
    return FALSE;
  struct {
    VcPushTensor ab, ll, lf, o;
  } push = { vc_push_tensor (ab_low), vc_push_tensor (l_low), vc_push_tensor (l_full),
             vc_push_tensor (out) };
  VcBinding bind[] = { { ab_low->buffer, FALSE },
                       { l_low->buffer, FALSE },
                       { l_full->buffer, FALSE },
                       { out->buffer, TRUE } };
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, vc_div_up (d->out_w, TILE),
                   vc_div_up (d->out_h, TILE), vc_packs (d->c));
  return TRUE;
}

void
vc_guided_free (VcGuided *op)
{
  g_free (op);
}

/* floor(dst↓ + 0.5) = floor((dst + 0.5) · scale), as the shader computes it. */
static int
nearest (guint dst, float scale, guint n)
{
  return MIN ((int) ((dst + 0.5f) * scale), (int) n - 1);
}

void
vc_guided_ref (const VcGuidedDesc *d, const float *ab_low, const float *l_low, const float *l_full,
               float *out)
{
  float scale_y = (float) d->h / d->out_h, scale_x = (float) d->w / d->out_w;
  double ks = 0.5 / ((double) d->sigma_spatial * d->sigma_spatial);
  double kr = 0.5 / ((double) d->sigma_range * d->sigma_range);
  int r = d->radius;
  gsize low_plane = (gsize) d->h * d->w, out_plane = (gsize) d->out_h * d->out_w;
  g_autofree double *cost = g_new (double, (2 * r + 1) * (2 * r + 1));
  g_autofree double *acc = g_new (double, d->c);
  for (guint y = 0; y < d->out_h; y++)
    for (guint x = 0; x < d->out_w; x++) {
      double py = (y + 0.5) * scale_y - 0.5, px = (x + 0.5) * scale_x - 0.5;
      int cy = nearest (y, scale_y, d->h), cx = nearest (x, scale_x, d->w);
      int y0 = MAX (cy - r, 0), y1 = MIN (cy + r, (int) d->h - 1);
      int x0 = MAX (cx - r, 0), x1 = MIN (cx + r, (int) d->w - 1);
      double lp = l_full[y * d->out_w + x], least = INFINITY;
      for (int qy = y0; qy <= y1; qy++)
        for (int qx = x0; qx <= x1; qx++) {
          double dy = qy - py, dx = qx - px, dl = lp - l_low[qy * d->w + qx];
          double c = (dy * dy + dx * dx) * ks + dl * dl * kr;
          cost[(qy - y0) * (2 * r + 1) + qx - x0] = c;
          least = MIN (least, c);
        }
      double total = 0.0;
      memset (acc, 0, d->c * sizeof (double));
      for (int qy = y0; qy <= y1; qy++)
        for (int qx = x0; qx <= x1; qx++) {
          double wq = exp (least - cost[(qy - y0) * (2 * r + 1) + qx - x0]);
          total += wq;
          for (guint c = 0; c < d->c; c++)
            acc[c] += wq * ab_low[c * low_plane + qy * d->w + qx];
        }
      for (guint c = 0; c < d->c; c++)
        out[c * out_plane + y * d->out_w + x] = (float) (acc[c] / total);
    }
}
