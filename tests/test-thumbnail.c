/* vcolorize tests — thumbnails of frames and references (vc-thumbnail.h):
 * box-averaged luminance for the scene detection, L* for the automatic
 * locality, grids of single pixels for keep-reference; host only. */
#include "vc-colour.h"
#include "vc-reference.h"
#include "vc-thumbnail.h"

#include <math.h>
#include <string.h>

/* SIZE (vc_thumbnail_size or vc_thumbnail_points_size) of a WIDTH×HEIGHT
 * frame is WANT_W×WANT_H. */
static void
assert_size (void (*size) (guint, guint, guint *, guint *), guint width, guint height, guint want_w,
             guint want_h)
{
  guint w, h;
  size (width, height, &w, &h);
  g_assert_cmpuint (w, ==, want_w);
  g_assert_cmpuint (h, ==, want_h);
}

/* The 16×8 picture of planar L* and a*b* L and AB packed as FORMAT (YUV in
 * FULL_RANGE or not): *LAYOUT its layout, *FRAME its planes; the bytes are
 * the caller's. */
static guint8 *
pack_picture (VcPixelFormat format, gboolean full_range, const float *l, const float *ab,
              VcFrameLayout *layout, VcHostFrame *frame)
{
  vc_frame_layout_init (layout, format, 16, 8);
  layout->full_range = full_range;
  guint8 *bytes = g_malloc0 (vc_frame_layout_size (layout));
  vc_pack_ref (layout, l, ab, bytes);
  *frame = (VcHostFrame){ { 0 }, { 0 } };
  for (guint p = 0; p < 3; p++) {
    frame->data[p] = bytes + layout->offset[p];
    frame->stride[p] = layout->stride[p];
  }
  return bytes;
}

/* L* thumbnails, for the automatic locality: of a 16×8 frame whose left
 * half is L* 30 and right half L* 70 (neutral), in gray, YUV of both ranges
 * and RGB, both exactly (vc_thumbnail_lightness) and from the luminance
 * thumbnail (vc_thumbnail_to_lightness); and the fraction that lines up. */
static void
test_thumbnail_lightness (void)
{
  static const VcPixelFormat formats[] = { VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_GRAY16_LE,
                                           VC_PIXEL_FORMAT_I420,  VC_PIXEL_FORMAT_NV12,
                                           VC_PIXEL_FORMAT_YUY2,  VC_PIXEL_FORMAT_RGBx };
  float l[16 * 8], ab[2 * 16 * 8] = { 0 };
  for (guint i = 0; i < 16 * 8; i++)
    l[i] = i % 16 < 8 ? 30.0f : 70.0f;
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    for (guint full = 0; full < 2; full++) {
      VcFrameLayout layout;
      VcHostFrame frame;
      g_autofree guint8 *bytes = pack_picture (formats[f], full, l, ab, &layout, &frame);
      float exact[2], luma[2], from_luma[2];
      vc_thumbnail_lightness (&layout, bytes, exact, 2, 1);
      vc_thumbnail_compute (formats[f], 16, 8, &frame, luma, 2, 1);
      vc_thumbnail_to_lightness (&layout, luma, 2, from_luma);
      g_test_message ("format %d, full range %u: %.2f %.2f, from luminance %.2f %.2f", formats[f],
                      full, exact[0], exact[1], from_luma[0], from_luma[1]);
      for (guint i = 0; i < 2; i++) {
        /* 8-bit codes: steps of up to 0.5 L* */
        g_assert_cmpfloat (fabs (exact[i] - (i ? 70 : 30)), <, 0.5);
        g_assert_cmpfloat (fabs (from_luma[i] - exact[i]), <, 0.01);
      }
    }
  static const float a[] = { 10, 20, 30, 40 }, b[] = { 13, 16.5f, 30, 90 };
  g_assert_cmpfloat (vc_thumbnail_aligned (a, b, 4, 3.0), ==, 0.5);
  g_assert_cmpfloat (vc_thumbnail_aligned (a, a, 4, 0.0), ==, 1.0);
  g_assert_cmpfloat (vc_thumbnail_aligned (a, b, 0, 3.0), ==, 0.0);
}

/* Grids of points: each value is the one pixel at the centre of its box
 * (not an average), exactly (vc_thumbnail_points_lightness) and from the
 * luminance; a grid the frame's size is every pixel; sizes. */
