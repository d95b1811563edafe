/* colour ops (frame bytes <-> L*a*b* tensors) vs their C reference. */
#include "vc-test.h"
#include "vc-colour.h"

#include <math.h>
#include <string.h>

typedef struct {
  guint w, h;
} Size;

/* odd sizes, 1×1, and pixel counts that are not multiples of a workgroup */
static const Size sizes[] = { { 1, 1 }, { 3, 5 }, { 7, 3 }, { 33, 17 }, { 67, 9 } };

#define CANARY 0xa5

/* Tolerances in L*a*b* units: fp16 storage rounds L* near 100 by 0.03. */
static double
lab_tolerance (VcDevice *dev)
{
  return vc_device_fp16 (dev) ? 0.1 : 1e-3;
}

static guint8 *
random_bytes (gsize n, guint32 seed)
{
  guint8 *out = g_malloc (MAX (n, 1));
  guint32 s = seed * 2654435761u + 1;
  for (gsize i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    out[i] = s >> 24;
  }
  return out;
}

/* The default layout with every plane moved and its rows made longer:
 * strides and offsets larger than GStreamer's, still multiples of 4. */
static VcFrameLayout
padded_layout (VcPixelFormat format, guint w, guint h)
{
  VcFrameLayout l;
  vc_frame_layout_init (&l, format, w, h);
  guint64 offset = 20;
  for (guint p = 0; p < l.n_planes; p++) {
    guint row_bytes, rows;
    vc_frame_plane_extent (&l, p, &row_bytes, &rows);
    l.stride[p] += 12;
    l.offset[p] = offset;
    offset += (guint64) l.stride[p] * rows + 36;
  }
  return l;
}

/* Each layout is tested as GStreamer's default, padded (padded_layout) and,
 * for planar 4:2:0 (I420, NV12, I420_10LE, P010_10LE: the formats whose
 * chroma rows can belong to fields), interlaced. */
static const char *variant_names[] = { "", " padded", " interlaced" };

static gboolean
is_420 (VcPixelFormat f)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (f);
  return info->model == VC_COLOUR_YUV && info->n_planes > 1 && info->sub_y == 1;
}

static VcBuffer *
frame_buffer (VcDevice *dev, gsize size, const guint8 *bytes)
{
  g_autoptr (GError) error = NULL;
  VcBuffer *buf = vc_buffer_new (dev, VC_BUFFER_DEVICE, size, &error);
  g_assert_no_error (error);
  g_assert_true (vc_buffer_write (buf, 0, bytes, size, &error));
  return buf;
}

/* Runs unpack on FRAME (SIZE bytes); returns L, if AB a*b*, and if ALPHA
 * the alpha (unpack's with_alpha). */
