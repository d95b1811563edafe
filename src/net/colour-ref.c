/* vcolorize — colour conversions in double, and the C reference of the
 * unpack and pack ops. The same maths as shaders/colour.glsl. */
#include "vc-colour.h"

#include <math.h>
#include <string.h>

/* D65 white; the matrices are derived from the sRGB primaries and it. */
static const double white[3] = { 0.95047, 1.0, 1.08883 };
static const double rgb_to_xyz[3][3] = {
  { 0.412456439089692, 0.357576077643909, 0.180437483266399 },
  { 0.212672851405622, 0.715152155287818, 0.0721749933065596 },
  { 0.0193338955823293, 0.119192025881303, 0.950304078536368 },
};
static const double xyz_to_rgb[3][3] = {
  { 3.24045416211411, -1.53713851279772, -0.498531409556016 },
  { -0.969266030505187, 1.87601084544669, 0.0415560175303498 },
  { 0.0556434309591147, -0.204025913516754, 1.05722518822318 },
};

#define LAB_EPSILON (216.0 / 24389.0)
#define LAB_KAPPA (24389.0 / 27.0)

static double
clamp01 (double v)
{
  return CLAMP (v, 0.0, 1.0);
}

static double
srgb_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
linear_to_srgb (double c)
{
  return c <= 0.0031308 ? 12.92 * c : 1.055 * pow (c, 1.0 / 2.4) - 0.055;
}

static double
lab_f (double t)
{
  return t > LAB_EPSILON ? cbrt (t) : (LAB_KAPPA * t + 16.0) / 116.0;
}

static double
lab_f_inv (double f)
{
  double f3 = f * f * f;
  return f3 > LAB_EPSILON ? f3 : (116.0 * f - 16.0) / LAB_KAPPA;
}

void
vc_srgb_to_lab_ref (const double rgb[3], double lab[3])
{
  double lin[3], f[3];
  for (int i = 0; i < 3; i++)
    lin[i] = srgb_to_linear (rgb[i]);
  for (int i = 0; i < 3; i++) {
    const double *m = rgb_to_xyz[i];
    f[i] = lab_f ((m[0] * lin[0] + m[1] * lin[1] + m[2] * lin[2]) / white[i]);
  }
  lab[0] = 116.0 * f[1] - 16.0;
  lab[1] = 500.0 * (f[0] - f[1]);
  lab[2] = 200.0 * (f[1] - f[2]);
}

void
vc_lab_to_srgb_ref (const double lab[3], double rgb[3])
{
  double fy = (lab[0] + 16.0) / 116.0;
  double f[3] = { fy + lab[1] / 500.0, fy, fy - lab[2] / 200.0 };
  double xyz[3];
  for (int i = 0; i < 3; i++)
    xyz[i] = lab_f_inv (f[i]) * white[i];
  for (int i = 0; i < 3; i++) {
    const double *m = xyz_to_rgb[i];
    rgb[i] = clamp01 (linear_to_srgb (m[0] * xyz[0] + m[1] * xyz[1] + m[2] * xyz[2]));
  }
}

double
vc_gray_to_l_ref (double v)
{
  return 116.0 * lab_f (srgb_to_linear (v)) - 16.0;
}

double
vc_l_to_gray_ref (double l)
{
  return clamp01 (linear_to_srgb (lab_f_inv ((l + 16.0) / 116.0)));
}

/* ---- Y'CbCr code values ---- */

static void
yuv_to_rgb (const VcYuvCoefficients *c, const double yuv[3], double rgb[3])
{
  double y = (yuv[0] - c->y_offset) / c->y_scale;
  double pb = (yuv[1] - c->c_offset) / c->c_scale, pr = (yuv[2] - c->c_offset) / c->c_scale;
  double r = y + 2.0 * (1.0 - c->kr) * pr;
  double b = y + 2.0 * (1.0 - c->kb) * pb;
  double g = (y - c->kr * r - c->kb * b) / (1.0 - c->kr - c->kb);
  rgb[0] = clamp01 (r);
  rgb[1] = clamp01 (g);
  rgb[2] = clamp01 (b);
}

static void
rgb_to_yuv (const VcYuvCoefficients *c, const double rgb[3], double yuv[3])
{
  double y = c->kr * rgb[0] + (1.0 - c->kr - c->kb) * rgb[1] + c->kb * rgb[2];
  yuv[0] = c->y_offset + c->y_scale * y;
  yuv[1] = c->c_offset + c->c_scale * (rgb[2] - y) / (2.0 * (1.0 - c->kb));
  yuv[2] = c->c_offset + c->c_scale * (rgb[0] - y) / (2.0 * (1.0 - c->kr));
}

