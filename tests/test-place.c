/* place shader vs its C reference. */
#include "vc-test.h"
#include "vc-place.h"

static const VcPlaceDesc shapes[] = {
  { 1, 1, 1, 2, 1 },    { 2, 5, 7, 14, 7 },      { 2, 5, 7, 14, 0 },
  { 5, 13, 11, 30, 9 }, { 4, 3, 131, 262, 131 }, { 1, 64, 65, 130, 65 },
};

/* The placed columns hold IN, the others keep what OUT held. */
static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++) {
    const VcPlaceDesc *d = &shapes[s];
    gsize n = (gsize) d->c * d->h * d->w, m = (gsize) d->c * d->h * d->out_w;
    g_autofree float *in = vc_test_random (dev, n, -2, 2, s + 1);
    g_autofree float *want = vc_test_random (dev, m, -2, 2, s + 100);
    VcTensor ti, to;
    VcBuffer *bi = vc_test_tensor (dev, d->c, d->h, d->w, in, &ti);
    VcBuffer *bo = vc_test_tensor (dev, d->c, d->h, d->out_w, want, &to);
    vc_place_ref (d, in, want);
    g_autoptr (GError) error = NULL;
    VcPlace *op = vc_place_new (dev, d, &error);
    g_assert_no_error (error);
    VcCmd *cmd = vc_cmd_new (dev, &error);
    g_assert_no_error (error);
    g_assert_true (vc_cmd_begin (cmd, &error));
    g_assert_true (vc_place_record (op, cmd, &ti, &to, &error));
    g_assert_true (vc_cmd_run (cmd, &error));
    g_autofree float *got = vc_test_download (dev, &to);
    /* a copy: exact */
    vc_test_assert_close ("place", got, want, m, 0.0);
    vc_cmd_free (cmd);
    vc_place_free (op);
    vc_buffer_free (bi);
    vc_buffer_free (bo);
  }
}

/* Shapes that do not fit, and tensors of the wrong shape, are refused. */
static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  static const VcPlaceDesc bad[] = {
    { 1, 4, 5, 9, 5 }, { 1, 4, 5, 4, 0 }, { 0, 4, 5, 10, 0 }, { 1, 4, 5, 10, 11 }
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    g_assert_null (vc_place_new (dev, &bad[i], &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  }
  VcPlaceDesc d = { 2, 4, 5, 10, 5 };
  g_autoptr (GError) error = NULL;
  VcPlace *op = vc_place_new (dev, &d, &error);
  g_assert_no_error (error);
  VcTensor ti, to;
  VcBuffer *bi = vc_test_tensor (dev, 2, 4, 5, NULL, &ti);
  VcBuffer *bo = vc_test_tensor (dev, 2, 4, 9, NULL, &to);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_false (vc_place_record (op, cmd, &ti, &to, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  vc_cmd_free (cmd);
  vc_place_free (op);
  vc_buffer_free (bi);
  vc_buffer_free (bo);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/place/shapes", test_shapes);
  vc_test_add ("/place/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
