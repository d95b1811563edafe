/* conv2d shader vs its C reference. */
#include "vc-test.h"
#include "vc-conv2d.h"

#include <math.h>
#include <string.h>

typedef struct {
  guint cin, cout, h, w, kernel, stride;
  VcActivation act;
  gboolean res;
} Case;

static const Case cases[] = {
  /* 1×1 spatial, and channel counts that are not multiples of 4 */
  { 1, 1, 1, 1, 3, 1, VC_ACT_NONE, FALSE },
  { 3, 5, 1, 1, 3, 2, VC_ACT_ELU, TRUE },
  { 5, 3, 1, 1, 1, 1, VC_ACT_RELU, TRUE },
  /* odd sizes, partial tiles, every activation */
  { 3, 17, 7, 5, 3, 1, VC_ACT_ELU, FALSE },
  { 17, 5, 13, 11, 3, 1, VC_ACT_TANH, TRUE },
  { 5, 17, 33, 17, 3, 1, VC_ACT_RELU, TRUE },
  { 17, 1, 17, 33, 3, 1, VC_ACT_NONE, TRUE },
  /* stride 2 */
  { 3, 8, 13, 11, 3, 2, VC_ACT_ELU, TRUE },
  { 8, 12, 33, 17, 3, 2, VC_ACT_TANH, FALSE },
  { 17, 5, 7, 5, 1, 2, VC_ACT_RELU, FALSE },
  { 12, 20, 34, 18, 1, 2, VC_ACT_NONE, TRUE },
  /* 1×1 (a GEMM), several stages of input packs */
  { 64, 24, 13, 11, 1, 1, VC_ACT_ELU, TRUE },
  { 17, 3, 33, 17, 1, 1, VC_ACT_TANH, FALSE },
  /* more output packs than one workgroup holds */
  { 24, 80, 9, 10, 3, 1, VC_ACT_RELU, TRUE },
  /* a real layer */
  { 64, 64, 40, 56, 3, 1, VC_ACT_ELU, TRUE },
  /* CPU kernel: the weights of 4 output packs in 2 uniform buffers (17 and
   * 16 input packs), 2 dispatches, the second with padding packs; in 5; and
   * too many input channels for 8 buffers, so the GPU kernel runs */
  { 130, 20, 9, 37, 3, 1, VC_ACT_ELU, TRUE },
  { 460, 5, 5, 6, 3, 1, VC_ACT_NONE, TRUE },
  { 3620, 5, 2, 3, 3, 1, VC_ACT_RELU, FALSE },
};

/* Largest |value| the reference produced: the tolerances scale with it.
 * fp32: accumulating up to 64·9 products in fp32 instead of double errs by
 * far less than 1e-4 of the output scale. fp16: inputs, weights, bias and
 * residual are already fp16 values, so the only extra error is rounding the
 * output to fp16, at most half an ulp: |out| · 2^-11. */
static double
tolerance (VcDevice *dev, const float *want, gsize n)
{
  double scale = MAX (1.0, vc_test_max_abs (want, n));
  return 1e-4 * scale + (vc_device_fp16 (dev) ? scale / 2048.0 : 0.0);
}

typedef struct {
  float *in, *weight, *bias, *res;
} HostData;

/* Random data on the scale of a trained layer: outputs of order 1. */
static HostData
host_data (VcDevice *dev, const VcConv2dDesc *d, guint32 seed)
{
  guint oh, ow;
  vc_conv2d_out_size (d, &oh, &ow);
  gsize nw = (gsize) d->cout * d->cin * d->kernel * d->kernel;
  float range = sqrtf (3.0f / (d->cin * d->kernel * d->kernel));
  HostData h = {
    vc_test_random (dev, (gsize) d->cin * d->h * d->w, -1, 1, seed),
    vc_test_random (dev, nw, -range, range, seed + 1),
    vc_test_random (dev, d->cout, -0.5, 0.5, seed + 2),
    vc_test_random (dev, (gsize) d->cout * oh * ow, -1, 1, seed + 3),
  };
  return h;
}

