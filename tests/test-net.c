/* The graph executor against PyTorch: the parity model (tests/data/
 * parity-model.safetensors) run on the fixtures of models/train/
 * make_fixtures.py — a reference, then three frames attending to the
 * reference, the keyframe and the previous frame, with prev — compared with
 * the graph run by interp.py in float64 on the same F16 weights. */
#include "vc-test.h"
#include "vc-net.h"

#include <stdlib.h>

static VcModel *model;
static VcSafetensors *fixtures;
static guint net_h, net_w;

/* Maximum absolute error per output: L2-normalised keys and conf (a
 * similarity) in [-1, 1], l in network units ([-1, 1]), ab and warped in
 * a*b* (110 × network units). Measured on lavapipe with the fixtures of the
 * patch-value network (CPU run cpu3, step 140), the largest over the three
 * frames:
 *            l        ab       warped   conf     key
 *   fp32     1.8e-7   2.7e-4   1.5e-4   3.0e-7   1.2e-7
 *   fp16     1.0e-3   1.7e-1   7.6e-2   4.1e-4   2.8e-4
 * fp32 differs from float64 by accumulation order only; fp16 rounds every
 * activation to 11 bits on its way through ~30 layers, and the attention's
 * logits s/tau (tau ~0.02) amplify the rounding of keys 50-fold. ab is the
 * attended patches put back pixel for pixel (no averaging over a patch) plus
 * the correction, with values up to 103 a*b* here, where one fp16 step is
 * 0.06 (mean fp16 error 0.01). The tolerances leave about 4× room (other
 * devices sum in other orders). */
typedef struct {
  const char *name;
  double tol[2]; /* fp32, fp16 */
} Output;

static const Output outputs[] = {
  { "l", { 1e-6, 5e-3 } },    { "ab", { 1e-3, 0.6 } },   { "warped", { 1e-3, 0.35 } },
  { "conf", { 1e-6, 2e-3 } }, { "key", { 1e-6, 1e-3 } },
};

static float *
fixture (const char *name, const VcTensor *like)
{
  const VcStTensor *t = vc_safetensors_find (fixtures, name);
  g_assert_nonnull (t);
  g_assert_cmpuint (t->rank, ==, 3);
  g_assert_cmpuint (t->shape[0], ==, like->c);
  g_assert_cmpuint (t->shape[1], ==, like->h);
  g_assert_cmpuint (t->shape[2], ==, like->w);
  float *v = g_new (float, t->n_elements);
  vc_st_tensor_to_float (t, v);
  return v;
}

static void
upload (VcDevice *dev, VcNet *net, const char *name, const char *fixture_name)
{
  const VcTensor *t = vc_net_tensor (net, name);
  g_autofree float *v = fixture (fixture_name, t);
  g_autoptr (GError) error = NULL;
  g_assert_true (vc_tensor_upload (dev, t, v, &error));
}

static void
compare_frame (VcDevice *dev, VcNet *net, guint t)
{
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++) {
    const VcTensor *x = vc_net_tensor (net, outputs[i].name);
    g_autofree char *name = g_strdup_printf ("f%u.%s", t, outputs[i].name);
    g_autofree float *want = fixture (name, x);
    g_autofree float *got = vc_test_download (dev, x);
    gsize n = (gsize) x->c * x->h * x->w;
    double tol = outputs[i].tol[vc_device_fp16 (dev)];
    g_test_message ("%s: max |error| %.2e (tolerance %.0e)", name,
                    vc_test_max_abs_diff (got, want, n), tol);
    vc_test_assert_close (name, got, want, n, tol);
  }
}

static void
run (VcCmd *cmd)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (vc_cmd_run (cmd, &error));
  g_assert_no_error (error);
}

static void
test_parity (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (VcNet) net = vc_net_new (dev, model, net_h, net_w, 3, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  upload (dev, net, "ref_L", "ref_L");
  upload (dev, net, "ref_ab", "ref_ab");
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_net_record_source (net, cmd, 0, &error));
  run (cmd);
  for (guint t = 0; t < 3; t++) {
    g_autofree char *name = g_strdup_printf ("f%u.L", t);
    upload (dev, net, "L", name);
    g_assert_true (vc_cmd_begin (cmd, &error));
    g_assert_true (vc_net_record_frame (net, cmd, 1 + t, &error));
    if (t < 2) {
      g_assert_true (vc_net_record_store (net, cmd, 1 + t, &error));
      g_assert_true (vc_net_record_prev (net, cmd, &error));
    }
    run (cmd);
    compare_frame (dev, net, t);
  }
  /* The last recording again: the same result, bit for bit. */
  const VcTensor *ab = vc_net_tensor (net, "ab");
  g_autofree float *first = vc_test_download (dev, ab);
  g_assert_true (vc_cmd_submit (cmd, &error) && vc_cmd_wait (cmd, G_MAXUINT64, &error));
  g_autofree float *again = vc_test_download (dev, ab);
  vc_test_assert_close ("resubmitted ab", again, first, (gsize) ab->c * ab->h * ab->w, 0);
  g_test_message ("%u×%u, %u dispatches per frame; net, pipelines and four runs: %.1f s", net_h,
                  net_w, vc_cmd_n_dispatches (cmd), (g_get_monotonic_time () - start) / 1e6);
  vc_cmd_free (cmd);
}

/* clear_prev zeroes the state that prev wrote. */
static void
test_clear_prev (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (VcNet) net = vc_net_new (dev, model, net_h, net_w, 1, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  const VcTensor *prev = vc_net_tensor (net, "prev");
  gsize n = (gsize) prev->c * prev->h * prev->w;
  g_autofree float *zeros = g_new0 (float, n);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_net_record_prev (net, cmd, &error));
  run (cmd);
  g_autofree float *set = vc_test_download (dev, prev);
  g_assert_cmpfloat (set[n - 1], ==, 1.0f); /* the valid channel */
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_net_record_clear_prev (net, cmd, &error));
  run (cmd);
  g_autofree float *cleared = vc_test_download (dev, prev);
  vc_test_assert_close ("cleared prev", cleared, zeros, n, 0);
  vc_cmd_free (cmd);
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_net_new (dev, model, 48, 64, 2, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "multiple of 32"));
  g_clear_error (&error);
  g_autoptr (VcNet) net = vc_net_new (dev, model, net_h, net_w, 2, &error);
  g_assert_no_error (error);
  g_assert_null (vc_net_tensor (net, "nothing"));
  g_assert_null (vc_net_tensor (net, "src.key")); /* a slot tensor */
  g_assert_cmpuint (vc_net_n_slots (net), ==, 2);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_false (vc_net_record_source (net, cmd, 2, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (vc_net_record_store (net, cmd, 5, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (vc_net_record_frame (net, cmd, 3, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "3 active slots"));
  vc_cmd_free (cmd);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *mpath =
      g_test_build_filename (G_TEST_DIST, "data", "parity-model.safetensors", NULL);
  g_autofree char *fpath =
      g_test_build_filename (G_TEST_DIST, "data", "parity-fixtures.safetensors", NULL);
  model = vc_model_load_file (mpath, &error);
  g_assert_no_error (error);
  fixtures = vc_safetensors_new_from_file (fpath, &error);
  g_assert_no_error (error);
  net_h = atoi (vc_safetensors_metadata (fixtures, "height"));
  net_w = atoi (vc_safetensors_metadata (fixtures, "width"));
  vc_test_add_kernels ("/net/parity", test_parity);
  vc_test_add ("/net/clear-prev", test_clear_prev);
  vc_test_add ("/net/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  vc_safetensors_free (fixtures);
  vc_model_free (model);
  return ret;
}
