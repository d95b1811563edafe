/* attention shader vs its double-precision C reference.
 *
 * Tolerances. The reference takes the inputs as the device stores them
 * (vc_test_random rounds them), so what differs is fp32 accumulation and
 * the rounding of the outputs:
 * - scores: fp32 dot products err by about c · 2^-24 · max|q·k| terms; the
 *   softmax turns a score error e into a relative weight error e / tau, and
 *   outputs are convex combinations of values in [-1, 1], so out errs by
 *   about 2 e / tau;
 * - the weighted sums of up to a few thousand values and GPU exp2
 *   approximations: a margin of 2e-5 (at tau = 1, where the score term is
 *   negligible, fp32 errors stay below 1e-6 on lavapipe and an H100);
 * - fp16 storage adds half an ulp of the output: 2^-12 for |out| <= 1, and
 *   2^-11 · |conf| for conf (fp32: an ulp of conf, 2^-23 · |conf|). */
#include "vc-test.h"
#include "vc-attention.h"
#include "vc-eltwise.h"
#include "vc-l2norm.h"

#include <math.h>

typedef struct {
  guint c, cv, hq, wq, max_keys, n_keys;
  float tau;
  gboolean conf;
  VcAttentionBias bias;
} Case;

/* Locality on grids shaped like the queries, after one key off them (as the
 * network's null key): W0 and R0 for the keys before BIAS_FROM, W1 and R1
 * from it on. */
#define NEAR(from, b, w0, r0, w1, r1)                                                              \
  {                                                                                                \
    .bias_from = (from), .bias = (b), .grid_from = 1, .near_weight = { (w0), (w1) },               \
    .near_radius = {                                                                               \
      (r0),                                                                                        \
      (r1)                                                                                         \
    }                                                                                              \
  }

static const Case cases[] = {
  { 4, 2, 1, 1, 1, 1, 1.0f, TRUE, { 0 } },                             /* one query, one key */
  { 3, 3, 1, 7, 3, 3, 0.1f, TRUE, { .bias_from = 1, .bias = -2.0f } }, /* c not a multiple of 4 */
  { 8, 66, 33, 5, 31, 31, 1.0f, FALSE, { 0 } }, /* n = 165: a partial workgroup */
  { 64, 66, 7, 1, 257, 200, 0.01f, TRUE, { .bias_from = 100, .bias = 3.0f } }, /* n_keys < max_keys,
                                                                                  sharp */
  { 64, 3, 33, 5, 1000, 1000, 0.01f, TRUE, { 0 } },
  { 3, 2, 5, 3, 1000, 999, 1.0f, TRUE, { .bias_from = 500, .bias = -13.8f } }, /* half the keys all
                                                                                  but off */
  { 256, 260, 3, 11, 100, 77, 0.1f, TRUE, { 0 } }, /* value channels over several passes */
  { 64, 66, 20, 64, 1000, 1000, 0.05f, TRUE, { .bias_from = 333, .bias = 1.0f } },
  { 64, 192, 7, 5, 300, 289, 0.02f, TRUE, { .bias_from = 150, .bias = -1.0f } }, /* features and 8×8
                                                                                    ab patches */
  /* locality: three 6×9 grids (the last one partly active), the first alone
   * in its group; then one group (bias_from 0) at a sharp tau, with a penalty
   * of the order of the gaps between the best scores; then a first group
   * without a penalty */
  { 16, 66, 6, 9, 1 + 3 * 54, 1 + 2 * 54 + 20, 0.05f, TRUE,
    NEAR (1 + 54, -1.4f, 0.1f, 3.0f, 0.3f, 1.5f) },
  { 64, 192, 8, 14, 1 + 2 * 112, 1 + 2 * 112, 0.005f, TRUE,
    NEAR (0, 0.0f, 0.0f, 0.0f, 0.5f, 2.0f) },
  { 8, 10, 3, 33, 1 + 2 * 99, 1 + 2 * 99, 0.1f, FALSE,
    NEAR (1 + 99, 0.7f, 0.0f, 0.0f, 2.0f, 6.0f) },
};