static void
host_data_free (HostData *h)
{
  g_free (h->in);
  g_free (h->weight);
  g_free (h->bias);
  g_free (h->res);
}

static VcConv2d *
new_op (VcDevice *dev, const VcConv2dDesc *d, const HostData *h)
{
  g_autoptr (GError) error = NULL;
  VcConv2d *op = vc_conv2d_new (dev, d, &error);
  g_assert_no_error (error);
  g_assert_true (vc_conv2d_set_weights (op, h->weight, h->bias, &error));
  return op;
}

static void
run (VcDevice *dev, VcConv2d *op, const VcTensor *in, const VcTensor *res, const VcTensor *out)
{
  g_autoptr (GError) error = NULL;
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_conv2d_record (op, cmd, in, res, out, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  vc_cmd_free (cmd);
}

static void
test_cases (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    const Case *c = &cases[i];
    VcConv2dDesc d = { c->cin, c->cout, c->h, c->w, c->kernel, c->stride, c->act, c->res };
    guint oh, ow;
    vc_conv2d_out_size (&d, &oh, &ow);
    gsize n = (gsize) c->cout * oh * ow;
    HostData h = host_data (dev, &d, 10 * i + 1);
    g_autofree float *want = g_new (float, n);
    vc_conv2d_ref (&d, h.in, h.weight, h.bias, h.res, want);

    VcTensor ti, tr, to;
    VcBuffer *bi = vc_test_tensor (dev, c->cin, c->h, c->w, h.in, &ti);
    VcBuffer *br = vc_test_tensor (dev, c->cout, oh, ow, h.res, &tr);
    VcBuffer *bo = vc_test_tensor (dev, c->cout, oh, ow, NULL, &to);
    VcConv2d *op = new_op (dev, &d, &h);
    run (dev, op, &ti, c->res ? &tr : NULL, &to);
    g_autofree float *got = vc_test_download (dev, &to);
    g_autofree char *what =
        g_strdup_printf ("conv2d %u→%u %u×%u k%u s%u act %d%s", c->cin, c->cout, c->h, c->w,
                         c->kernel, c->stride, c->act, c->res ? " +res" : "");
    vc_test_assert_close (what, got, want, n, tolerance (dev, want, n));
    vc_conv2d_free (op);
    vc_buffer_free (bi);
    vc_buffer_free (br);
    vc_buffer_free (bo);
    host_data_free (&h);
  }
}

/* Input, residual and output are channel views of larger tensors. The
 * output lands at channels 8..13 of a 20-channel concatenation: the
 * channels around it keep their values and the padding channels 14 and 15
 * of its last pack become zeros, although the input's and the residual's
 * padding channels hold other data (here even NaN). */
static void
test_views (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcConv2dDesc d = { 7, 6, 9, 13, 3, 1, VC_ACT_ELU, TRUE };
  guint oh = 9, ow = 13;
  gsize in_px = (gsize) d.h * d.w, out_px = (gsize) oh * ow;
  HostData h = host_data (dev, &d, 77);
  g_autofree float *want = g_new (float, 6 * out_px);
  vc_conv2d_ref (&d, h.in, h.weight, h.bias, h.res, want);

  g_autofree float *big_in = vc_test_random (dev, 12 * in_px, -1, 1, 78);
  memcpy (big_in + 4 * in_px, h.in, 7 * in_px * sizeof (float));
  for (gsize i = 0; i < in_px; i++)
    big_in[11 * in_px + i] = NAN;
  g_autofree float *big_res = vc_test_random (dev, 12 * out_px, -1, 1, 79);
  memcpy (big_res + 4 * out_px, h.res, 6 * out_px * sizeof (float));
  g_autofree float *big_out = vc_test_random (dev, 20 * out_px, 5, 6, 80);

  VcTensor ti, tr, to;
  VcBuffer *bi = vc_test_tensor (dev, 12, d.h, d.w, big_in, &ti);
  VcBuffer *br = vc_test_tensor (dev, 12, oh, ow, big_res, &tr);
  VcBuffer *bo = vc_test_tensor (dev, 20, oh, ow, big_out, &to);
  VcTensor vi = vc_tensor_channels (&ti, 4, 7), vr = vc_tensor_channels (&tr, 4, 6);
  VcTensor vo = vc_tensor_channels (&to, 8, 6);
  VcConv2d *op = new_op (dev, &d, &h);
  run (dev, op, &vi, &vr, &vo);
  g_autofree float *got = vc_test_download (dev, &to);
  vc_test_assert_close ("conv2d view", got + 8 * out_px, want, 6 * out_px,
                        tolerance (dev, want, 6 * out_px));
  vc_test_assert_close ("channels before the view", got, big_out, 8 * out_px, 0);
  vc_test_assert_close ("channels after the view", got + 16 * out_px, big_out + 16 * out_px,
                        4 * out_px, 0);
  g_autofree float *zeros = g_new0 (float, 2 * out_px);
  vc_test_assert_close ("padding channels of the view", got + 14 * out_px, zeros, 2 * out_px, 0);
  vc_conv2d_free (op);
  vc_buffer_free (bi);
  vc_buffer_free (br);
  vc_buffer_free (bo);
  host_data_free (&h);
}

