/* guided upsampling shader vs its C reference, and its edge awareness. */
#include "vc-test.h"
#include "vc-guided.h"
#include "vc-resize.h"

#include <math.h>

static const VcGuidedDesc descs[] = {
  { 1, 1, 1, 1, 1, 2, 1.0f, 10.0f },
  { 2, 1, 1, 5, 3, 2, 1.0f, 10.0f },
  { 3, 7, 5, 14, 10, 1, 0.8f, 15.0f },
  { 5, 13, 11, 5, 4, 2, 1.0f, 10.0f },
  { 17, 33, 17, 100, 61, 3, 1.5f, 8.0f },
  { 2, 20, 24, 20, 24, 2, 1.0f, 10.0f },
  { 2, 9, 13, 36, 52, 8, 2.0f, 5.0f },
  { 4, 40, 30, 19, 70, 0, 1.0f, 10.0f },
  /* a footprint too large to stage in shared memory */
  { 2, 100, 90, 20, 18, 2, 1.0f, 10.0f },
  /* sigmas so small that most weights would underflow without a shift */
  { 3, 11, 9, 30, 25, 2, 0.1f, 0.05f },
  { 2, 8, 8, 20, 20, 3, VC_GUIDED_MIN_SIGMA, VC_GUIDED_MIN_SIGMA },
};

typedef struct {
  VcTensor ab, ll, lf, out;
} Tensors;

/* Records and runs OP on the given tensors. */
static void
run_guided (VcDevice *dev, const VcGuidedDesc *desc, const Tensors *t)
{
  g_autoptr (GError) error = NULL;
  VcGuided *op = vc_guided_new (dev, desc, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_guided_record (op, cmd, &t->ab, &t->ll, &t->lf, &t->out, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  vc_cmd_free (cmd);
  vc_guided_free (op);
}

/* Uploads host data into dense tensors, runs the op and downloads out. */
static float *
guided_dense (VcDevice *dev, const VcGuidedDesc *d, const float *ab, const float *ll,
              const float *lf)
{
  Tensors t;
  VcBuffer *bufs[] = {
    vc_test_tensor (dev, d->c, d->h, d->w, ab, &t.ab),
    vc_test_tensor (dev, 1, d->h, d->w, ll, &t.ll),
    vc_test_tensor (dev, 1, d->out_h, d->out_w, lf, &t.lf),
    vc_test_tensor (dev, d->c, d->out_h, d->out_w, NULL, &t.out),
  };
  run_guided (dev, d, &t);
  float *got = vc_test_download (dev, &t.out);
  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    vc_buffer_free (bufs[i]);
  return got;
}

/* Small sigmas make the costs (exponents) large, and fp32 resolves their
 * differences more coarsely. */
static double
tolerance (VcDevice *dev, const VcGuidedDesc *d)
{
  if (vc_device_fp16 (dev))
    return 1e-3;
  return d->sigma_spatial >= 0.5f && d->sigma_range >= 1.0f ? 1e-5 : 1e-4;
}

static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (descs); s++) {
    const VcGuidedDesc *d = &descs[s];
    gsize n_low = (gsize) d->h * d->w, n_out = (gsize) d->out_h * d->out_w;
    g_autofree float *ab = vc_test_random (dev, d->c * n_low, -2, 2, 10 * s + 1);
    g_autofree float *ll = vc_test_random (dev, n_low, 0, 100, 10 * s + 2);
    g_autofree float *lf = vc_test_random (dev, n_out, 0, 100, 10 * s + 3);
    g_autofree float *want = g_new (float, d->c *n_out);
    vc_guided_ref (d, ab, ll, lf, want);
    g_autofree float *got = guided_dense (dev, d, ab, ll, lf);
    g_autofree char *what = g_strdup_printf ("guided %u×%u×%u → %u×%u r=%u", d->c, d->h, d->w,
                                             d->out_h, d->out_w, d->radius);
    vc_test_assert_close (what, got, want, d->c * n_out, tolerance (dev, d));
  }
}

/* Every input a channel view, the output a slice of a concatenation that
 * keeps its other packs. */
