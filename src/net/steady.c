/* vcolorize — motion-adaptive recursive filter of chroma. */
#include "vc-steady.h"

#include <math.h>

/* Pixels per workgroup: TILE × TILE. */
#define TILE 16

struct _VcSteady {
  VcDevice *dev;
  VcSteadyDesc desc;
  VcPipeline *pipe;
};

static gboolean
check_desc (const VcSteadyDesc *d, GError **error)
{
  if (d->c == 0 || d->h == 0 || d->w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "steady: %u×%u×%u has an empty dimension", d->c, d->h, d->w);
    return FALSE;
  }
  if (d->radius > VC_STEADY_MAX_RADIUS) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "steady: radius %u is larger than the maximum %u", d->radius,
                 VC_STEADY_MAX_RADIUS);
    return FALSE;
  }
  if (vc_div_up (d->h, TILE) > 65535 || vc_div_up (d->w, TILE) > 65535 || vc_packs (d->c) > 65535) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "steady: %u×%u×%u is too large for one dispatch", d->c, d->h, d->w);
    return FALSE;
  }
  if (!(isfinite (d->sigma) && d->sigma >= VC_STEADY_MIN_SIGMA)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "steady: sigma is %g but must be finite and at least %g", d->sigma,
                 VC_STEADY_MIN_SIGMA);
    return FALSE;
  }
  return TRUE;
}

VcSteady *
vc_steady_new (VcDevice *dev, const VcSteadyDesc *desc, GError **error)
{
  if (!check_desc (desc, error))
    return NULL;
  guint32 spec[] = {
    TILE,    TILE,         desc->h,
    desc->w, desc->radius, vc_float_bits ((float) (M_LOG2E / (2.0 * desc->sigma * desc->sigma))),
  };
  VcPipelineDesc pd = { "steady", 5, 11 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcSteady *op = g_new0 (VcSteady, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  return op;
}

gboolean
vc_steady_record (VcSteady *op, VcCmd *cmd, const VcTensor *l, const VcTensor *l_prev,
                  const VcTensor *ab, const VcTensor *ab_prev, float strength, const VcTensor *out,
                  GError **error)
{
  const VcSteadyDesc *d = &op->desc;
  if (!vc_op_check_tensor (op->dev, "steady", "l", l, 1, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "steady", "l_prev", l_prev, 1, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "steady", "ab", ab, d->c, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "steady", "ab_prev", ab_prev, d->c, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "steady", "out", out, d->c, d->h, d->w, error))
    return FALSE;
  if (!(strength >= 0.0f && strength <= 1.0f)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "steady: strength is %g but must be in [0, 1]", strength);
    return FALSE;
  }
  /* each pixel reads L and L_prev around it, ab and ab_prev only where it
   * writes: out may be ab or ab_prev itself (in place) */
  const struct {
    const VcTensor *t;
    const char *name;
    gboolean in_place;
  } inputs[] = {
    { l, "l", FALSE }, { l_prev, "l_prev", FALSE }, { ab, "ab", TRUE }, { ab_prev, "ab_prev", TRUE }
  };
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++) {
    if (inputs[i].in_place && vc_tensor_same (out, inputs[i].t))
      continue;
    if (vc_tensor_may_overlap (out, inputs[i].t)) {
      g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "steady: out overlaps %s%s",
                   inputs[i].name,
                   inputs[i].in_place ? " without being it (in place)" : ", which it reads");
      return FALSE;
    }
  }
  struct {
    VcPushTensor l, lp, ab, abp, o;
    float strength;
  } push = { vc_push_tensor (l),       vc_push_tensor (l_prev), vc_push_tensor (ab),
             vc_push_tensor (ab_prev), vc_push_tensor (out),    strength };
  VcBinding bind[] = { { l->buffer, FALSE },
                       { l_prev->buffer, FALSE },
                       { ab->buffer, FALSE },
                       { ab_prev->buffer, FALSE },
                       { out->buffer, TRUE } };
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, vc_div_up (d->w, TILE), vc_div_up (d->h, TILE),
                   vc_packs (d->c));
  return TRUE;
}

void
vc_steady_free (VcSteady *op)
{
  g_free (op);
}

void
vc_steady_ref (const VcSteadyDesc *d, const float *l, const float *l_prev, const float *ab,
               const float *ab_prev, float strength, float *out)
{
  int r = d->radius, h = d->h, w = d->w;
  gsize plane = (gsize) d->h * d->w;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      double g = 0.0;
      if (strength > 0.0f) {
        int y0 = MAX (y - r, 0), y1 = MIN (y + r, h - 1);
        int x0 = MAX (x - r, 0), x1 = MIN (x + r, w - 1);
        double sum = 0.0;
        for (int qy = y0; qy <= y1; qy++)
          for (int qx = x0; qx <= x1; qx++) {
            double dl = (double) l[qy * w + qx] - l_prev[qy * w + qx];
            sum += dl * dl;
          }
        double mean = sum / ((y1 - y0 + 1) * (x1 - x0 + 1));
        g = strength * exp (-mean / (2.0 * d->sigma * d->sigma));
      }
      for (guint c = 0; c < d->c; c++) {
        gsize i = c * plane + (gsize) y * w + x;
        out[i] = (float) (ab[i] + g * ((double) ab_prev[i] - ab[i]));
      }
    }
}