static guint
quantize (double v, double max_value)
{
  return (guint) floor (clamp01 (v) * max_value + 0.5);
}

/* Code value -> 0 .. max, rounded to nearest. */
static guint
code (double v, double max_code)
{
  return (guint) floor (CLAMP (v + 0.5, 0.0, max_code));
}

/* ---- frames ---- */

static const guint8 *
row_in (const VcFrameLayout *l, const guint8 *frame, guint plane, guint row)
{
  return frame + l->offset[plane] + (guint64) row * l->stride[plane];
}

static guint8 *
row_out (const VcFrameLayout *l, guint8 *frame, guint plane, guint row)
{
  return frame + l->offset[plane] + (guint64) row * l->stride[plane];
}

/* Channel value at byte POS of an RGB pixel PX, in [0, 1]: 8-bit, or
 * 16-bit little-endian with 8 bytes per pixel. */
static double
rgb_channel (const VcPixelFormatInfo *info, const guint8 *px, gint8 pos)
{
  if (info->bytes_per_pixel == 8)
    return (px[pos] | px[pos + 1] << 8) / 65535.0;
  return px[pos] / 255.0;
}

static void
put_rgb_channel (const VcPixelFormatInfo *info, guint8 *px, gint8 pos, double v)
{
  if (info->bytes_per_pixel == 8) {
    guint q = quantize (v, 65535.0);
    px[pos] = q & 0xff;
    px[pos + 1] = q >> 8;
  } else {
    px[pos] = quantize (v, 255.0);
  }
}

static void
unpack_pixel (const VcFrameLayout *l, const VcPixelFormatInfo *info, const VcYuvCoefficients *c,
              const guint8 *frame, guint x, guint y, double lab[3])
{
  const guint8 *row = row_in (l, frame, 0, y);
  if (info->model == VC_COLOUR_GRAY) {
    double v = info->bytes_per_pixel == 1 ? row[x] / 255.0
                                          : (row[2 * x] | (row[2 * x + 1] << 8)) / 65535.0;
    lab[0] = vc_gray_to_l_ref (v);
    lab[1] = lab[2] = 0.0;
    return;
  }
  double rgb[3];
  if (info->model == VC_COLOUR_RGB) {
    const guint8 *px = row + (gsize) x * info->bytes_per_pixel;
    rgb[0] = rgb_channel (info, px, info->r);
    rgb[1] = rgb_channel (info, px, info->g);
    rgb[2] = rgb_channel (info, px, info->b);
  } else if (info->v210) {
    const guint8 *group = row + (gsize) (x / 6) * 16;
    guint j = x % 6;
    double yuv[3] = { vc_v210_get (group, vc_v210_y[j]), vc_v210_get (group, vc_v210_cb[j / 2]),
                      vc_v210_get (group, vc_v210_cr[j / 2]) };
    yuv_to_rgb (c, yuv, rgb);
  } else if (info->y >= 0) {
    const guint8 *pair = row + (gsize) (x / 2) * 4;
    double yuv[3] = { pair[info->y + 2 * (x % 2)], pair[info->u], pair[info->v] };
    yuv_to_rgb (c, yuv, rgb);
  } else {
    guint cx = x >> info->sub_x, cy = vc_frame_chroma_row (l, y);
    double yuv[3] = { vc_frame_sample (l, frame, 0, y, x), vc_frame_sample (l, frame, 1, cy, cx),
                      vc_frame_sample (l, frame, 2, cy, cx) };
    yuv_to_rgb (c, yuv, rgb);
  }
  vc_srgb_to_lab_ref (rgb, lab);
}

/* srgb_to_linear of every 8-bit code. */
static const double *
linear_table (void)
{
  static double table[256];
  static gsize ready = 0;
  if (g_once_init_enter (&ready)) {
    for (guint i = 0; i < 256; i++)
      table[i] = srgb_to_linear (i / 255.0);
    g_once_init_leave (&ready, 1);
  }
  return table;
}