static void
run_unpack_alpha (VcDevice *dev, const VcFrameLayout *layout, const guint8 *frame, gsize size,
                  float **l, float **ab, float **alpha)
{
  g_autoptr (GError) error = NULL;
  VcUnpackDesc desc = { *layout, ab != NULL, alpha != NULL };
  VcUnpack *op = vc_unpack_new (dev, &desc, &error);
  g_assert_no_error (error);
  VcBuffer *fb = frame_buffer (dev, size, frame);
  VcTensor tl, tab;
  VcBuffer *bl = vc_test_tensor (dev, alpha ? 2 : 1, layout->height, layout->width, NULL, &tl);
  VcBuffer *bab = vc_test_tensor (dev, 2, layout->height, layout->width, NULL, &tab);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_unpack_record (op, cmd, fb, &tl, ab ? &tab : NULL, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  g_assert_no_error (error);
  *l = vc_test_download (dev, &tl);
  if (alpha) {
    gsize n = (gsize) layout->width * layout->height;
    *alpha = g_memdup2 (*l + n, n * sizeof (float));
  }
  if (ab)
    *ab = vc_test_download (dev, &tab);
  vc_cmd_free (cmd);
  vc_unpack_free (op);
  vc_buffer_free (fb);
  vc_buffer_free (bl);
  vc_buffer_free (bab);
}

static void
run_unpack (VcDevice *dev, const VcFrameLayout *layout, const guint8 *frame, gsize size, float **l,
            float **ab)
{
  run_unpack_alpha (dev, layout, frame, size, l, ab, NULL);
}

/* Runs pack into a buffer of SIZE bytes first filled with CANARY; with
 * ALPHA, pack's with_alpha. */
static guint8 *
run_pack_alpha (VcDevice *dev, const VcFrameLayout *layout, const float *l, const float *ab,
                const float *alpha, gsize size)
{
  g_autoptr (GError) error = NULL;
  VcPackDesc desc = { *layout, alpha != NULL };
  VcPack *op = vc_pack_new (dev, &desc, &error);
  g_assert_no_error (error);
  guint8 *bytes = g_malloc (size);
  memset (bytes, CANARY, size);
  VcBuffer *fb = frame_buffer (dev, size, bytes);
  gsize n = (gsize) layout->width * layout->height;
  g_autofree float *l_alpha = g_new (float, 2 * n);
  memcpy (l_alpha, l, n * sizeof (float));
  if (alpha)
    memcpy (l_alpha + n, alpha, n * sizeof (float));
  VcTensor tl, tab;
  VcBuffer *bl = vc_test_tensor (dev, alpha ? 2 : 1, layout->height, layout->width, l_alpha, &tl);
  VcBuffer *bab = vc_test_tensor (dev, 2, layout->height, layout->width, ab, &tab);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_pack_record (op, cmd, &tl, &tab, fb, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  g_assert_true (vc_buffer_read (fb, 0, bytes, size, &error));
  g_assert_no_error (error);
  vc_cmd_free (cmd);
  vc_pack_free (op);
  vc_buffer_free (fb);
  vc_buffer_free (bl);
  vc_buffer_free (bab);
  return bytes;
}

static guint8 *
run_pack (VcDevice *dev, const VcFrameLayout *layout, const float *l, const float *ab, gsize size)
{
  return run_pack_alpha (dev, layout, l, ab, NULL, size);
}

/* Bytes the reference writes (with ALPHA's alpha bytes, if any) must match
 * within TOL (16-bit channels, as whole values, within TOL16; 10-bit YUV
 * samples, as code values, within TOL); all others must still hold the
 * canary. Returns the largest difference (of 8-bit values and 10-bit codes;
 * 16-bit ones are reported by g_test_message). */
/* assert_frame_close for v210: each word's three 10-bit codes within TOL,
 * its top 2 bits 0. */
static guint
assert_v210_close (const char *what, const VcFrameLayout *layout, const guint8 *got, gsize size,
                   const float *l, const float *ab, guint tol)
{
  g_autofree guint8 *want = g_malloc (size), *other = g_malloc (size);
  memset (want, CANARY, size);
  memset (other, ~CANARY & 0xff, size);
  vc_pack_ref (layout, l, ab, want);
  vc_pack_ref (layout, l, ab, other);
  guint worst = 0;
  for (gsize i = 0; i + 4 <= size; i += 4) {
    guint32 g, w;
    memcpy (&g, got + i, 4);
    memcpy (&w, want + i, 4);
    g = GUINT32_FROM_LE (g);
    w = GUINT32_FROM_LE (w);
    if (memcmp (want + i, other + i, 4) != 0) {
      if (g != w)
        g_error ("%s: word at byte %" G_GSIZE_FORMAT " is %08x, must stay untouched", what, i, g);
      continue;
    }
    for (guint k = 0; k < 3; k++) {
      guint d = (guint) ABS ((int) ((g >> (10 * k)) & 0x3ff) - (int) ((w >> (10 * k)) & 0x3ff));
      if (d > tol || (g >> 30) != 0)
        g_error ("%s: word at byte %" G_GSIZE_FORMAT " is %08x, want %08x", what, i, g, w);
      worst = MAX (worst, d);
    }
  }
  return worst;
}

static guint
assert_frame_close (const char *what, const VcFrameLayout *layout, const guint8 *got, gsize size,
                    const float *l, const float *ab, const float *alpha, guint tol)
{
  /* 8 bytes per pixel: 16-bit channels; 2-byte YUV samples: codes in
   * 16-bit words; both at even offsets (rows start at multiples of 4) */
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  gboolean yuv16 = info->model == VC_COLOUR_YUV && info->bytes_per_pixel == 2;
  if (info->v210)
    return assert_v210_close (what, layout, got, size, l, ab, tol);
  guint step = info->bytes_per_pixel == 8 || yuv16 ? 2 : 1;
  const guint tol16 = yuv16 ? tol : 2;
  g_autofree guint8 *want = g_malloc (size), *other = g_malloc (size);
  memset (want, CANARY, size);
  memset (other, ~CANARY & 0xff, size);
  vc_pack_ref (layout, l, ab, want);
  vc_pack_ref (layout, l, ab, other);
  if (alpha) {
    vc_pack_alpha_ref (layout, alpha, want);
    vc_pack_alpha_ref (layout, alpha, other);
  }
  guint worst = 0, worst16 = 0;
  for (gsize i = 0; i + step <= size; i += step) {
    gboolean written = want[i] == other[i];
    guint g = got[i], w = want[i];
    if (step == 2) {
      g |= got[i + 1] << 8;
      w |= want[i + 1] << 8;
    }
    if (yuv16 && written) {
      g >>= info->shift;
      w >>= info->shift;
    }
    guint d = (guint) ABS ((int) g - (int) w);
    if ((written && d > (step == 2 ? tol16 : tol)) || (!written && d != 0))
      g_error ("%s: %s at byte %" G_GSIZE_FORMAT " is %u, want %u (%s)", what,
               step == 2 ? "16-bit value" : "byte", i, g, w,
               written ? "pixel" : "must stay untouched");
    if (step == 2 && !yuv16)
      worst16 = MAX (worst16, d);
    else
      worst = MAX (worst, d);
  }
  if (step == 2 && !yuv16)
    g_test_message ("%s: 16-bit values within %u", what, worst16);
  return worst;
}

static void
test_unpack (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  double worst = 0.0;
  for (VcPixelFormat f = 0; f < VC_PIXEL_FORMAT_UNKNOWN; f++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint variant = 0; variant < (is_420 (f) ? 3 : 2); variant++) {
        guint w = sizes[s].w, h = sizes[s].h;
        gboolean padded = variant == 1;
        VcFrameLayout layout;
        if (padded)
          layout = padded_layout (f, w, h);
        else
          vc_frame_layout_init (&layout, f, w, h);
        layout.matrix = padded ? VC_YUV_BT709 : s % 3 == 2 ? VC_YUV_BT2020 : VC_YUV_BT601;
        layout.full_range = s % 2;
        layout.interlaced = variant == 2;
        gsize size = vc_frame_layout_size (&layout), n = (gsize) w * h;
        g_autofree guint8 *frame = random_bytes (size, f * 100 + s * 3 + variant);
        g_autofree float *want_l = g_new (float, n), *want_ab = g_new (float, 2 * n);
        vc_unpack_ref (&layout, frame, want_l, want_ab);
        g_autofree float *l = NULL, *ab = NULL, *alpha = NULL;
        gboolean with_ab = s != 1; /* one size unpacks L alone */
        /* formats with alpha: the padded layout reads it too */
        gboolean with_alpha = padded && vc_pixel_format_info (f)->alpha;
        run_unpack_alpha (dev, &layout, frame, size, &l, with_ab ? &ab : NULL,
                          with_alpha ? &alpha : NULL);
        g_autofree char *what = g_strdup_printf ("unpack %s %ux%u%s", vc_pixel_format_to_string (f),
                                                 w, h, variant_names[variant]);
        vc_test_assert_close (what, l, want_l, n, lab_tolerance (dev));
        worst = MAX (worst, vc_test_max_abs_diff (l, want_l, n));
        if (with_ab) {
          vc_test_assert_close (what, ab, want_ab, 2 * n, lab_tolerance (dev));
          worst = MAX (worst, vc_test_max_abs_diff (ab, want_ab, 2 * n));
        }
        if (with_alpha) {
          g_autofree float *want_alpha = g_new (float, n);
          vc_unpack_alpha_ref (&layout, frame, want_alpha);
          /* fp16 holds every k / 255 within 2.5e-4 */
          vc_test_assert_close (what, alpha, want_alpha, n, 3e-4);
        }
      }
  g_test_message ("unpack: max abs error %.3g", worst);
}

static void
test_pack (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  guint worst = 0;
  for (VcPixelFormat f = 0; f < VC_PIXEL_FORMAT_UNKNOWN; f++) {
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint variant = 0; variant < (is_420 (f) ? 3 : 2); variant++) {
        guint w = sizes[s].w, h = sizes[s].h;
        gboolean padded = variant == 1;
        VcFrameLayout layout;
        if (padded)
          layout = padded_layout (f, w, h);
        else
          vc_frame_layout_init (&layout, f, w, h);
        layout.matrix = s % 3 == 2 ? VC_YUV_BT2020 : s % 2 ? VC_YUV_BT709 : VC_YUV_BT601;
        layout.full_range = padded;
        layout.interlaced = variant == 2;
        gsize n = (gsize) w * h, size = vc_frame_layout_size (&layout) + 40;
        /* beyond [0, 100] and the gamut too, to test clamping */
        g_autofree float *l = vc_test_random (dev, n, -2, 102, f * 10 + s);
        g_autofree float *ab = vc_test_random (dev, 2 * n, -100, 100, f * 10 + s + 500);
        /* formats with alpha: the padded layout writes it from L's channel 1
         * (beyond [0, 1] too) */
        g_autofree float *alpha = padded && vc_pixel_format_info (f)->alpha
                                      ? vc_test_random (dev, n, -0.1, 1.1, f * 10 + s + 900)
                                      : NULL;
        g_autofree guint8 *got = run_pack_alpha (dev, &layout, l, ab, alpha, size);
        g_autofree char *what = g_strdup_printf ("pack %s %ux%u%s", vc_pixel_format_to_string (f),
                                                 w, h, variant_names[variant]);
        worst = MAX (worst, assert_frame_close (what, &layout, got, size, l, ab, alpha, 1));
      }
  }
  g_test_message ("pack: max difference %u", worst);
}

/* sRGB bytes -> Lab -> the same bytes, within 1. */
static void
round_trip (VcDevice *dev, VcPixelFormat format, guint w, guint h, const guint8 *pixels)
{
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, format, w, h);
  gsize size = vc_frame_layout_size (&layout);
  g_autofree float *l = NULL, *ab = NULL;
  run_unpack (dev, &layout, pixels, size, &l, &ab);
  g_autofree guint8 *got = run_pack (dev, &layout, l, ab, size);
  const VcPixelFormatInfo *info = vc_pixel_format_info (format);
  guint worst = 0;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w * info->bytes_per_pixel; x++) {
      gsize i = (gsize) y * layout.stride[0] + x;
      worst = MAX (worst, (guint) ABS ((int) got[i] - (int) pixels[i]));
      if (worst > 1)
        g_error ("round trip %s: byte %" G_GSIZE_FORMAT " went %u -> %u", info->name, i, pixels[i],
                 got[i]);
    }
  g_test_message ("round trip %s %ux%u: max difference %u", info->name, w, h, worst);
}