static void
assert_invalid_desc (VcDevice *dev, VcConv2dDesc d, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_conv2d_new (dev, &d, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
assert_invalid_record (VcConv2d *op, VcCmd *cmd, const VcTensor *in, const VcTensor *res,
                       const VcTensor *out, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_assert_false (vc_conv2d_record (op, cmd, in, res, out, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  assert_invalid_desc (dev, (VcConv2dDesc){ 4, 4, 8, 8, 5, 1, VC_ACT_NONE, FALSE }, "kernel");
  assert_invalid_desc (dev, (VcConv2dDesc){ 4, 4, 8, 8, 3, 3, VC_ACT_NONE, FALSE }, "stride");
  assert_invalid_desc (dev, (VcConv2dDesc){ 0, 4, 8, 8, 3, 1, VC_ACT_NONE, FALSE }, "empty");
  assert_invalid_desc (dev, (VcConv2dDesc){ 4, 0, 8, 8, 3, 1, VC_ACT_NONE, FALSE }, "empty");
  assert_invalid_desc (dev, (VcConv2dDesc){ 4, 4, 0, 8, 3, 1, VC_ACT_NONE, FALSE }, "empty");
  assert_invalid_desc (dev, (VcConv2dDesc){ 4, 4, 8, 8, 3, 1, 7, FALSE }, "activation");

  g_autoptr (GError) error = NULL;
  VcConv2dDesc d = { 4, 8, 8, 8, 3, 2, VC_ACT_RELU, TRUE };
  VcConv2d *op = vc_conv2d_new (dev, &d, &error);
  g_assert_no_error (error);
  VcTensor in, res, out, wrong;
  VcBuffer *bi = vc_test_tensor (dev, 4, 8, 8, NULL, &in);
  VcBuffer *br = vc_test_tensor (dev, 8, 4, 4, NULL, &res);
  VcBuffer *bo = vc_test_tensor (dev, 8, 4, 4, NULL, &out);
  VcBuffer *bw = vc_test_tensor (dev, 8, 8, 8, NULL, &wrong);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  assert_invalid_record (op, cmd, &in, &res, &out, "before vc_conv2d_set_weights");
  g_assert_false (vc_conv2d_set_weights (op, NULL, NULL, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_autofree float *weight = g_new0 (float, 8 * 4 * 9);
  g_assert_true (vc_conv2d_set_weights (op, weight, NULL, &error));
  assert_invalid_record (op, cmd, &wrong, &res, &out, "input is 8×8×8");
  assert_invalid_record (op, cmd, &in, &res, &wrong, "output is 8×8×8");
  assert_invalid_record (op, cmd, &in, &wrong, &out, "must be 8×4×4");
  assert_invalid_record (op, cmd, &in, NULL, &out, "no tensor");
  /* the output 8×8×8 would be right for stride 1 */
  VcTensor half = vc_tensor_channels (&out, 4, 4);
  assert_invalid_record (op, cmd, &in, &res, &half, "must be 8×4×4");
  vc_cmd_free (cmd);
  vc_conv2d_free (op);
  vc_buffer_free (bi);
  vc_buffer_free (br);
  vc_buffer_free (bo);
  vc_buffer_free (bw);
}

/* Milliseconds per layer of REPS layers recorded back to back (each waits
 * for the last, which wrote the same output): GPU timestamps where the
 * device has them, else wall-clock time. */
static double
time_layers (VcCmd *cmd, VcConv2d *op, const VcTensor *in, const VcTensor *res, const VcTensor *out,
             guint reps)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (vc_cmd_begin (cmd, &error));
  int t0 = vc_cmd_timestamp (cmd);
  for (guint r = 0; r < reps; r++)
    g_assert_true (vc_conv2d_record (op, cmd, in, res, out, &error));
  int t1 = vc_cmd_timestamp (cmd);
  gint64 start = g_get_monotonic_time ();
  g_assert_true (vc_cmd_run (cmd, &error));
  double ms = (g_get_monotonic_time () - start) / 1000.0 / reps;
  return t0 >= 0 && t1 >= 0 ? vc_cmd_elapsed_ns (cmd, t0, t1) / 1e6 / reps : ms;
}

/* Layers of the colorization network at 256×448: the 64→64 3×3 body, a
 * 1×1, a downsampling 3×3 and the grayscale input layer. Only with
 * -m perf. */
static const Case perf_cases[] = {
  { 64, 64, 256, 448, 3, 1, VC_ACT_ELU, TRUE },
  { 64, 64, 256, 448, 1, 1, VC_ACT_ELU, TRUE },
  { 64, 128, 256, 448, 3, 2, VC_ACT_ELU, FALSE },
  { 1, 64, 256, 448, 3, 1, VC_ACT_ELU, FALSE },
};

static void
test_perf (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (perf_cases); i++) {
    const Case *c = &perf_cases[i];
    VcConv2dDesc d = { c->cin, c->cout, c->h, c->w, c->kernel, c->stride, c->act, c->res };
    guint oh, ow;
    vc_conv2d_out_size (&d, &oh, &ow);
    HostData h = host_data (dev, &d, 5);
    VcTensor ti, tr, to;
    VcBuffer *bi = vc_test_tensor (dev, c->cin, c->h, c->w, h.in, &ti);
    VcBuffer *br = vc_test_tensor (dev, c->cout, oh, ow, h.res, &tr);
    VcBuffer *bo = vc_test_tensor (dev, c->cout, oh, ow, NULL, &to);
    VcConv2d *op = new_op (dev, &d, &h);
    g_autoptr (GError) error = NULL;
    VcCmd *cmd = vc_cmd_new (dev, &error);
    g_assert_no_error (error);
    /* a first run tells how many repetitions fill about a second */
    double ms = time_layers (cmd, op, &ti, &tr, &to, 1);
    ms = time_layers (cmd, op, &ti, &tr, &to, CLAMP ((guint) (1000.0 / ms), 1, 200));
    double gflop = 2.0 * c->cin * c->cout * c->kernel * c->kernel * oh * ow / 1e9;
    g_test_message ("conv2d %u→%u %u×%u k%u s%u on %s: %.3f ms, %.1f GFLOP/s", c->cin, c->cout,
                    c->h, c->w, c->kernel, c->stride, vc_device_name (dev), ms, gflop / (ms / 1e3));
    vc_cmd_free (cmd);
    vc_conv2d_free (op);
    vc_buffer_free (bi);
    vc_buffer_free (br);
    vc_buffer_free (bo);
    host_data_free (&h);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add_kernels ("/conv2d/cases", test_cases);
  vc_test_add_kernels ("/conv2d/views", test_views);
  vc_test_add_kernels ("/conv2d/invalid", test_invalid);
  if (g_test_perf ())
    vc_test_add ("/conv2d/perf", test_perf);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
