/* steady (motion-adaptive chroma filter) shader vs its C reference, and
 * what it does to still and moving regions. */
#include "vc-test.h"
#include "vc-steady.h"

#include <math.h>

static const VcSteadyDesc descs[] = {
  { 1, 1, 1, 1, 2.0f },   { 2, 1, 1, 0, 2.0f },   { 2, 7, 5, 1, 2.0f },
  { 3, 17, 33, 2, 3.0f }, { 5, 13, 11, 4, 1.0f }, { 2, 40, 61, 1, 0.5f },
  { 2, 9, 300, 3, 8.0f }, { 8, 16, 16, 0, 2.0f }, { 2, 33, 1, 1, 2.0f },
};

static const float strengths[] = { 0.0f, 0.3f, 1.0f };

typedef struct {
  VcTensor l, lp, ab, abp, out;
} Tensors;

static void
run_steady (VcDevice *dev, const VcSteadyDesc *desc, const Tensors *t, float strength)
{
  g_autoptr (GError) error = NULL;
  VcSteady *op = vc_steady_new (dev, desc, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (
      vc_steady_record (op, cmd, &t->l, &t->lp, &t->ab, &t->abp, strength, &t->out, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  vc_cmd_free (cmd);
  vc_steady_free (op);
}

/* Where the output goes: a tensor of its own, or in place over ab or ab_prev
 * (as a recursive filter runs, over its state). */
typedef enum { OUT_OWN, OUT_OVER_AB, OUT_OVER_AB_PREV, N_OUTS } OutPlace;

static const char *const out_names[] = { "", " in place over ab", " in place over ab_prev" };

static float *
steady_dense (VcDevice *dev, const VcSteadyDesc *d, const float *l, const float *lp,
              const float *ab, const float *abp, float strength, OutPlace place)
{
  Tensors t;
  VcBuffer *bufs[] = {
    vc_test_tensor (dev, 1, d->h, d->w, l, &t.l),
    vc_test_tensor (dev, 1, d->h, d->w, lp, &t.lp),
    vc_test_tensor (dev, d->c, d->h, d->w, ab, &t.ab),
    vc_test_tensor (dev, d->c, d->h, d->w, abp, &t.abp),
    place == OUT_OWN ? vc_test_tensor (dev, d->c, d->h, d->w, NULL, &t.out) : NULL,
  };
  if (place != OUT_OWN)
    t.out = place == OUT_OVER_AB ? t.ab : t.abp;
  run_steady (dev, d, &t, strength);
  float *got = vc_test_download (dev, &t.out);
  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    vc_buffer_free (bufs[i]);
  return got;
}

/* The previous frame's L: L plus a small change on the left half (still,
 * with noise) and a large one on the right (moving), so that the weights
 * span their whole range. */
static float *
previous_l (VcDevice *dev, const float *l, guint h, guint w, guint32 seed)
{
  g_autofree float *small = vc_test_random (dev, (gsize) h * w, -3, 3, seed);
  g_autofree float *large = vc_test_random (dev, (gsize) h * w, -40, 40, seed + 1);
  float *lp = g_new (float, (gsize) h *w);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      gsize i = (gsize) y * w + x;
      lp[i] = l[i] + (2 * x < w ? small[i] : large[i]);
    }
  vc_test_round (dev, lp, (gsize) h * w);
  return lp;
}

static double
tolerance (VcDevice *dev)
{
  /* ab in -2..2; fp16 storage rounds the output to about 1e-3 */
  return vc_device_fp16 (dev) ? 2e-3 : 1e-5;
}

static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (descs); s++) {
    const VcSteadyDesc *d = &descs[s];
    gsize n = (gsize) d->h * d->w;
    g_autofree float *l = vc_test_random (dev, n, 0, 100, 10 * s + 1);
    g_autofree float *lp = previous_l (dev, l, d->h, d->w, 10 * s + 2);
    g_autofree float *ab = vc_test_random (dev, d->c * n, -2, 2, 10 * s + 4);
    g_autofree float *abp = vc_test_random (dev, d->c * n, -2, 2, 10 * s + 5);
    g_autofree float *want = g_new (float, d->c *n);
    for (guint k = 0; k < G_N_ELEMENTS (strengths); k++) {
      vc_steady_ref (d, l, lp, ab, abp, strengths[k], want);
      for (OutPlace place = OUT_OWN; place < N_OUTS; place++) {
        g_autofree float *got = steady_dense (dev, d, l, lp, ab, abp, strengths[k], place);
        g_autofree char *what =
            g_strdup_printf ("steady %u×%u×%u r=%u σ=%g strength %g%s", d->c, d->h, d->w, d->radius,
                             d->sigma, strengths[k], out_names[place]);
        vc_test_assert_close (what, got, want, d->c * n, tolerance (dev));
      }
    }
  }
}

