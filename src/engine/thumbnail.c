/* vcolorize — luminance thumbnails of frames (see vc-thumbnail.h). */
#include "vc-thumbnail.h"

#include "vc-colour.h"

#include <math.h>

/* A grid of short side SIZE over a WIDTH×HEIGHT picture (the picture's own
 * size when smaller), aspect kept. */
static void
grid_size (guint size, guint width, guint height, guint *grid_width, guint *grid_height)
{
  guint short_side = MIN (width, height);
  if (short_side <= size) {
    *grid_width = width;
    *grid_height = height;
    return;
  }
  double scale = (double) size / short_side;
  *grid_width = MAX ((guint) (width * scale + 0.5), 1u);
  *grid_height = MAX ((guint) (height * scale + 0.5), 1u);
}

void
vc_thumbnail_size (guint width, guint height, guint *thumb_width, guint *thumb_height)
{
  grid_size (VC_THUMBNAIL_SIZE, width, height, thumb_width, thumb_height);
}

void
vc_thumbnail_points_size (guint width, guint height, guint *grid_width, guint *grid_height)
{
  grid_size (VC_THUMBNAIL_POINTS, width, height, grid_width, grid_height);
}

/* The samples of box I of N over SIZE pixels: *COUNT positions in POS, at
 * most MAX_SAMPLES (1: the box's centre). */
static void
box_samples (guint i, guint n, guint size, guint max_samples, guint pos[VC_THUMBNAIL_SAMPLES],
             guint *count)
{
  guint start = (guint) ((guint64) i * size / n);
  guint end = MAX ((guint) ((guint64) (i + 1) * size / n), start + 1);
  guint len = end - start, k = MIN (len, max_samples);
  for (guint j = 0; j < k; j++)
    pos[j] = start + (guint) ((2 * j + 1) * (guint64) len / (2 * k));
  *count = k;
}

/* Sum of the luminance (0..255) of ROW's pixels at columns XS[0..N-1]. */
static float
row_sum (const VcPixelFormatInfo *info, const guint8 *row, const guint *xs, guint n)
{
  float sum = 0;
  if (info->model == VC_COLOUR_RGB) {
    guint bpp = info->bytes_per_pixel;
    for (guint i = 0; i < n; i++) {
      const guint8 *p = row + (gsize) xs[i] * bpp;
      if (bpp == 8) /* 16-bit channels */
        sum += (0.299f * (p[info->r] | p[info->r + 1] << 8) +
                0.587f * (p[info->g] | p[info->g + 1] << 8) +
                0.114f * (p[info->b] | p[info->b + 1] << 8)) /
               257.0f;
      else
        sum += 0.299f * p[info->r] + 0.587f * p[info->g] + 0.114f * p[info->b];
    }
  } else if (info->v210) {
    /* a 10-bit Y' of the pixel's group of 6, scaled to 0..255 */
    for (guint i = 0; i < n; i++)
      sum += vc_v210_get (row + (gsize) xs[i] / 6 * 16, vc_v210_y[xs[i] % 6]) * 255.0f / 1023;
  } else if (info->y >= 0) {
    /* packed 4:2:2: Y' of the pixel's pair */
    for (guint i = 0; i < n; i++)
      sum += row[(gsize) xs[i] / 2 * 4 + info->y + 2 * (xs[i] % 2)];
  } else if (info->depth > 8) {
    /* a 10-bit Y' in its 16-bit word, scaled to 0..255 */
    guint mask = (1u << info->depth) - 1;
    for (guint i = 0; i < n; i++)
      sum += (((guint) (row[2 * xs[i]] | row[2 * xs[i] + 1] << 8) >> info->shift) & mask) * 255.0f /
             mask;
  } else if (info->bytes_per_pixel == 2) {
    for (guint i = 0; i < n; i++)
      sum += (row[2 * xs[i]] | row[2 * xs[i] + 1] << 8) / 257.0f;
  } else {
    /* gray, or the Y' plane */
    for (guint i = 0; i < n; i++)
      sum += row[xs[i]];
  }
  return sum;
}

/* vc_thumbnail_compute with at most MAX_SAMPLES² samples per box. */
static void
luminance_grid (VcPixelFormat format, guint width, guint height, const VcHostFrame *frame,
                guint max_samples, float *out, guint thumb_width, guint thumb_height)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (format);
  g_return_if_fail (info != NULL);
  guint ys[VC_THUMBNAIL_SAMPLES], xs[VC_THUMBNAIL_SAMPLES], ny, nx;
  for (guint ty = 0; ty < thumb_height; ty++) {
    box_samples (ty, thumb_height, height, max_samples, ys, &ny);
    for (guint tx = 0; tx < thumb_width; tx++) {
      box_samples (tx, thumb_width, width, max_samples, xs, &nx);
      float sum = 0;
      /* plane 0 holds the luminance of every format */
      for (guint j = 0; j < ny; j++)
        sum += row_sum (info, frame->data[0] + (gsize) ys[j] * frame->stride[0], xs, nx);
      out[(gsize) ty * thumb_width + tx] = sum / (nx * ny);
    }
  }
}

void
vc_thumbnail_compute (VcPixelFormat format, guint width, guint height, const VcHostFrame *frame,
                      float *out, guint thumb_width, guint thumb_height)
{
  luminance_grid (format, width, height, frame, VC_THUMBNAIL_SAMPLES, out, thumb_width,
                  thumb_height);
}

