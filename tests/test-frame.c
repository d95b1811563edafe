/* vcolorize tests — frames in host memory, on the host only: the pixel
 * formats' names and default layouts, the L* of one pixel
 * (vc_lightness_at_ref, which reference thumbnails take), its L*a*b*
 * (vc_lab_at_ref, which colour hints take) and whether a
 * frame has a clear pixel (vc_frame_any_clear). */
#include "vc-test.h"
#include "vc-colour.h"

#include <string.h>

static void
test_formats (void)
{
  for (VcPixelFormat f = 0; f < VC_PIXEL_FORMAT_UNKNOWN; f++)
    g_assert_cmpint (vc_pixel_format_from_string (vc_pixel_format_to_string (f)), ==, f);
  g_assert_cmpint (vc_pixel_format_from_string ("RGBx"), ==, VC_PIXEL_FORMAT_RGBx);
  g_assert_cmpint (vc_pixel_format_from_string ("rgbx"), ==, VC_PIXEL_FORMAT_UNKNOWN);
  g_assert_cmpint (vc_pixel_format_from_string (NULL), ==, VC_PIXEL_FORMAT_UNKNOWN);
  g_assert_null (vc_pixel_format_to_string (VC_PIXEL_FORMAT_UNKNOWN));

  /* what gst_video_info_set_format gives (GStreamer 1.22) */
  static const struct {
    VcPixelFormat format;
    guint w, h, n_planes;
    guint64 offset[3];
    guint stride[3];
    guint64 size;
  } gst[] = {
    { VC_PIXEL_FORMAT_I420, 5, 3, 3, { 0, 32, 40 }, { 8, 4, 4 }, 48 },
    { VC_PIXEL_FORMAT_NV12, 5, 3, 2, { 0, 32 }, { 8, 8 }, 48 },
    { VC_PIXEL_FORMAT_RGB, 5, 3, 1, { 0 }, { 16 }, 48 },
    { VC_PIXEL_FORMAT_GRAY16_LE, 3, 1, 1, { 0 }, { 8 }, 8 },
    { VC_PIXEL_FORMAT_GRAY8, 7, 2, 1, { 0 }, { 8 }, 16 },
    { VC_PIXEL_FORMAT_xBGR, 3, 2, 1, { 0 }, { 12 }, 24 },
  };
  /* every format's, at several sizes, against GStreamer's own in
   * /element/formats/default-layouts */
  for (guint i = 0; i < G_N_ELEMENTS (gst); i++) {
    VcFrameLayout l;
    vc_frame_layout_init (&l, gst[i].format, gst[i].w, gst[i].h);
    g_assert_cmpuint (l.n_planes, ==, gst[i].n_planes);
    for (guint p = 0; p < l.n_planes; p++) {
      g_assert_cmpuint (l.offset[p], ==, gst[i].offset[p]);
      g_assert_cmpuint (l.stride[p], ==, gst[i].stride[p]);
    }
    g_assert_cmpuint (vc_frame_layout_size (&l), ==, gst[i].size);
    g_assert_true (vc_frame_layout_check (&l, "test", NULL));
  }
  VcFrameLayout hd;
  vc_frame_layout_init (&hd, VC_PIXEL_FORMAT_NV12, 1920, 1080);
  g_assert_cmpint (hd.matrix, ==, VC_YUV_BT709);
  g_assert_false (hd.full_range);
  vc_frame_layout_init (&hd, VC_PIXEL_FORMAT_I420, 720, 576);
  g_assert_cmpint (hd.matrix, ==, VC_YUV_BT601);
  vc_frame_layout_init (&hd, VC_PIXEL_FORMAT_P010_10LE, 3840, 2160);
  g_assert_cmpint (hd.matrix, ==, VC_YUV_BT2020);
}

/* A W×H frame of format F (its layout in *LAYOUT) of random bytes. */
static guint8 *
random_frame (VcPixelFormat f, guint w, guint h, GRand *rand, VcFrameLayout *layout)
{
  vc_frame_layout_init (layout, f, w, h);
  gsize size = vc_frame_layout_size (layout);
  guint8 *frame = g_malloc (size);
  for (gsize i = 0; i < size; i++)
    frame[i] = (guint8) g_rand_int (rand);
  return frame;
}

/* vc_lightness_at_ref is vc_srgb_to_lab_ref's L* of the pixel, in every
 * RGB format (8-bit ones take a table of the channels' linear values). */
