/* vcolorize — colour hints spread by an edge-aware recursive filter. */
#include "vc-hints.h"

#include <math.h>
#include <string.h>

#define LOCAL 64

enum { ROWS, COLUMNS, MIX, N_MODES };

struct _VcHints {
  VcDevice *dev;
  VcHintsDesc desc;
  VcPipeline *pipes[N_MODES];
  VcBuffer *grid; /* the filtered hints (A, B, M, R), fp32 vec4s, h×w */
};

static gboolean
check_desc (const VcHintsDesc *d, GError **error)
{
  if (d->h == 0 || d->w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "hints: %u×%u has an empty dimension",
                 d->h, d->w);
    return FALSE;
  }
  if ((guint64) d->h * d->w > (guint64) 65535 * LOCAL) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "hints: %u×%u is too large for one dispatch", d->h, d->w);
    return FALSE;
  }
  if (!(isfinite (d->sigma_spatial) && d->sigma_spatial >= VC_HINTS_MIN_SIGMA &&
        isfinite (d->sigma_range) && d->sigma_range >= VC_HINTS_MIN_SIGMA)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "hints: sigmas %g and %g must be finite and at least %g", d->sigma_spatial,
                 d->sigma_range, VC_HINTS_MIN_SIGMA);
    return FALSE;
  }
  return TRUE;
}

/* ln a of pass I: a = exp (−√2 / σ_i). */
static float
log_feedback (const VcHintsDesc *d, guint i)
{
  double n = VC_HINTS_ITERATIONS;
  double sigma = d->sigma_spatial * sqrt (3.0) * pow (2.0, n - i - 1) / sqrt (pow (4.0, n) - 1.0);
  return (float) (-M_SQRT2 / sigma);
}

VcHints *
vc_hints_new (VcDevice *dev, const VcHintsDesc *desc, GError **error)
{
  if (!check_desc (desc, error))
    return NULL;
  VcHints *op = g_new0 (VcHints, 1);
  op->dev = dev;
  op->desc = *desc;
  for (guint m = 0; m < N_MODES; m++) {
    guint32 spec[] = { desc->h, desc->w, m };
    VcPipelineDesc pd = { "hints", 4, 10 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
    if (!(op->pipes[m] = vc_pipeline_get (dev, &pd, error))) {
      vc_hints_free (op);
      return NULL;
    }
  }
  op->grid = vc_buffer_new (dev, VC_BUFFER_DEVICE, (guint64) desc->h * desc->w * 16, error);
  if (!op->grid) {
    vc_hints_free (op);
    return NULL;
  }
  return op;
}

gboolean
vc_hints_record (VcHints *op, VcCmd *cmd, const VcTensor *ab, const VcTensor *l,
                 const VcTensor *hints, GError **error)
{
  const VcHintsDesc *d = &op->desc;
  if (!vc_op_check_tensor (op->dev, "hints", "ab", ab, 2, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "hints", "l", l, 1, d->h, d->w, error) ||
      !vc_op_check_tensor (op->dev, "hints", "hints", hints, 4, d->h, d->w, error))
    return FALSE;
  if (vc_tensor_may_overlap (ab, l) || vc_tensor_may_overlap (ab, hints)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "hints: ab overlaps l or hints, which it reads");
    return FALSE;
  }
  struct {
    VcPushTensor ab, l, hints;
    float log_a;
    guint32 first;
    float ratio, log_r;
  } push = { vc_push_tensor (ab),
             vc_push_tensor (l),
             vc_push_tensor (hints),
             0,
             0,
             d->sigma_spatial / d->sigma_range,
             -1.0f / d->sigma_spatial };
  VcBinding bind[] = {
    { ab->buffer, TRUE }, { l->buffer, FALSE }, { hints->buffer, FALSE }, { op->grid, TRUE }
  };
  for (guint i = 0; i < VC_HINTS_ITERATIONS; i++) {
    push.log_a = log_feedback (d, i);
    push.first = i == 0;
    vc_cmd_dispatch (cmd, op->pipes[ROWS], bind, &push, vc_div_up (d->h, LOCAL), 1, 1);
    push.first = 0;
    vc_cmd_dispatch (cmd, op->pipes[COLUMNS], bind, &push, vc_div_up (d->w, LOCAL), 1, 1);
  }
  vc_cmd_dispatch (cmd, op->pipes[MIX], bind, &push, vc_div_up ((guint64) d->h * d->w, LOCAL), 1,
                   1);
  return TRUE;
}

