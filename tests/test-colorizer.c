/* vcolorize tests — the colorizer engine: formats, views, frames in flight,
 * references and errors. Colour itself is the network's and is tested with
 * it; here the output must keep the input's lightness. */
#include "vc-colorizer.h"
#include "vc-colour.h"

#include <math.h>
#include <string.h>

/* A frame of some format with its bytes packed the default way. */
typedef struct {
  VcFrameLayout layout;
  guint8 *bytes;
} TestFrame;

static void
test_frame_clear (TestFrame *f)
{
  g_free (f->bytes);
}

static VcHostFrame
host_frame (TestFrame *f)
{
  VcHostFrame h = { { NULL }, { 0 } };
  for (guint p = 0; p < f->layout.n_planes; p++) {
    h.data[p] = f->bytes + f->layout.offset[p];
    h.stride[p] = f->layout.stride[p];
  }
  return h;
}

/* A frame of FORMAT whose lightness is a diagonal gradient plus SEED. */
static TestFrame
make_frame (VcPixelFormat format, guint w, guint h, guint seed)
{
  TestFrame f;
  vc_frame_layout_init (&f.layout, format, w, h);
  f.bytes = g_malloc0 (vc_frame_layout_size (&f.layout));
  g_autofree float *l = g_new (float, (gsize) w *h);
  g_autofree float *ab = g_new0 (float, 2 * (gsize) w * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      l[y * w + x] = fmodf (10.0f + seed * 7.0f + 80.0f * (x + y) / (w + h), 100.0f);
  vc_pack_ref (&f.layout, l, ab, f.bytes);
  return f;
}

static TestFrame
empty_frame (VcPixelFormat format, guint w, guint h)
{
  TestFrame f;
  vc_frame_layout_init (&f.layout, format, w, h);
  f.bytes = g_malloc0 (vc_frame_layout_size (&f.layout));
  return f;
}

/* Mean and max |L(a) - L(b)| over the frames' pixels. */
static void
compare_lightness (const TestFrame *a, const TestFrame *b, double *mean, double *max)
{
  guint w = a->layout.width, h = a->layout.height;
  g_assert_cmpuint (b->layout.width, ==, w);
  g_assert_cmpuint (b->layout.height, ==, h);
  g_autofree float *la = g_new (float, (gsize) w *h);
  g_autofree float *lb = g_new (float, (gsize) w *h);
  vc_unpack_ref (&a->layout, a->bytes, la, NULL);
  vc_unpack_ref (&b->layout, b->bytes, lb, NULL);
  double sum = 0;
  *max = 0;
  for (gsize i = 0; i < (gsize) w * h; i++) {
    double d = fabs (la[i] - lb[i]);
    sum += d;
    *max = MAX (*max, d);
  }
  *mean = sum / ((double) w * h);
}

/* A small trained network (tests/data, make_fixtures.py). */
static char *
model_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "parity-model.safetensors", NULL);
}

static VcColorizer *
new_colorizer_with (guint in_flight, guint lookahead, gboolean profile)
{
  g_autofree char *model = model_path ();
  VcColorizerOptions o = {
    .device_index = -1,
    .model_path = model,
    .network_size = 64,
    .frames_in_flight = in_flight,
    .free_tag = g_free,
    .scene_lookahead = lookahead,
    .profile = profile,
  };
  g_autoptr (GError) error = NULL;
  VcColorizer *c = vc_colorizer_new (&o, &error);
  g_assert_no_error (error);
  return c;
}

static VcColorizer *
new_colorizer (guint in_flight)
{
  return new_colorizer_with (in_flight, 0, FALSE);
}

static VcVideoFormat
video_format (VcPixelFormat format, guint w, guint h)
{
  VcFrameLayout l;
  vc_frame_layout_init (&l, format, w, h);
  return (VcVideoFormat){ format, w, h, l.matrix, l.full_range };
}

static void
configure (VcColorizer *c, VcPixelFormat in, VcPixelFormat out, guint w, guint h, VcView view)
{
  guint ow, oh;
  vc_colorizer_output_size (view, w, h, &ow, &oh);
  VcVideoFormat fi = video_format (in, w, h), fo = video_format (out, ow, oh);
  g_autoptr (GError) error = NULL;
  g_assert_true (vc_colorizer_configure (c, &fi, &fo, view, &error));
  g_assert_no_error (error);
}

/* Receives the oldest frame into OUT and checks that it is frame EXPECTED;
 * SHOT (may be NULL): what the scene detection found. */
