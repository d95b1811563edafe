/* l2norm shader vs its C reference. */
#include "vc-test.h"
#include "vc-l2norm.h"

#include <math.h>

typedef struct {
  guint c, h, w;
} Shape;

static const Shape shapes[] = {
  { 1, 1, 1 }, { 3, 5, 7 }, { 4, 8, 8 }, { 17, 13, 11 }, { 64, 33, 65 }, { 2, 1, 131 },
};

/* Relative to outputs of magnitude <= 1: fp32 ulps, or one fp16 rounding. */
static double
tolerance (VcDevice *dev)
{
  return vc_device_fp16 (dev) ? 3e-4 : 1e-6;
}

static float *
run_l2norm (VcDevice *dev, const VcL2NormDesc *desc, const float *x, gboolean in_place)
{
  VcTensor ti, to;
  VcBuffer *bi = vc_test_tensor (dev, desc->c, desc->h, desc->w, x, &ti);
  VcBuffer *bo = in_place ? NULL : vc_test_tensor (dev, desc->c, desc->h, desc->w, NULL, &to);
  if (in_place)
    to = ti;
  g_autoptr (GError) error = NULL;
  VcL2Norm *op = vc_l2norm_new (dev, desc, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_l2norm_record (op, cmd, &ti, &to, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  float *got = vc_test_download (dev, &to);
  vc_cmd_free (cmd);
  vc_l2norm_free (op);
  vc_buffer_free (bi);
  if (bo)
    vc_buffer_free (bo);
  return got;
}

static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++) {
    const Shape *sh = &shapes[s];
    VcL2NormDesc desc = { sh->c, sh->h, sh->w, 1e-12f };
    gsize n = (gsize) sh->c * sh->h * sh->w;
    g_autofree float *x = vc_test_random (dev, n, -2, 2, s + 1);
    g_autofree float *want = g_new (float, n);
    vc_l2norm_ref (&desc, x, want);
    g_autofree float *got = run_l2norm (dev, &desc, x, s % 2 == 1);
    vc_test_assert_close ("l2norm", got, want, n, tolerance (dev));
  }
}

/* A zero pixel stays zero (the norm is clamped to eps, no division by 0);
 * a tiny one is divided by eps, not by its norm. */
static void
test_eps (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcL2NormDesc desc = { 5, 1, 3, 0.5f };
  float x[15] = { 0 };
  for (guint c = 0; c < 5; c++) {
    x[c * 3 + 1] = 0.0625f * (c % 2 ? 1 : -1); /* norm 0.14 < eps */
    x[c * 3 + 2] = (float) c - 2.0f;
  }
  float want[15];
  vc_l2norm_ref (&desc, x, want);
  g_assert_cmpfloat (want[0], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (want[1], -0.125f, 1e-7);
  g_autofree float *got = run_l2norm (dev, &desc, x, FALSE);
  vc_test_assert_close ("l2norm eps", got, want, 15, tolerance (dev));
}

/* Normalising a channel slice into a channel slice of a larger tensor:
 * the input's padding lanes hold other channels and must be ignored, and
 * the channels before the output slice are left alone. */
static void
test_view (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  guint c = 6, h = 7, w = 9;
  gsize n = (gsize) c * h * w;
  g_autofree float *x = vc_test_random (dev, 8 * h * w, -1, 1, 11);
  g_autofree float *head = vc_test_random (dev, 4 * h * w, -1, 1, 12);
  VcTensor tx, tcat;
  VcBuffer *bx = vc_test_tensor (dev, 8, h, w, x, &tx);
  VcBuffer *bc = vc_test_tensor (dev, 12, h, w, NULL, &tcat);
  VcTensor vin = vc_tensor_channels (&tx, 0, c);
  VcTensor vhead = vc_tensor_channels (&tcat, 0, 4), vout = vc_tensor_channels (&tcat, 4, c);
  g_autoptr (GError) error = NULL;
  vc_tensor_upload (dev, &vhead, head, &error);
  g_assert_no_error (error);
  VcL2NormDesc desc = { c, h, w, 1e-12f };
  VcL2Norm *op = vc_l2norm_new (dev, &desc, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_l2norm_record (op, cmd, &vin, &vout, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  g_autofree float *want = g_new (float, n);
  vc_l2norm_ref (&desc, x, want);
  g_autofree float *got = vc_test_download (dev, &vout);
  g_autofree float *got_head = vc_test_download (dev, &vhead);
  vc_test_assert_close ("l2norm view", got, want, n, tolerance (dev));
  vc_test_assert_close ("l2norm untouched", got_head, head, 4 * h * w, 0);
  vc_cmd_free (cmd);
  vc_l2norm_free (op);
  vc_buffer_free (bx);
  vc_buffer_free (bc);
}

static void
expect_invalid (VcDevice *dev, const VcL2NormDesc *desc, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_l2norm_new (dev, desc, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  expect_invalid (dev, &(VcL2NormDesc){ 0, 4, 4, 1e-12f }, "empty dimension");
  expect_invalid (dev, &(VcL2NormDesc){ 4, 4, 4, 0.0f }, "eps");
  expect_invalid (dev, &(VcL2NormDesc){ 4, 4, 4, NAN }, "eps");

  g_autoptr (GError) error = NULL;
  VcL2NormDesc desc = { 4, 4, 4, 1e-12f };
  VcL2Norm *op = vc_l2norm_new (dev, &desc, &error);
  g_assert_no_error (error);
  VcTensor ta, tb;
  VcBuffer *ba = vc_test_tensor (dev, 4, 4, 4, NULL, &ta);
  VcBuffer *bb = vc_test_tensor (dev, 5, 4, 4, NULL, &tb);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  vc_cmd_begin (cmd, &error);
  g_assert_false (vc_l2norm_record (op, cmd, &ta, &tb, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "l2norm: out"));
  g_clear_error (&error);
  g_assert_false (vc_l2norm_record (op, cmd, NULL, &ta, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  vc_cmd_free (cmd);
  vc_l2norm_free (op);
  vc_buffer_free (ba);
  vc_buffer_free (bb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/l2norm/shapes", test_shapes);
  vc_test_add ("/l2norm/eps", test_eps);
  vc_test_add ("/l2norm/view", test_view);
  vc_test_add ("/l2norm/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
