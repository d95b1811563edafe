/* space-to-depth / depth-to-space shader vs its C reference, vs PyTorch's
 * pixel_unshuffle / pixel_shuffle on hand-checked values, into channel views
 * and memory slots, and its argument checks. */
#include "vc-test.h"
#include "vc-attention.h"
#include "vc-shuffle.h"

#include <math.h>

#define S2D VC_SHUFFLE_SPACE_TO_DEPTH
#define D2S VC_SHUFFLE_DEPTH_TO_SPACE

static const VcShuffleDesc shapes[] = {
  { S2D, 1, 1, 1, 1, 1.0f },         { D2S, 1, 1, 1, 1, -0.5f },
  { S2D, 2, 8, 8, 8, 1.0f },         /* → 128×1×1 */
  { D2S, 128, 1, 1, 8, 110.0f },     /* → 2×8×8 */
  { S2D, 2, 16, 24, 8, 1 / 110.0f }, /* ref_ab into a slot's patches */
  { D2S, 128, 3, 5, 8, 1.0f },       /* → 2×24×40 */
  { S2D, 3, 9, 15, 3, 0.5f },        /* odd sides and factor → 27×3×5 */
  { D2S, 27, 3, 5, 3, 2.0f },        /* → 3×9×15 */
  { S2D, 5, 14, 18, 2, -1.0f },      /* → 20×7×9 */
  { D2S, 12, 5, 7, 2, 1.0f },        /* → 3×10×14: a padding lane */
  { S2D, 1, 64, 96, 4, 1.0f },       /* → 16×16×24 */
  { S2D, 2, 64, 96, 8, 1 / 110.0f }, /* the parity fixtures' size → 128×8×12 */
  { D2S, 128, 8, 12, 8, 1.0f },
};

