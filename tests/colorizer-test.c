/* vcolorize tests — the colorizer tests' shared helpers (colorizer-test.h). */
#include "colorizer-test.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

void
test_frame_clear (TestFrame *f)
{
  g_free (f->bytes);
}

VcHostFrame
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
TestFrame
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

TestFrame
empty_frame (VcPixelFormat format, guint w, guint h)
{
  TestFrame f;
  vc_frame_layout_init (&f.layout, format, w, h);
  f.bytes = g_malloc0 (vc_frame_layout_size (&f.layout));
  return f;
}

/* Mean and max |L(a) - L(b)| over the frames' pixels. */
void
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

VcColorizer *
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

VcColorizer *
new_colorizer (guint in_flight)
{
  return new_colorizer_with (in_flight, 0, FALSE);
}

VcVideoFormat
video_format (VcPixelFormat format, guint w, guint h)
{
  VcFrameLayout l;
  vc_frame_layout_init (&l, format, w, h);
  return (VcVideoFormat){ format, w, h, l.matrix, l.full_range, FALSE };
}

void
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
void
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

void
receive (VcColorizer *c, TestFrame *out, guint expected)
{
  receive_shot (c, out, expected, NULL);
}

void
submit (VcColorizer *c, TestFrame *in, guint index)
{
  VcHostFrame h = host_frame (in);
  g_autoptr (GError) error = NULL;
  guint *tag = g_new (guint, 1);
  *tag = index;
  g_assert_true (vc_colorizer_submit (c, &h, tag, &error));
  g_assert_no_error (error);
}

/* A picture of one colour whose lightness is FRAME's. */
TestFrame
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
GBytes *
colorize (VcColorizer *c, TestFrame *frame)
{
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, frame->layout.width, frame->layout.height);
  submit (c, frame, 0);
  receive (c, &out, 0);
  return g_bytes_new_take (out.bytes, vc_frame_layout_size (&out.layout));
}

/* The video format of frame F. */
VcVideoFormat
frame_format (const TestFrame *f)
{
  return video_format (f->layout.format, f->layout.width, f->layout.height);
}

void
set_reference (VcColorizer *c, guint key, TestFrame *ref)
{
  g_autoptr (GError) error = NULL;
  VcHostFrame h = host_frame (ref);
  VcVideoFormat f = frame_format (ref);
  g_assert_true (vc_colorizer_set_reference (c, key, &f, &h, &error));
  g_assert_no_error (error);
}

/* Colorizes N frames in a row with C (frames in flight and look-ahead as
 * they come, drained at the end), setting REF (if not NULL) as reference 1
 * before frame AT: OUTPUTS and what the scene detection found for each. */
void
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

void
colorize_all (VcColorizer *c, TestFrame *frames, guint n, GBytes **outputs, VcShotResult *shots)
{
  colorize_all_with (c, frames, n, 0, NULL, outputs, shots);
}

/* A frame of a picture unlike make_frame's gradients: a checkerboard of
 * blocks of SIZE pixels. */
TestFrame
make_checkerboard (guint w, guint h, guint size)
{
  TestFrame f = empty_frame (VC_PIXEL_FORMAT_GRAY8, w, h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      f.bytes[y * f.layout.stride[0] + x] = (x / size + y / size) % 2 ? 200 : 40;
  return f;
}

/* The 48×32 gray frames of the memory tests: make_frame's seeds 0 .. N-1. */
void
gradient_frames (TestFrame *frames, guint n)
{
  for (guint i = 0; i < n; i++)
    frames[i] = make_frame (VC_PIXEL_FORMAT_GRAY8, 48, 32, i);
}

void
clear_frames (TestFrame *frames, guint n)
{
  for (guint i = 0; i < n; i++)
    test_frame_clear (&frames[i]);
}

/* Clears each frame of a NULL-terminated list. */
void
clear_each_frame (TestFrame *first, ...)
{
  va_list frames;
  va_start (frames, first);
  for (TestFrame *f = first; f; f = va_arg (frames, TestFrame *))
    test_frame_clear (f);
  va_end (frames);
}

/* Whether A and B (of the same layout) hold the same bytes. */
gboolean
same_frames (const TestFrame *a, const TestFrame *b)
{
  return memcmp (a->bytes, b->bytes, vc_frame_layout_size (&a->layout)) == 0;
}

void
unref_outputs (GBytes **outputs, guint n)
{
  for (guint i = 0; i < n; i++)
    g_bytes_unref (outputs[i]);
}

/* A colorizer (IN_FLIGHT, LOOKAHEAD) with PARAMS (NULL: the defaults), for
 * those frames, to RGBx. */
VcColorizer *
memory_colorizer (guint in_flight, guint lookahead, const VcColorizerParams *params)
{
  VcColorizer *c = new_colorizer_with (in_flight, lookahead, FALSE);
  if (params)
    vc_colorizer_set_params (c, params);
  configure (c, VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_RGBx, 48, 32, VC_VIEW_COLOUR);
  return c;
}
