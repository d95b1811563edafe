/* vcolorize — pixel formats and frame layouts. */
#include "vc-frame.h"

#include <string.h>

/* The one table of formats, indexed by VcPixelFormat. */
static const VcPixelFormatInfo formats[] = {
/* clang-format off */
#define GRAY(name, bpp) { name, VC_COLOUR_GRAY, bpp, 1, -1, -1, -1, -1, -1, -1, -1, FALSE, 0, 0, 0, 0, FALSE }
#define RGB(name, bpp, r, g, b, x, alpha) \
  { name, VC_COLOUR_RGB, bpp, 1, r, g, b, x, -1, -1, -1, alpha, 0, 0, 0, 0, FALSE }
#define PACKED_422(name, y, u, v) \
  { name, VC_COLOUR_YUV, 2, 1, -1, -1, -1, -1, y, u, v, FALSE, 8, 0, 1, 0, FALSE }
#define PLANAR(name, bytes, depth, sub_x, sub_y) \
  { name, VC_COLOUR_YUV, bytes, 3, -1, -1, -1, -1, -1, -1, -1, FALSE, depth, 0, sub_x, sub_y, FALSE }
#define SEMI_PLANAR(name, bytes, depth, shift, sub_x, sub_y, u, v) \
  { name, VC_COLOUR_YUV, bytes, 2, -1, -1, -1, -1, -1, u, v, FALSE, depth, shift, sub_x, sub_y, FALSE }
  /* clang-format on */
  [VC_PIXEL_FORMAT_GRAY8] = GRAY ("GRAY8", 1),
  [VC_PIXEL_FORMAT_GRAY16_LE] = GRAY ("GRAY16_LE", 2),
  [VC_PIXEL_FORMAT_I420] = PLANAR ("I420", 1, 8, 1, 1),
  [VC_PIXEL_FORMAT_NV12] = SEMI_PLANAR ("NV12", 1, 8, 0, 1, 1, 0, 1),
  [VC_PIXEL_FORMAT_RGB] = RGB ("RGB", 3, 0, 1, 2, -1, FALSE),
  [VC_PIXEL_FORMAT_BGR] = RGB ("BGR", 3, 2, 1, 0, -1, FALSE),
  [VC_PIXEL_FORMAT_RGBA] = RGB ("RGBA", 4, 0, 1, 2, 3, TRUE),
  [VC_PIXEL_FORMAT_BGRA] = RGB ("BGRA", 4, 2, 1, 0, 3, TRUE),
  [VC_PIXEL_FORMAT_RGBx] = RGB ("RGBx", 4, 0, 1, 2, 3, FALSE),
  [VC_PIXEL_FORMAT_BGRx] = RGB ("BGRx", 4, 2, 1, 0, 3, FALSE),
  [VC_PIXEL_FORMAT_ARGB] = RGB ("ARGB", 4, 1, 2, 3, 0, TRUE),
  [VC_PIXEL_FORMAT_ABGR] = RGB ("ABGR", 4, 3, 2, 1, 0, TRUE),
  [VC_PIXEL_FORMAT_xRGB] = RGB ("xRGB", 4, 1, 2, 3, 0, FALSE),
  [VC_PIXEL_FORMAT_xBGR] = RGB ("xBGR", 4, 3, 2, 1, 0, FALSE),
  [VC_PIXEL_FORMAT_YUY2] = PACKED_422 ("YUY2", 0, 1, 3),
  [VC_PIXEL_FORMAT_UYVY] = PACKED_422 ("UYVY", 1, 0, 2),
  [VC_PIXEL_FORMAT_YVYU] = PACKED_422 ("YVYU", 0, 3, 1),
  [VC_PIXEL_FORMAT_RGBA64_LE] = RGB ("RGBA64_LE", 8, 0, 2, 4, 6, TRUE),
  [VC_PIXEL_FORMAT_Y42B] = PLANAR ("Y42B", 1, 8, 1, 0),
  [VC_PIXEL_FORMAT_Y444] = PLANAR ("Y444", 1, 8, 0, 0),
  [VC_PIXEL_FORMAT_I420_10LE] = PLANAR ("I420_10LE", 2, 10, 1, 1),
  [VC_PIXEL_FORMAT_I422_10LE] = PLANAR ("I422_10LE", 2, 10, 1, 0),
  [VC_PIXEL_FORMAT_Y444_10LE] = PLANAR ("Y444_10LE", 2, 10, 0, 0),
  [VC_PIXEL_FORMAT_P010_10LE] = SEMI_PLANAR ("P010_10LE", 2, 10, 6, 1, 1, 0, 1),
  [VC_PIXEL_FORMAT_v210] = { "v210", VC_COLOUR_YUV, 0, 1, -1, -1, -1, -1, -1, -1, -1, FALSE, 10, 0,
                             1, 0, TRUE },
  [VC_PIXEL_FORMAT_NV21] = SEMI_PLANAR ("NV21", 1, 8, 0, 1, 1, 1, 0),
  [VC_PIXEL_FORMAT_NV16] = SEMI_PLANAR ("NV16", 1, 8, 0, 1, 0, 0, 1),
  [VC_PIXEL_FORMAT_NV61] = SEMI_PLANAR ("NV61", 1, 8, 0, 1, 0, 1, 0),
#undef GRAY
#undef RGB
#undef PACKED_422
#undef PLANAR
#undef SEMI_PLANAR
};