/* 16-bit RGBA (random colours, alpha too) -> Lab and alpha -> the same
 * values: within 2 of 65535 with fp32 tensors. fp16 keeps L* and a*b* to 11
 * significant bits (0.06 near 100): measured 11 of 65535 on average, a
 * sixth of a 10-bit step, 303 at worst (dark saturated colours). */
static void
round_trip16 (VcDevice *dev)
{
  const guint w = 64, h = 32;
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_RGBA64_LE, w, h);
  gsize size = vc_frame_layout_size (&layout);
  g_autofree guint8 *pixels = random_bytes (size, 1616);
  g_autofree float *l = NULL, *ab = NULL, *alpha = NULL;
  run_unpack_alpha (dev, &layout, pixels, size, &l, &ab, &alpha);
  g_autofree guint8 *got = run_pack_alpha (dev, &layout, l, ab, alpha, size);
  guint worst = 0, worst_alpha = 0;
  double sum = 0;
  for (gsize i = 0; i < size; i += 2) {
    guint a = pixels[i] | pixels[i + 1] << 8, b = got[i] | got[i + 1] << 8;
    guint d = (guint) ABS ((int) a - (int) b);
    if (i % 8 == 6) {
      worst_alpha = MAX (worst_alpha, d);
    } else {
      worst = MAX (worst, d);
      sum += d;
    }
  }
  g_test_message ("round trip RGBA64_LE %ux%u: max difference %u of 65535, mean %.2f (alpha %u)", w,
                  h, worst, sum / (w * h * 3), worst_alpha);
  gboolean fp16 = vc_device_fp16 (dev);
  g_assert_cmpuint (worst, <=, fp16 ? 400 : 2);
  g_assert_cmpfloat (sum / (w * h * 3), <=, fp16 ? 16.0 : 0.5);
  g_assert_cmpuint (worst_alpha, <=, fp16 ? 16 : 0);
}