void
vc_thumbnail_points (VcPixelFormat format, guint width, guint height, const VcHostFrame *frame,
                     float *out, guint grid_width, guint grid_height)
{
  luminance_grid (format, width, height, frame, 1, out, grid_width, grid_height);
}

/* vc_thumbnail_lightness with at most MAX_SAMPLES² samples per box. */
static void
lightness_grid (const VcFrameLayout *layout, const guint8 *frame, guint max_samples, float *out,
                guint thumb_width, guint thumb_height)
{
  guint ys[VC_THUMBNAIL_SAMPLES], xs[VC_THUMBNAIL_SAMPLES], ny, nx;
  for (guint ty = 0; ty < thumb_height; ty++) {
    box_samples (ty, thumb_height, layout->height, max_samples, ys, &ny);
    for (guint tx = 0; tx < thumb_width; tx++) {
      box_samples (tx, thumb_width, layout->width, max_samples, xs, &nx);
      double sum = 0;
      for (guint j = 0; j < ny; j++)
        for (guint i = 0; i < nx; i++)
          sum += vc_lightness_at_ref (layout, frame, xs[i], ys[j]);
      out[(gsize) ty * thumb_width + tx] = (float) (sum / (nx * ny));
    }
  }
}

void
vc_thumbnail_lightness (const VcFrameLayout *layout, const guint8 *frame, float *out,
                        guint thumb_width, guint thumb_height)
{
  lightness_grid (layout, frame, VC_THUMBNAIL_SAMPLES, out, thumb_width, thumb_height);
}

void
vc_thumbnail_points_lightness (const VcFrameLayout *layout, const guint8 *frame, float *out,
                               guint grid_width, guint grid_height)
{
  lightness_grid (layout, frame, 1, out, grid_width, grid_height);
}

/* L* of a neutral pixel of value v (0 .. 1), tabulated at LIGHTNESS_STEPS
 * intervals and linear in between: within 1e-4 L* of vc_gray_to_l_ref, and
 * without a pow and a cbrt per value (a grid of points has tens of
 * thousands of them, every frame). */
#define LIGHTNESS_STEPS 4096

static const float *
lightness_table (void)
{
  static float table[LIGHTNESS_STEPS + 2];
  static gsize ready = 0;
  if (g_once_init_enter (&ready)) {
    for (guint i = 0; i <= LIGHTNESS_STEPS; i++)
      table[i] = (float) vc_gray_to_l_ref ((double) i / LIGHTNESS_STEPS);
    table[LIGHTNESS_STEPS + 1] = table[LIGHTNESS_STEPS]; /* v = 1 interpolates with it */
    g_once_init_leave (&ready, 1);
  }
  return table;
}

void
vc_thumbnail_to_lightness (const VcFrameLayout *layout, const float *thumb, gsize n, float *out)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  g_return_if_fail (info != NULL);
  double offset = 0.0, scale = 255.0;
  if (info->model == VC_COLOUR_YUV) {
    /* thumbnails hold Y' codes scaled to 0..255 */
    VcYuvCoefficients c;
    vc_frame_yuv_coefficients (layout, &c);
    offset = c.y_offset * 255.0 / c.max_code;
    scale = c.y_scale * 255.0 / c.max_code;
  }
  const float *table = lightness_table ();
  for (gsize i = 0; i < n; i++) {
    double x = CLAMP ((thumb[i] - offset) / scale, 0.0, 1.0) * LIGHTNESS_STEPS;
    guint k = (guint) x;
    float t = (float) (x - k);
    out[i] = table[k] + t * (table[k + 1] - table[k]);
  }
}

double
vc_thumbnail_aligned (const float *a, const float *b, gsize n, double tolerance)
{
  gsize close = 0;
  for (gsize i = 0; i < n; i++)
    close += fabs ((double) a[i] - b[i]) <= tolerance;
  return n ? (double) close / n : 0.0;
}

/* The part of source cell I (0 .. SN) that DST cell J of DN covers: its
 * first and last source cells and the weights of those two (the cells
 * between weigh 1). */
typedef struct {
  guint first, last;
  float w_first, w_last;
} Span;

static Span
span (guint j, guint sn, guint dn)
{
  double a = (double) j * sn / dn, b = (double) (j + 1) * sn / dn;
  guint first = (guint) a, last = MIN ((guint) ceil (b) - 1, sn - 1);
  Span s = { first, last, 1.0f, 1.0f };
  if (first == last) {
    s.w_first = s.w_last = (float) (b - a);
    return s;
  }
  s.w_first = (float) (first + 1 - a);
  s.w_last = (float) (b - last);
  return s;
}

static float
span_weight (const Span *s, guint i)
{
  return i == s->first ? s->w_first : i == s->last ? s->w_last : 1.0f;
}

void
vc_thumbnail_resample (const float *src, guint sw, guint sh, float *dst, guint dw, guint dh)
{
  for (guint y = 0; y < dh; y++) {
    Span sy = span (y, sh, dh);
    for (guint x = 0; x < dw; x++) {
      Span sx = span (x, sw, dw);
      double sum = 0, total = 0;
      for (guint i = sy.first; i <= sy.last; i++)
        for (guint j = sx.first; j <= sx.last; j++) {
          double w = (double) span_weight (&sy, i) * span_weight (&sx, j);
          sum += w * src[(gsize) i * sw + j];
          total += w;
        }
      dst[(gsize) y * dw + x] = (float) (sum / total);
    }
  }
}
