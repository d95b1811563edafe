/* vcolorize tests — colour hints: a picture whose opaque pixels give the
 * a*b* wanted there. On the parity model: the region of the hints goes most
 * of the way to their colour, the region across an edge hardly (unless
 * hints_edge makes edges count for little); cleared,
 * the frames come out as without; bad pictures are errors. */
#include "colorizer-test.h"

#include <math.h>
#include <string.h>

#define W 48
#define H 32

/* A gray frame, dark left of column 24 and light right of it. */
static TestFrame
two_regions (void)
{
  TestFrame f = empty_frame (VC_PIXEL_FORMAT_GRAY8, W, H);
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      f.bytes[y * f.layout.stride[0] + x] = x < W / 2 ? 60 : 190;
  return f;
}

/* A hints picture (RGBA of WIDTH×HEIGHT): transparent but for a block of
 * colour R, G, B a sixth of it wide, in the left half. */
static TestFrame
hint_picture (guint width, guint height, guint8 r, guint8 g, guint8 b)
{
  TestFrame f = empty_frame (VC_PIXEL_FORMAT_RGBA, width, height);
  memset (f.bytes, 0, vc_frame_layout_size (&f.layout));
  for (guint y = height * 3 / 8; y < height * 5 / 8; y++)
    for (guint x = width / 8; x < width / 8 + width / 6; x++) {
      guint8 *px = f.bytes + y * f.layout.stride[0] + 4 * x;
      px[0] = r, px[1] = g, px[2] = b, px[3] = 255;
    }
  return f;
}

static void
set_hints (VcColorizer *c, TestFrame *picture)
{
  g_autoptr (GError) error = NULL;
  VcHostFrame h = host_frame (picture);
  VcVideoFormat f = frame_format (picture);
  g_assert_true (vc_colorizer_set_hints (c, &f, &h, &error));
  g_assert_no_error (error);
  g_assert_true (vc_colorizer_has_hints (c));
}

/* The mean a*b* of OUT (RGBx, W×H) over columns X0 .. X1 - 1 of rows
 * Y0 .. Y1 - 1. */
static void
rect_ab (GBytes *out, guint x0, guint x1, guint y0, guint y1, double ab[2])
{
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_RGBx, W, H);
  gsize n = (gsize) W * H;
  g_autofree float *l = g_new (float, n), *lab = g_new (float, 2 * n);
  vc_unpack_ref (&layout, g_bytes_get_data (out, NULL), l, lab);
  ab[0] = ab[1] = 0;
  for (guint y = y0; y < y1; y++)
    for (guint x = x0; x < x1; x++)
      for (guint k = 0; k < 2; k++)
        ab[k] += lab[k * n + y * W + x] / ((double) (y1 - y0) * (x1 - x0));
}

/* The same over columns X0 .. X1 - 1 of every row. */
static void
mean_ab (GBytes *out, guint x0, guint x1, double ab[2])
{
  rect_ab (out, x0, x1, 0, H, ab);
}

static VcColorizerParams
unsmoothed (void)
{
  /* the previous output is not mixed in, nor are the hints kept in the
   * memory: a frame after the hints are cleared is as if there never were
   * any */
  VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  params.temporal_smoothing = 0.0;
  params.hints_mode = VC_HINTS_EVERY_FRAME;
  return params;
}