static void
test_round_trip (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  guint8 gray[256], gray_rgba[256 * 4];
  for (guint i = 0; i < 256; i++) {
    gray[i] = i;
    memset (gray_rgba + 4 * i, i, 3);
    gray_rgba[4 * i + 3] = 255;
  }
  round_trip (dev, VC_PIXEL_FORMAT_GRAY8, 16, 16, gray);
  round_trip (dev, VC_PIXEL_FORMAT_RGBA, 16, 16, gray_rgba);
  /* every sRGB colour is inside the gamut */
  guint w = 64, h = 64;
  g_autofree guint8 *colours = random_bytes ((gsize) w * h * 4, 77);
  for (gsize i = 0; i < (gsize) w * h; i++)
    colours[4 * i + 3] = 255;
  round_trip (dev, VC_PIXEL_FORMAT_RGBA, w, h, colours);
  round_trip16 (dev);
}

/* white, black, red, green, blue, mid gray */
static const guint8 known_rgb[][3] = {
  { 255, 255, 255 }, { 0, 0, 0 }, { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 128, 128, 128 },
};
static const double known_lab[][3] = {
  { 100, 0, 0 },
  { 0, 0, 0 },
  { 53.2408, 80.0925, 67.2032 },
  { 87.7347, -86.1827, 83.1793 },
  { 32.2970, 79.1875, -107.8602 },
  { 53.5850, 0, 0 },
};