G_STATIC_ASSERT (G_N_ELEMENTS (formats) == VC_PIXEL_FORMAT_UNKNOWN);

const VcV210Sample vc_v210_y[6] = {
  { 0, 10 }, { 1, 0 }, { 1, 20 }, { 2, 10 }, { 3, 0 }, { 3, 20 }
};
const VcV210Sample vc_v210_cb[3] = { { 0, 0 }, { 1, 10 }, { 2, 20 } };
const VcV210Sample vc_v210_cr[3] = { { 0, 20 }, { 2, 0 }, { 3, 10 } };

guint
vc_v210_get (const guint8 *group, VcV210Sample s)
{
  const guint8 *w = group + 4 * s.word;
  guint32 word = w[0] | w[1] << 8 | w[2] << 16 | (guint32) w[3] << 24;
  return (word >> s.shift) & 0x3ff;
}

void
vc_v210_put (guint8 *group, VcV210Sample s, guint code)
{
  guint8 *w = group + 4 * s.word;
  guint32 word = w[0] | w[1] << 8 | w[2] << 16 | (guint32) w[3] << 24;
  word = (word & ~(0x3ffu << s.shift)) | (code & 0x3ff) << s.shift;
  for (int i = 0; i < 4; i++)
    w[i] = (word >> (8 * i)) & 0xff;
}

const VcPixelFormatInfo *
vc_pixel_format_info (VcPixelFormat format)
{
  return (guint) format < G_N_ELEMENTS (formats) ? &formats[format] : NULL;
}

const char *
vc_pixel_format_to_string (VcPixelFormat format)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (format);
  return info ? info->name : NULL;
}

VcPixelFormat
vc_pixel_format_from_string (const char *name)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (formats); i++)
    if (strcmp (formats[i].name, name) == 0)
      return (VcPixelFormat) i;
  return VC_PIXEL_FORMAT_UNKNOWN;
}

static guint64
round_up_4 (guint64 n)
{
  return (n + 3) & ~(guint64) 3;
}