/* A still picture takes the previous chroma at strength 1; where L changed
 * by far more than sigma the chroma is its own; at strength 0 the output is
 * ab exactly, whatever the previous frame holds (NaN here). */
static void
test_still_and_moving (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcSteadyDesc d = { 2, 24, 32, 1, VC_STEADY_DEFAULT_SIGMA };
  gsize n = (gsize) d.h * d.w;
  g_autofree float *l = vc_test_random (dev, n, 20, 80, 31);
  g_autofree float *ab = vc_test_random (dev, 2 * n, -2, 2, 32);
  g_autofree float *abp = vc_test_random (dev, 2 * n, -2, 2, 33);
  g_autofree float *lp = g_memdup2 (l, n * sizeof (float));
  for (guint y = 0; y < d.h; y++)
    for (guint x = d.w / 2; x < d.w; x++)
      lp[y * d.w + x] += 30.0f; /* the right half moved */
  g_autofree float *got = steady_dense (dev, &d, l, lp, ab, abp, 1.0f, OUT_OWN);
  double tol = tolerance (dev);
  for (guint c = 0; c < 2; c++)
    for (guint y = 0; y < d.h; y++)
      for (guint x = 0; x < d.w; x++) {
        gsize i = c * n + y * d.w + x;
        if (x + 1 < d.w / 2) /* still, the window too */
          g_assert_cmpfloat (fabs (got[i] - abp[i]), <=, tol);
        else if (x >= d.w / 2 + 1) /* moving */
          g_assert_cmpfloat (fabs (got[i] - ab[i]), <=, tol);
        else /* the edge: between the two */
          g_assert_cmpfloat (fabs (got[i] - abp[i]), >, tol);
      }
  for (gsize i = 0; i < 2 * n; i++)
    abp[i] = NAN;
  g_autofree float *copied = steady_dense (dev, &d, l, lp, ab, abp, 0.0f, OUT_OWN);
  g_assert_cmpmem (copied, 2 * n * sizeof (float), ab, 2 * n * sizeof (float));
}

/* Every tensor a channel view; the output a slice of a larger tensor whose
 * packs before it are kept. */
static void
test_channel_view (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcSteadyDesc d = { 2, 11, 19, 2, 3.0f };
  gsize n = (gsize) d.h * d.w;
  g_autofree float *l5 = vc_test_random (dev, 5 * n, 0, 100, 41);
  g_autofree float *lp3 = vc_test_random (dev, 3 * n, 0, 100, 42);
  g_autofree float *ab8 = vc_test_random (dev, 8 * n, -2, 2, 43);
  g_autofree float *abp6 = vc_test_random (dev, 6 * n, -2, 2, 44);
  g_autofree float *cat = vc_test_random (dev, 12 * n, 5, 6, 45);
  /* L_prev close to L in places: copy L (channel 4 of l5) into channel 0 of
   * lp3 on the first rows */
  for (gsize i = 0; i < 4 * d.w; i++)
    lp3[i] = l5[4 * n + i];
  Tensors all, t;
  VcBuffer *bufs[] = {
    vc_test_tensor (dev, 5, d.h, d.w, l5, &all.l),
    vc_test_tensor (dev, 3, d.h, d.w, lp3, &all.lp),
    vc_test_tensor (dev, 8, d.h, d.w, ab8, &all.ab),
    vc_test_tensor (dev, 6, d.h, d.w, abp6, &all.abp),
    vc_test_tensor (dev, 12, d.h, d.w, cat, &all.out),
  };
  t.l = vc_tensor_channels (&all.l, 4, 1);
  t.lp = vc_tensor_channels (&all.lp, 0, 1);
  t.ab = vc_tensor_channels (&all.ab, 4, 2);
  t.abp = vc_tensor_channels (&all.abp, 4, 2);
  t.out = vc_tensor_channels (&all.out, 8, 2);
  run_steady (dev, &d, &t, 0.8f);
  g_autofree float *got = vc_test_download (dev, &all.out);
  g_autofree float *want = g_memdup2 (cat, 12 * n * sizeof (float));
  vc_steady_ref (&d, l5 + 4 * n, lp3, ab8 + 4 * n, abp6 + 4 * n, 0.8f, want + 8 * n);
  vc_test_assert_close ("steady view, packs before", got, want, 8 * n, 0);
  vc_test_assert_close ("steady view", got + 8 * n, want + 8 * n, 2 * n, tolerance (dev));
  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    vc_buffer_free (bufs[i]);
}