static void
test_hints_regions (void)
{
  TestFrame frame = two_regions ();
  TestFrame hints = hint_picture (W, H, 140, 60, 50);
  /* the hints' own a*b* */
  double rgb[3] = { 140 / 255.0, 60 / 255.0, 50 / 255.0 }, want[3];
  vc_srgb_to_lab_ref (rgb, want);

  VcColorizerParams params = unsmoothed ();
  g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
  g_autoptr (VcColorizer) plain = memory_colorizer (1, 0, &params);
  g_assert_false (vc_colorizer_has_hints (c));
  GBytes *outs[3], *plains[3];
  for (guint i = 0; i < 3; i++) {
    if (i == 1)
      set_hints (c, &hints);
    if (i == 2)
      vc_colorizer_clear_hints (c);
    outs[i] = colorize (c, &frame);
    plains[i] = colorize (plain, &frame);
  }
  g_assert_false (vc_colorizer_has_hints (c));
  /* before and after: as without hints, byte for byte */
  g_assert_true (g_bytes_equal (outs[0], plains[0]));
  g_assert_true (g_bytes_equal (outs[2], plains[2]));
  /* with them: the left region the hints' colour, the right the network's */
  double left[2], right[2], plain_right[2], plain_left[2];
  mean_ab (outs[1], 0, W / 2 - 3, left);
  mean_ab (outs[1], W / 2 + 3, W, right);
  mean_ab (plains[1], 0, W / 2 - 3, plain_left);
  mean_ab (plains[1], W / 2 + 3, W, plain_right);
  g_test_message ("left a*b* %.1f %.1f (hint %.1f %.1f, network %.1f %.1f); right %.1f %.1f "
                  "(network %.1f %.1f)",
                  left[0], left[1], want[1], want[2], plain_left[0], plain_left[1], right[0],
                  right[1], plain_right[0], plain_right[1]);
  /* how far each region went from the network's colour to the hints' */
  for (guint k = 0; k < 2; k++) {
    double left_way = (left[k] - plain_left[k]) / (want[1 + k] - plain_left[k]);
    double right_way = (right[k] - plain_right[k]) / (want[1 + k] - plain_right[k]);
    g_assert_cmpfloat (left_way, >, 0.6);
    g_assert_cmpfloat (fabs (right_way), <, 0.1);
  }
  /* edges that hardly count (hints_edge): the hints cross into the right region too */
  VcColorizerParams weak = unsmoothed ();
  weak.hints_edge = 400.0;
  g_autoptr (VcColorizer) w = memory_colorizer (1, 0, &weak);
  set_hints (w, &hints);
  g_autoptr (GBytes) crossed = colorize (w, &frame);
  double across[2];
  mean_ab (crossed, W / 2 + 3, W, across);
  for (guint k = 0; k < 2; k++)
    g_assert_cmpfloat ((across[k] - plain_right[k]) / (want[1 + k] - plain_right[k]), >, 0.3);
  unref_outputs (outs, 3);
  unref_outputs (plains, 3);
  clear_each_frame (&frame, &hints, NULL);
}

/* A hints picture of another size is stretched over the frame: twice as
 * large gives nearly the same colours; a picture without alpha is hints
 * everywhere. */
static void
test_hints_sizes (void)
{
  TestFrame frame = two_regions ();
  TestFrame same = hint_picture (W, H, 140, 60, 50), big = hint_picture (2 * W, 2 * H, 140, 60, 50);
  VcColorizerParams params = unsmoothed ();
  g_autoptr (VcColorizer) a = memory_colorizer (1, 0, &params);
  g_autoptr (VcColorizer) b = memory_colorizer (1, 0, &params);
  set_hints (a, &same);
  set_hints (b, &big);
  g_autoptr (GBytes) out_a = colorize (a, &frame);
  g_autoptr (GBytes) out_b = colorize (b, &frame);
  double ab_a[2], ab_b[2];
  mean_ab (out_a, 0, W / 2 - 3, ab_a);
  mean_ab (out_b, 0, W / 2 - 3, ab_b);
  for (guint k = 0; k < 2; k++)
    g_assert_cmpfloat (fabs (ab_a[k] - ab_b[k]), <, 1.0);

  /* opaque everywhere: the whole frame takes the colour */
  TestFrame solid = coloured (&frame, 20.0f, -30.0f);
  g_autoptr (VcColorizer) s = memory_colorizer (1, 0, &params);
  set_hints (s, &solid);
  g_autoptr (GBytes) out_s = colorize (s, &frame);
  double all[2];
  mean_ab (out_s, 0, W, all);
  g_assert_cmpfloat (fabs (all[0] - 20.0), <, 2.0);
  g_assert_cmpfloat (fabs (all[1] + 30.0), <, 2.0);
  clear_each_frame (&frame, &same, &big, &solid, NULL);
}

/* A gray frame: dark, with a light block of BLOCK × BLOCK pixels at
 * column X, rows BLOCK_Y .. */
#define BLOCK 12
#define BLOCK_Y 10
static TestFrame
block_at (guint x)
{
  TestFrame f = empty_frame (VC_PIXEL_FORMAT_GRAY8, W, H);
  for (guint y = 0; y < H; y++)
    for (guint i = 0; i < W; i++)
      f.bytes[y * f.layout.stride[0] + i] =
          i >= x && i < x + BLOCK && y >= BLOCK_Y && y < BLOCK_Y + BLOCK ? 190 : 60;
  return f;
}

/* The mean a*b* of OUT over the block at column X (a pixel in from its
 * edges). */
static void
block_ab (GBytes *out, guint x, double ab[2])
{
  rect_ab (out, x + 1, x + BLOCK - 1, BLOCK_Y + 1, BLOCK_Y + BLOCK - 1, ab);
}

/* How far (0: not at all, 1: all the way) the block at X of OUT went from
 * PLAIN's colour there to WANT (a*b*): the smaller of a* and b*. */