/* Row bytes and rows of a plane, in 64 bits so that no size can wrap. */
static void
plane_extent (const VcFrameLayout *l, guint plane, guint64 *row_bytes, guint64 *rows)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (l->format);
  if (info->v210) {
    /* whole groups of 6 pixels in 16 bytes */
    *row_bytes = ((guint64) l->width + 5) / 6 * 16;
    *rows = l->height;
    return;
  }
  if (plane == 0 && info->y >= 0) {
    /* packed 4:2:2: whole groups of two pixels */
    *row_bytes = ((guint64) l->width + 1) / 2 * 4;
    *rows = l->height;
    return;
  }
  if (plane == 0) {
    *row_bytes = (guint64) l->width * info->bytes_per_pixel;
    *rows = l->height;
    return;
  }
  /* planar chroma: one sample per 2^sub_x × 2^sub_y pixels; with 2
   * planes U and V interleave */
  guint64 samples = ((guint64) l->width + (1u << info->sub_x) - 1) >> info->sub_x;
  *row_bytes = samples * info->bytes_per_pixel * (info->n_planes == 2 ? 2 : 1);
  *rows = ((guint64) l->height + (1u << info->sub_y) - 1) >> info->sub_y;
}

void
vc_frame_plane_extent (const VcFrameLayout *layout, guint plane, guint *row_bytes, guint *rows)
{
  g_return_if_fail (vc_pixel_format_info (layout->format) != NULL);
  guint64 rb, r;
  plane_extent (layout, plane, &rb, &r);
  *row_bytes = (guint) rb;
  *rows = (guint) r;
}

void
vc_frame_layout_init (VcFrameLayout *layout, VcPixelFormat format, guint width, guint height)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (format);
  g_return_if_fail (info != NULL);
  memset (layout, 0, sizeof *layout);
  layout->format = format;
  layout->width = width;
  layout->height = height;
  layout->n_planes = info->n_planes;
  layout->matrix = height >= 2160 ? VC_YUV_BT2020 : height > 576 ? VC_YUV_BT709 : VC_YUV_BT601;
  layout->full_range = info->model != VC_COLOUR_YUV;
  guint64 offset = 0;
  for (guint p = 0; p < info->n_planes; p++) {
    guint64 row_bytes, rows;
    plane_extent (layout, p, &row_bytes, &rows);
    layout->offset[p] = offset;
    /* v210 rows are padded to 128 bytes (48 pixels) */
    layout->stride[p] =
        (guint) (info->v210 ? (row_bytes + 127) / 128 * 128 : round_up_4 (row_bytes));
    /* GStreamer keeps an even number of luma rows before 4:2:0 chroma, and
     * of rows in every plane of I422_10LE */
    if ((p == 0 && info->n_planes > 1 && info->sub_y == 1) || format == VC_PIXEL_FORMAT_I422_10LE)
      rows = (rows + 1) & ~(guint64) 1;
    offset += layout->stride[p] * rows;
  }
}

guint64
vc_frame_layout_size (const VcFrameLayout *layout)
{
  g_return_val_if_fail (vc_pixel_format_info (layout->format) != NULL, 0);
  guint64 size = 0;
  for (guint p = 0; p < layout->n_planes && p < 3; p++) {
    guint64 row_bytes, rows;
    plane_extent (layout, p, &row_bytes, &rows);
    if (rows == 0)
      continue;
    guint64 end = layout->offset[p] + (rows - 1) * layout->stride[p] + round_up_4 (row_bytes);
    size = MAX (size, end);
  }
  return size;
}

guint64
vc_frame_layout_padded_size (const VcFrameLayout *layout)
{
  g_return_val_if_fail (vc_pixel_format_info (layout->format) != NULL, 0);
  guint64 size = vc_frame_layout_size (layout);
  for (guint p = 0; p < layout->n_planes && p < 3; p++) {
    guint64 row_bytes, rows;
    plane_extent (layout, p, &row_bytes, &rows);
    if (layout->format == VC_PIXEL_FORMAT_I422_10LE)
      rows = (rows + 1) & ~(guint64) 1;
    size = MAX (size, layout->offset[p] + rows * layout->stride[p]);
  }
  return size;
}

static gboolean layout_error (GError **error, const char *what, const char *fmt, ...)
    G_GNUC_PRINTF (3, 4);