static void
expect_invalid_desc (VcDevice *dev, VcSteadyDesc d, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_steady_new (dev, &d, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "steady"));
  g_assert_nonnull (strstr (error->message, what));
}

static void
expect_invalid_record (VcSteady *op, VcCmd *cmd, const Tensors *t, float strength, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_assert_false (
      vc_steady_record (op, cmd, &t->l, &t->lp, &t->ab, &t->abp, strength, &t->out, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcSteadyDesc d = { 2, 4, 6, 1, 2.0f }, bad;
  guint *dims[] = { &bad.c, &bad.h, &bad.w };
  for (guint i = 0; i < G_N_ELEMENTS (dims); i++) {
    bad = d;
    *dims[i] = 0;
    expect_invalid_desc (dev, bad, "empty dimension");
  }
  bad = d;
  bad.radius = VC_STEADY_MAX_RADIUS + 1;
  expect_invalid_desc (dev, bad, "radius 5");
  float sigmas[] = { 0.0f, -1.0f, NAN, INFINITY, 1e-3f };
  for (guint i = 0; i < G_N_ELEMENTS (sigmas); i++) {
    bad = d;
    bad.sigma = sigmas[i];
    expect_invalid_desc (dev, bad, "sigma");
  }
  g_autoptr (GError) error = NULL;
  VcSteady *op = vc_steady_new (dev, &d, &error);
  g_assert_no_error (error);
  Tensors good, t;
  VcTensor wrong, big;
  VcBuffer *bufs[] = {
    vc_test_tensor (dev, 1, 4, 6, NULL, &good.l),   vc_test_tensor (dev, 1, 4, 6, NULL, &good.lp),
    vc_test_tensor (dev, 2, 4, 6, NULL, &good.ab),  vc_test_tensor (dev, 2, 4, 6, NULL, &good.abp),
    vc_test_tensor (dev, 2, 4, 6, NULL, &good.out), vc_test_tensor (dev, 2, 5, 6, NULL, &wrong),
    vc_test_tensor (dev, 8, 4, 6, NULL, &big),
  };
  VcCmd *cmd = vc_cmd_new (dev, &error);
  vc_cmd_begin (cmd, &error);
  t = good, t.l = good.ab;
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: l is 2×4×6");
  t = good, t.lp = wrong;
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: l_prev is 2×5×6");
  t = good, t.ab = good.l;
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: ab is 1×4×6");
  t = good, t.abp = wrong;
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: ab_prev is 2×5×6");
  t = good, t.out = wrong;
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: out is 2×5×6");
  t = good, t.out.buffer = NULL;
  expect_invalid_record (op, cmd, &t, 0.5f, "no tensor");
  /* in place over ab or ab_prev is allowed; any other overlap is not */
  t = good, t.lp = vc_tensor_channels (&big, 4, 1), t.out = vc_tensor_channels (&big, 4, 2);
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: out overlaps l_prev, which it reads");
  t = good, t.l = vc_tensor_channels (&big, 0, 1), t.out = vc_tensor_channels (&big, 0, 2);
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: out overlaps l, which it reads");
  t = good, t.abp = vc_tensor_channels (&big, 0, 2), t.out = t.abp;
  t.out.base += 1;
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: out overlaps ab_prev without being it");
  t = good, t.ab = vc_tensor_channels (&big, 4, 2), t.out = t.ab;
  t.out.plane += 1;
  expect_invalid_record (op, cmd, &t, 0.5f, "steady: out overlaps ab without being it");
  float strengths_bad[] = { -0.1f, 1.5f, NAN };
  for (guint i = 0; i < G_N_ELEMENTS (strengths_bad); i++)
    expect_invalid_record (op, cmd, &good, strengths_bad[i], "strength");
  g_assert_cmpuint (vc_cmd_n_dispatches (cmd), ==, 0);
  vc_cmd_free (cmd);
  vc_steady_free (op);
  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    vc_buffer_free (bufs[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/steady/shapes", test_shapes);
  vc_test_add ("/steady/still-and-moving", test_still_and_moving);
  vc_test_add ("/steady/channel-view", test_channel_view);
  vc_test_add ("/steady/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
