/* resize shader vs its C reference, and vs hand-computed PyTorch values. */
#include "vc-test.h"
#include "vc-resize.h"

typedef struct {
  guint c, h, w, out_h, out_w;
} Shape;

static const Shape shapes[] = {
  { 1, 1, 1, 1, 1 },       { 2, 1, 1, 5, 3 },     { 3, 7, 5, 14, 10 }, { 5, 13, 11, 5, 4 },
  { 17, 33, 17, 100, 61 }, { 4, 90, 64, 21, 15 }, { 2, 6, 9, 6, 9 },
};

/* Runs a resize of host data IN on DEV into a new dense output tensor. */
static float *
run_resize (VcDevice *dev, const VcResizeDesc *desc, const float *in)
{
  VcTensor ti, to;
  VcBuffer *bi = vc_test_tensor (dev, desc->c, desc->h, desc->w, in, &ti);
  VcBuffer *bo = vc_test_tensor (dev, desc->c, desc->out_h, desc->out_w, NULL, &to);
  g_autoptr (GError) error = NULL;
  VcResize *op = vc_resize_new (dev, desc, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_resize_record (op, cmd, &ti, &to, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  float *got = vc_test_download (dev, &to);
  vc_cmd_free (cmd);
  vc_resize_free (op);
  vc_buffer_free (bi);
  vc_buffer_free (bo);
  return got;
}

static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  double tol = vc_device_fp16 (dev) ? 1e-3 : 1e-6;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int aa = 0; aa <= 1; aa++) {
      const Shape *sh = &shapes[s];
      VcResizeDesc desc = { sh->c, sh->h, sh->w, sh->out_h, sh->out_w, aa };
      gsize n_in = (gsize) sh->c * sh->h * sh->w, n_out = (gsize) sh->c * sh->out_h * sh->out_w;
      g_autofree float *in = vc_test_random (dev, n_in, -2, 2, s + 1);
      g_autofree float *want = g_new (float, n_out);
      vc_resize_ref (&desc, in, want);
      g_autofree float *got = run_resize (dev, &desc, in);
      g_autofree char *what = g_strdup_printf ("resize %u×%u×%u → %u×%u%s", sh->c, sh->h, sh->w,
                                               sh->out_h, sh->out_w, aa ? " antialias" : "");
      vc_test_assert_close (what, got, want, n_out, tol);
    }
}

/* PyTorch's convention checked independently of the reference:
 * F.interpolate([[1, 2], [3, 4]], scale_factor=2, mode='bilinear') and the
 * 4×4 ramp 1 + x + 4y halved with and without antialias (computed by hand
 * from PyTorch's definitions: the antialiased 1-D weights are 3/7, 3/7, 1/7
 * and 1/7, 3/7, 3/7). */
static void
test_hand_values (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  /* values up to 14: half an fp16 step is 2^-8 */
  double tol = vc_device_fp16 (dev) ? 4e-3 : 1e-6;
  static const float in2[] = { 1, 2, 3, 4 };
  static const float up[] = { 1.0f, 1.25f, 1.75f, 2.0f, 1.5f, 1.75f, 2.25f, 2.5f,
                              2.5f, 2.75f, 3.25f, 3.5f, 3.0f, 3.25f, 3.75f, 4.0f };
  VcResizeDesc d_up = { 1, 2, 2, 4, 4, FALSE };
  g_autofree float *got_up = run_resize (dev, &d_up, in2);
  vc_test_assert_close ("resize 2×2 → 4×4", got_up, up, 16, tol);

  float ramp[16];
  for (int i = 0; i < 16; i++)
    ramp[i] = 1 + i;
  static const float down[] = { 3.5f, 5.5f, 11.5f, 13.5f };
  static const float down_aa[] = { 32 / 7.0f, 43 / 7.0f, 76 / 7.0f, 87 / 7.0f };
  VcResizeDesc d_down = { 1, 4, 4, 2, 2, FALSE }, d_aa = { 1, 4, 4, 2, 2, TRUE };
  g_autofree float *got_down = run_resize (dev, &d_down, ramp);
  vc_test_assert_close ("resize 4×4 → 2×2", got_down, down, 4, tol);
  g_autofree float *got_aa = run_resize (dev, &d_aa, ramp);
  vc_test_assert_close ("resize 4×4 → 2×2 antialias", got_aa, down_aa, 4, tol);
}

