/* eltwise shader vs its C reference. */
#include "vc-test.h"
#include "vc-eltwise.h"

typedef struct {
  guint c, h, w;
  gboolean has_b;
} Shape;

static const Shape shapes[] = {
  { 1, 1, 1, TRUE },    { 3, 5, 7, TRUE },    { 4, 8, 8, FALSE },
  { 17, 13, 11, TRUE }, { 64, 33, 65, TRUE }, { 2, 1, 131, FALSE },
};

static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++) {
    const Shape *sh = &shapes[s];
    VcEltwiseDesc desc = { sh->c, sh->h, sh->w, 0.75f, -1.25f, sh->has_b };
    gsize n = (gsize) sh->c * sh->h * sh->w;
    g_autofree float *a = vc_test_random (dev, n, -2, 2, s + 1);
    g_autofree float *b = vc_test_random (dev, n, -2, 2, s + 100);
    g_autofree float *want = g_new (float, n);
    vc_eltwise_ref (&desc, a, b, want);

    VcTensor ta, tb, to;
    VcBuffer *ba = vc_test_tensor (dev, sh->c, sh->h, sh->w, a, &ta);
    VcBuffer *bb = vc_test_tensor (dev, sh->c, sh->h, sh->w, b, &tb);
    VcBuffer *bo = vc_test_tensor (dev, sh->c, sh->h, sh->w, NULL, &to);
    g_autoptr (GError) error = NULL;
    VcEltwise *op = vc_eltwise_new (dev, &desc, &error);
    g_assert_no_error (error);
    VcCmd *cmd = vc_cmd_new (dev, &error);
    g_assert_no_error (error);
    g_assert_true (vc_cmd_begin (cmd, &error));
    g_assert_true (vc_eltwise_record (op, cmd, &ta, &tb, &to, &error));
    g_assert_true (vc_cmd_run (cmd, &error));
    g_autofree float *got = vc_test_download (dev, &to);
    double tol = vc_device_fp16 (dev) ? 4e-3 : 1e-6;
    vc_test_assert_close ("eltwise", got, want, n, tol);
    vc_cmd_free (cmd);
    vc_eltwise_free (op);
    vc_buffer_free (ba);
    vc_buffer_free (bb);
    vc_buffer_free (bo);
  }
}

/* Copying into a channel slice of a larger tensor leaves the other
 * channels alone: this is how concatenation works without a copy op. */
static void
test_concat_view (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  guint h = 5, w = 9;
  g_autofree float *a = vc_test_random (dev, 4 * h * w, -1, 1, 7);
  g_autofree float *b = vc_test_random (dev, 6 * h * w, -1, 1, 8);
  VcTensor ta, tb, tcat;
  VcBuffer *ba = vc_test_tensor (dev, 4, h, w, a, &ta);
  VcBuffer *bb = vc_test_tensor (dev, 6, h, w, b, &tb);
  VcBuffer *bc = vc_test_tensor (dev, 12, h, w, NULL, &tcat);
  g_autoptr (GError) error = NULL;
  VcEltwiseDesc da = { 4, h, w, 1.0f, 0.0f, FALSE }, db = { 6, h, w, 1.0f, 0.0f, FALSE };
  VcEltwise *opa = vc_eltwise_new (dev, &da, &error);
  VcEltwise *opb = vc_eltwise_new (dev, &db, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  VcTensor va = vc_tensor_channels (&tcat, 0, 4), vb = vc_tensor_channels (&tcat, 4, 6);
  vc_cmd_begin (cmd, &error);
  g_assert_true (vc_eltwise_record (opa, cmd, &ta, NULL, &va, &error));
  g_assert_true (vc_eltwise_record (opb, cmd, &tb, NULL, &vb, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  VcTensor all = vc_tensor_channels (&tcat, 0, 10);
  g_autofree float *got = vc_test_download (dev, &all);
  vc_test_assert_close ("concat a", got, a, 4 * h * w, 0);
  vc_test_assert_close ("concat b", got + 4 * h * w, b, 6 * h * w, 0);
  vc_cmd_free (cmd);
  vc_eltwise_free (opa);
  vc_eltwise_free (opb);
  vc_buffer_free (ba);
  vc_buffer_free (bb);
  vc_buffer_free (bc);
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  g_autoptr (GError) error = NULL;
  VcEltwiseDesc empty = { 0, 4, 4, 1, 1, TRUE };
  g_assert_null (vc_eltwise_new (dev, &empty, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  VcEltwiseDesc desc = { 4, 4, 4, 1, 1, TRUE };
  VcEltwise *op = vc_eltwise_new (dev, &desc, &error);
  VcTensor ta, tb;
  VcBuffer *ba = vc_test_tensor (dev, 4, 4, 4, NULL, &ta);
  VcBuffer *bb = vc_test_tensor (dev, 4, 4, 5, NULL, &tb);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  vc_cmd_begin (cmd, &error);
  g_assert_false (vc_eltwise_record (op, cmd, &ta, &tb, &ta, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "must be 4×4×4"));
  g_clear_error (&error);
  /* a view that runs past the end of its buffer */
  VcTensor past = ta;
  past.base = 8;
  g_assert_false (vc_eltwise_record (op, cmd, &ta, &ta, &past, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (vc_eltwise_record (op, cmd, &ta, NULL, &ta, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  vc_cmd_free (cmd);
  vc_eltwise_free (op);
  vc_buffer_free (ba);
  vc_buffer_free (bb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/eltwise/shapes", test_shapes);
  vc_test_add ("/eltwise/concat-view", test_concat_view);
  vc_test_add ("/eltwise/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