static void
test_reference (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_rgb); i++) {
    double rgb[3], lab[3], back[3];
    for (int k = 0; k < 3; k++)
      rgb[k] = known_rgb[i][k] / 255.0;
    vc_srgb_to_lab_ref (rgb, lab);
    for (int k = 0; k < 3; k++)
      g_assert_cmpfloat_with_epsilon (lab[k], known_lab[i][k], 1e-4);
    vc_lab_to_srgb_ref (lab, back);
    for (int k = 0; k < 3; k++)
      g_assert_cmpfloat_with_epsilon (back[k], rgb[k], 1e-9);
  }
  /* the matrices are derived from the white: neutral stays neutral */
  double white[3] = { 1, 1, 1 }, lab[3];
  vc_srgb_to_lab_ref (white, lab);
  g_assert_cmpfloat_with_epsilon (lab[0], 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lab[1], 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lab[2], 0.0, 1e-9);
  for (guint v = 0; v < 256; v++)
    g_assert_cmpfloat_with_epsilon (vc_l_to_gray_ref (vc_gray_to_l_ref (v / 255.0)), v / 255.0,
                                    1e-9);
  /* out of gamut: clamped after the conversion */
  double vivid[3] = { 60, 120, -120 }, rgb[3];
  vc_lab_to_srgb_ref (vivid, rgb);
  g_assert_cmpfloat_with_epsilon (rgb[0], 0.856279338, 1e-8);
  g_assert_cmpfloat (rgb[1], ==, 0.0);
  g_assert_cmpfloat (rgb[2], ==, 1.0);
  g_assert_cmpfloat (vc_l_to_gray_ref (120), ==, 1.0);
}

