/* affine shader vs its C reference. */
#include "vc-test.h"
#include "vc-affine.h"

#include <math.h>

typedef struct {
  guint c, h, w;
  float scale, offset;
} Shape;

static const Shape shapes[] = {
  { 1, 1, 1, 0.02f, -1.0f }, { 2, 5, 7, 110.0f, 0.0f }, { 3, 13, 11, 1.0f, 0.0f },
  { 4, 8, 8, -0.5f, 0.25f }, { 66, 9, 17, 2.0f, 1.0f }, { 1, 64, 96, 0.02f, -1.0f },
};

static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++) {
    const Shape *sh = &shapes[s];
    VcAffineDesc desc = { sh->c, sh->h, sh->w, sh->scale, sh->offset };
    gsize n = (gsize) sh->c * sh->h * sh->w;
    g_autofree float *in = vc_test_random (dev, n, -2, 2, s + 1);
    g_autofree float *want = g_new (float, n);
    vc_affine_ref (&desc, in, want);

    VcTensor ti, to;
    VcBuffer *bi = vc_test_tensor (dev, sh->c, sh->h, sh->w, in, &ti);
    VcBuffer *bo = vc_test_tensor (dev, sh->c, sh->h, sh->w, NULL, &to);
    g_autoptr (GError) error = NULL;
    VcAffine *op = vc_affine_new (dev, &desc, &error);
    g_assert_no_error (error);
    VcCmd *cmd = vc_cmd_new (dev, &error);
    g_assert_no_error (error);
    g_assert_true (vc_cmd_begin (cmd, &error));
    g_assert_true (vc_affine_record (op, cmd, &ti, &to, &error));
    g_assert_true (vc_cmd_run (cmd, &error));
    g_autofree float *got = vc_test_download (dev, &to);
    /* One fp32 multiply-add, then the rounding of the stored result. */
    double tol = 1e-6 * (fabs (sh->scale) * 2 + fabs (sh->offset));
    if (vc_device_fp16 (dev))
      tol += vc_test_max_abs (want, n) / 1024;
    vc_test_assert_close ("affine", got, want, n, tol);
    vc_cmd_free (cmd);
    vc_affine_free (op);
    vc_buffer_free (bi);
    vc_buffer_free (bo);
  }
}

/* Into a channel view: the padding lanes of the view's last pack become 0
 * (never the offset), the channels outside the view are left alone; and
 * in place. */
static void
test_view_and_in_place (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  guint h = 3, w = 5, hw = h * w;
  g_autofree float *all = vc_test_random (dev, 12 * hw, -1, 1, 3);
  g_autofree float *in = vc_test_random (dev, 3 * hw, -1, 1, 4);
  VcTensor tall, tin;
  VcBuffer *ball = vc_test_tensor (dev, 12, h, w, all, &tall);
  VcBuffer *bin = vc_test_tensor (dev, 3, h, w, in, &tin);
  g_autoptr (GError) error = NULL;
  VcAffineDesc desc = { 3, h, w, 0.5f, 4.0f };
  VcAffine *op = vc_affine_new (dev, &desc, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  VcTensor view = vc_tensor_channels (&tall, 4, 3);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_affine_record (op, cmd, &tin, &view, &error));
  g_assert_true (vc_affine_record (op, cmd, &tin, &tin, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  g_autofree float *got = vc_test_download (dev, &tall);
  g_autofree float *want = g_memdup2 (all, 12 * hw * sizeof (float));
  vc_affine_ref (&desc, in, want + 4 * hw);
  for (guint i = 0; i < hw; i++)
    want[7 * hw + i] = 0.0f;
  double tol = vc_device_fp16 (dev) ? 4.5 / 1024 : 1e-6;
  vc_test_assert_close ("affine into a view", got, want, 12 * hw, tol);
  g_autofree float *twice = vc_test_download (dev, &tin);
  vc_affine_ref (&desc, in, in);
  vc_test_assert_close ("affine in place", twice, in, 3 * hw, tol);
  vc_cmd_free (cmd);
  vc_affine_free (op);
  vc_buffer_free (ball);
  vc_buffer_free (bin);
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  g_autoptr (GError) error = NULL;
  VcAffineDesc empty = { 2, 0, 4, 1, 0 };
  g_assert_null (vc_affine_new (dev, &empty, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "affine"));
  g_clear_error (&error);
  VcAffineDesc inf = { 2, 4, 4, INFINITY, 0 };
  g_assert_null (vc_affine_new (dev, &inf, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "finite"));
  g_clear_error (&error);

  VcAffineDesc desc = { 4, 4, 4, 1, 0 };
  VcAffine *op = vc_affine_new (dev, &desc, &error);
  VcTensor ta, tb;
  VcBuffer *ba = vc_test_tensor (dev, 4, 4, 4, NULL, &ta);
  VcBuffer *bb = vc_test_tensor (dev, 4, 4, 5, NULL, &tb);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  vc_cmd_begin (cmd, &error);
  g_assert_false (vc_affine_record (op, cmd, &ta, &tb, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "must be 4×4×4"));
  vc_cmd_free (cmd);
  vc_affine_free (op);
  vc_buffer_free (ba);
  vc_buffer_free (bb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/affine/shapes", test_shapes);
  vc_test_add ("/affine/view-and-in-place", test_view_and_in_place);
  vc_test_add ("/affine/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
