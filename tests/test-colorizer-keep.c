/* vcolorize tests — keep-reference: the colorizer keeps a reference's own
 * colours, at full resolution, where a frame matches it pixel for pixel
 * (VcColorizerParams.keep_reference). On the parity model. */
#include "colorizer-test.h"

#include <math.h>

/* The keep-reference tests' pictures: a frame of KEEP_W×KEEP_H, gray, and
 * a reference of SCALE times its size, both of the same smooth texture
 * (the frame's shifted by FRAME_SHIFT pixels; where CHANGED, 30 L* brighter
 * in a KEEP_H/4-pixel square at the centre). The reference's a*b* is a
 * checkerboard of cells of 4 frame pixels, red and blue (in the sRGB gamut
 * at every L* of the texture, 30 .. 70), finer than the network (64 pixels
 * on the short side) can resolve. */
#define KEEP_W 256
#define KEEP_H 128
#define KEEP_CELL 4

static float
keep_texture (double x, double y)
{
  return (float) (50.0 + 20.0 * sin (G_PI * x / 16) * cos (G_PI * y / 16));
}

static gboolean
keep_changed (guint x, guint y)
{
  return x >= (KEEP_W - KEEP_H / 4) / 2 && x < (KEEP_W + KEEP_H / 4) / 2 && y >= 3 * KEEP_H / 8 &&
         y < 5 * KEEP_H / 8;
}

/* The reference's a*b* at frame pixel (X, Y). */
static void
keep_colour (guint x, guint y, float ab[2])
{
  gboolean red = (x / KEEP_CELL + y / KEEP_CELL) % 2 == 0;
  ab[0] = red ? 25.0f : 0.0f;
  ab[1] = red ? 20.0f : -30.0f;
}

static void
keep_pictures (TestFrame *frame, TestFrame *ref, guint scale, guint frame_shift, gboolean changed)
{
  const guint w = KEEP_W, h = KEEP_H, n = w * h, rw = w * scale, rh = h * scale, rn = rw * rh;
  *frame = empty_frame (VC_PIXEL_FORMAT_GRAY8, w, h);
  *ref = empty_frame (VC_PIXEL_FORMAT_RGBx, rw, rh);
  g_autofree float *l = g_new (float, n);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      l[y * w + x] = keep_texture (x + frame_shift + 0.5, y + 0.5) +
                     (changed && keep_changed (x, y) ? 30.0f : 0.0f);
  vc_pack_ref (&frame->layout, l, NULL, frame->bytes);
  g_autofree float *rl = g_new (float, (gsize) rn);
  g_autofree float *rab = g_new (float, 2 * (gsize) rn);
  for (guint y = 0; y < rh; y++)
    for (guint x = 0; x < rw; x++) {
      rl[y * rw + x] = keep_texture ((x + 0.5) / scale, (y + 0.5) / scale);
      float ab[2];
      keep_colour (x / scale, y / scale, ab);
      rab[y * rw + x] = ab[0];
      rab[rn + y * rw + x] = ab[1];
    }
  vc_pack_ref (&ref->layout, rl, rab, ref->bytes);
}

/* A colorizer for the keep-reference tests: memory off (only the
 * reference is attended), KEEP, REF set. */
static VcColorizer *
keep_colorizer (TestFrame *ref, double keep)
{
  VcColorizer *c = new_colorizer (1);
  VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  params.temporal = FALSE;
  params.keep_reference = keep;
  vc_colorizer_set_params (c, &params);
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, KEEP_W, KEEP_H, VC_VIEW_COLOUR);
  set_reference (c, 0, ref);
  return c;
}

static TestFrame
colorize_keep (TestFrame *frame, TestFrame *ref, double keep, guint64 *gpu_memory)
{
  g_autoptr (VcColorizer) c = keep_colorizer (ref, keep);
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, KEEP_W, KEEP_H);
  submit (c, frame, 0);
  receive (c, &out, 0);
  if (gpu_memory)
    *gpu_memory = vc_colorizer_memory_peak (c);
  return out;
}

/* How far OUT's a*b* is from the reference's checkerboard: the largest and
 * the mean distance over the pixels of the unchanged part (away from the
 * cells' edges when AWAY_FROM_EDGES). */