static double
block_way (GBytes *out, GBytes *plain, guint x, const double want[2])
{
  double got[2], base[2];
  block_ab (out, x, got);
  block_ab (plain, x, base);
  double way = G_MAXDOUBLE;
  for (guint k = 0; k < 2; k++)
    way = MIN (way, (got[k] - base[k]) / (want[k] - base[k]));
  return way;
}

/* Hints on the keyframe (VC_HINTS_KEYFRAME): the block painted on the
 * first frame keeps their colour as it moves, carried by the memory, where
 * hints on every frame stay where they were painted; hints set within a
 * shot go to the next frame, and after they are cleared the memory starts
 * again without them. */
static void
test_hints_keyframe (void)
{
  static const guint xs[] = { 4, 12, 20, 30, 30 };
  enum { N = G_N_ELEMENTS (xs) };
  TestFrame frames[N];
  for (guint i = 0; i < N; i++)
    frames[i] = block_at (xs[i]);
  /* the hints: the block's place in the first frame, coloured */
  TestFrame hints = empty_frame (VC_PIXEL_FORMAT_RGBA, W, H);
  memset (hints.bytes, 0, vc_frame_layout_size (&hints.layout));
  for (guint y = BLOCK_Y; y < BLOCK_Y + BLOCK; y++)
    for (guint x = xs[0]; x < xs[0] + BLOCK; x++)
      memcpy (hints.bytes + y * hints.layout.stride[0] + 4 * x, (guint8[]){ 150, 60, 200, 255 }, 4);
  double rgb[3] = { 150 / 255.0, 60 / 255.0, 200 / 255.0 }, lab[3];
  vc_srgb_to_lab_ref (rgb, lab);
  const double want[2] = { lab[1], lab[2] };

  VcColorizerParams params = unsmoothed ();
  params.scene_threshold = 1e6; /* one shot */
  params.keyframe_threshold = 0.0;
  VcColorizerParams keyframe_params = params;
  keyframe_params.hints_mode = VC_HINTS_KEYFRAME;
  g_autoptr (VcColorizer) plain = memory_colorizer (1, 0, &params);
  g_autoptr (VcColorizer) every = memory_colorizer (1, 0, &params);
  g_autoptr (VcColorizer) key = memory_colorizer (1, 0, &keyframe_params);
  set_hints (every, &hints);
  set_hints (key, &hints);
  GBytes *plains[N], *everys[N], *keys[N];
  for (guint i = 0; i < N; i++) {
    plains[i] = colorize (plain, &frames[i]);
    everys[i] = colorize (every, &frames[i]);
    keys[i] = colorize (key, &frames[i]);
  }
  /* the first frame: the same either way */
  g_assert_true (g_bytes_equal (everys[0], keys[0]));
  for (guint i = 0; i < N; i++) {
    double every_way = block_way (everys[i], plains[i], xs[i], want);
    double key_way = block_way (keys[i], plains[i], xs[i], want);
    g_test_message ("block at %u: every frame %.2f, keyframe %.2f of the way to the hints' colour",
                    xs[i], every_way, key_way);
    g_assert_cmpfloat (key_way, >, 0.5);
    /* away from where they were painted, hints on every frame leave it */
    if (xs[i] >= xs[0] + BLOCK)
      g_assert_cmpfloat (every_way, <, 0.1);
  }
  unref_outputs (plains, N);
  unref_outputs (everys, N);
  unref_outputs (keys, N);

  /* set within a shot: the next frame takes them, and carries them on */
  g_autoptr (VcColorizer) late = memory_colorizer (1, 0, &keyframe_params);
  GBytes *before = colorize (late, &frames[0]);
  set_hints (late, &hints);
  GBytes *at = colorize (late, &frames[0]);
  GBytes *after = colorize (late, &frames[2]);
  GBytes *plain_first = colorize (plain, &frames[0]), *plain_moved = colorize (plain, &frames[2]);
  g_assert_cmpfloat (fabs (block_way (before, plain_first, xs[0], want)), <, 0.1);
  g_assert_cmpfloat (block_way (at, plain_first, xs[0], want), >, 0.5);
  g_assert_cmpfloat (block_way (after, plain_moved, xs[2], want), >, 0.5);
  /* cleared: the memory starts again, as on a new shot without hints */
  vc_colorizer_clear_hints (late);
  vc_colorizer_reset_memory (plain);
  GBytes *cleared = colorize (late, &frames[2]), *plain_new = colorize (plain, &frames[2]);
  g_assert_true (g_bytes_equal (cleared, plain_new));

  /* without the memory, every frame takes them */
  keyframe_params.temporal = params.temporal = FALSE;
  vc_colorizer_set_params (key, &keyframe_params);
  vc_colorizer_set_params (every, &params);
  GBytes *both[2] = { colorize (key, &frames[2]), colorize (every, &frames[2]) };
  g_assert_true (g_bytes_equal (both[0], both[1]));

  GBytes *all[] = { before, at, after, plain_first, plain_moved, cleared, plain_new };
  unref_outputs (all, G_N_ELEMENTS (all));
  unref_outputs (both, 2);
  clear_frames (frames, N);
  clear_each_frame (&hints, NULL);
}