static void
test_lightness_at (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  for (VcPixelFormat f = 0; f < VC_PIXEL_FORMAT_UNKNOWN; f++) {
    const VcPixelFormatInfo *info = vc_pixel_format_info (f);
    if (info->model != VC_COLOUR_RGB)
      continue;
    VcFrameLayout layout;
    g_autofree guint8 *frame = random_frame (f, 67, 9, rand, &layout);
    double scale = info->bytes_per_pixel == 8 ? 65535.0 : 255.0;
    for (guint y = 0; y < layout.height; y++)
      for (guint x = 0; x < layout.width; x++) {
        const guint8 *px =
            frame + layout.offset[0] + (gsize) y * layout.stride[0] + x * info->bytes_per_pixel;
        const gint8 pos[3] = { info->r, info->g, info->b };
        double rgb[3], lab[3];
        for (int k = 0; k < 3; k++)
          rgb[k] =
              (info->bytes_per_pixel == 8 ? px[pos[k]] | px[pos[k] + 1] << 8 : px[pos[k]]) / scale;
        vc_srgb_to_lab_ref (rgb, lab);
        g_assert_cmpfloat_with_epsilon (vc_lightness_at_ref (&layout, frame, x, y), lab[0], 1e-9);
      }
  }
  g_rand_free (rand);
}

/* vc_lab_at_ref is vc_unpack_ref's L*a*b* of the pixel, in every format
 * (odd sizes: the chroma of the last column and row). */
static void
test_lab_at (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  for (VcPixelFormat f = 0; f < VC_PIXEL_FORMAT_UNKNOWN; f++) {
    VcFrameLayout layout;
    g_autofree guint8 *frame = random_frame (f, 13, 5, rand, &layout);
    gsize n = 13 * 5;
    g_autofree float *l = g_new (float, n), *ab = g_new (float, 2 * n);
    vc_unpack_ref (&layout, frame, l, ab);
    gboolean gray = vc_pixel_format_info (f)->model == VC_COLOUR_GRAY;
    for (guint y = 0; y < layout.height; y++)
      for (guint x = 0; x < layout.width; x++) {
        double lab[3];
        gsize i = (gsize) y * layout.width + x;
        vc_lab_at_ref (&layout, frame, x, y, lab);
        g_assert_cmpfloat ((float) lab[0], ==, l[i]);
        if (!gray) {
          g_assert_cmpfloat ((float) lab[1], ==, ab[i]);
          g_assert_cmpfloat ((float) lab[2], ==, ab[n + i]);
        }
      }
  }
  g_rand_free (rand);
}

/* vc_frame_any_clear: a frame with alpha is clear where some pixel's
 * alpha is below half (the last pixel here, or the first), as
 * vc_frame_is_clear says; never without alpha, whatever its padding. */
static void
test_any_clear (void)
{
  for (VcPixelFormat f = 0; f < VC_PIXEL_FORMAT_UNKNOWN; f++) {
    const VcPixelFormatInfo *info = vc_pixel_format_info (f);
    if (info->model != VC_COLOUR_RGB)
      continue;
    VcFrameLayout layout;
    vc_frame_layout_init (&layout, f, 7, 3);
    gsize size = vc_frame_layout_size (&layout);
    g_autofree guint8 *frame = g_malloc (size);
    /* the alpha byte, or padding (none in RGB and BGR) */
    int alpha = info->x < 0 ? 0 : info->x + (info->bytes_per_pixel == 8 ? 1 : 0);
    for (guint at = 0; at < 2; at++) {
      guint x = at ? 0 : 6, y = at ? 0 : 2;
      guint8 *px = frame + layout.offset[0] + y * layout.stride[0] + x * info->bytes_per_pixel;
      memset (frame, 0xff, size);
      g_assert_false (vc_frame_any_clear (&layout, frame));
      px[alpha] = 128;
      g_assert_false (vc_frame_any_clear (&layout, frame));
      px[alpha] = 127;
      g_assert_cmpint (vc_frame_any_clear (&layout, frame), ==, info->alpha);
      g_assert_cmpint (vc_frame_is_clear (&layout, frame, x, y), ==, info->alpha);
      memset (frame, 0, size);
      g_assert_cmpint (vc_frame_any_clear (&layout, frame), ==, info->alpha);
    }
  }
  /* formats without alpha */
  VcFrameLayout gray;
  vc_frame_layout_init (&gray, VC_PIXEL_FORMAT_GRAY8, 5, 5);
  guint8 zeros[5 * 8] = { 0 };
  g_assert_false (vc_frame_any_clear (&gray, zeros));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frame/formats", test_formats);
  g_test_add_func ("/frame/lightness-at", test_lightness_at);
  g_test_add_func ("/frame/lab-at", test_lab_at);
  g_test_add_func ("/frame/any-clear", test_any_clear);
  return g_test_run ();
}