static void
test_known_values (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  guint n = G_N_ELEMENTS (known_rgb);
  guint8 frame[G_N_ELEMENTS (known_rgb) * 4];
  for (guint i = 0; i < n; i++) {
    /* BGRx, to go through the table's component order */
    frame[4 * i] = known_rgb[i][2];
    frame[4 * i + 1] = known_rgb[i][1];
    frame[4 * i + 2] = known_rgb[i][0];
    frame[4 * i + 3] = 0;
  }
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_BGRx, n, 1);
  g_autofree float *l = NULL, *ab = NULL;
  run_unpack (dev, &layout, frame, sizeof frame, &l, &ab);
  float want[3][G_N_ELEMENTS (known_rgb)];
  for (guint i = 0; i < n; i++)
    for (int k = 0; k < 3; k++)
      want[k][i] = known_lab[i][k];
  double tol = lab_tolerance (dev);
  vc_test_assert_close ("known L", l, want[0], n, tol);
  vc_test_assert_close ("known a", ab, want[1], n, tol);
  vc_test_assert_close ("known b", ab + n, want[2], n, tol);
  /* neutral inputs give exactly a* = b* = 0 in gray formats */
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_GRAY16_LE, 2, 1);
  guint8 gray16[4] = { 0xff, 0xff, 0x00, 0x80 };
  g_clear_pointer (&l, g_free);
  g_clear_pointer (&ab, g_free);
  run_unpack (dev, &layout, gray16, sizeof gray16, &l, &ab);
  float want_l[2] = { 100.0f, vc_gray_to_l_ref (0x8000 / 65535.0) }, zeros[4] = { 0 };
  vc_test_assert_close ("gray16 L", l, want_l, 2, tol);
  vc_test_assert_close ("gray16 ab", ab, zeros, 4, 0.0);
}

/* L* and a*b* written into channel views of larger tensors, and read back
 * from there by pack. */
static void
test_views (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  g_autoptr (GError) error = NULL;
  guint w = 9, h = 5, n = w * h;
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_RGB, w, h);
  gsize size = vc_frame_layout_size (&layout);
  g_autofree guint8 *frame = random_bytes (size, 5);
  g_autofree float *want_l = g_new (float, n), *want_ab = g_new (float, 2 * n);
  vc_unpack_ref (&layout, frame, want_l, want_ab);

  /* L at channel 4 of 8, ab at channel 0 of 6 */
  g_autofree float *big = vc_test_random (dev, 8 * n, -1, 1, 3);
  VcTensor tbig, tab6;
  VcBuffer *bbig = vc_test_tensor (dev, 8, h, w, big, &tbig);
  VcBuffer *bab6 = vc_test_tensor (dev, 6, h, w, big, &tab6);
  VcTensor lv = vc_tensor_channels (&tbig, 4, 1), abv = vc_tensor_channels (&tab6, 0, 2);
  VcBuffer *fb = frame_buffer (dev, size, frame);
  VcUnpackDesc ud = { layout, TRUE, FALSE };
  VcPackDesc pd = { layout, FALSE };
  VcUnpack *unpack = vc_unpack_new (dev, &ud, &error);
  VcPack *pack = vc_pack_new (dev, &pd, &error);
  g_assert_no_error (error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_true (vc_unpack_record (unpack, cmd, fb, &lv, &abv, &error));
  g_assert_true (vc_pack_record (pack, cmd, &lv, &abv, fb, &error));
  g_assert_true (vc_cmd_run (cmd, &error));
  g_assert_no_error (error);

  g_autofree float *got = vc_test_download (dev, &tbig);
  g_autofree float *got_ab = vc_test_download (dev, &tab6);
  vc_test_assert_close ("view: channels 0-3 untouched", got, big, 4 * n, 0.0);
  vc_test_assert_close ("view: L", got + 4 * n, want_l, n, lab_tolerance (dev));
  vc_test_assert_close ("view: ab", got_ab, want_ab, 2 * n, lab_tolerance (dev));
  vc_test_assert_close ("view: channels 6-7 untouched", got_ab + 4 * n, big + 4 * n, 2 * n, 0.0);
  /* and back to the same bytes */
  g_autofree guint8 *back = g_malloc (size);
  g_assert_true (vc_buffer_read (fb, 0, back, size, &error));
  for (gsize i = 0; i < size; i++)
    if (i % layout.stride[0] < 3 * w)
      g_assert_cmpint (ABS ((int) back[i] - (int) frame[i]), <=, 1);
  vc_cmd_free (cmd);
  vc_unpack_free (unpack);
  vc_pack_free (pack);
  vc_buffer_free (fb);
  vc_buffer_free (bbig);
  vc_buffer_free (bab6);
}