double
vc_lightness_at_ref (const VcFrameLayout *layout, const guint8 *frame, guint x, guint y)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  if (info->model == VC_COLOUR_RGB && info->bytes_per_pixel != 8) {
    /* vc_srgb_to_lab_ref's L* to the last bit, with the channels'
     * linear values looked up and without a* and b* (reference images
     * have tens of thousands of these taken) */
    const double *lin = linear_table ();
    const guint8 *px = row_in (layout, frame, 0, y) + (gsize) x * info->bytes_per_pixel;
    const double *m = rgb_to_xyz[1];
    return 116.0 * lab_f ((m[0] * lin[px[info->r]] + m[1] * lin[px[info->g]] +
                           m[2] * lin[px[info->b]]) /
                          white[1]) -
           16.0;
  }
  VcYuvCoefficients c;
  vc_frame_yuv_coefficients (layout, &c);
  double lab[3];
  unpack_pixel (layout, info, &c, frame, x, y, lab);
  return lab[0];
}

void
vc_lab_at_ref (const VcFrameLayout *layout, const guint8 *frame, guint x, guint y, double lab[3])
{
  VcYuvCoefficients c;
  vc_frame_yuv_coefficients (layout, &c);
  unpack_pixel (layout, vc_pixel_format_info (layout->format), &c, frame, x, y, lab);
}

void
vc_unpack_ref (const VcFrameLayout *layout, const guint8 *frame, float *l, float *ab)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  VcYuvCoefficients c;
  vc_frame_yuv_coefficients (layout, &c);
  gsize n = (gsize) layout->width * layout->height;
  for (guint y = 0; y < layout->height; y++)
    for (guint x = 0; x < layout->width; x++) {
      double lab[3];
      unpack_pixel (layout, info, &c, frame, x, y, lab);
      gsize t = (gsize) y * layout->width + x;
      l[t] = (float) lab[0];
      if (ab) {
        ab[t] = (float) lab[1];
        ab[n + t] = (float) lab[2];
      }
    }
}

/* The shaders write whole words: the bytes from a row's end to the next
 * 4-byte boundary become 0. */
static void
clear_row_padding (const VcFrameLayout *l, guint8 *frame)
{
  for (guint p = 0; p < l->n_planes; p++) {
    guint row_bytes, rows;
    vc_frame_plane_extent (l, p, &row_bytes, &rows);
    guint pad = (4 - row_bytes % 4) % 4;
    for (guint r = 0; r < rows; r++)
      memset (row_out (l, frame, p, r) + row_bytes, 0, pad);
  }
}

static void
lab_at (const VcFrameLayout *layout, const float *l, const float *ab, guint x, guint y,
        double lab[3])
{
  gsize n = (gsize) layout->width * layout->height, t = (gsize) y * layout->width + x;
  lab[0] = l[t];
  lab[1] = ab ? ab[t] : 0.0;
  lab[2] = ab ? ab[n + t] : 0.0;
}

/* Y'CbCr of pixel (X, Y), the edges repeated past the right and bottom. */
static void
yuv_at (const VcFrameLayout *layout, const VcYuvCoefficients *c, const float *l, const float *ab,
        guint x, guint y, double yuv[3])
{
  double lab[3], rgb[3];
  lab_at (layout, l, ab, MIN (x, layout->width - 1), MIN (y, layout->height - 1), lab);
  vc_lab_to_srgb_ref (lab, rgb);
  rgb_to_yuv (c, rgb, yuv);
}

/* Packed 4:2:2: chroma is the mean of the pair's. */
static void
pack_yuv422 (const VcFrameLayout *layout, const VcYuvCoefficients *c, const float *l,
             const float *ab, guint8 *frame)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  for (guint y = 0; y < layout->height; y++)
    for (guint x = 0; x < layout->width; x += 2) {
      double a[3], b[3];
      yuv_at (layout, c, l, ab, x, y, a);
      yuv_at (layout, c, l, ab, x + 1, y, b);
      guint8 *pair = row_out (layout, frame, 0, y) + (gsize) x * 2;
      pair[info->y] = code (a[0], 255.0);
      pair[info->y + 2] = code (b[0], 255.0);
      pair[info->u] = code ((a[1] + b[1]) / 2.0, 255.0);
      pair[info->v] = code ((a[2] + b[2]) / 2.0, 255.0);
    }
}

/* v210: groups of 6 pixels in 4 words, their 2 bits above the samples 0;
 * chroma is the mean of the pair's; past the right edge the last column
 * repeats. */