gboolean
vc_hints_set_spread (VcHints *op, float sigma_spatial, float sigma_range, GError **error)
{
  VcHintsDesc d = op->desc;
  d.sigma_spatial = sigma_spatial;
  d.sigma_range = sigma_range;
  if (!check_desc (&d, error))
    return FALSE;
  op->desc = d;
  return TRUE;
}

void
vc_hints_free (VcHints *op)
{
  if (!op)
    return;
  if (op->grid)
    vc_buffer_free (op->grid);
  g_free (op);
}

/* One step of the reference's filters along a line: sample I (of the
 * four planes G, PLANE apart) from sample FROM, at distance D. */
static void
step_ref (float *g, gsize plane, gsize i, gsize from, double d, double log_a, double log_r)
{
  double c = exp (log_a * d);
  for (guint ch = 0; ch < 3; ch++)
    g[ch * plane + i] =
        (float) (g[ch * plane + i] + c * (g[ch * plane + from] - g[ch * plane + i]));
  g[3 * plane + i] = (float) MAX (g[3 * plane + i], exp (log_r * d) * g[3 * plane + from]);
}

/* The reference's filters along one line of N samples, the first at START,
 * STEP apart. */
static void
filter_line_ref (float *g, gsize plane, const float *l, gsize start, gsize step, guint n,
                 double log_a, double log_r, double ratio)
{
  for (guint k = 1; k < n; k++) {
    gsize i = start + k * step;
    step_ref (g, plane, i, i - step, 1.0 + ratio * fabs (l[i] - l[i - step]), log_a, log_r);
  }
  for (guint k = n - 1; k > 0; k--) {
    gsize i = start + (k - 1) * step;
    step_ref (g, plane, i, i + step, 1.0 + ratio * fabs (l[i + step] - l[i]), log_a, log_r);
  }
}

/* L averaged over each pixel's 3×3 neighbourhood within the grid. */
static float *
smooth_ref (const VcHintsDesc *d, const float *l)
{
  float *out = g_new (float, (gsize) d->h * d->w);
  for (guint y = 0; y < d->h; y++)
    for (guint x = 0; x < d->w; x++) {
      float sum = 0;
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
          guint yy = (guint) CLAMP ((int) y + dy, 0, (int) d->h - 1);
          guint xx = (guint) CLAMP ((int) x + dx, 0, (int) d->w - 1);
          sum += l[(gsize) yy * d->w + xx];
        }
      out[(gsize) y * d->w + x] = sum / 9.0f;
    }
  return out;
}

void
vc_hints_ref (const VcHintsDesc *d, float *ab, const float *l_in, const float *hints)
{
  gsize n = (gsize) d->h * d->w;
  g_autofree float *l = smooth_ref (d, l_in);
  g_autofree float *g = g_new (float, 4 * n);
  memcpy (g, hints, 3 * n * sizeof (float));
  memcpy (g + 3 * n, hints + 2 * n, n * sizeof (float)); /* the reach starts at m */
  double ratio = d->sigma_spatial / d->sigma_range, log_r = -1.0 / d->sigma_spatial;
  for (guint i = 0; i < VC_HINTS_ITERATIONS; i++) {
    double log_a = log_feedback (d, i);
    for (guint y = 0; y < d->h; y++)
      filter_line_ref (g, n, l, (gsize) y * d->w, 1, d->w, log_a, log_r, ratio);
    for (guint x = 0; x < d->w; x++)
      filter_line_ref (g, n, l, x, d->w, d->h, log_a, log_r, ratio);
  }
  for (gsize i = 0; i < n; i++) {
    float m = g[2 * n + i];
    if (m <= 1e-30f)
      continue;
    float w = MIN (g[3 * n + i], 1.0f);
    for (guint ch = 0; ch < 2; ch++)
      ab[ch * n + i] += w * (g[ch * n + i] / m - ab[ch * n + i]);
  }
}