/* An interlaced frame whose fields have different colours (the top field
 * red, the bottom field blue, as when something coloured moves between
 * them): written and read back as interlaced I420 or NV12, every row keeps
 * its own field's colour; as progressive, each 4:2:0 chroma sample mixes the
 * two fields into purple. */
static void
test_interlaced_fields (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  const guint w = 6, h = 11; /* an odd height: the last chroma row has one row per field */
  const double red[3] = { 53.24, 80.09, 67.20 }, blue[3] = { 32.30, 79.19, -107.86 };
  gsize n = (gsize) w * h;
  g_autofree float *l = g_new (float, n), *ab = g_new (float, 2 * n);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      const double *c = y % 2 ? blue : red;
      gsize t = (gsize) y * w + x;
      l[t] = (float) c[0];
      ab[t] = (float) c[1];
      ab[n + t] = (float) c[2];
    }
  VcPixelFormat formats[] = { VC_PIXEL_FORMAT_I420, VC_PIXEL_FORMAT_NV12 };
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (guint interlaced = 0; interlaced < 2; interlaced++) {
      VcFrameLayout layout;
      vc_frame_layout_init (&layout, formats[i], w, h);
      layout.interlaced = interlaced;
      gsize size = vc_frame_layout_size (&layout);
      g_autofree guint8 *frame = run_pack (dev, &layout, l, ab, size);
      g_autofree float *got_l = NULL, *got_ab = NULL;
      run_unpack (dev, &layout, frame, size, &got_l, &got_ab);
      double worst = 0.0; /* the largest b* error of any pixel */
      for (gsize t = 0; t < n; t++)
        worst = MAX (worst, fabs (got_ab[n + t] - ab[n + t]));
      g_test_message ("%s %s: largest b* error %.2f", vc_pixel_format_to_string (formats[i]),
                      interlaced ? "interlaced" : "progressive", worst);
      /* 8-bit Y'CbCr and the conversions cost a few units of b*; mixing the
       * fields costs ~100 */
      if (interlaced)
        g_assert_cmpfloat (worst, <, 4.0);
      else
        g_assert_cmpfloat (worst, >, 40.0);
    }
}