static void
pack_v210 (const VcFrameLayout *layout, const VcYuvCoefficients *c, const float *l, const float *ab,
           guint8 *frame)
{
  for (guint y = 0; y < layout->height; y++)
    for (guint x0 = 0; x0 < layout->width; x0 += 6) {
      guint8 *group = row_out (layout, frame, 0, y) + (gsize) x0 / 6 * 16;
      memset (group, 0, 16);
      for (guint p = 0; p < 3; p++) {
        double a[3], b[3];
        yuv_at (layout, c, l, ab, x0 + 2 * p, y, a);
        yuv_at (layout, c, l, ab, x0 + 2 * p + 1, y, b);
        vc_v210_put (group, vc_v210_y[2 * p], code (a[0], c->max_code));
        vc_v210_put (group, vc_v210_y[2 * p + 1], code (b[0], c->max_code));
        vc_v210_put (group, vc_v210_cb[p], code ((a[1] + b[1]) / 2.0, c->max_code));
        vc_v210_put (group, vc_v210_cr[p], code ((a[2] + b[2]) / 2.0, c->max_code));
      }
    }
}

/* Planar: chroma is the mean of the samples' pixels (vc_frame_chroma_sources
 * down, the last column repeated across). */
static void
pack_yuv (const VcFrameLayout *layout, const float *l, const float *ab, guint8 *frame)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  VcYuvCoefficients c;
  vc_frame_yuv_coefficients (layout, &c);
  if (info->y >= 0) {
    pack_yuv422 (layout, &c, l, ab, frame);
    return;
  }
  if (info->v210) {
    pack_v210 (layout, &c, l, ab, frame);
    return;
  }
  guint w = layout->width, h = layout->height, sx = 1u << info->sub_x, sy = 1u << info->sub_y;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      double yuv[3];
      yuv_at (layout, &c, l, ab, x, y, yuv);
      vc_frame_put_sample (layout, frame, 0, y, x, code (yuv[0], c.max_code));
    }
  for (guint cy = 0; cy < (h + sy - 1) / sy; cy++)
    for (guint cx = 0; cx < (w + sx - 1) / sx; cx++) {
      double sum[3] = { 0 };
      guint rows[2];
      vc_frame_chroma_sources (layout, cy, rows);
      for (guint k = 0; k < sx * sy; k++) {
        double yuv[3];
        yuv_at (layout, &c, l, ab, sx * cx + k % sx, rows[k / sx], yuv);
        sum[1] += yuv[1];
        sum[2] += yuv[2];
      }
      vc_frame_put_sample (layout, frame, 1, cy, cx, code (sum[1] / (sx * sy), c.max_code));
      vc_frame_put_sample (layout, frame, 2, cy, cx, code (sum[2] / (sx * sy), c.max_code));
    }
}

void
vc_pack_ref (const VcFrameLayout *layout, const float *l, const float *ab, guint8 *frame)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  clear_row_padding (layout, frame);
  if (info->model == VC_COLOUR_YUV) {
    pack_yuv (layout, l, ab, frame);
    return;
  }
  guint bpp = info->bytes_per_pixel;
  for (guint y = 0; y < layout->height; y++)
    for (guint x = 0; x < layout->width; x++) {
      guint8 *px = row_out (layout, frame, 0, y) + (gsize) x * bpp;
      double lab[3], rgb[3];
      lab_at (layout, l, info->model == VC_COLOUR_GRAY ? NULL : ab, x, y, lab);
      if (info->model == VC_COLOUR_GRAY) {
        guint v = quantize (vc_l_to_gray_ref (lab[0]), bpp == 1 ? 255.0 : 65535.0);
        px[0] = v & 0xff;
        if (bpp == 2)
          px[1] = v >> 8;
        continue;
      }
      vc_lab_to_srgb_ref (lab, rgb);
      put_rgb_channel (info, px, info->r, rgb[0]);
      put_rgb_channel (info, px, info->g, rgb[1]);
      put_rgb_channel (info, px, info->b, rgb[2]);
      if (info->x >= 0)
        put_rgb_channel (info, px, info->x, 1.0);
    }
}

void
vc_unpack_alpha_ref (const VcFrameLayout *layout, const guint8 *frame, float *alpha)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  for (guint y = 0; y < layout->height; y++)
    for (guint x = 0; x < layout->width; x++) {
      const guint8 *px = row_in (layout, frame, 0, y) + (gsize) x * info->bytes_per_pixel;
      alpha[(gsize) y * layout->width + x] = info->alpha ? rgb_channel (info, px, info->x) : 1.0;
    }
}

void
vc_pack_alpha_ref (const VcFrameLayout *layout, const float *alpha, guint8 *frame)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  g_return_if_fail (info->alpha);
  for (guint y = 0; y < layout->height; y++)
    for (guint x = 0; x < layout->width; x++) {
      guint8 *px = row_out (layout, frame, 0, y) + (gsize) x * info->bytes_per_pixel;
      put_rgb_channel (info, px, info->x, alpha[(gsize) y * layout->width + x]);
    }
}