static void
keep_error (const TestFrame *out, gboolean away_from_edges, double *max, double *mean)
{
  const guint w = KEEP_W, h = KEEP_H, n = w * h;
  g_autofree float *l = g_new (float, n);
  g_autofree float *ab = g_new (float, 2 * n);
  vc_unpack_ref (&out->layout, out->bytes, l, ab);
  double sum = 0;
  guint count = 0;
  *max = 0;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      gboolean edge = x % KEEP_CELL == 0 || x % KEEP_CELL == KEEP_CELL - 1 || y % KEEP_CELL == 0 ||
                      y % KEEP_CELL == KEEP_CELL - 1;
      if (keep_changed (x, y) || (away_from_edges && edge))
        continue;
      float want[2];
      keep_colour (x, y, want);
      double d = hypot (ab[y * w + x] - want[0], ab[n + y * w + x] - want[1]);
      *max = MAX (*max, d);
      sum += d;
      count++;
    }
  *mean = sum / count;
}

/* The largest difference of a byte of A and B in the changed square, 2
 * pixels in from its edges. */
static guint
keep_changed_difference (const TestFrame *a, const TestFrame *b)
{
  guint most = 0;
  for (guint y = 0; y < KEEP_H; y++)
    for (guint x = 0; x < KEEP_W; x++) {
      if (!keep_changed (x - 2, y - 2) || !keep_changed (x + 2, y + 2))
        continue;
      for (guint k = 0; k < 3; k++) {
        gsize i = (gsize) y * a->layout.stride[0] + 4 * x + k;
        most = MAX (most, (guint) ABS (a->bytes[i] - b->bytes[i]));
      }
    }
  return most;
}

/* Keeping the reference's colours: with a reference that is the frame in
 * colour, keep-reference 1 gives every pixel the reference's own a*b*
 * (within the 8-bit output's rounding), which the network alone is far
 * from (its checkerboard is finer than the network's resolution); the
 * automatic strength is 1 there, byte for byte; a square that changed
 * keeps the network's colours. Off (0), no full-resolution copy of the
 * reference is kept on the GPU. */
static void
test_keep_reference (void)
{
  TestFrame frame, ref;
  keep_pictures (&frame, &ref, 1, 0, TRUE);
  guint64 memory_off, memory_on;
  TestFrame off = colorize_keep (&frame, &ref, 0.0, &memory_off);
  TestFrame on = colorize_keep (&frame, &ref, 1.0, &memory_on);
  TestFrame automatic = colorize_keep (&frame, &ref, -1.0, NULL);
  double max_on, mean_on, max_off, mean_off;
  keep_error (&on, FALSE, &max_on, &mean_on);
  keep_error (&off, FALSE, &max_off, &mean_off);
  g_test_message ("a*b* error: kept %.2f (largest %.2f), off %.1f (largest %.1f); GPU memory "
                  "%" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT " bytes",
                  mean_on, max_on, mean_off, max_off, memory_on, memory_off);
  g_assert_cmpfloat (max_on, <, 2.0);
  g_assert_cmpfloat (mean_off, >, 20.0);
  g_assert_true (same_frames (&automatic, &on));
  /* the changed square is the network's (its weight, exp (-30² / 2σ²), is under 1e-5) */
  g_assert_cmpuint (keep_changed_difference (&on, &off), <=, 1);
  /* two tensors of KEEP_W×KEEP_H, 4 channels each, at least in fp16 */
  g_assert_cmpuint (memory_on, >=, memory_off + 2 * 4 * 2 * KEEP_W * KEEP_H);
  clear_each_frame (&frame, &ref, &off, &on, &automatic, NULL);
}

/* The automatic strength is 0, the output byte for byte that of
 * keep-reference 0, when the frame does not line up with the reference
 * pixel for pixel (shifted by 3 pixels); a fixed strength keeps the colours
 * where the lightness is the same by chance, and changes the output. */
static void
test_keep_reference_shifted (void)
{
  TestFrame frame, ref;
  keep_pictures (&frame, &ref, 1, 3, FALSE);
  TestFrame off = colorize_keep (&frame, &ref, 0.0, NULL);
  TestFrame automatic = colorize_keep (&frame, &ref, -1.0, NULL);
  TestFrame fixed = colorize_keep (&frame, &ref, 1.0, NULL);
  g_assert_true (same_frames (&automatic, &off));
  g_assert_false (same_frames (&fixed, &off));
  clear_each_frame (&frame, &ref, &off, &automatic, &fixed, NULL);
}