static void
assert_invalid (GError **error, const char *part)
{
  g_assert_error (*error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  if (!strstr ((*error)->message, part))
    g_error ("message \"%s\" does not say \"%s\"", (*error)->message, part);
  g_clear_error (error);
}

static void
test_invalid (gconstpointer data)
{
  VcDevice *dev = vc_test_device (VC_TEST_VARIANT (data));
  if (!dev)
    return;
  g_autoptr (GError) error = NULL;
  VcUnpackDesc ud = { { 0 }, TRUE, FALSE };
  VcPackDesc pd = { { 0 }, FALSE };

  /* alpha from and to formats that have it */
  vc_frame_layout_init (&ud.layout, VC_PIXEL_FORMAT_RGBx, 5, 3);
  ud.with_alpha = TRUE;
  g_assert_null (vc_unpack_new (dev, &ud, &error));
  assert_invalid (&error, "unpack: RGBx has no alpha");
  ud.with_alpha = FALSE;
  vc_frame_layout_init (&pd.layout, VC_PIXEL_FORMAT_I420, 5, 3);
  pd.with_alpha = TRUE;
  g_assert_null (vc_pack_new (dev, &pd, &error));
  assert_invalid (&error, "pack: I420 has no alpha");
  pd.with_alpha = FALSE;

  vc_frame_layout_init (&ud.layout, VC_PIXEL_FORMAT_RGB, 5, 3);
  ud.layout.stride[0] = 18;
  g_assert_null (vc_unpack_new (dev, &ud, &error));
  assert_invalid (&error, "stride[0] = 18 bytes is not a multiple of 4 (shaders read and write "
                          "whole 32-bit words)");
  ud.layout.stride[0] = 12;
  g_assert_null (vc_unpack_new (dev, &ud, &error));
  assert_invalid (&error, "shorter than a row of 15 bytes");

  vc_frame_layout_init (&pd.layout, VC_PIXEL_FORMAT_I420, 5, 3);
  pd.layout.offset[2] += 2;
  g_assert_null (vc_pack_new (dev, &pd, &error));
  assert_invalid (&error, "offset[2] = 42 bytes is not a multiple of 4");
  pd.layout.n_planes = 2;
  g_assert_null (vc_pack_new (dev, &pd, &error));
  assert_invalid (&error, "I420 has 3 planes");

  vc_frame_layout_init (&pd.layout, VC_PIXEL_FORMAT_NV12, 0, 4);
  g_assert_null (vc_pack_new (dev, &pd, &error));
  assert_invalid (&error, "at least 1");
  vc_frame_layout_init (&ud.layout, VC_PIXEL_FORMAT_GRAY8, 4, 0);
  g_assert_null (vc_unpack_new (dev, &ud, &error));
  assert_invalid (&error, "at least 1");
  ud.layout.format = VC_PIXEL_FORMAT_UNKNOWN;
  g_assert_null (vc_unpack_new (dev, &ud, &error));
  assert_invalid (&error, "unknown pixel format");

  /* a buffer too small for the frame, tensors of the wrong shape */
  vc_frame_layout_init (&ud.layout, VC_PIXEL_FORMAT_RGBA, 8, 8);
  pd.layout = ud.layout;
  pd.layout.offset[0] = 16;
  VcUnpack *unpack = vc_unpack_new (dev, &ud, &error);
  VcPack *pack = vc_pack_new (dev, &pd, &error);
  g_assert_no_error (error);
  VcTensor tl, tab;
  VcBuffer *bl = vc_test_tensor (dev, 1, 8, 8, NULL, &tl);
  VcBuffer *bab = vc_test_tensor (dev, 2, 8, 8, NULL, &tab);
  VcTensor narrow = vc_tensor_make (bab, 2, 8, 7);
  VcBuffer *fb = vc_buffer_new (dev, VC_BUFFER_DEVICE, 8 * 8 * 4, &error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  g_assert_false (vc_unpack_record (unpack, cmd, fb, &tl, &narrow, &error));
  assert_invalid (&error, "unpack: ab is 2×8×7");
  g_assert_false (vc_pack_record (pack, cmd, &tl, &tl, fb, &error));
  assert_invalid (&error, "pack: ab is 1×8×8");
  g_assert_false (vc_pack_record (pack, cmd, &tl, &tab, fb, &error));
  assert_invalid (&error, "needs 272 bytes but its buffer holds 256");
  g_assert_true (vc_unpack_record (unpack, cmd, fb, &tl, &tab, &error));
  g_assert_no_error (error);
  vc_cmd_free (cmd);
  vc_unpack_free (unpack);
  vc_pack_free (pack);
  vc_buffer_free (bl);
  vc_buffer_free (bab);
  vc_buffer_free (fb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/colour/reference", test_reference);
  vc_test_add ("/colour/known-values", test_known_values);
  vc_test_add ("/colour/unpack", test_unpack);
  vc_test_add ("/colour/pack", test_pack);
  vc_test_add ("/colour/round-trip", test_round_trip);
  vc_test_add ("/colour/interlaced-fields", test_interlaced_fields);
  vc_test_add ("/colour/views", test_views);
  vc_test_add ("/colour/invalid", test_invalid);
  int ret = g_test_run ();
  vc_test_close_devices ();
  return ret;
}