static void
test_channel_view (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcGuidedDesc d = vc_guided_desc_default (2, 6, 10, 23, 37);
  gsize n_low = (gsize) d.h * d.w, n_out = (gsize) d.out_h * d.out_w;
  g_autofree float *ab8 = vc_test_random (dev, 8 * n_low, -2, 2, 21);
  g_autofree float *ll3 = vc_test_random (dev, 3 * n_low, 0, 100, 22);
  g_autofree float *lf5 = vc_test_random (dev, 5 * n_out, 0, 100, 23);
  g_autofree float *cat = vc_test_random (dev, 12 * n_out, 5, 6, 24);
  Tensors all, t;
  VcBuffer *bufs[] = {
    vc_test_tensor (dev, 8, d.h, d.w, ab8, &all.ab),
    vc_test_tensor (dev, 3, d.h, d.w, ll3, &all.ll),
    vc_test_tensor (dev, 5, d.out_h, d.out_w, lf5, &all.lf),
    vc_test_tensor (dev, 12, d.out_h, d.out_w, cat, &all.out),
  };
  t.ab = vc_tensor_channels (&all.ab, 4, 2);
  t.ll = vc_tensor_channels (&all.ll, 0, 1);
  t.lf = vc_tensor_channels (&all.lf, 4, 1);
  t.out = vc_tensor_channels (&all.out, 8, 2);
  run_guided (dev, &d, &t);
  g_autofree float *got = vc_test_download (dev, &all.out);
  g_autofree float *want = g_memdup2 (cat, 12 * n_out * sizeof (float));
  vc_guided_ref (&d, ab8 + 4 * n_low, ll3, lf5 + 4 * n_out, want + 8 * n_out);
  vc_test_assert_close ("guided view, packs before", got, want, 8 * n_out, 0);
  vc_test_assert_close ("guided view", got + 8 * n_out, want + 8 * n_out, 2 * n_out,
                        tolerance (dev, &d));
  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    vc_buffer_free (bufs[i]);
}

/* Mean |got − truth| over the columns x0 .. x1 of channels × h × w data. */
static double
band_error (const float *got, const float *truth, guint c, guint h, guint w, guint x0, guint x1)
{
  double sum = 0.0;
  for (guint i = 0; i < c * h; i++)
    for (guint x = x0; x <= x1; x++)
      sum += fabs ((double) got[i * w + x] - truth[i * w + x]);
  return sum / (c * h * (x1 - x0 + 1));
}

/* A sharp vertical edge in L with ab following it: guided upsampling of the
 * downsampled ab must restore the edge far better than bilinear resize. */
static void
test_edge_aware (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  enum { H = 48, W = 64, F = 4, EDGE = 30 };
  g_autofree float *lf = g_new (float, H *W);
  g_autofree float *ab = g_new (float, 2 * H * W);
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++) {
      gboolean left = x < EDGE;
      lf[y * W + x] = left ? 20.0f : 80.0f;
      ab[y * W + x] = left ? -40.0f : 50.0f;
      ab[H * W + y * W + x] = left ? 30.0f : -20.0f;
    }
  VcResizeDesc down = { 2, H, W, H / F, W / F, TRUE }, down_l = { 1, H, W, H / F, W / F, TRUE };
  g_autofree float *ab_low = g_new (float, 2 * (H / F) * (W / F));
  g_autofree float *ll = g_new (float, (H / F) * (W / F));
  vc_resize_ref (&down, ab, ab_low);
  vc_resize_ref (&down_l, lf, ll);
  vc_test_round (dev, ab_low, 2 * (H / F) * (W / F));
  vc_test_round (dev, ll, (H / F) * (W / F));

  VcGuidedDesc d = vc_guided_desc_default (2, H / F, W / F, H, W);
  g_autofree float *guided = guided_dense (dev, &d, ab_low, ll, lf);
  g_autofree float *want = g_new (float, 2 * H * W);
  vc_guided_ref (&d, ab_low, ll, lf, want);
  vc_test_assert_close ("guided edge", guided, want, 2 * H * W, 100 * tolerance (dev, &d));

  VcTensor tin, tout;
  VcBuffer *bin = vc_test_tensor (dev, 2, H / F, W / F, ab_low, &tin);
  VcBuffer *bout = vc_test_tensor (dev, 2, H, W, NULL, &tout);
  VcResizeDesc up = { 2, H / F, W / F, H, W, FALSE };
  g_autoptr (GError) error = NULL;
  VcResize *op = vc_resize_new (dev, &up, &error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_resize_record (op, cmd, &tin, &tout, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  g_autofree float *bilinear = vc_test_download (dev, &tout);

  double e_guided = band_error (guided, ab, 2, H, W, EDGE - F, EDGE + F - 1);
  double e_bilinear = band_error (bilinear, ab, 2, H, W, EDGE - F, EDGE + F - 1);
  g_test_message ("edge band mean abs error: guided %.3f, bilinear %.3f", e_guided, e_bilinear);
  g_assert_cmpfloat (e_guided * 4, <, e_bilinear);
  vc_cmd_free (cmd);
  vc_resize_free (op);
  vc_buffer_free (bin);
  vc_buffer_free (bout);
}

static void
expect_invalid_desc (VcDevice *dev, VcGuidedDesc desc, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_guided_new (dev, &desc, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "guided"));
  g_assert_nonnull (strstr (error->message, what));
}