/* Largest |q · k| over the terms of a dot product, bounded from the ranges. */
static double
tolerance_out (VcDevice *dev, const VcAttentionDesc *d, double max_q, double max_k)
{
  double score = d->c * max_q * max_k * 6e-8;
  return 2.0 * score / d->tau + 2e-5 + (vc_device_fp16 (dev) ? 2.45e-4 : 0.0);
}

/* WANT_MAX is the largest |conf| of the reference. */
static double
tolerance_conf (VcDevice *dev, const VcAttentionDesc *d, double max_q, double max_k,
                double want_max)
{
  double score = d->c * max_q * max_k * 6e-8;
  return score + (vc_device_fp16 (dev) ? 4.9e-4 : 1.2e-7) * want_max;
}

typedef struct {
  VcDevice *dev;
  VcTensor q, k, v, out, conf;
  VcBuffer *bufs[5];
} Tensors;

static void
tensors_alloc (Tensors *t, VcDevice *dev, const VcAttentionDesc *d)
{
  t->dev = dev;
  t->bufs[0] = vc_test_tensor (dev, d->c, d->hq, d->wq, NULL, &t->q);
  t->bufs[1] = vc_test_tensor (dev, d->c, 1, d->max_keys, NULL, &t->k);
  t->bufs[2] = vc_test_tensor (dev, d->cv, 1, d->max_keys, NULL, &t->v);
  t->bufs[3] = vc_test_tensor (dev, d->cv, d->hq, d->wq, NULL, &t->out);
  t->bufs[4] = vc_test_tensor (dev, 1, d->hq, d->wq, NULL, &t->conf);
}

static void
tensors_free (Tensors *t)
{
  for (guint i = 0; i < G_N_ELEMENTS (t->bufs); i++)
    vc_buffer_free (t->bufs[i]);
}

/* Runs the op on tensors already filled (with BIAS on keys BIAS_FROM ..),
 * compares with the reference on the host arrays. */
static void
run_and_check_biased (const char *what, VcDevice *dev, VcAttention *op, const VcAttentionDesc *d,
                      const Tensors *t, const float *q, const float *k, const float *v,
                      guint n_keys, const VcAttentionBias *b, const VcTensor *out,
                      const VcTensor *conf, double max_q, double max_k)
{
  g_autoptr (GError) error = NULL;
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (
      vc_attention_record_biased (op, cmd, &t->q, &t->k, &t->v, n_keys, b, out, conf, &error));
  g_assert_no_error (error);
  g_assert_true (vc_cmd_run (cmd, &error));
  vc_cmd_free (cmd);

  gsize n = (gsize) d->hq * d->wq;
  g_autofree float *want = g_new (float, n * d->cv);
  g_autofree float *want_conf = g_new (float, n);
  vc_attention_ref_biased (d, q, k, v, n_keys, b, want, want_conf);
  g_autofree float *got = vc_test_download (dev, out);
  g_autofree char *label = g_strdup_printf (
      "%s out (c %u, cv %u, n %" G_GSIZE_FORMAT ", keys %u/%u, tau %g, bias %g from %u, "
      "near %g/%g %g/%g from %u)",
      what, d->c, d->cv, n, n_keys, d->max_keys, d->tau, b->bias, b->bias_from, b->near_weight[0],
      b->near_radius[0], b->near_weight[1], b->near_radius[1], b->grid_from);
  vc_test_assert_close (label, got, want, n * d->cv, tolerance_out (dev, d, max_q, max_k));
  if (conf) {
    g_autofree float *got_conf = vc_test_download (dev, conf);
    double tol = tolerance_conf (dev, d, max_q, max_k, vc_test_max_abs (want_conf, n));
    vc_test_assert_close ("conf", got_conf, want_conf, n, tol);
  }
}