/* The names of the passes of C's last frame, each after a space. */
static char *
pass_names (VcColorizer *c)
{
  VcColorizerProfile profile;
  g_assert_true (vc_colorizer_last_profile (c, &profile));
  GString *names = g_string_new (NULL);
  for (guint i = 0; i < profile.n_passes; i++)
    g_string_append_printf (names, " %s", profile.passes[i].name);
  return g_string_free (names, FALSE);
}

/* Keyframe hints run between the network and what the memory keeps, on
 * their frame only; hints on every frame after the network's memory.
 * Switching to them starts the memory, which has the keyframe hints,
 * again; switching back takes them again; a reference set within the shot
 * (the memory is forgotten) does not take them again, another spread does. */
static void
test_hints_passes (void)
{
  static const char *const keyframe_hints = "frame hints keyframe-source encode-keyframe prev";
  static const struct {
    VcHintsMode mode;
    gboolean reference; /* set one before the frame */
    double spread;
    const char *passes; /* between resize and guided */
  } steps[] = {
    { VC_HINTS_KEYFRAME, FALSE, 96, "clear-prev clean %s" },
    { VC_HINTS_KEYFRAME, FALSE, 96, "clean frame store-previous prev" },
    { VC_HINTS_EVERY_FRAME, FALSE, 96, "clear-prev clean frame store-keyframe prev hints" },
    { VC_HINTS_KEYFRAME, FALSE, 96, "clean %s" },
    { VC_HINTS_KEYFRAME, TRUE, 96, "clear-prev clean frame store-keyframe prev" },
    { VC_HINTS_KEYFRAME, FALSE, 48, "clean %s" },
  };
  TestFrame frame = two_regions ();
  TestFrame hints = hint_picture (W, H, 140, 60, 50);
  TestFrame ref = coloured (&frame, 30.0f, 20.0f);
  g_autoptr (VcColorizer) c = new_colorizer_with (1, 0, TRUE);
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, W, H, VC_VIEW_COLOUR);
  set_hints (c, &hints);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++) {
    VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
    params.hints_mode = steps[i].mode;
    params.keep_reference = 0.0;
    params.hints_spread = steps[i].spread;
    vc_colorizer_set_params (c, &params);
    if (steps[i].reference)
      set_reference (c, 1, &ref);
    g_autoptr (GBytes) out = colorize (c, &frame);
    g_autofree char *names = pass_names (c);
    g_autofree char *middle = g_strdup_printf (steps[i].passes, keyframe_hints);
    g_autofree char *want =
        g_strdup_printf (" upload unpack resize %s guided steady pack download", middle);
    g_assert_cmpstr (names, ==, want);
  }
  clear_each_frame (&frame, &hints, &ref, NULL);
}

static void
test_hints_errors (void)
{
  g_autoptr (VcColorizer) c = memory_colorizer (1, 0, NULL);
  guint8 px[4] = { 0 };
  VcHostFrame h = { { px }, { 4 } };
  struct {
    VcVideoFormat format;
    const char *what;
  } cases[] = {
    { video_format (VC_PIXEL_FORMAT_RGBA, 0, 4), "hints image of 0×4" },
    { video_format (VC_PIXEL_FORMAT_RGBA, 3841, 2160), "larger than" },
    { { .format = VC_PIXEL_FORMAT_UNKNOWN, .width = 4, .height = 4 }, "unknown pixel format" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_assert_false (vc_colorizer_set_hints (c, &cases[i].format, &h, &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, cases[i].what));
  }
  g_assert_false (vc_colorizer_has_hints (c));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/colorizer/hints-regions", test_hints_regions);
  g_test_add_func ("/colorizer/hints-sizes", test_hints_sizes);
  g_test_add_func ("/colorizer/hints-keyframe", test_hints_keyframe);
  g_test_add_func ("/colorizer/hints-passes", test_hints_passes);
  g_test_add_func ("/colorizer/hints-errors", test_hints_errors);
  return g_test_run ();
}
