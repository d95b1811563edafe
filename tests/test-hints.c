/* hints (colour hints spread by an edge-aware filter) shader vs its C
 * reference (each op made with other sigmas and given the case's), and
 * what it does: a hint colours its own region, not the one across an
 * edge, and leaves ab alone far from any hint. */
#include "vc-test.h"
#include "vc-hints.h"

#include <math.h>

static const VcHintsDesc descs[] = {
  { 1, 1, 4.0f, 8.0f },    { 1, 9, 4.0f, 8.0f },    { 7, 1, 2.0f, 5.0f },
  { 17, 33, 6.0f, 10.0f }, { 40, 61, 48.0f, 8.0f }, { 65, 70, 3.0f, 1.0f },
};

typedef struct {
  VcTensor ab, l, hints;
} Tensors;

static void
run_hints (VcDevice *dev, const VcHintsDesc *desc, const Tensors *t)
{
  g_autoptr (GError) error = NULL;
  /* made with other sigmas, then given the description's */
  VcHintsDesc other = { desc->h, desc->w, 7.0f, 3.0f };
  VcHints *op = vc_hints_new (dev, &other, &error);
  g_assert_no_error (error);
  g_assert_true (vc_hints_set_spread (op, desc->sigma_spatial, desc->sigma_range, &error));
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_hints_record (op, cmd, &t->ab, &t->l, &t->hints, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  vc_cmd_free (cmd);
  vc_hints_free (op);
}

/* AB with HINTS mixed in on the device. */
static float *
hints_dense (VcDevice *dev, const VcHintsDesc *d, const float *ab, const float *l,
             const float *hints)
{
  Tensors t;
  VcBuffer *bufs[] = {
    vc_test_tensor (dev, 2, d->h, d->w, ab, &t.ab),
    vc_test_tensor (dev, 1, d->h, d->w, l, &t.l),
    vc_test_tensor (dev, 4, d->h, d->w, hints, &t.hints),
  };
  run_hints (dev, d, &t);
  float *got = vc_test_download (dev, &t.ab);
  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    vc_buffer_free (bufs[i]);
  return got;
}

/* Hints of colour (A, B) on about one pixel in 12, of coverage 0.2 .. 1,
 * as the 4 planes the op takes; the device's precision. */
static float *
sparse_hints (VcDevice *dev, gsize n, guint32 seed)
{
  g_autofree float *pick = vc_test_random (dev, n, 0, 1, seed);
  g_autofree float *ab = vc_test_random (dev, 2 * n, -60, 60, seed + 1);
  float *h = g_new0 (float, 4 * n);
  for (gsize i = 0; i < n; i++) {
    float m = pick[i] < 1.0f / 12 ? 0.2f + 9.6f * pick[i] : 0.0f;
    h[i] = ab[i] * m;
    h[n + i] = ab[n + i] * m;
    h[2 * n + i] = m;
  }
  vc_test_round (dev, h, 4 * n);
  return h;
}

static double
tolerance (VcDevice *dev)
{
  /* ab in -60..60: fp16 storage rounds it to 1/32, the hints' planes too */
  return vc_device_fp16 (dev) ? 0.25 : 2e-3;
}

static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (descs); s++) {
    const VcHintsDesc *d = &descs[s];
    gsize n = (gsize) d->h * d->w;
    g_autofree float *l = vc_test_random (dev, n, 0, 100, 10 * s + 1);
    g_autofree float *ab = vc_test_random (dev, 2 * n, -60, 60, 10 * s + 2);
    g_autofree float *hints = sparse_hints (dev, n, 10 * s + 3);
    if (n == 1)
      hints[0] = 10, hints[1] = -20, hints[2] = 0.5f; /* the one pixel a hint */
    g_autofree float *want = g_memdup2 (ab, 2 * n * sizeof (float));
    vc_hints_ref (d, want, l, hints);
    g_autofree float *got = hints_dense (dev, d, ab, l, hints);
    g_autofree char *what =
        g_strdup_printf ("hints %u×%u σs=%g σr=%g", d->h, d->w, d->sigma_spatial, d->sigma_range);
    vc_test_assert_close (what, got, want, 2 * n, tolerance (dev));
  }
}

/* Two regions, L 30 on the left and L 70 on the right of column 20 of a
 * 24×40 grid, a hint of (50, −40) in the left one: it colours its
 * neighbourhood wholly and the rest of the region at least half way, and
 * hardly any of the other region; a hint fades with distance in a flat
 * region; no hints, no change. */