static void
run_and_check (const char *what, VcDevice *dev, VcAttention *op, const VcAttentionDesc *d,
               const Tensors *t, const float *q, const float *k, const float *v, guint n_keys,
               const VcTensor *out, const VcTensor *conf, double max_q, double max_k)
{
  const VcAttentionBias none = { 0 };
  run_and_check_biased (what, dev, op, d, t, q, k, v, n_keys, &none, out, conf, max_q, max_k);
}

static void
run_case (VcDevice *dev, const Case *cs, guint seed, guint queries, guint slices)
{
  VcAttentionDesc d = { cs->c, cs->cv, cs->hq, cs->wq, cs->max_keys, cs->tau };
  gsize n = (gsize) d.hq * d.wq;
  g_autofree float *q = vc_test_random (dev, d.c * n, -1, 1, 3 * seed + 1);
  g_autofree float *k = vc_test_random (dev, (gsize) d.c * d.max_keys, -1, 1, 3 * seed + 2);
  g_autofree float *v = vc_test_random (dev, (gsize) d.cv * d.max_keys, -1, 1, 3 * seed + 3);
  Tensors t;
  tensors_alloc (&t, dev, &d);
  g_autoptr (GError) error = NULL;
  vc_tensor_upload (dev, &t.q, q, &error);
  vc_tensor_upload (dev, &t.k, k, &error);
  vc_tensor_upload (dev, &t.v, v, &error);
  g_assert_no_error (error);
  VcAttention *op = vc_attention_new_tiled (dev, &d, queries, slices, &error);
  g_assert_no_error (error);
  g_autofree char *what = queries || slices ? g_strdup_printf ("tiling %ux%u", queries, slices)
                                            : g_strdup ("default tiling");
  run_and_check_biased (what, dev, op, &d, &t, q, k, v, cs->n_keys, &cs->bias, &t.out,
                        cs->conf ? &t.conf : NULL, 1.0, 1.0);
  vc_attention_free (op);
  tensors_free (&t);
}

static void
test_cases (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    run_case (dev, &cases[i], i, 0, 0);
}

/* Other tilings than the device's default, so that both the one-slice
 * (CPU) and the several-slices (GPU) paths run everywhere, with slices that
 * get no key of the last tile, or none at all. The CPU kernel takes the
 * number of queries as its workgroup size and has no slices. */
static void
test_tiling (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  static const Case small = { 8,     66,   33,
                              5,     257,  200,
                              0.05f, TRUE, { .bias_from = 100, .bias = 1.5f } };
  static const Case near = { 8,     66,         11,
                             7,     1 + 3 * 77, 1 + 3 * 77,
                             0.02f, TRUE,       NEAR (1 + 77, 0.5f, 0.2f, 2.0f, 0.4f, 1.0f) };
  static const Case few_keys = { 64, 66, 1, 7, 5, 5, 0.01f, TRUE, { 0 } };
  static const guint tilings[][2] = { { 16, 1 }, { 32, 3 }, { 8, 8 }, { 64, 4 } };
  for (guint i = 0; i < G_N_ELEMENTS (tilings); i++) {
    run_case (dev, &small, 20 + i, tilings[i][0], tilings[i][1]);
    run_case (dev, &near, 40 + i, tilings[i][0], tilings[i][1]);
  }
  run_case (dev, &few_keys, 30, 4, 8);
}

/* Value channels are split over passes only where registers run out (a
 * CPU has a larger budget: its sums live in memory anyway). */
static void
test_passes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  gboolean cpu = vc_device_properties (dev)->deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  static const struct {
    guint c, cv, passes[2]; /* GPU, CPU */
  } expect[] = { { 64, 66, { 1, 1 } },
                 { 4, 128, { 1, 1 } },
                 { 64, 192, { 3, 1 } },
                 { 256, 260, { 5, 5 } },
                 { 3, 1000, { 8, 4 } } };
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++) {
    VcAttentionDesc d = { expect[i].c, expect[i].cv, 2, 2, 8, 1 };
    g_autoptr (GError) error = NULL;
    VcAttention *op = vc_attention_new (dev, &d, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vc_attention_n_passes (op), ==, expect[i].passes[cpu]);
    vc_attention_free (op);
  }
}