static void
receive_shot (VcColorizer *c, TestFrame *out, guint expected, VcShotResult *shot)
{
  VcHostFrame h = host_frame (out);
  gpointer tag;
  g_autoptr (GError) error = NULL;
  g_assert_true (vc_colorizer_receive (c, &h, &tag, shot, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (*(guint *) tag, ==, expected);
  g_free (tag);
}

static void
receive (VcColorizer *c, TestFrame *out, guint expected)
{
  receive_shot (c, out, expected, NULL);
}

static void
submit (VcColorizer *c, TestFrame *in, guint index)
{
  VcHostFrame h = host_frame (in);
  g_autoptr (GError) error = NULL;
  guint *tag = g_new (guint, 1);
  *tag = index;
  g_assert_true (vc_colorizer_submit (c, &h, tag, &error));
  g_assert_no_error (error);
}

static void
assert_lightness_kept (const TestFrame *in, const TestFrame *out)
{
  double mean, max;
  compare_lightness (in, out, &mean, &max);
  g_test_message ("%s -> %s %u×%u: |dL| mean %.3f max %.3f",
                  vc_pixel_format_to_string (in->layout.format),
                  vc_pixel_format_to_string (out->layout.format), in->layout.width,
                  in->layout.height, mean, max);
  g_assert_cmpfloat (mean, <=, 1.0);
  g_assert_cmpfloat (max, <=, 4.0);
}

/* Runs N frames through C with frames in flight, checking order and
 * lightness; returns the outputs' bytes one after the other. */
static GByteArray *
run_frames (VcColorizer *c, VcPixelFormat in, VcPixelFormat out, guint w, guint h, guint n)
{
  TestFrame frames[8];
  g_assert_cmpuint (n, <=, G_N_ELEMENTS (frames));
  TestFrame result = empty_frame (out, w, h);
  gsize size = vc_frame_layout_size (&result.layout);
  GByteArray *outputs = g_byte_array_new ();
  guint received = 0;
  for (guint i = 0; i < n; i++) {
    frames[i] = make_frame (in, w, h, i);
    submit (c, &frames[i], i);
    while (vc_colorizer_is_full (c) || (i == n - 1 && vc_colorizer_n_in_flight (c) > 0)) {
      receive (c, &result, received);
      assert_lightness_kept (&frames[received++], &result);
      g_byte_array_append (outputs, result.bytes, size);
    }
  }
  for (guint i = 0; i < n; i++)
    test_frame_clear (&frames[i]);
  test_frame_clear (&result);
  return outputs;
}

/* Runs N frames and forgets the outputs. */
static void
run_frames_only (VcColorizer *c, VcPixelFormat in, VcPixelFormat out, guint w, guint h, guint n)
{
  g_byte_array_unref (run_frames (c, in, out, w, h, n));
}

static void
test_network_resolution (void)
{
  static const guint cases[][5] = {
    /* size, w, h -> net w, h */
    { 256, 1920, 1080, 448, 256 }, { 256, 64, 48, 352, 256 },     { 256, 1080, 1920, 256, 448 },
    { 64, 640, 480, 96, 64 },      { 256, 4000, 100, 1024, 256 }, { 256, 1, 1, 256, 256 },
    { 300, 1000, 1000, 288, 288 }, { 64, 31, 17, 128, 64 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    guint w, h;
    vc_colorizer_network_resolution (cases[i][0], cases[i][1], cases[i][2], &w, &h);
    g_assert_cmpuint (w, ==, cases[i][3]);
    g_assert_cmpuint (h, ==, cases[i][4]);
  }
}

static void
test_formats (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (2);
  static const VcPixelFormat ins[] = {
    VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_GRAY16_LE, VC_PIXEL_FORMAT_I420,
    VC_PIXEL_FORMAT_NV12,  VC_PIXEL_FORMAT_RGB,       VC_PIXEL_FORMAT_BGRx,
  };
  static const VcPixelFormat outs[] = {
    VC_PIXEL_FORMAT_RGBA, VC_PIXEL_FORMAT_BGR,  VC_PIXEL_FORMAT_I420,
    VC_PIXEL_FORMAT_NV12, VC_PIXEL_FORMAT_xRGB, VC_PIXEL_FORMAT_BGRx,
  };
  for (guint i = 0; i < G_N_ELEMENTS (ins); i++) {
    VcPixelFormat out = outs[i % G_N_ELEMENTS (outs)];
    /* odd sizes too: 4:2:0 chroma and row padding */
    guint w = i % 2 ? 63 : 64, h = i % 2 ? 47 : 48;
    configure (c, ins[i], out, w, h, VC_VIEW_COLOUR);
    run_frames_only (c, ins[i], out, w, h, 3);
  }
}

/* The frames in flight and the scene look-ahead change when results come
 * back, not what they are: the temporal memory sees the frames in order
 * whatever the overlap. */
static void
test_in_flight (void)
{
  static const guint cases[][2] = {
    /* in flight, look-ahead */
    { 1, 0 }, { 2, 0 }, { 3, 0 }, { 4, 0 }, { 1, 2 }, { 2, VC_SHOT_MAX_LOOKAHEAD },
  };
  GByteArray *first = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (VcColorizer) c = new_colorizer_with (cases[i][0], cases[i][1], FALSE);
    configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 40, 30, VC_VIEW_COLOUR);
    GByteArray *outputs = run_frames (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 40, 30, 5);
    if (!first) {
      first = outputs;
      continue;
    }
    g_assert_cmpmem (outputs->data, outputs->len, first->data, first->len);
    g_byte_array_unref (outputs);
  }
  g_byte_array_unref (first);
}

static void
test_side_by_side (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (1);
  static const VcPixelFormat outs[] = { VC_PIXEL_FORMAT_RGB, VC_PIXEL_FORMAT_I420,
                                        VC_PIXEL_FORMAT_NV12 };
  for (guint i = 0; i < G_N_ELEMENTS (outs); i++) {
    guint w = i == 0 ? 33 : 32, h = 24;
    configure (c, VC_PIXEL_FORMAT_GRAY8, outs[i], w, h, VC_VIEW_SIDE_BY_SIDE);
    TestFrame in = make_frame (VC_PIXEL_FORMAT_GRAY8, w, h, 1);
    TestFrame out = empty_frame (outs[i], 2 * w, h);
    submit (c, &in, 0);
    receive (c, &out, 0);
    /* both halves keep the input's lightness */
    g_autofree float *l_in = g_new (float, (gsize) w *h);
    g_autofree float *l_out = g_new (float, (gsize) 2 * w * h);
    vc_unpack_ref (&in.layout, in.bytes, l_in, NULL);
    vc_unpack_ref (&out.layout, out.bytes, l_out, NULL);
    double max = 0;
    for (guint y = 0; y < h; y++)
      for (guint x = 0; x < w; x++) {
        max = MAX (max, fabs (l_out[y * 2 * w + x] - l_in[y * w + x]));
        max = MAX (max, fabs (l_out[y * 2 * w + w + x] - l_in[y * w + x]));
      }
    g_assert_cmpfloat (max, <=, 4.0);
    test_frame_clear (&in);
    test_frame_clear (&out);
  }
}

static void
test_confidence (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (2);
  configure (c, VC_PIXEL_FORMAT_NV12, VC_PIXEL_FORMAT_RGBA, 48, 32, VC_VIEW_CONFIDENCE);
  TestFrame in = make_frame (VC_PIXEL_FORMAT_NV12, 48, 32, 2);
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBA, 48, 32);
  submit (c, &in, 0);
  receive (c, &out, 0);
  /* gray everywhere, alpha opaque */
  for (gsize i = 0; i < 48 * 32; i++) {
    guint8 *px = out.bytes + 4 * i;
    g_assert_cmpuint (px[0], ==, px[1]);
    g_assert_cmpuint (px[1], ==, px[2]);
    g_assert_cmpuint (px[3], ==, 255);
  }
  test_frame_clear (&in);
  test_frame_clear (&out);
}