static void
test_regions (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcHintsDesc d = { 24, 40, 48.0f, 8.0f };
  gsize n = (gsize) d.h * d.w;
  g_autofree float *l = g_new (float, n);
  g_autofree float *ab = g_new (float, 2 * n);
  g_autofree float *hints = g_new0 (float, 4 * n);
  for (guint y = 0; y < d.h; y++)
    for (guint x = 0; x < d.w; x++) {
      gsize i = (gsize) y * d.w + x;
      l[i] = x < 20 ? 30.0f : 70.0f;
      ab[i] = 5.0f;
      ab[n + i] = 10.0f;
    }
  /* a stroke of 3×3 pixels */
  for (guint y = 10; y < 13; y++)
    for (guint x = 4; x < 7; x++) {
      gsize i = (gsize) y * d.w + x;
      hints[i] = 50.0f, hints[n + i] = -40.0f, hints[2 * n + i] = 1.0f;
    }
  g_autofree float *got = hints_dense (dev, &d, ab, l, hints);
  for (guint y = 0; y < d.h; y++)
    for (guint x = 0; x < d.w; x++) {
      gsize i = (gsize) y * d.w + x;
      /* how far from the network's colour (5, 10) towards the hint's */
      double moved = (got[i] - 5.0) / 45.0, moved_b = (got[n + i] - 10.0) / -50.0;
      g_assert_cmpfloat (fabs (moved - moved_b), <, 0.02); /* towards the hint's colour */
      if (x < 20 && abs ((int) x - 5) <= 2 && abs ((int) y - 11) <= 2)
        g_assert_cmpfloat (moved, >, 0.9);
      else if (x < 19)
        g_assert_cmpfloat (moved, >, 0.5);
      else if (x > 20) /* columns 19 and 20: the edge, blurred */
        g_assert_cmpfloat (moved, <, 0.02);
    }
  /* a hint far off in a large flat region fades: the far corner keeps ab */
  VcHintsDesc wide = { 20, 200, 4.0f, 8.0f };
  gsize wn = (gsize) wide.h * wide.w;
  g_autofree float *wl = g_new (float, wn), *wab = g_new (float, 2 * wn);
  g_autofree float *wh = g_new0 (float, 4 * wn);
  for (gsize i = 0; i < wn; i++)
    wl[i] = 50.0f, wab[i] = 5.0f, wab[wn + i] = 10.0f;
  wh[0] = 50.0f, wh[wn] = -40.0f, wh[2 * wn] = 1.0f;
  g_autofree float *far = hints_dense (dev, &wide, wab, wl, wh);
  g_assert_cmpfloat (fabs (far[wn - 1] - 5.0f), <, 0.05);
  g_assert_cmpfloat (fabs (far[2 * wn - 1] - 10.0f), <, 0.05);
  g_assert_cmpfloat (fabs (far[0] - 50.0f), <, 1.0);
  /* no hints: ab exactly */
  memset (wh, 0, 4 * wn * sizeof (float));
  g_autofree float *none = hints_dense (dev, &wide, wab, wl, wh);
  g_assert_cmpmem (none, 2 * wn * sizeof (float), wab, 2 * wn * sizeof (float));
}

static void
expect_invalid_desc (VcDevice *dev, VcHintsDesc d, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_hints_new (dev, &d, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "hints"));
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcHintsDesc d = { 4, 6, 4.0f, 8.0f }, bad;
  bad = d, bad.h = 0;
  expect_invalid_desc (dev, bad, "empty dimension");
  bad = d, bad.w = 0;
  expect_invalid_desc (dev, bad, "empty dimension");
  bad = d, bad.h = 65535, bad.w = 65;
  expect_invalid_desc (dev, bad, "too large");
  float sigmas[] = { 0.0f, -1.0f, NAN, INFINITY };
  for (guint i = 0; i < G_N_ELEMENTS (sigmas); i++) {
    bad = d, bad.sigma_spatial = sigmas[i];
    expect_invalid_desc (dev, bad, "sigmas");
    bad = d, bad.sigma_range = sigmas[i];
    expect_invalid_desc (dev, bad, "sigmas");
  }
  g_autoptr (GError) error = NULL;
  VcHints *op = vc_hints_new (dev, &d, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (sigmas); i++) {
    g_clear_error (&error);
    g_assert_false (vc_hints_set_spread (op, sigmas[i], 8.0f, &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (vc_hints_set_spread (op, 4.0f, sigmas[i], &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  }
  g_clear_error (&error);
  Tensors good, t;
  VcTensor wrong, big;
  VcBuffer *bufs[] = {
    vc_test_tensor (dev, 2, 4, 6, NULL, &good.ab),    vc_test_tensor (dev, 1, 4, 6, NULL, &good.l),
    vc_test_tensor (dev, 4, 4, 6, NULL, &good.hints), vc_test_tensor (dev, 2, 5, 6, NULL, &wrong),
    vc_test_tensor (dev, 8, 4, 6, NULL, &big),
  };
  VcCmd *cmd = vc_cmd_new (dev, &error);
  vc_cmd_begin (cmd, &error);
  struct {
    Tensors t;
    const char *what;
  } cases[] = {
    { { wrong, good.l, good.hints }, "hints: ab is 2×5×6" },
    { { good.ab, good.ab, good.hints }, "hints: l is 2×4×6" },
    { { good.ab, good.l, good.ab }, "hints: hints is 2×4×6" },
    { { vc_tensor_channels (&big, 0, 2), vc_tensor_channels (&big, 0, 1), good.hints },
      "ab overlaps" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    t = cases[i].t;
    g_clear_error (&error);
    g_assert_false (vc_hints_record (op, cmd, &t.ab, &t.l, &t.hints, &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, cases[i].what));
  }
  g_assert_cmpuint (vc_cmd_n_dispatches (cmd), ==, 0);
  vc_cmd_free (cmd);
  vc_hints_free (op);
  for (guint i = 0; i < G_N_ELEMENTS (bufs); i++)
    vc_buffer_free (bufs[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/hints/shapes", test_shapes);
  vc_test_add ("/hints/regions", test_regions);
  vc_test_add ("/hints/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