static gboolean
layout_error (GError **error, const char *what, const char *fmt, ...)
{
  va_list args;
  va_start (args, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s: %s", what, msg);
  return FALSE;
}

static gboolean
check_plane (const VcFrameLayout *l, guint p, const char *what, GError **error)
{
  guint64 row_bytes, rows;
  plane_extent (l, p, &row_bytes, &rows);
  if (l->offset[p] % 4 != 0)
    return layout_error (error, what,
                         "offset[%u] = %" G_GUINT64_FORMAT " bytes is not a multiple of 4 "
                         "(shaders read and write whole 32-bit words)",
                         p, l->offset[p]);
  if (l->stride[p] % 4 != 0)
    return layout_error (error, what,
                         "stride[%u] = %u bytes is not a multiple of 4 "
                         "(shaders read and write whole 32-bit words)",
                         p, l->stride[p]);
  if (l->stride[p] < row_bytes)
    return layout_error (
        error, what,
        "stride[%u] = %u bytes is shorter than a row of %" G_GUINT64_FORMAT " bytes (%s, width %u)",
        p, l->stride[p], row_bytes, vc_pixel_format_to_string (l->format), l->width);
  return TRUE;
}

gboolean
vc_frame_layout_check (const VcFrameLayout *l, const char *what, GError **error)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (l->format);
  if (!info)
    return layout_error (error, what, "unknown pixel format %d", (int) l->format);
  if (l->width == 0 || l->height == 0)
    return layout_error (error, what, "frame of %u×%u pixels: width and height must be at least 1",
                         l->width, l->height);
  if ((guint64) l->width * l->height > G_MAXUINT32)
    return layout_error (error, what, "frame of %u×%u pixels is too large", l->width, l->height);
  if (l->n_planes != info->n_planes)
    return layout_error (error, what, "%s has %u planes, not %u", info->name, info->n_planes,
                         l->n_planes);
  if (info->model == VC_COLOUR_YUV && (guint) l->matrix > VC_YUV_BT2020)
    return layout_error (error, what, "unknown YUV matrix %d", (int) l->matrix);
  for (guint p = 0; p < info->n_planes; p++)
    if (!check_plane (l, p, what, error))
      return FALSE;
  /* shaders index the frame by 32-bit word */
  if (vc_frame_layout_size (l) / 4 > G_MAXUINT32)
    return layout_error (error, what, "frame of %" G_GUINT64_FORMAT " bytes is too large",
                         vc_frame_layout_size (l));
  return TRUE;
}

gboolean
vc_frame_check_buffer (const VcFrameLayout *layout, const VcBuffer *buf, const char *what,
                       GError **error)
{
  if (!buf)
    return layout_error (error, what, "no frame buffer given");
  guint64 need = vc_frame_layout_size (layout);
  if (need > vc_buffer_size (buf))
    return layout_error (error, what,
                         "a %u×%u %s frame needs %" G_GUINT64_FORMAT
                         " bytes but its buffer holds %" G_GUINT64_FORMAT,
                         layout->width, layout->height, vc_pixel_format_to_string (layout->format),
                         need, vc_buffer_size (buf));
  return TRUE;
}

/* The byte of a pixel that tells whether it is clear: 8-bit alpha, or the
 * high byte of 16-bit little-endian alpha. */
static guint
alpha_byte (const VcPixelFormatInfo *info)
{
  return info->x + (info->bytes_per_pixel == 8 ? 1 : 0);
}

gboolean
vc_frame_is_clear (const VcFrameLayout *layout, const guint8 *frame, guint x, guint y)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  if (!info->alpha)
    return FALSE;
  guint bpp = info->bytes_per_pixel;
  const guint8 *px = frame + layout->offset[0] + (guint64) y * layout->stride[0] + (gsize) x * bpp;
  return px[alpha_byte (info)] < 128;
}