static void
test_references (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (2);
  g_autoptr (GError) error = NULL;
  TestFrame ref = make_frame (VC_PIXEL_FORMAT_RGBx, 50, 40, 3);
  VcHostFrame h = host_frame (&ref);
  VcVideoFormat f = video_format (VC_PIXEL_FORMAT_RGBx, 50, 40);
  for (guint key = 0; key < VC_COLORIZER_MAX_REFERENCES; key++)
    g_assert_true (vc_colorizer_set_reference (c, key * 10, &f, &h, &error));
  g_assert_cmpuint (vc_colorizer_n_references (c), ==, VC_COLORIZER_MAX_REFERENCES);
  /* one too many; replacing one is fine */
  g_assert_false (vc_colorizer_set_reference (c, 1, &f, &h, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (vc_colorizer_set_reference (c, 10, &f, &h, &error));
  g_assert_true (vc_colorizer_remove_reference (c, 10));
  g_assert_false (vc_colorizer_remove_reference (c, 10));
  g_assert_cmpuint (vc_colorizer_n_references (c), ==, VC_COLORIZER_MAX_REFERENCES - 1);

  /* references are encoded before the next frame, and again after a change
   * of network resolution */
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBA, 64, 48, VC_VIEW_COLOUR);
  run_frames_only (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBA, 64, 48, 2);
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBA, 96, 40, VC_VIEW_COLOUR);
  run_frames_only (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBA, 96, 40, 2);

  /* too large or empty: refused before the pixels are read */
  VcVideoFormat big = video_format (VC_PIXEL_FORMAT_RGBx, 10000, 7000);
  VcHostFrame none = { { NULL }, { 0 } };
  g_assert_false (vc_colorizer_set_reference (c, 99, &big, &none, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  VcVideoFormat empty = { VC_PIXEL_FORMAT_RGBx, 0, 10, VC_YUV_BT601, FALSE };
  g_assert_false (vc_colorizer_set_reference (c, 99, &empty, &none, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  test_frame_clear (&ref);
}

/* A picture of one colour whose lightness is FRAME's. */
static TestFrame
coloured (const TestFrame *frame, float a, float b)
{
  guint w = frame->layout.width, h = frame->layout.height, n = w * h;
  TestFrame f = empty_frame (VC_PIXEL_FORMAT_RGBx, w, h);
  g_autofree float *l = g_new (float, n);
  g_autofree float *ab = g_new (float, 2 * n);
  vc_unpack_ref (&frame->layout, frame->bytes, l, NULL);
  for (guint i = 0; i < n; i++)
    ab[i] = a, ab[n + i] = b;
  vc_pack_ref (&f.layout, l, ab, f.bytes);
  return f;
}

/* The output of FRAME, as bytes. */
static GBytes *
colorize (VcColorizer *c, TestFrame *frame)
{
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, frame->layout.width, frame->layout.height);
  submit (c, frame, 0);
  receive (c, &out, 0);
  return g_bytes_new_take (out.bytes, vc_frame_layout_size (&out.layout));
}

static void
set_reference (VcColorizer *c, guint key, TestFrame *ref)
{
  g_autoptr (GError) error = NULL;
  VcHostFrame h = host_frame (ref);
  VcVideoFormat f = video_format (VC_PIXEL_FORMAT_RGBx, ref->layout.width, ref->layout.height);
  g_assert_true (vc_colorizer_set_reference (c, key, &f, &h, &error));
  g_assert_no_error (error);
}

/* References are attended: the output changes with them, and is the same
 * for the same reference (re-encoded into another slot) and without one. The
 * memory is off so that each output depends on its frame alone. */
static void
test_reference_attended (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (1);
  VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  params.temporal = FALSE;
  vc_colorizer_set_params (c, &params);
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 64, 64, VC_VIEW_COLOUR);
  TestFrame frame = make_frame (VC_PIXEL_FORMAT_GRAY8, 64, 64, 2);
  TestFrame red = coloured (&frame, 50, 30), blue = coloured (&frame, 0, -50);
  g_autoptr (GBytes) none = colorize (c, &frame);
  set_reference (c, 7, &red);
  g_autoptr (GBytes) with_red = colorize (c, &frame);
  set_reference (c, 7, &blue);
  g_autoptr (GBytes) with_blue = colorize (c, &frame);
  /* both: red in the second memory slot, after blue */
  g_assert_true (vc_colorizer_remove_reference (c, 7));
  set_reference (c, 3, &blue);
  set_reference (c, 7, &red);
  g_autoptr (GBytes) both = colorize (c, &frame);
  /* red alone again: it moves to the first slot */
  g_assert_true (vc_colorizer_remove_reference (c, 3));
  g_autoptr (GBytes) red_again = colorize (c, &frame);
  g_assert_true (vc_colorizer_remove_reference (c, 7));
  g_autoptr (GBytes) none_again = colorize (c, &frame);
  g_assert_false (g_bytes_equal (none, with_red));
  g_assert_false (g_bytes_equal (with_red, with_blue));
  g_assert_false (g_bytes_equal (both, with_red));
  g_assert_false (g_bytes_equal (both, with_blue));
  g_assert_true (g_bytes_equal (with_red, red_again));
  g_assert_true (g_bytes_equal (none, none_again));
  test_frame_clear (&frame);
  test_frame_clear (&red);
  test_frame_clear (&blue);
}

static void set_reference (VcColorizer *c, guint key, TestFrame *ref);

/* Colorizes N frames in a row with C (frames in flight and look-ahead as
 * they come, drained at the end), setting REF (if not NULL) as reference 1
 * before frame AT: OUTPUTS and what the scene detection found for each. */
static void
colorize_all_with (VcColorizer *c, TestFrame *frames, guint n, guint at, TestFrame *ref,
                   GBytes **outputs, VcShotResult *shots)
{
  guint received = 0;
  for (guint i = 0; i < n; i++) {
    if (ref && i == at)
      set_reference (c, 1, ref);
    submit (c, &frames[i], i);
    while (vc_colorizer_is_full (c) || (i == n - 1 && vc_colorizer_n_in_flight (c) > 0)) {
      TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, frames[received].layout.width,
                                   frames[received].layout.height);
      receive_shot (c, &out, received, &shots[received]);
      outputs[received++] = g_bytes_new_take (out.bytes, vc_frame_layout_size (&out.layout));
    }
  }
}

static void
colorize_all (VcColorizer *c, TestFrame *frames, guint n, GBytes **outputs, VcShotResult *shots)
{
  colorize_all_with (c, frames, n, 0, NULL, outputs, shots);
}

/* A frame of a picture unlike make_frame's gradients: a checkerboard of
 * blocks of SIZE pixels. */
static TestFrame
make_checkerboard (guint w, guint h, guint size)
{
  TestFrame f = empty_frame (VC_PIXEL_FORMAT_GRAY8, w, h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      f.bytes[y * f.layout.stride[0] + x] = (x / size + y / size) % 2 ? 200 : 40;
  return f;
}

/* The 48×32 gray frames of the memory tests: make_frame's seeds 0 .. N-1. */
static void
gradient_frames (TestFrame *frames, guint n)
{
  for (guint i = 0; i < n; i++)
    frames[i] = make_frame (VC_PIXEL_FORMAT_GRAY8, 48, 32, i);
}

static void
clear_frames (TestFrame *frames, guint n)
{
  for (guint i = 0; i < n; i++)
    test_frame_clear (&frames[i]);
}

static void
unref_outputs (GBytes **outputs, guint n)
{
  for (guint i = 0; i < n; i++)
    g_bytes_unref (outputs[i]);
}

/* A colorizer (IN_FLIGHT, LOOKAHEAD) with PARAMS (NULL: the defaults), for
 * those frames, to RGBx. */
static VcColorizer *
memory_colorizer (guint in_flight, guint lookahead, const VcColorizerParams *params)
{
  VcColorizer *c = new_colorizer_with (in_flight, lookahead, FALSE);
  if (params)
    vc_colorizer_set_params (c, params);
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 48, 32, VC_VIEW_COLOUR);
  return c;
}

/* A scene cut is found (with and without look-ahead) and forgets the
 * memory: the frame after it comes out as from a new colorizer. */
static void
test_scene_cut (void)
{
  TestFrame frames[6];
  gradient_frames (frames, 4);
  frames[4] = make_checkerboard (48, 32, 6);
  frames[5] = make_checkerboard (48, 32, 6);
  g_autoptr (VcColorizer) fresh = memory_colorizer (1, 0, NULL);
  g_autoptr (GBytes) alone = colorize (fresh, &frames[4]);
  for (guint lookahead = 0; lookahead <= 2; lookahead += 2) {
    g_autoptr (VcColorizer) c = memory_colorizer (2, lookahead, NULL);
    GBytes *outputs[6];
    VcShotResult shots[6];
    colorize_all (c, frames, 6, outputs, shots);
    for (guint i = 0; i < 6; i++) {
      g_test_message ("look-ahead %u, frame %u: event %d, score %.2f", lookahead, i, shots[i].event,
                      shots[i].score);
      g_assert_cmpint (shots[i].event, ==, i == 4 ? VC_SHOT_CUT : VC_SHOT_NONE);
    }
    g_assert_cmpfloat (shots[4].score, >, 3.0);
    g_assert_true (g_bytes_equal (outputs[4], alone));
    unref_outputs (outputs, 6);
  }
  clear_frames (frames, 6);
}

/* A keyframe makes the frame the memory's keyframe: with a threshold of 1
 * every frame after the first is one, and from the third frame on (the
 * first that would have attended to an older keyframe) the outputs differ
 * from those with none. */
static void
test_keyframes (void)
{
  TestFrame frames[4];
  gradient_frames (frames, 4);
  GBytes *outputs[2][4];
  for (guint k = 0; k < 2; k++) {
    VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
    params.keyframe_threshold = k;
    g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
    VcShotResult shots[4];
    colorize_all (c, frames, 4, outputs[k], shots);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpint (shots[i].event, ==, k == 1 && i > 0 ? VC_SHOT_KEYFRAME : VC_SHOT_NONE);
  }
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_bytes_equal (outputs[0][i], outputs[1][i]) == (i < 2));
  unref_outputs (outputs[0], 4);
  unref_outputs (outputs[1], 4);
  clear_frames (frames, 4);
}