/* One op, several key counts: n_keys is a push constant. */
static void
test_n_keys (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcAttentionDesc d = { 8, 6, 5, 7, 90, 0.2f };
  g_autofree float *q = vc_test_random (dev, d.c * 35, -1, 1, 41);
  g_autofree float *k = vc_test_random (dev, d.c * d.max_keys, -1, 1, 42);
  g_autofree float *v = vc_test_random (dev, d.cv * d.max_keys, -1, 1, 43);
  Tensors t;
  tensors_alloc (&t, dev, &d);
  g_autoptr (GError) error = NULL;
  vc_tensor_upload (dev, &t.q, q, &error);
  vc_tensor_upload (dev, &t.k, k, &error);
  vc_tensor_upload (dev, &t.v, v, &error);
  VcAttention *op = vc_attention_new (dev, &d, &error);
  g_assert_no_error (error);
  const guint counts[] = { 90, 1, 41, 89 };
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    run_and_check ("n_keys", dev, op, &d, &t, q, k, v, counts[i], &t.out, &t.conf, 1, 1);
  vc_attention_free (op);
  tensors_free (&t);
}

/* Copies planar SRC (c × n) into columns m0.. of planar DST (c × m). */
static void
place_columns (float *dst, gsize m, const float *src, guint c, gsize n, gsize m0)
{
  for (guint ch = 0; ch < c; ch++)
    memcpy (dst + ch * m + m0, src + ch * n, n * sizeof (float));
}

typedef struct {
  guint h, w;
} Source;

/* Three sources written into K and V by eltwise copies through key views,
 * with spare columns past n_keys; the output goes into channels 64.. of a
 * wider tensor (features and attention output concatenated). */
