/* vcolorize — attention reference in double precision. */
#include "vc-attention.h"

#include <math.h>

void
vc_attention_ref (const VcAttentionDesc *d, const float *q, const float *k, const float *v,
                  guint n_keys, float *out, float *conf)
{
  const VcAttentionBias none = { 0 };
  vc_attention_ref_biased (d, q, k, v, n_keys, &none, out, conf);
}

/* The locality penalty of key J for query I (VcAttentionBias). */
static double
penalty (const VcAttentionDesc *d, const VcAttentionBias *b, gsize i, guint j)
{
  guint g = j >= b->bias_from;
  if (j < b->grid_from || b->near_weight[g] == 0.0f)
    return 0.0;
  gsize n = (gsize) d->hq * d->wq, cell = (j - b->grid_from) % n;
  double dy = (double) (i / d->wq) - (double) (cell / d->wq);
  double dx = (double) (i % d->wq) - (double) (cell % d->wq);
  double r = b->near_radius[g];
  return b->near_weight[g] * (1.0 - exp (-(dy * dy + dx * dx) / (2.0 * r * r)));
}

void
vc_attention_ref_biased (const VcAttentionDesc *d, const float *q, const float *k, const float *v,
                         guint n_keys, const VcAttentionBias *b, float *out, float *conf)
{
  gsize n = (gsize) d->hq * d->wq, m = d->max_keys;
  g_autofree double *s = g_new (double, n_keys);
  g_autofree double *sum = g_new (double, d->cv);
  for (gsize i = 0; i < n; i++) {
    double s_max = -INFINITY, logit_max = -INFINITY;
    for (guint j = 0; j < n_keys; j++) {
      double dot = 0.0;
      for (guint c = 0; c < d->c; c++)
        dot += (double) q[c * n + i] * k[c * m + j];
      s[j] = (dot - penalty (d, b, i, j)) / d->tau + (j >= b->bias_from ? b->bias : 0.0);
      s_max = MAX (s_max, dot);
      logit_max = MAX (logit_max, s[j]);
    }
    double total = 0.0;
    for (guint c = 0; c < d->cv; c++)
      sum[c] = 0.0;
    for (guint j = 0; j < n_keys; j++) {
      double a = exp (s[j] - logit_max);
      total += a;
      for (guint c = 0; c < d->cv; c++)
        sum[c] += a * v[c * m + j];
    }
    for (guint c = 0; c < d->cv; c++)
      out[c * n + i] = (float) (sum[c] / total);
    if (conf)
      conf[i] = (float) s_max;
  }
}