/* The temporal strength weighs the memory against the references: the first
 * frame (no memory yet) comes out the same whatever it is, the later ones
 * differ, and 0.5 is the network as trained (no bias: the same output as an
 * unbiased recording, checked by test-attention and test-net). */
static void
test_temporal_strength (void)
{
  TestFrame frames[3];
  gradient_frames (frames, 3);
  TestFrame red = coloured (&frames[0], 50, 30);
  static const double strengths[] = { 0.5, 0.0, 1.0 };
  GBytes *outputs[3][3];
  for (guint k = 0; k < 3; k++) {
    VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
    params.temporal_strength = strengths[k];
    g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
    set_reference (c, 1, &red);
    VcShotResult shots[3];
    colorize_all (c, frames, 3, outputs[k], shots);
  }
  for (guint i = 0; i < 3; i++)
    for (guint k = 1; k < 3; k++)
      g_assert_true (g_bytes_equal (outputs[0][i], outputs[k][i]) == (i == 0));
  for (guint k = 0; k < 3; k++)
    unref_outputs (outputs[k], 3);
  clear_frames (frames, 3);
  test_frame_clear (&red);
}

/* Mean a*, b* of OUT (RGBx) over columns X0 .. X1 - 1. */
static void
mean_ab (const TestFrame *out, guint x0, guint x1, double mean[2])
{
  guint w = out->layout.width, h = out->layout.height;
  g_autofree float *l = g_new (float, (gsize) w *h);
  g_autofree float *ab = g_new (float, 2 * (gsize) w * h);
  vc_unpack_ref (&out->layout, out->bytes, l, ab);
  for (guint c = 0; c < 2; c++) {
    double sum = 0;
    for (guint y = 0; y < h; y++)
      for (guint x = x0; x < x1; x++)
        sum += ab[(gsize) c * w * h + y * w + x];
    mean[c] = sum / ((double) h * (x1 - x0));
  }
}

