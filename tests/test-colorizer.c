/* vcolorize tests — the colorizer engine: formats, views, frames in flight,
 * references (attended, locality) and errors. Colour itself is the network's
 * and is tested with it; here the output must keep the input's lightness.
 * The temporal memory's tests are in test-colorizer-memory.c, keep-reference's
 * in test-colorizer-keep.c. */
#include "colorizer-test.h"

#include <math.h>
#include <string.h>

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
  VcVideoFormat empty = { VC_PIXEL_FORMAT_RGBx, 0, 10, VC_YUV_BT601, FALSE, FALSE };
  g_assert_false (vc_colorizer_set_reference (c, 99, &empty, &none, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  test_frame_clear (&ref);
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

/* RGBX (an RGBx picture) as RGBA with every alpha A. */
static TestFrame
with_alpha (const TestFrame *rgbx, guint8 a)
{
  TestFrame f = empty_frame (VC_PIXEL_FORMAT_RGBA, rgbx->layout.width, rgbx->layout.height);
  gsize size = vc_frame_layout_size (&f.layout);
  g_assert_cmpuint (size, ==, vc_frame_layout_size (&rgbx->layout));
  memcpy (f.bytes, rgbx->bytes, size);
  for (gsize i = 3; i < size; i += 4)
    f.bytes[i] = a;
  return f;
}

/* Mean |Δa*b*| between two W×H RGBx outputs. */
static double
ab_distance (GBytes *a, GBytes *b, guint w, guint h)
{
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_RGBx, w, h);
  gsize n = (gsize) w * h;
  g_autofree float *l = g_new (float, n);
  g_autofree float *ab_a = g_new (float, 2 * n), *ab_b = g_new (float, 2 * n);
  vc_unpack_ref (&layout, g_bytes_get_data (a, NULL), l, ab_a);
  vc_unpack_ref (&layout, g_bytes_get_data (b, NULL), l, ab_b);
  double sum = 0;
  for (gsize i = 0; i < n; i++)
    sum += hypot (ab_a[i] - ab_b[i], ab_a[n + i] - ab_b[n + i]);
  return sum / n;
}

/* A reference's transparent parts carry no colour: a picture whose every
 * pixel is transparent changes nothing (its keys become copies of the null
 * key, and it is never kept from, even with keep-reference 1), where the
 * same picture opaque colours the frame (kept: it is the frame itself). */
static void
test_transparent_reference (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (1);
  VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  params.temporal = FALSE;
  params.keep_reference = 1.0;
  vc_colorizer_set_params (c, &params);
  const guint w = 64, h = 64;
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, w, h, VC_VIEW_COLOUR);
  TestFrame frame = make_frame (VC_PIXEL_FORMAT_GRAY8, w, h, 2);
  TestFrame red = coloured (&frame, 50, 30);
  TestFrame opaque = with_alpha (&red, 255), clear = with_alpha (&red, 0);
  g_autoptr (GBytes) none = colorize (c, &frame);
  set_reference (c, 1, &opaque);
  g_autoptr (GBytes) with_opaque = colorize (c, &frame);
  set_reference (c, 1, &clear);
  g_autoptr (GBytes) with_clear = colorize (c, &frame);
  double opaque_change = ab_distance (none, with_opaque, w, h);
  double clear_change = ab_distance (none, with_clear, w, h);
  g_test_message ("mean |dab| from no reference: opaque %.3f, transparent %.5f", opaque_change,
                  clear_change);
  g_assert_cmpfloat (opaque_change, >, 20.0);
  g_assert_cmpfloat (clear_change, <, 0.05);
  clear_each_frame (&frame, &red, &opaque, &clear, NULL);
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

/* The locality tests' pictures, 128×64: the frame, a texture of period 16
 * pixels shifted by FRAME_SHIFT pixels (its halves are alike), and the
 * reference, the same texture shifted by REF_SHIFT pixels, red on the left
 * and blue on the right. */
#define LOCALITY_W 128
#define LOCALITY_H 64

static void
locality_pictures (TestFrame *frame, TestFrame *ref, guint frame_shift, guint ref_shift)
{
  const guint w = LOCALITY_W, h = LOCALITY_H, n = w * h;
  *frame = empty_frame (VC_PIXEL_FORMAT_GRAY8, w, h);
  *ref = empty_frame (VC_PIXEL_FORMAT_RGBx, w, h);
  g_autofree float *l = g_new (float, 2 * n);
  g_autofree float *ab = g_new (float, 2 * n);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      for (guint k = 0; k < 2; k++) {
        guint shift = k ? ref_shift : frame_shift;
        l[k * n + y * w + x] = 50.0f + 25.0f * sinf (G_PI * (x + shift) / 8) * cosf (G_PI * y / 8);
      }
      ab[y * w + x] = x < w / 2 ? 50.0f : 0.0f;
      ab[n + y * w + x] = x < w / 2 ? 30.0f : -50.0f;
    }
  vc_pack_ref (&frame->layout, l, NULL, frame->bytes);
  vc_pack_ref (&ref->layout, l + n, ab, ref->bytes);
}