gboolean
vc_frame_any_clear (const VcFrameLayout *layout, const guint8 *frame)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  if (!info->alpha)
    return FALSE;
  guint bpp = info->bytes_per_pixel;
  for (guint y = 0; y < layout->height; y++) {
    const guint8 *a =
        frame + layout->offset[0] + (guint64) y * layout->stride[0] + alpha_byte (info);
    for (guint x = 0; x < layout->width; x++, a += bpp)
      if (*a < 128)
        return TRUE;
  }
  return FALSE;
}

guint
vc_frame_chroma_row (const VcFrameLayout *layout, guint y)
{
  if (vc_pixel_format_info (layout->format)->sub_y == 0)
    return y;
  return layout->interlaced ? (y >> 2) << 1 | (y & 1) : y >> 1;
}

void
vc_frame_chroma_sources (const VcFrameLayout *layout, guint cy, guint rows[2])
{
  if (vc_pixel_format_info (layout->format)->sub_y == 0) {
    rows[0] = rows[1] = cy;
    return;
  }
  guint first = layout->interlaced ? (cy >> 1) << 2 | (cy & 1) : 2 * cy;
  guint second = first + (layout->interlaced ? 2 : 1);
  rows[0] = first;
  rows[1] = second < layout->height ? second : first;
}

void
vc_yuv_coefficients (VcYuvMatrix matrix, gboolean full_range, guint depth, VcYuvCoefficients *c)
{
  double unit = (double) (1u << depth) / 256.0; /* one 8-bit step */
  static const double k[][2] = {
    [VC_YUV_BT601] = { 0.299, 0.114 },
    [VC_YUV_BT709] = { 0.2126, 0.0722 },
    [VC_YUV_BT2020] = { 0.2627, 0.0593 },
  };
  guint m = (guint) matrix <= VC_YUV_BT2020 ? matrix : VC_YUV_BT709;
  c->kr = k[m][0];
  c->kb = k[m][1];
  c->max_code = (double) ((1u << depth) - 1);
  c->y_offset = full_range ? 0.0 : 16.0 * unit;
  c->y_scale = full_range ? c->max_code : 219.0 * unit;
  c->c_offset = 128.0 * unit;
  c->c_scale = full_range ? c->max_code : 224.0 * unit;
}

void
vc_frame_yuv_coefficients (const VcFrameLayout *layout, VcYuvCoefficients *c)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  vc_yuv_coefficients (layout->matrix, layout->full_range, info->depth ? info->depth : 8, c);
}

/* Where sample X of row ROW of COMPONENT starts. */
static gsize
sample_offset (const VcFrameLayout *l, const VcPixelFormatInfo *info, guint component, guint row,
               guint x)
{
  guint bytes = info->bytes_per_pixel;
  guint plane = MIN (component, info->n_planes - 1);
  gsize pos = (gsize) x * bytes;
  if (component > 0 && info->n_planes == 2)
    pos = pos * 2 + (guint) (component == 1 ? info->u : info->v) * bytes;
  return l->offset[plane] + (gsize) row * l->stride[plane] + pos;
}

guint
vc_frame_sample (const VcFrameLayout *layout, const guint8 *frame, guint component, guint row,
                 guint x)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  const guint8 *s = frame + sample_offset (layout, info, component, row, x);
  if (info->bytes_per_pixel == 1)
    return s[0];
  return ((guint) (s[0] | s[1] << 8) >> info->shift) & ((1u << info->depth) - 1);
}

void
vc_frame_put_sample (const VcFrameLayout *layout, guint8 *frame, guint component, guint row,
                     guint x, guint code)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  guint8 *s = frame + sample_offset (layout, info, component, row, x);
  if (info->bytes_per_pixel == 1) {
    s[0] = (guint8) code;
    return;
  }
  guint word = code << info->shift;
  s[0] = word & 0xff;
  s[1] = (word >> 8) & 0xff;
}