/* Locality: a frame whose left and right halves are the same texture, and a
 * reference of it red on the left and blue on the right. Without locality a
 * pixel finds its matches in both halves, and both halves come out about
 * the same colour; with it, each half takes its own side's. The memory is
 * off, so that only the reference is attended. */
static void
test_locality (void)
{
  const guint w = 128, h = 64, n = w * h;
  TestFrame frame = empty_frame (VC_PIXEL_FORMAT_GRAY8, w, h);
  TestFrame ref = empty_frame (VC_PIXEL_FORMAT_RGBx, w, h);
  g_autofree float *l = g_new (float, n);
  g_autofree float *ab = g_new (float, 2 * n);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      /* a period of 16 pixels: the halves (64 pixels) are alike */
      l[y * w + x] = 50.0f + 25.0f * sinf (G_PI * x / 8) * cosf (G_PI * y / 8);
      ab[y * w + x] = x < w / 2 ? 50.0f : 0.0f;
      ab[n + y * w + x] = x < w / 2 ? 30.0f : -50.0f;
    }
  vc_pack_ref (&frame.layout, l, NULL, frame.bytes);
  vc_pack_ref (&ref.layout, l, ab, ref.bytes);
  double gap[2]; /* a*b* distance between the halves, without and with locality */
  for (guint k = 0; k < 2; k++) {
    g_autoptr (VcColorizer) c = new_colorizer (1);
    VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
    params.temporal = FALSE;
    params.locality = k;
    vc_colorizer_set_params (c, &params);
    configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, w, h, VC_VIEW_COLOUR);
    set_reference (c, 0, &ref);
    TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, w, h);
    submit (c, &frame, 0);
    receive (c, &out, 0);
    /* away from the edges and the seam between the halves */
    double left[2], right[2];
    mean_ab (&out, w / 8, 3 * w / 8, left);
    mean_ab (&out, 5 * w / 8, 7 * w / 8, right);
    g_test_message ("locality %u: a*b* left %.1f %.1f, right %.1f %.1f", k, left[0], left[1],
                    right[0], right[1]);
    gap[k] = hypot (left[0] - right[0], left[1] - right[1]);
    test_frame_clear (&out);
  }
  /* measured: 0.2 and 89 (the reference's sides are 94 apart) */
  g_assert_cmpfloat (gap[0], <, 5.0);
  g_assert_cmpfloat (gap[1], >, 60.0);
  test_frame_clear (&frame);
  test_frame_clear (&ref);
}