static void
test_sources (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  static const Source src[] = { { 4, 5 }, { 3, 7 }, { 1, 9 } };
  VcAttentionDesc d = { 12, 6, 6, 9, 64, 0.1f };
  g_autofree float *k = g_new0 (float, d.c *d.max_keys);
  g_autofree float *v = g_new0 (float, d.cv *d.max_keys);
  g_autofree float *q = vc_test_random (dev, d.c * d.hq * d.wq, -1, 1, 50);
  Tensors t;
  tensors_alloc (&t, dev, &d);
  VcTensor wide;
  VcBuffer *bwide = vc_test_tensor (dev, 64 + d.cv, d.hq, d.wq, NULL, &wide);
  VcTensor out = vc_tensor_channels (&wide, 64, d.cv);
  g_autoptr (GError) error = NULL;
  vc_tensor_upload (dev, &t.q, q, &error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  VcBuffer *keep[2 * G_N_ELEMENTS (src)];
  VcEltwise *copies[2 * G_N_ELEMENTS (src)];
  guint m0 = 0;
  for (guint i = 0; i < G_N_ELEMENTS (src); i++) {
    guint h = src[i].h, w = src[i].w;
    g_autofree float *ks = vc_test_random (dev, d.c * h * w, -1, 1, 60 + i);
    g_autofree float *vs = vc_test_random (dev, d.cv * h * w, -1, 1, 70 + i);
    place_columns (k, d.max_keys, ks, d.c, h * w, m0);
    place_columns (v, d.max_keys, vs, d.cv, h * w, m0);
    VcTensor tks, tvs;
    keep[2 * i] = vc_test_tensor (dev, d.c, h, w, ks, &tks);
    keep[2 * i + 1] = vc_test_tensor (dev, d.cv, h, w, vs, &tvs);
    VcEltwiseDesc ck = { d.c, h, w, 1, 0, FALSE }, cv = { d.cv, h, w, 1, 0, FALSE };
    copies[2 * i] = vc_eltwise_new (dev, &ck, &error);
    copies[2 * i + 1] = vc_eltwise_new (dev, &cv, &error);
    g_assert_no_error (error);
    VcTensor kview = vc_attention_key_view (&t.k, m0, h, w);
    VcTensor vview = vc_attention_key_view (&t.v, m0, h, w);
    g_assert_true (vc_eltwise_record (copies[2 * i], cmd, &tks, NULL, &kview, &error));
    g_assert_true (vc_eltwise_record (copies[2 * i + 1], cmd, &tvs, NULL, &vview, &error));
    m0 += h * w;
  }
  g_assert_true (vc_cmd_run (cmd, &error));
  vc_cmd_free (cmd);
  VcAttention *op = vc_attention_new (dev, &d, &error);
  g_assert_no_error (error);
  run_and_check ("sources", dev, op, &d, &t, q, k, v, m0, &out, &t.conf, 1, 1);
  vc_attention_free (op);
  for (guint i = 0; i < G_N_ELEMENTS (keep); i++) {
    vc_buffer_free (keep[i]);
    vc_eltwise_free (copies[i]);
  }
  vc_buffer_free (bwide);
  tensors_free (&t);
}

static void
l2norm_now (VcDevice *dev, VcCmd *cmd, const VcTensor *in, const VcTensor *out)
{
  g_autoptr (GError) error = NULL;
  VcL2NormDesc d = { in->c, in->h, in->w, 1e-12f };
  VcL2Norm *op = vc_l2norm_new (dev, &d, &error);
  g_assert_no_error (error);
  g_assert_true (vc_l2norm_record (op, cmd, in, out, &error));
  vc_l2norm_free (op);
}

/* As in the network: queries normalised in place, two reference sources
 * normalised straight into their key views, then a sharp softmax. The
 * reference uses the normalised features the device produced. */
static void
test_normalised (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcAttentionDesc d = { 64, 66, 16, 28, 2 * 8 * 14, 0.01f };
  gsize n = (gsize) d.hq * d.wq, half = d.max_keys / 2;
  g_autofree float *q = vc_test_random (dev, d.c * n, -1, 1, 80);
  g_autofree float *ks = vc_test_random (dev, d.c * d.max_keys, -1, 1, 81);
  g_autofree float *v = vc_test_random (dev, d.cv * d.max_keys, -1, 1, 82);
  Tensors t;
  tensors_alloc (&t, dev, &d);
  VcTensor src[2];
  VcBuffer *bsrc[2];
  g_autoptr (GError) error = NULL;
  vc_tensor_upload (dev, &t.q, q, &error);
  vc_tensor_upload (dev, &t.v, v, &error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  l2norm_now (dev, cmd, &t.q, &t.q);
  for (guint i = 0; i < 2; i++) {
    bsrc[i] = vc_test_tensor (dev, d.c, 8, 14, ks + i * d.c * half, &src[i]);
    VcTensor view = vc_attention_key_view (&t.k, i * half, 8, 14);
    l2norm_now (dev, cmd, &src[i], &view);
  }
  g_assert_true (vc_cmd_run (cmd, &error));
  vc_cmd_free (cmd);
  g_autofree float *qn = vc_test_download (dev, &t.q);
  g_autofree float *kn = vc_test_download (dev, &t.k);
  VcAttention *op = vc_attention_new (dev, &d, &error);
  g_assert_no_error (error);
  run_and_check ("normalised", dev, op, &d, &t, qn, kn, v, d.max_keys, &t.out, &t.conf, 1, 1);
  vc_attention_free (op);
  for (guint i = 0; i < 2; i++)
    vc_buffer_free (bsrc[i]);
  tensors_free (&t);
}

static void
expect_invalid_desc (VcDevice *dev, VcAttentionDesc d, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_attention_new (dev, &d, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  if (!strstr (error->message, words))
    g_error ("message '%s' does not mention '%s'", error->message, words);
}

static void
expect_invalid_record (VcAttention *op, Tensors *t, const VcTensor *k, guint n_keys,
                       const VcTensor *conf, const char *words)
{
  g_autoptr (GError) error = NULL;
  VcCmd *cmd = vc_cmd_new (t->dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_false (vc_attention_record (op, cmd, &t->q, k, &t->v, n_keys, &t->out, conf, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  if (!strstr (error->message, words))
    g_error ("message '%s' does not mention '%s'", error->message, words);
  g_assert_cmpuint (vc_cmd_n_dispatches (cmd), ==, 0);
  vc_cmd_free (cmd);
}

static void
expect_invalid_bias (VcAttention *op, Tensors *t, VcAttentionBias b, const char *words)
{
  g_autoptr (GError) error = NULL;
  VcCmd *cmd = vc_cmd_new (t->dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_false (
      vc_attention_record_biased (op, cmd, &t->q, &t->k, &t->v, 8, &b, &t->out, NULL, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  if (!strstr (error->message, words))
    g_error ("message '%s' does not mention '%s'", error->message, words);
  g_assert_cmpuint (vc_cmd_n_dispatches (cmd), ==, 0);
  vc_cmd_free (cmd);
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  expect_invalid_desc (dev, (VcAttentionDesc){ 0, 2, 4, 4, 8, 1 }, "c = 0");
  expect_invalid_desc (dev, (VcAttentionDesc){ 1024, 2, 4, 4, 8, 1 }, "c = 1024");
  expect_invalid_desc (dev, (VcAttentionDesc){ 4, 0, 4, 4, 8, 1 }, "cv = 0");
  expect_invalid_desc (dev, (VcAttentionDesc){ 4, 2, 0, 4, 8, 1 }, "query shape");
  expect_invalid_desc (dev, (VcAttentionDesc){ 4, 2, 4, 4, 0, 1 }, "max_keys = 0");
  expect_invalid_desc (dev, (VcAttentionDesc){ 4, 2, 4, 4, 8, 0 }, "tau = 0");
  expect_invalid_desc (dev, (VcAttentionDesc){ 4, 2, 4, 4, 8, -1 }, "tau = -1");
  expect_invalid_desc (dev, (VcAttentionDesc){ 4, 2, 4, 4, 8, NAN }, "tau = nan");
  expect_invalid_desc (dev, (VcAttentionDesc){ 4, 2, 4, 4, 8, INFINITY }, "tau = inf");

  VcAttentionDesc d = { 4, 2, 4, 4, 8, 1 };
  g_autoptr (GError) error = NULL;
  VcAttention *op = vc_attention_new (dev, &d, &error);
  g_assert_no_error (error);
  Tensors t;
  tensors_alloc (&t, dev, &d);
  expect_invalid_record (op, &t, &t.k, 0, NULL, "n_keys = 0");
  expect_invalid_record (op, &t, &t.k, 9, NULL, "n_keys = 9");
  VcTensor k_short = t.k;
  k_short.w = 7;
  expect_invalid_record (op, &t, &k_short, 4, NULL, "attention: k is 4×1×7");
  VcTensor k_square = vc_attention_key_view (&t.k, 0, 2, 4);
  expect_invalid_record (op, &t, &k_square, 4, NULL, "attention: k is 4×2×4");
  expect_invalid_record (op, &t, &t.k, 4, &t.q, "attention: conf");
  expect_invalid_bias (op, &t, (VcAttentionBias){ .bias = NAN }, "bias = nan");
  expect_invalid_bias (op, &t, (VcAttentionBias){ .bias = -INFINITY }, "bias = -inf");
  expect_invalid_bias (op, &t,
                       (VcAttentionBias){ .near_weight = { -0.5f, 0 }, .near_radius = { 1, 1 } },
                       "near_weight[0] = -0.5");
  expect_invalid_bias (op, &t, (VcAttentionBias){ .near_weight = { 0, NAN } },
                       "near_weight[1] = nan");
  expect_invalid_bias (op, &t, (VcAttentionBias){ .near_weight = { 0, 0.1f } },
                       "near_radius[1] = 0");
  expect_invalid_bias (
      op, &t, (VcAttentionBias){ .near_weight = { 0.1f, 0 }, .near_radius = { INFINITY, 0 } },
      "near_radius[0] = inf");
  vc_attention_free (op);
  tensors_free (&t);
}

/* The network's case: a 256×448 frame at 1/4 resolution against two
 * references of 32×56 (run with -m perf). Checks 64 of the queries and
 * reports the time of one op from GPU timestamps, or the wall clock where
 * the device has none. FLOPs: 2 · n · M · (c + cv), the multiply-adds of
 * the scores and of the weighted sum of values. */
static void
test_perf (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcAttentionDesc d = { 64, 66, 64, 112, 2 * 32 * 56, 0.01f };
  gsize n = (gsize) d.hq * d.wq;
  g_autofree float *q = vc_test_random (dev, d.c * n, -1, 1, 90);
  g_autofree float *k = vc_test_random (dev, d.c * d.max_keys, -1, 1, 91);
  g_autofree float *v = vc_test_random (dev, d.cv * d.max_keys, -1, 1, 92);
  Tensors t;
  tensors_alloc (&t, dev, &d);
  g_autoptr (GError) error = NULL;
  vc_tensor_upload (dev, &t.q, q, &error);
  vc_tensor_upload (dev, &t.k, k, &error);
  vc_tensor_upload (dev, &t.v, v, &error);
  VcAttention *op = vc_attention_new (dev, &d, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  const guint reps = 10;
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (
      vc_attention_record (op, cmd, &t.q, &t.k, &t.v, d.max_keys, &t.out, &t.conf, &error));
  int t0 = vc_cmd_timestamp (cmd);
  for (guint i = 0; i < reps; i++)
    vc_attention_record (op, cmd, &t.q, &t.k, &t.v, d.max_keys, &t.out, &t.conf, &error);
  int t1 = vc_cmd_timestamp (cmd);
  gint64 start = g_get_monotonic_time ();
  g_assert_true (vc_cmd_run (cmd, &error));
  double ms = (g_get_monotonic_time () - start) / 1e3 / (reps + 1);
  if (t0 >= 0 && t1 >= 0)
    ms = vc_cmd_elapsed_ns (cmd, t0, t1) / 1e6 / reps;
  double gflop = 2.0 * n * d.max_keys * (d.c + d.cv) / 1e9;
  g_test_message ("attention %s on %s: %.3f ms, %.1f GFLOP/s (%.2f GFLOP, %s)",
                  vc_device_fp16 (dev) ? "fp16" : "fp32", vc_device_name (dev), ms,
                  gflop / ms * 1e3, gflop, t0 >= 0 ? "GPU timestamps" : "wall clock");
  g_test_minimized_result (ms, "%.3f ms", ms);

  /* every 112th query against the reference */
  VcAttentionDesc sub = d;
  sub.hq = 1;
  sub.wq = 64;
  g_autofree float *qs = g_new (float, d.c * 64);
  g_autofree float *want = g_new (float, d.cv * 64);
  g_autofree float *got = vc_test_download (dev, &t.out);
  g_autofree float *got_sub = g_new (float, d.cv * 64);
  for (guint i = 0; i < 64; i++) {
    for (guint c = 0; c < d.c; c++)
      qs[c * 64 + i] = q[c * n + i * 112];
    for (guint c = 0; c < d.cv; c++)
      got_sub[c * 64 + i] = got[c * n + i * 112];
  }
  vc_attention_ref (&sub, qs, k, v, d.max_keys, want, NULL);
  vc_test_assert_close ("perf out", got_sub, want, d.cv * 64, tolerance_out (dev, &d, 1, 1));
  vc_cmd_free (cmd);
  vc_attention_free (op);
  tensors_free (&t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add_kernels ("/attention/cases", test_cases);
  vc_test_add_kernels ("/attention/tiling", test_tiling);
  vc_test_add_kernels ("/attention/passes", test_passes);
  vc_test_add_kernels ("/attention/n-keys", test_n_keys);
  vc_test_add_kernels ("/attention/sources", test_sources);
  vc_test_add_kernels ("/attention/normalised", test_normalised);
  vc_test_add_kernels ("/attention/invalid", test_invalid);
  if (g_test_perf ())
    vc_test_add ("/attention/perf", test_perf);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