static void
expect_invalid_record (VcGuided *op, VcCmd *cmd, const Tensors *t, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_assert_false (vc_guided_record (op, cmd, &t->ab, &t->ll, &t->lf, &t->out, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcGuidedDesc d = vc_guided_desc_default (2, 4, 4, 16, 16), bad;
  guint *dims[] = { &bad.c, &bad.h, &bad.w, &bad.out_h, &bad.out_w };
  for (guint i = 0; i < G_N_ELEMENTS (dims); i++) {
    bad = d;
    *dims[i] = 0;
    expect_invalid_desc (dev, bad, "empty dimension");
  }
  bad = d;
  bad.radius = VC_GUIDED_MAX_RADIUS + 1;
  expect_invalid_desc (dev, bad, "radius 9");
  float sigmas[] = { 0.0f, -1.0f, NAN, INFINITY, 1e-5f };
  for (guint i = 0; i < G_N_ELEMENTS (sigmas); i++) {
    bad = d;
    bad.sigma_spatial = sigmas[i];
    expect_invalid_desc (dev, bad, "sigma_spatial");
    bad = d;
    bad.sigma_range = sigmas[i];
    expect_invalid_desc (dev, bad, "sigma_range");
  }

  g_autoptr (GError) error = NULL;
  VcGuided *op = vc_guided_new (dev, &d, &error);
  g_assert_no_error (error);
  Tensors good, t;
  VcTensor wrong_low, wrong_full;
  VcBuffer *bufs[] = {
    vc_test_tensor (dev, 2, 4, 4, NULL, &good.ab),
    vc_test_tensor (dev, 1, 4, 4, NULL, &good.ll),
    vc_test_tensor (dev, 1, 16, 16, NULL, &good.lf),
    vc_test_tensor (dev, 2, 16, 16, NULL, &good.out),
    vc_test_tensor (dev, 2, 4, 5, NULL, &wrong_low),
    vc_test_tensor (dev, 2, 16, 16, NULL, &wrong_full),
  };
  VcCmd *cmd = vc_cmd_new (dev, &error);
  vc_cmd_begin (cmd, &error);
  t = good, t.ab = wrong_low;
  expect_invalid_record (op, cmd, &t, "guided: ab_low is 2×4×5");
  t = good, t.ll = good.ab;
  expect_invalid_record (op, cmd, &t, "guided: l_low is 2×4×4");
  t = good, t.lf = wrong_full;
  expect_invalid_record (op, cmd, &t, "guided: l_full is 2×16×16");
  t = good, t.out = good.lf;
  expect_invalid_record (op, cmd, &t, "guided: out is 1×16×16");
  t = good, t.out.buffer = NULL;
  expect_invalid_record (op, cmd, &t, "no tensor");
  g_assert_cmpuint (vc_cmd_n_dispatches (cmd), ==, 0);
  vc_cmd_free (cmd);
  vc_guided_free (op);
  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    vc_buffer_free (bufs[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/guided/shapes", test_shapes);
  vc_test_add ("/guided/channel-view", test_channel_view);
  vc_test_add ("/guided/edge-aware", test_edge_aware);
  vc_test_add ("/guided/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