/* A reference set between two frames is used from the second on, however
 * long the frames wait for their look-ahead. */
static void
test_lookahead_references (void)
{
  TestFrame frames[4];
  gradient_frames (frames, 4);
  TestFrame red = coloured (&frames[0], 50, 30);
  GBytes *outputs[2][4];
  for (guint k = 0; k < 2; k++) {
    g_autoptr (VcColorizer) c = memory_colorizer (1, 2 * k, NULL);
    VcShotResult shots[4];
    colorize_all_with (c, frames, 4, 2, &red, outputs[k], shots);
  }
  /* and it changes the output from there */
  g_assert_false (g_bytes_equal (outputs[0][2], outputs[0][1]));
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_bytes_equal (outputs[0][i], outputs[1][i]));
  unref_outputs (outputs[0], 4);
  unref_outputs (outputs[1], 4);
  clear_frames (frames, 4);
  test_frame_clear (&red);
}

/* The temporal memory is used, and forgotten at a reset: after one, a frame
 * comes out as from a new colorizer. */
static void
test_reset_memory (void)
{
  TestFrame frames[4];
  gradient_frames (frames, 4);
  g_autoptr (VcColorizer) fresh = memory_colorizer (1, 0, NULL);
  g_autoptr (GBytes) alone = colorize (fresh, &frames[3]);

  g_autoptr (VcColorizer) c = memory_colorizer (2, 0, NULL);
  for (guint i = 0; i < 3; i++)
    g_bytes_unref (colorize (c, &frames[i]));
  g_autoptr (GBytes) after_memory = colorize (c, &frames[3]);
  vc_colorizer_reset_memory (c);
  g_autoptr (GBytes) after_reset = colorize (c, &frames[3]);
  g_assert_false (g_bytes_equal (after_memory, alone));
  g_assert_true (g_bytes_equal (after_reset, alone));
  clear_frames (frames, 4);
}