/* Runs OP of DESC on host data IN into a new dense output; returns it. */
static float *
run_shuffle (VcDevice *dev, const VcShuffleDesc *desc, const float *in)
{
  guint oc, oh, ow;
  vc_shuffle_out_shape (desc, &oc, &oh, &ow);
  VcTensor ti, to;
  VcBuffer *bi = vc_test_tensor (dev, desc->c, desc->h, desc->w, in, &ti);
  VcBuffer *bo = vc_test_tensor (dev, oc, oh, ow, NULL, &to);
  g_autoptr (GError) error = NULL;
  VcShuffle *op = vc_shuffle_new (dev, desc, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_shuffle_record (op, cmd, &ti, &to, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  float *got = vc_test_download (dev, &to);
  vc_cmd_free (cmd);
  vc_shuffle_free (op);
  vc_buffer_free (bi);
  vc_buffer_free (bo);
  return got;
}

/* A permutation and one fp32 multiply (correctly rounded): exact in fp32;
 * fp16 storage rounds the product once more (to nearest or towards zero,
 * as the device converts), under 2^-10 relative. */
static double
tolerance (VcDevice *dev, const float *want, gsize n)
{
  return vc_device_fp16 (dev) ? vc_test_max_abs (want, n) / 1024 : 0.0;
}

static void
test_shapes (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++) {
    const VcShuffleDesc *d = &shapes[s];
    guint oc, oh, ow;
    vc_shuffle_out_shape (d, &oc, &oh, &ow);
    gsize n = (gsize) d->c * d->h * d->w;
    g_assert_cmpuint (n, ==, (gsize) oc * oh * ow);
    g_autofree float *in = vc_test_random (dev, n, -2, 2, s + 1);
    g_autofree float *want = g_new (float, n);
    vc_shuffle_ref (d, in, want);
    g_autofree float *got = run_shuffle (dev, d, in);
    g_autofree char *what =
        g_strdup_printf ("%s %u×%u×%u by %u → %u×%u×%u", d->mode == S2D ? "s2d" : "d2s", d->c, d->h,
                         d->w, d->r, oc, oh, ow);
    vc_test_assert_close (what, got, want, n, tolerance (dev, want, n));
  }
}

/* PyTorch: F.pixel_unshuffle (arange (8).view (1, 1, 2, 4), 2) is
 * [[0, 2]], [[1, 3]], [[4, 6]], [[5, 7]] and F.pixel_shuffle
 * (arange (8).view (1, 8, 1, 1), 2) is [[0, 1], [2, 3]], [[4, 5], [6, 7]]. */
static void
test_hand_values (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  static const float ramp[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
  static const float unshuffled[] = { 0, 2, 1, 3, 4, 6, 5, 7 };
  VcShuffleDesc s2d = { S2D, 1, 2, 4, 2, 1.0f };
  g_autofree float *got = run_shuffle (dev, &s2d, ramp);
  vc_test_assert_close ("pixel_unshuffle 1×2×4 by 2", got, unshuffled, 8, 0);
  VcShuffleDesc d2s = { D2S, 8, 1, 1, 2, 1.0f };
  g_autofree float *back = run_shuffle (dev, &d2s, ramp);
  vc_test_assert_close ("pixel_shuffle 8×1×1 by 2", back, ramp, 8, 0);
}

/* depth_to_space (space_to_depth (x)) = x, bit for bit. */
static void
test_round_trip (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  VcShuffleDesc s2d = { S2D, 2, 40, 24, 8, 1.0f }, d2s = { D2S, 128, 5, 3, 8, 1.0f };
  gsize n = 2 * 40 * 24;
  g_autofree float *in = vc_test_random (dev, n, -100, 100, 9);
  g_autofree float *depth = run_shuffle (dev, &s2d, in);
  g_autofree float *space = run_shuffle (dev, &d2s, depth);
  vc_test_assert_close ("round trip", space, in, n, 0);
}

/* Space-to-depth into channels 64..191 of a memory slot (a view of a
 * 196-channel value tensor whose plane stride is the memory's width, at a
 * column offset), leaving the features and other slots alone; then
 * depth-to-space from those channels into channels 4..5 of a 12-channel
 * tensor, whose pack's padding lanes 6..7 become zero. */
static void
test_views (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  guint h = 3, w = 5, r = 8, cv = 196, m = 1 + 2 * h * w;
  g_autofree float *mem = vc_test_random (dev, (gsize) cv * m, -1, 1, 11);
  g_autofree float *ab = vc_test_random (dev, 2 * h * r * w * r, -60, 60, 12);
  VcTensor tmem, tab;
  VcBuffer *bmem = vc_test_tensor (dev, cv, 1, m, mem, &tmem);
  VcBuffer *bab = vc_test_tensor (dev, 2, h * r, w * r, ab, &tab);
  VcTensor slot = vc_attention_key_view (&tmem, 1 + h * w, h, w);
  VcTensor patches = vc_tensor_channels (&slot, 64, 128);

  g_autofree float *all = vc_test_random (dev, 12 * h * r * w * r, -1, 1, 13);
  VcTensor tall;
  VcBuffer *ball = vc_test_tensor (dev, 12, h * r, w * r, all, &tall);
  VcTensor back = vc_tensor_channels (&tall, 4, 2);

  g_autoptr (GError) error = NULL;
  VcShuffleDesc s2d = { S2D, 2, h * r, w * r, r, 1 / 110.0f };
  VcShuffleDesc d2s = { D2S, 128, h, w, r, 110.0f };
  VcShuffle *down = vc_shuffle_new (dev, &s2d, &error);
  g_assert_no_error (error);
  VcShuffle *up = vc_shuffle_new (dev, &d2s, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_shuffle_record (down, cmd, &tab, &patches, &error));
  g_assert_true (vc_shuffle_record (up, cmd, &patches, &back, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  g_assert_no_error (error);

  /* The memory: slot 1's columns 64..191 are the patches, the rest kept. */
  g_autofree float *want_mem = g_memdup2 (mem, (gsize) cv * m * sizeof (float));
  g_autofree float *depth = g_new (float, 128 * h * w);
  vc_shuffle_ref (&s2d, ab, depth);
  for (guint c = 0; c < 128; c++)
    for (guint i = 0; i < h * w; i++)
      want_mem[(gsize) (64 + c) * m + 1 + h * w + i] = depth[c * h * w + i];
  g_autofree float *got_mem = vc_test_download (dev, &tmem);
  vc_test_assert_close ("space-to-depth into a slot", got_mem, want_mem, (gsize) cv * m,
                        tolerance (dev, want_mem, (gsize) cv * m));

  /* Back: channels 4, 5 are ab again (rounded twice in fp16), 6, 7 zero. */
  gsize plane = (gsize) h * r * w * r;
  g_autofree float *want_all = g_memdup2 (all, 12 * plane * sizeof (float));
  vc_test_round (dev, depth, 128 * h * w);
  vc_shuffle_ref (&d2s, depth, want_all + 4 * plane);
  memset (want_all + 6 * plane, 0, 2 * plane * sizeof (float));
  g_autofree float *got_all = vc_test_download (dev, &tall);
  vc_test_assert_close ("depth-to-space into a view", got_all, want_all, 12 * plane,
                        tolerance (dev, want_all, 12 * plane));
  vc_cmd_free (cmd);
  vc_shuffle_free (down);
  vc_shuffle_free (up);
  vc_buffer_free (bmem);
  vc_buffer_free (bab);
  vc_buffer_free (ball);
}

static void
expect_invalid (VcDevice *dev, const VcShuffleDesc *d, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (vc_shuffle_new (dev, d, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  if (!strstr (error->message, message))
    g_error ("\"%s\" is not in the message \"%s\"", message, error->message);
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  const VcShuffleDesc empty = { S2D, 2, 0, 8, 8, 1 }, zero = { S2D, 2, 8, 8, 0, 1 };
  const VcShuffleDesc huge = { D2S, 2, 8, 8, 65, 1 }, inf = { D2S, 128, 1, 1, 8, INFINITY };
  const VcShuffleDesc sides = { S2D, 2, 16, 20, 8, 1 }, depth = { D2S, 96, 2, 2, 8, 1 };
  expect_invalid (dev, &empty, "space_to_depth: shape 2×0×8 has an empty dimension");
  expect_invalid (dev, &zero, "factor 0 must be 1..64");
  expect_invalid (dev, &huge, "depth_to_space: factor 65 must be 1..64");
  expect_invalid (dev, &inf, "scale inf must be finite");
  expect_invalid (dev, &sides, "input 16×20 is not a multiple of the factor 8");
  expect_invalid (dev, &depth, "96 input channels are not a multiple of the factor² 64");

  g_autoptr (GError) error = NULL;
  VcShuffleDesc d = { S2D, 2, 16, 16, 8, 1 };
  VcShuffle *op = vc_shuffle_new (dev, &d, &error);
  g_assert_no_error (error);
  VcTensor ti, to;
  VcBuffer *bi = vc_test_tensor (dev, 2, 16, 16, NULL, &ti);
  VcBuffer *bo = vc_test_tensor (dev, 128, 2, 1, NULL, &to);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_false (vc_shuffle_record (op, cmd, &ti, &to, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "space_to_depth: out is 128×2×1"));
  g_assert_nonnull (strstr (error->message, "must be 128×2×2"));
  vc_cmd_free (cmd);
  vc_shuffle_free (op);
  vc_buffer_free (bi);
  vc_buffer_free (bo);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vc_test_add ("/shuffle/shapes", test_shapes);
  vc_test_add ("/shuffle/hand-values", test_hand_values);
  vc_test_add ("/shuffle/round-trip", test_round_trip);
  vc_test_add ("/shuffle/views", test_views);
  vc_test_add ("/shuffle/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