static void
test_thumbnail_points (void)
{
  assert_size (vc_thumbnail_points_size, 1920, 1080, 228, 128);
  assert_size (vc_thumbnail_points_size, 100, 50, 100, 50);

  static const VcPixelFormat formats[] = { VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_I420,
                                           VC_PIXEL_FORMAT_YUY2, VC_PIXEL_FORMAT_RGBx };
  float l[16 * 8], ab[2 * 16 * 8] = { 0 };
  for (guint y = 0; y < 8; y++)
    for (guint x = 0; x < 16; x++)
      l[y * 16 + x] = 10.0f + 5.0f * x + 0.5f * y;
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    VcFrameLayout layout;
    VcHostFrame frame;
    g_autofree guint8 *bytes = pack_picture (formats[f], FALSE, l, ab, &layout, &frame);
    float all[16 * 8], exact[4 * 2], luma[4 * 2];
    vc_thumbnail_points_lightness (&layout, bytes, all, 16, 8);
    for (guint i = 0; i < 16 * 8; i++)
      g_assert_cmpfloat (fabs (all[i] - vc_lightness_at_ref (&layout, bytes, i % 16, i / 16)), <,
                         1e-4);
    vc_thumbnail_points_lightness (&layout, bytes, exact, 4, 2);
    vc_thumbnail_points (formats[f], 16, 8, &frame, luma, 4, 2);
    vc_thumbnail_to_lightness (&layout, luma, 4 * 2, luma);
    for (guint j = 0; j < 2; j++)
      for (guint i = 0; i < 4; i++) {
        /* boxes of 4×4 pixels, centres at 2 */
        float want = all[(4 * j + 2) * 16 + 4 * i + 2];
        g_assert_cmpfloat (fabs (exact[j * 4 + i] - want), <, 1e-4);
        /* 8-bit codes: steps of up to 0.5 L* */
        g_assert_cmpfloat (fabs (want - l[(4 * j + 2) * 16 + 4 * i + 2]), <, 0.5);
        g_assert_cmpfloat (fabs (luma[j * 4 + i] - want), <, 0.01);
      }
  }
}

/* Thumbnails of every kind of format: the luminance of plane 0 (gray, Y',
 * or R'G'B' weighted), box-averaged; sizes. */
static void
test_thumbnail (void)
{
  assert_size (vc_thumbnail_size, 1920, 1080, 114, 64);
  assert_size (vc_thumbnail_size, 480, 640, 64, 85);
  assert_size (vc_thumbnail_size, 40, 30, 40, 30);

  /* a 16×8 frame whose left half is dark and right half bright, to 2×1 */
  static const VcPixelFormat formats[] = {
    VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_GRAY16_LE, VC_PIXEL_FORMAT_I420,
    VC_PIXEL_FORMAT_NV12,  VC_PIXEL_FORMAT_RGB,       VC_PIXEL_FORMAT_BGRx,
    VC_PIXEL_FORMAT_ARGB,  VC_PIXEL_FORMAT_YUY2,      VC_PIXEL_FORMAT_UYVY,
    VC_PIXEL_FORMAT_Y444,  VC_PIXEL_FORMAT_I420_10LE, VC_PIXEL_FORMAT_P010_10LE,
    VC_PIXEL_FORMAT_v210,
  };
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    const VcPixelFormatInfo *info = vc_pixel_format_info (formats[f]);
    /* v210: 16 pixels in 3 groups of 16 bytes */
    guint bpp = info->bytes_per_pixel, stride = info->v210 ? 48 : 16 * bpp + 4;
    g_autofree guint8 *bytes = g_malloc0 (stride * 8);
    for (guint y = 0; y < 8; y++)
      for (guint x = 0; x < 16; x++) {
        guint8 *px = bytes + y * stride + x * bpp;
        guint8 v = x < 8 ? 40 : 200;
        if (info->model == VC_COLOUR_RGB) {
          px[info->r] = v;
          px[info->g] = v;
          px[info->b] = (guint8) (x < 8 ? 40 : 100);
        } else if (info->y >= 0) {
          /* packed 4:2:2: Y' of this pixel, neutral chroma around it */
          guint8 *pair = bytes + y * stride + x / 2 * 4;
          pair[info->u] = pair[info->v] = 128;
          pair[info->y + 2 * (x % 2)] = v;
        } else if (info->v210) {
          /* 10-bit Y' (4 × v) at its place in the group's words */
          vc_v210_put (bytes + y * stride + x / 6 * 16, vc_v210_y[x % 6], 4u * v);
        } else if (info->depth == 10) {
          /* 10-bit Y' (4 × v) in its 16-bit word */
          guint word = (4u * v) << info->shift;
          px[0] = word & 0xff;
          px[1] = word >> 8;
        } else {
          memset (px, v, bpp);
        }
      }
    VcHostFrame frame = { { bytes }, { stride } };
    float out[2];
    vc_thumbnail_compute (formats[f], 16, 8, &frame, out, 2, 1);
    double bright = info->model == VC_COLOUR_RGB ? 0.886 * 200 + 0.114 * 100 : 200;
    /* thumbnails of 10-bit Y' scale its codes to 0..255: 4·v·255 / 1023 */
    double scale = info->depth == 10 ? 4.0 * 255.0 / 1023.0 : 1.0;
    g_assert_cmpfloat (fabs (out[0] - 40 * scale), <, 0.01);
    g_assert_cmpfloat (fabs (out[1] - bright * scale), <, 0.01);
  }

  /* how long a 1080p frame takes, at best of 20 (printed, not checked) */
  g_autofree guint8 *big = g_malloc0 (1920 * 1080 * 4);
  for (gsize i = 0; i < (gsize) 1920 * 1080 * 4; i++)
    big[i] = (guint8) (i * 7);
  VcHostFrame frame = { { big }, { 1920 * 4 } };
  guint tw, th;
  vc_thumbnail_size (1920, 1080, &tw, &th);
  gsize n = (gsize) tw * th;
  g_autofree float *out = g_new (float, n);
  gint64 best = G_MAXINT64;
  for (guint i = 0; i < 20; i++) {
    gint64 start = g_get_monotonic_time ();
    vc_thumbnail_compute (VC_PIXEL_FORMAT_RGBx, 1920, 1080, &frame, out, tw, th);
    best = MIN (best, g_get_monotonic_time () - start);
  }
  g_test_message ("thumbnail of a 1920x1080 RGBx frame: %.3f ms", best / 1000.0);
}