/* FRAME colorized over REF alone (no memory) with LOCALITY: the network's
 * colours (keep-reference off: these pictures line up). */
static TestFrame
colorize_locality (TestFrame *frame, TestFrame *ref, double locality)
{
  g_autoptr (VcColorizer) c = new_colorizer (1);
  VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  params.temporal = FALSE;
  params.locality = locality;
  params.keep_reference = 0.0;
  vc_colorizer_set_params (c, &params);
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, frame->layout.width,
             frame->layout.height, VC_VIEW_COLOUR);
  set_reference (c, 0, ref);
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, frame->layout.width, frame->layout.height);
  submit (c, frame, 0);
  receive (c, &out, 0);
  return out;
}

/* Locality: the frame's halves are the same texture, the reference's left
 * half red and its right half blue. Without locality a pixel finds its
 * matches in both halves, and both halves come out about the same colour;
 * with it, each half takes its own side's. The memory is off, so that only
 * the reference is attended. */
static void
test_locality (void)
{
  const guint w = LOCALITY_W;
  TestFrame frame, ref;
  locality_pictures (&frame, &ref, 0, 0);
  double gap[2]; /* a*b* distance between the halves, without and with locality */
  for (guint k = 0; k < 2; k++) {
    TestFrame out = colorize_locality (&frame, &ref, k);
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

/* The automatic locality (-1): with a reference that lines up with the
 * frame it is VC_COLORIZER_AUTO_LOCALITY (the same output byte for byte);
 * with one shifted by a quarter of the texture's period (within 3 L* of the
 * frame only where the two cross and along the texture's flat rows), 0. */
static void
test_locality_auto (void)
{
  for (guint shifted = 0; shifted < 2; shifted++) {
    TestFrame frame, ref;
    locality_pictures (&frame, &ref, 0, shifted ? 4 : 0);
    TestFrame automatic = colorize_locality (&frame, &ref, -1.0);
    TestFrame expected =
        colorize_locality (&frame, &ref, shifted ? 0.0 : VC_COLORIZER_AUTO_LOCALITY);
    TestFrame other = colorize_locality (&frame, &ref, shifted ? VC_COLORIZER_AUTO_LOCALITY : 0.0);
    g_assert_true (same_frames (&automatic, &expected));
    g_assert_false (same_frames (&automatic, &other));
    clear_each_frame (&frame, &ref, &automatic, &expected, &other, NULL);
  }
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
  static const char *const first[] = { "upload", "unpack",         "resize", "clear-prev", "clean",
                                       "frame",  "store-keyframe", "prev",   "guided",     "steady",
                                       "pack",   "download",       NULL };
  static const char *const later[] = { "upload", "unpack",         "resize",   "clean",
                                       "frame",  "store-previous", "prev",     "guided",
                                       "steady", "pack",           "download", NULL };
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

static VcFrameBuffer *
receive_lent (VcColorizer *c, guint expected)
{
  VcFrameBuffer *frame;
  gpointer tag;
  g_autoptr (GError) error = NULL;
  g_assert_true (vc_colorizer_receive_frame (c, &frame, &tag, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (frame);
  g_assert_cmpuint (*(guint *) tag, ==, expected);
  g_free (tag);
  return frame;
}

/* Whether LENT holds OUT's frame: the same layout and the same bytes in
 * each row (the padding after them is not compared). */
static gboolean
same_as_lent (const TestFrame *out, VcFrameBuffer *lent)
{
  const VcFrameLayout *a = &out->layout, *b = vc_frame_buffer_layout (lent);
  if (a->format != b->format || a->width != b->width || a->height != b->height ||
      a->n_planes != b->n_planes || vc_frame_buffer_size (lent) < vc_frame_layout_padded_size (a))
    return FALSE;
  for (guint p = 0; p < a->n_planes; p++) {
    guint row_bytes, rows;
    vc_frame_plane_extent (a, p, &row_bytes, &rows);
    if (a->offset[p] != b->offset[p] || a->stride[p] != b->stride[p])
      return FALSE;
    for (guint y = 0; y < rows; y++) {
      gsize at = a->offset[p] + (gsize) y * a->stride[p];
      if (memcmp (out->bytes + at, vc_frame_buffer_data (lent) + at, row_bytes) != 0)
        return FALSE;
    }
  }
  return TRUE;
}

static gpointer
release_all (gpointer frames)
{
  g_ptr_array_unref (frames);
  return NULL;
}

/* A frame buffer of POOL holding IN (packed the default way). */
static VcFrameBuffer *
input_buffer (VcFramePool *pool, const TestFrame *in)
{
  g_autoptr (GError) error = NULL;
  VcFrameBuffer *frame = vc_frame_pool_acquire (pool, &in->layout, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vc_frame_buffer_size (frame), ==, vc_frame_layout_padded_size (&in->layout));
  memcpy (vc_frame_buffer_data (frame), in->bytes, vc_frame_layout_size (&in->layout));
  return frame;
}

/* Frames given in place (vc_colorizer_submit_buffer) and received in place
 * (vc_colorizer_receive_frame) give what vc_colorizer_submit and
 * vc_colorizer_receive copy in and out. A frame received is the caller's
 * as long as it likes: the frames after it, a new format and the
 * colorizer's end leave it as it was; it is released from another thread.
 * A frame buffer of another layout is refused. */
static void
test_lent_frames (void)
{
  enum { N = 5 };
  static const VcPixelFormat outs[] = { VC_PIXEL_FORMAT_RGB, VC_PIXEL_FORMAT_I420 };
  const guint w = 33, h = 19; /* rows padded, odd chroma */
  VcColorizer *lending = new_colorizer (2);
  g_autoptr (VcColorizer) copying = new_colorizer (2);
  VcFramePool *inputs = vc_colorizer_input_pool (lending);
  GPtrArray *lent = g_ptr_array_new_with_free_func ((GDestroyNotify) vc_frame_buffer_release);
  TestFrame copied[G_N_ELEMENTS (outs)][N];
  for (guint f = 0; f < G_N_ELEMENTS (outs); f++) {
    configure (lending, VC_PIXEL_FORMAT_I420, outs[f], w, h, VC_VIEW_COLOUR);
    configure (copying, VC_PIXEL_FORMAT_I420, outs[f], w, h, VC_VIEW_COLOUR);
    VcFrameBuffer *in_place[N];
    for (guint i = 0; i < N; i++) {
      TestFrame in = make_frame (VC_PIXEL_FORMAT_I420, w, h, 7 * i);
      in_place[i] = input_buffer (inputs, &in);
      g_autoptr (GError) error = NULL;
      guint *tag = g_new (guint, 1);
      *tag = i;
      g_assert_true (vc_colorizer_takes_buffer (lending, in_place[i]));
      g_assert_true (vc_colorizer_submit_buffer (lending, in_place[i], tag, &error));
      g_assert_no_error (error);
      submit (copying, &in, i);
      test_frame_clear (&in);
      copied[f][i] = empty_frame (outs[f], w, h);
      receive (copying, &copied[f][i], i);
      g_ptr_array_add (lent, receive_lent (lending, i));
      vc_frame_buffer_release (in_place[i]);
    }
  }
  /* another layout */
  TestFrame other = make_frame (VC_PIXEL_FORMAT_GRAY8, w, h, 0);
  VcFrameBuffer *wrong = input_buffer (inputs, &other);
  g_autoptr (GError) error = NULL;
  guint tag = 9;
  g_assert_false (vc_colorizer_takes_buffer (lending, wrong));
  g_assert_false (vc_colorizer_submit_buffer (lending, wrong, &tag, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (vc_colorizer_n_in_flight (lending), ==, 0);
  vc_frame_buffer_release (wrong);
  test_frame_clear (&other);

  vc_colorizer_free (lending);
  for (guint f = 0; f < G_N_ELEMENTS (outs); f++)
    for (guint i = 0; i < N; i++) {
      VcFrameBuffer *frame = g_ptr_array_index (lent, f * N + i);
      g_assert_true (same_as_lent (&copied[f][i], frame));
      g_assert_cmpuint (vc_frame_buffer_size (frame), ==,
                        vc_frame_layout_padded_size (&copied[f][i].layout));
      /* every frame held is a buffer of its own */
      for (guint j = 0; j < f * N + i; j++)
        g_assert_true (vc_frame_buffer_data (g_ptr_array_index (lent, j)) !=
                       vc_frame_buffer_data (frame));
      test_frame_clear (&copied[f][i]);
    }
  g_thread_join (g_thread_new ("release", release_all, lent));
  /* the input pool outlives the colorizer too */
  TestFrame late = make_frame (VC_PIXEL_FORMAT_NV12, w, h, 1);
  vc_frame_buffer_release (input_buffer (inputs, &late));
  test_frame_clear (&late);
  vc_frame_pool_unref (inputs);
}

/* A frame pool keeps at most VC_FRAME_POOL_MAX_KEPT frames given back, and
 * frees those it keeps when frames of another size are asked for; its
 * memory is counted as the colorizer's. */
static void
test_frame_pool (void)
{
  enum { N = VC_FRAME_POOL_MAX_KEPT + 10 };
  g_autoptr (VcColorizer) c = new_colorizer (1);
  VcFramePool *pool = vc_colorizer_input_pool (c);
  guint64 base = vc_colorizer_memory_in_use (c);
  VcFrameLayout a, b;
  vc_frame_layout_init (&a, VC_PIXEL_FORMAT_RGBA, 64, 48);
  vc_frame_layout_init (&b, VC_PIXEL_FORMAT_GRAY8, 50, 30);
  g_autoptr (GError) error = NULL;
  VcFrameBuffer *frames[N];
  for (guint i = 0; i < N; i++) {
    frames[i] = vc_frame_pool_acquire (pool, &a, &error);
    g_assert_no_error (error);
  }
  guint64 size_a = (vc_colorizer_memory_in_use (c) - base) / N;
  g_assert_cmpuint (size_a, >=, 64 * 48 * 4);
  for (guint i = 0; i < N; i++)
    vc_frame_buffer_release (frames[i]);
  g_assert_cmpuint (vc_colorizer_memory_in_use (c) - base, ==, VC_FRAME_POOL_MAX_KEPT * size_a);
  /* a kept frame is reused */
  VcFrameBuffer *again = vc_frame_pool_acquire (pool, &a, &error);
  g_assert_cmpuint (vc_colorizer_memory_in_use (c) - base, ==, VC_FRAME_POOL_MAX_KEPT * size_a);
  vc_frame_buffer_release (again);
  /* another size: the kept ones go */
  VcFrameBuffer *other = vc_frame_pool_acquire (pool, &b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vc_frame_buffer_layout (other)->format, ==, VC_PIXEL_FORMAT_GRAY8);
  g_assert_cmpuint (vc_colorizer_memory_in_use (c) - base, <, size_a);
  vc_frame_buffer_release (other);
  /* a layout the engine cannot use */
  VcFrameLayout bad = b;
  bad.stride[0] = 3;
  g_assert_null (vc_frame_pool_acquire (pool, &bad, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  vc_frame_pool_unref (pool);
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
  g_test_add_func ("/colorizer/transparent-reference", test_transparent_reference);
  g_test_add_func ("/colorizer/locality", test_locality);
  g_test_add_func ("/colorizer/locality-auto", test_locality_auto);
  g_test_add_func ("/colorizer/bad-configuration", test_bad_configuration);
  g_test_add_func ("/colorizer/discard", test_discard);
  g_test_add_func ("/colorizer/profile", test_profile);
  g_test_add_func ("/colorizer/lent-frames", test_lent_frames);
  g_test_add_func ("/colorizer/frame-pool", test_frame_pool);
  return g_test_run ();
}