static void
test_bad_configuration (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (2);
  g_autoptr (GError) error = NULL;
  VcVideoFormat in = video_format (VC_PIXEL_FORMAT_GRAY8, 64, 48);
  VcVideoFormat gray = video_format (VC_PIXEL_FORMAT_GRAY8, 64, 48);
  VcVideoFormat narrow = video_format (VC_PIXEL_FORMAT_RGBA, 64, 48);
  g_assert_false (vc_colorizer_configure (c, &in, &gray, VC_VIEW_COLOUR, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (vc_colorizer_configure (c, &in, &narrow, VC_VIEW_SIDE_BY_SIDE, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  VcColorizerOptions o = { .device_index = -1, .network_size = 64, .frames_in_flight = 0 };
  g_assert_null (vc_colorizer_new (&o, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  o = (VcColorizerOptions){ .device_index = -1, .network_size = 32, .frames_in_flight = 2 };
  g_assert_null (vc_colorizer_new (&o, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
}

static void
test_discard (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (3);
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 32, 32, VC_VIEW_COLOUR);
  TestFrame in = make_frame (VC_PIXEL_FORMAT_GRAY8, 32, 32, 0);
  for (guint i = 0; i < 3; i++)
    submit (c, &in, i);
  g_assert_true (vc_colorizer_is_full (c));
  vc_colorizer_discard (c); /* tags freed: no leak under ASan */
  g_assert_cmpuint (vc_colorizer_n_in_flight (c), ==, 0);
  vc_colorizer_reset_memory (c);
  submit (c, &in, 7); /* left in flight: freed with the colorizer */
  test_frame_clear (&in);
}

/* Checks that PROFILE has exactly the passes named in EXPECTED (in order,
 * NULL-terminated), none negative, adding up to its total, which is at most
 * WALL_MS (with 2 µs for the resolution of the clock WALL_MS was read
 * from). */
static void
assert_profile (const VcColorizerProfile *profile, const char *const *expected, double wall_ms)
{
  GString *names = g_string_new (NULL);
  double sum = 0;
  for (guint i = 0; i < profile->n_passes; i++) {
    g_string_append_printf (names, " %s %.3f", profile->passes[i].name, profile->passes[i].ms);
    g_assert_cmpfloat (profile->passes[i].ms, >=, 0.0);
    sum += profile->passes[i].ms;
  }
  g_test_message ("passes:%s; total %.3f ms, wall %.3f ms", names->str, profile->total_ms, wall_ms);
  g_string_free (names, TRUE);
  guint n = g_strv_length ((char **) expected);
  g_assert_cmpuint (profile->n_passes, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (profile->passes[i].name, ==, expected[i]);
  g_assert_cmpfloat (fabs (sum - profile->total_ms), <=, 1e-6 * MAX (1.0, sum));
  g_assert_cmpfloat (profile->total_ms, >, 0.0);
  g_assert_cmpfloat (profile->total_ms, <=, wall_ms + 0.002);
}

/* With profiling, each frame received has the GPU time of the passes its
 * command buffer holds: the first of a shot clears prev and becomes the
 * keyframe, the next ones are stored as the previous frame. */
static void
test_profile (void)
{
  static const char *const first[] = { "upload", "unpack", "resize",         "clear-prev",
                                       "clean",  "frame",  "store-keyframe", "prev",
                                       "guided", "pack",   "download",       NULL };
  static const char *const later[] = { "upload", "unpack",         "resize", "clean",
                                       "frame",  "store-previous", "prev",   "guided",
                                       "pack",   "download",       NULL };
  static const char *const confidence[] = { "upload",     "unpack", "resize",         "clear-prev",
                                            "clean",      "frame",  "store-keyframe", "prev",
                                            "confidence", "pack",   "download",       NULL };
  g_autoptr (VcColorizer) c = new_colorizer_with (2, 0, TRUE);
  VcColorizerProfile profile;
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 96, 64, VC_VIEW_COLOUR);
  g_assert_false (vc_colorizer_last_profile (c, &profile));
  TestFrame in = make_frame (VC_PIXEL_FORMAT_GRAY8, 96, 64, 0);
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, 96, 64);
  gint64 submitted[4];
  for (guint i = 0; i < 4; i++) {
    submitted[i] = g_get_monotonic_time ();
    submit (c, &in, i);
    if (i == 0)
      continue;
    receive (c, &out, i - 1);
    double wall_ms = (g_get_monotonic_time () - submitted[i - 1]) / 1000.0;
    g_assert_true (vc_colorizer_last_profile (c, &profile));
    assert_profile (&profile, i == 1 ? first : later, wall_ms);
  }
  vc_colorizer_discard (c);

  /* another view, other passes; a new configuration has no profile yet */
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 96, 64, VC_VIEW_CONFIDENCE);
  g_assert_false (vc_colorizer_last_profile (c, &profile));
  gint64 start = g_get_monotonic_time ();
  submit (c, &in, 0);
  receive (c, &out, 0);
  g_assert_true (vc_colorizer_last_profile (c, &profile));
  assert_profile (&profile, confidence, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (vc_colorizer_memory_peak (c), >=, vc_colorizer_memory_in_use (c));
  g_assert_cmpuint (vc_colorizer_memory_in_use (c), >, 0);

  /* off: nothing is timed */
  g_autoptr (VcColorizer) plain = new_colorizer (1);
  configure (plain, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 96, 64, VC_VIEW_COLOUR);
  submit (plain, &in, 0);
  receive (plain, &out, 0);
  g_assert_false (vc_colorizer_last_profile (plain, &profile));
  test_frame_clear (&in);
  test_frame_clear (&out);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/colorizer/network-resolution", test_network_resolution);
  g_test_add_func ("/colorizer/formats", test_formats);
  g_test_add_func ("/colorizer/in-flight", test_in_flight);
  g_test_add_func ("/colorizer/side-by-side", test_side_by_side);
  g_test_add_func ("/colorizer/confidence", test_confidence);
  g_test_add_func ("/colorizer/references", test_references);
  g_test_add_func ("/colorizer/reference-attended", test_reference_attended);
  g_test_add_func ("/colorizer/reset-memory", test_reset_memory);
  g_test_add_func ("/colorizer/scene-cut", test_scene_cut);
  g_test_add_func ("/colorizer/keyframes", test_keyframes);
  g_test_add_func ("/colorizer/lookahead-references", test_lookahead_references);
  g_test_add_func ("/colorizer/temporal-strength", test_temporal_strength);
  g_test_add_func ("/colorizer/locality", test_locality);
  g_test_add_func ("/colorizer/bad-configuration", test_bad_configuration);
  g_test_add_func ("/colorizer/discard", test_discard);
  g_test_add_func ("/colorizer/profile", test_profile);
  return g_test_run ();
}