/* A reference of twice the frame's size is brought to the frame's (its
 * checkerboard's cells, 8 of its pixels, become the frame's 4, edges
 * blurred by the resize); one of another aspect ratio is never kept from. */
static void
test_keep_reference_sizes (void)
{
  TestFrame frame, ref;
  keep_pictures (&frame, &ref, 2, 0, FALSE);
  TestFrame on = colorize_keep (&frame, &ref, -1.0, NULL);
  double max_on, mean_on;
  keep_error (&on, TRUE, &max_on, &mean_on);
  g_test_message ("twice the size: a*b* error %.2f (largest %.2f) inside the cells", mean_on,
                  max_on);
  g_assert_cmpfloat (max_on, <, 2.0);

  TestFrame square = make_frame (VC_PIXEL_FORMAT_RGBx, KEEP_H, KEEP_H, 1);
  TestFrame off = colorize_keep (&frame, &square, 0.0, NULL);
  TestFrame fixed = colorize_keep (&frame, &square, 1.0, NULL);
  g_assert_true (same_frames (&fixed, &off));
  clear_each_frame (&frame, &ref, &on, &square, &off, &fixed, NULL);
}

/* Frame 2 of FRAME twice over REF with the memory on, at KEEP and
 * temporal STRENGTH. */
static TestFrame
colorize_keep_memory (TestFrame *frame, TestFrame *ref, double keep, double strength)
{
  g_autoptr (VcColorizer) c = keep_colorizer (ref, keep);
  VcColorizerParams params;
  vc_colorizer_get_params (c, &params);
  params.temporal = TRUE;
  params.temporal_strength = strength;
  vc_colorizer_set_params (c, &params);
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, KEEP_W, KEEP_H);
  for (guint i = 0; i < 2; i++) {
    submit (c, frame, i);
    receive (c, &out, i);
  }
  return out;
}

/* A frame kept from at strength 1 weighs the memory as temporal strength 0
 * would (byte for byte; the changed square shows the network's colours,
 * which the memory changes at keep-reference 0). */
static void
test_keep_reference_memory (void)
{
  TestFrame frame, ref;
  keep_pictures (&frame, &ref, 1, 0, TRUE);
  TestFrame kept = colorize_keep_memory (&frame, &ref, 1.0, 0.2);
  TestFrame kept_none = colorize_keep_memory (&frame, &ref, 1.0, 0.0);
  TestFrame off = colorize_keep_memory (&frame, &ref, 0.0, 0.2);
  TestFrame off_none = colorize_keep_memory (&frame, &ref, 0.0, 0.0);
  g_assert_true (same_frames (&kept, &kept_none));
  g_assert_false (same_frames (&off, &off_none));
  clear_each_frame (&frame, &ref, &kept, &kept_none, &off, &off_none, NULL);
}

/* Turned on while the reference is set (encoded without a full-resolution
 * copy), the next frame is kept from: the reference is encoded again. */
static void
test_keep_reference_switched (void)
{
  TestFrame frame, ref;
  keep_pictures (&frame, &ref, 1, 0, FALSE);
  g_autoptr (VcColorizer) c = keep_colorizer (&ref, 0.0);
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, KEEP_W, KEEP_H);
  double max, mean;
  submit (c, &frame, 0);
  receive (c, &out, 0);
  keep_error (&out, FALSE, &max, &mean);
  g_assert_cmpfloat (mean, >, 20.0);
  VcColorizerParams params;
  vc_colorizer_get_params (c, &params);
  params.keep_reference = -1.0;
  vc_colorizer_set_params (c, &params);
  submit (c, &frame, 1);
  receive (c, &out, 1);
  keep_error (&out, FALSE, &max, &mean);
  g_assert_cmpfloat (max, <, 2.0);
  clear_each_frame (&frame, &ref, &out, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/colorizer/keep-reference", test_keep_reference);
  g_test_add_func ("/colorizer/keep-reference-shifted", test_keep_reference_shifted);
  g_test_add_func ("/colorizer/keep-reference-sizes", test_keep_reference_sizes);
  g_test_add_func ("/colorizer/keep-reference-switched", test_keep_reference_switched);
  g_test_add_func ("/colorizer/keep-reference-memory", test_keep_reference_memory);
  return g_test_run ();
}
