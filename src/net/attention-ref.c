/* vcolorize — attention reference in double precision. */
#include "vc-attention.h"

#include <math.h>

void
vc_attention_ref (const VcAttentionDesc *d, const float *q, const float *k, const float *v,
                  guint n_keys, float *out, float *conf)
{
  vc_attention_ref_biased (d, q, k, v, n_keys, n_keys, 0.0f, out, conf);
}

void
vc_attention_ref_biased (const VcAttentionDesc *d, const float *q, const float *k, const float *v,
                         guint n_keys, guint bias_from, float bias, float *out, float *conf)
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
      s[j] = dot / d->tau + (j >= bias_from ? bias : 0.0);
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