/* Input and output as channel views: the output lands in channels 4..6 of
 * a 12-channel concatenation and leaves the other packs alone. */
static void
test_channel_view (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  guint h = 9, w = 7, oh = 5, ow = 12;
  gsize in_plane = (gsize) h * w, out_plane = (gsize) oh * ow;
  g_autofree float *in = vc_test_random (dev, 8 * in_plane, -1, 1, 11);
  g_autofree float *cat = vc_test_random (dev, 12 * out_plane, 5, 6, 12);
  VcTensor ti, tcat;
  VcBuffer *bi = vc_test_tensor (dev, 8, h, w, in, &ti);
  VcBuffer *bcat = vc_test_tensor (dev, 12, oh, ow, cat, &tcat);
  VcTensor vin = vc_tensor_channels (&ti, 4, 3), vout = vc_tensor_channels (&tcat, 4, 3);
  for (int aa = 0; aa <= 1; aa++) {
    VcResizeDesc desc = { 3, h, w, oh, ow, aa };
    g_autoptr (GError) error = NULL;
    VcResize *op = vc_resize_new (dev, &desc, &error);
    g_assert_no_error (error);
    VcCmd *cmd = vc_cmd_new (dev, &error);
    g_assert_true (vc_cmd_begin (cmd, &error));
    g_assert_true (vc_resize_record (op, cmd, &vin, &vout, &error));
    g_assert_true (vc_cmd_run (cmd, &error));
    g_autofree float *got = vc_test_download (dev, &tcat);
    g_autofree float *want = g_memdup2 (cat, 12 * out_plane * sizeof (float));
    vc_resize_ref (&desc, in + 4 * in_plane, want + 4 * out_plane);
    vc_test_assert_close ("resize view, packs before", got, want, 4 * out_plane, 0);
    vc_test_assert_close ("resize view", got + 4 * out_plane, want + 4 * out_plane, 3 * out_plane,
                          vc_device_fp16 (dev) ? 1e-3 : 1e-6);
    vc_test_assert_close ("resize view, packs after", got + 8 * out_plane, want + 8 * out_plane,
                          4 * out_plane, 0);
    vc_cmd_free (cmd);
    vc_resize_free (op);
  }
  vc_buffer_free (bi);
  vc_buffer_free (bcat);
}

static void
expect_invalid_desc (VcDevice *dev, VcResizeDesc desc)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_resize_new (dev, &desc, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "resize"));
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  expect_invalid_desc (dev, (VcResizeDesc){ 0, 4, 4, 8, 8, FALSE });
  expect_invalid_desc (dev, (VcResizeDesc){ 2, 0, 4, 8, 8, FALSE });
  expect_invalid_desc (dev, (VcResizeDesc){ 2, 4, 0, 8, 8, TRUE });
  expect_invalid_desc (dev, (VcResizeDesc){ 2, 4, 4, 0, 8, FALSE });
  expect_invalid_desc (dev, (VcResizeDesc){ 2, 4, 4, 8, 0, TRUE });

  VcResizeDesc desc = { 2, 4, 4, 8, 8, FALSE };
  g_autoptr (GError) error = NULL;
  VcResize *op = vc_resize_new (dev, &desc, &error);
  g_assert_no_error (error);
  VcTensor tin, tout, tbad;
  VcBuffer *bin = vc_test_tensor (dev, 2, 4, 4, NULL, &tin);
  VcBuffer *bout = vc_test_tensor (dev, 2, 8, 8, NULL, &tout);
  VcBuffer *bbad = vc_test_tensor (dev, 3, 8, 8, NULL, &tbad);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  vc_cmd_begin (cmd, &error);
  g_assert_false (vc_resize_record (op, cmd, &tout, &tout, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "resize: in is 2×8×8"));
  g_clear_error (&error);
  g_assert_false (vc_resize_record (op, cmd, &tin, &tbad, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "must be 2×8×8"));
  g_clear_error (&error);
  g_assert_false (vc_resize_record (op, cmd, &tin, NULL, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (vc_cmd_n_dispatches (cmd), ==, 0);
  vc_cmd_free (cmd);
  vc_resize_free (op);
  vc_buffer_free (bin);
  vc_buffer_free (bout);
  vc_buffer_free (bbad);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/resize/shapes", test_shapes);
  vc_test_add ("/resize/hand-values", test_hand_values);
  vc_test_add ("/resize/channel-view", test_channel_view);
  vc_test_add ("/resize/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