/* A reference's thumbnail alone (vc_reference_init_thumbnail, what the
 * library keeps) is the full reference's, from frames whose rows are
 * longer than packed ones (read in place, or packed first): of one plane
 * and of three. */
static void
test_reference_thumbnail (void)
{
  static const VcPixelFormat formats[] = { VC_PIXEL_FORMAT_RGBA, VC_PIXEL_FORMAT_RGB,
                                           VC_PIXEL_FORMAT_GRAY8, VC_PIXEL_FORMAT_I420 };
  float l[16 * 8], ab[2 * 16 * 8];
  for (guint i = 0; i < 16 * 8; i++) {
    l[i] = 20.0f + (i * 37 % 61);
    ab[i] = (float) (i % 11) * 4 - 20;
    ab[16 * 8 + i] = (float) (i % 7) * 5 - 15;
  }
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    VcFrameLayout layout;
    VcHostFrame packed;
    g_autofree guint8 *bytes = pack_picture (formats[f], TRUE, l, ab, &layout, &packed);
    /* each plane's rows 12 bytes longer, the padding not zero */
    gsize size = vc_frame_layout_size (&layout);
    g_autofree guint8 *wide = g_malloc (2 * size + 12 * 3 * 8);
    memset (wide, 0xa5, 2 * size + 12 * 3 * 8);
    VcHostFrame frame = { { 0 }, { 0 } };
    guint8 *at = wide;
    for (guint p = 0; p < layout.n_planes; p++) {
      gsize end = p + 1 < layout.n_planes ? layout.offset[p + 1] : size;
      guint rows = (guint) ((end - layout.offset[p]) / layout.stride[p]);
      frame.data[p] = at;
      frame.stride[p] = layout.stride[p] + 12;
      for (guint y = 0; y < rows; y++)
        memcpy (at + y * frame.stride[p], packed.data[p] + y * packed.stride[p], layout.stride[p]);
      at += rows * frame.stride[p];
    }
    VcReference full, thumb;
    g_assert_true (vc_reference_init (&full, &layout, &frame, NULL));
    g_assert_true (vc_reference_init_thumbnail (&thumb, &layout, &frame, NULL));
    g_assert_null (thumb.data);
    g_assert_null (thumb.grids[VC_REFERENCE_POINTS].lightness);
    g_assert_false (thumb.transparent);
    const VcLightnessGrid *a = &full.grids[VC_REFERENCE_THUMBNAIL],
                          *b = &thumb.grids[VC_REFERENCE_THUMBNAIL];
    g_assert_cmpuint (a->width, ==, b->width);
    g_assert_cmpuint (a->height, ==, b->height);
    g_assert_true (g_bytes_equal (a->lightness, b->lightness));
    /* and it is the picture's: its mean L* is the mean of L */
    gsize n = (gsize) a->width * a->height;
    const float *values = g_bytes_get_data (a->lightness, NULL);
    double mean = 0, want = 0;
    for (gsize i = 0; i < n; i++)
      mean += values[i] / n;
    for (guint i = 0; i < 16 * 8; i++)
      want += l[i] / (16 * 8);
    g_assert_cmpfloat (fabs (mean - want), <, 1.0);
    vc_reference_clear (&full);
    vc_reference_clear (&thumb);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thumbnail/luminance", test_thumbnail);
  g_test_add_func ("/thumbnail/lightness", test_thumbnail_lightness);
  g_test_add_func ("/thumbnail/points", test_thumbnail_points);
  g_test_add_func ("/thumbnail/reference", test_reference_thumbnail);
  return g_test_run ();
}
