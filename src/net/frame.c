/* vcolorize — pixel formats and frame layouts. */
#include "vc-frame.h"

#include <string.h>

/* The one table of formats, indexed by VcPixelFormat. */
static const VcPixelFormatInfo formats[] = {
  [VC_PIXEL_FORMAT_GRAY8] = { "GRAY8", VC_COLOUR_GRAY, 1, 1, -1, -1, -1, -1, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_GRAY16_LE] = { "GRAY16_LE", VC_COLOUR_GRAY, 2, 1, -1, -1, -1, -1, -1, -1, -1,
                                  FALSE },
  [VC_PIXEL_FORMAT_I420] = { "I420", VC_COLOUR_YUV, 1, 3, -1, -1, -1, -1, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_NV12] = { "NV12", VC_COLOUR_YUV, 1, 2, -1, -1, -1, -1, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_RGB] = { "RGB", VC_COLOUR_RGB, 3, 1, 0, 1, 2, -1, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_BGR] = { "BGR", VC_COLOUR_RGB, 3, 1, 2, 1, 0, -1, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_RGBA] = { "RGBA", VC_COLOUR_RGB, 4, 1, 0, 1, 2, 3, -1, -1, -1, TRUE },
  [VC_PIXEL_FORMAT_BGRA] = { "BGRA", VC_COLOUR_RGB, 4, 1, 2, 1, 0, 3, -1, -1, -1, TRUE },
  [VC_PIXEL_FORMAT_RGBx] = { "RGBx", VC_COLOUR_RGB, 4, 1, 0, 1, 2, 3, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_BGRx] = { "BGRx", VC_COLOUR_RGB, 4, 1, 2, 1, 0, 3, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_ARGB] = { "ARGB", VC_COLOUR_RGB, 4, 1, 1, 2, 3, 0, -1, -1, -1, TRUE },
  [VC_PIXEL_FORMAT_ABGR] = { "ABGR", VC_COLOUR_RGB, 4, 1, 3, 2, 1, 0, -1, -1, -1, TRUE },
  [VC_PIXEL_FORMAT_xRGB] = { "xRGB", VC_COLOUR_RGB, 4, 1, 1, 2, 3, 0, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_xBGR] = { "xBGR", VC_COLOUR_RGB, 4, 1, 3, 2, 1, 0, -1, -1, -1, FALSE },
  [VC_PIXEL_FORMAT_YUY2] = { "YUY2", VC_COLOUR_YUV, 2, 1, -1, -1, -1, -1, 0, 1, 3, FALSE },
  [VC_PIXEL_FORMAT_UYVY] = { "UYVY", VC_COLOUR_YUV, 2, 1, -1, -1, -1, -1, 1, 0, 2, FALSE },
  [VC_PIXEL_FORMAT_YVYU] = { "YVYU", VC_COLOUR_YUV, 2, 1, -1, -1, -1, -1, 0, 3, 1, FALSE },
  [VC_PIXEL_FORMAT_RGBA64_LE] = { "RGBA64_LE", VC_COLOUR_RGB, 8, 1, 0, 2, 4, 6, -1, -1, -1, TRUE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (formats) == VC_PIXEL_FORMAT_UNKNOWN);

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
  /* 4:2:0 chroma: one sample per 2×2 pixels, NV12 interleaves U and V */
  guint64 samples = ((guint64) l->width + 1) / 2;
  *row_bytes = info->n_planes == 2 ? 2 * samples : samples;
  *rows = ((guint64) l->height + 1) / 2;
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
  layout->matrix = height > 576 ? VC_YUV_BT709 : VC_YUV_BT601;
  layout->full_range = info->model != VC_COLOUR_YUV;
  guint64 offset = 0;
  for (guint p = 0; p < info->n_planes; p++) {
    guint64 row_bytes, rows;
    plane_extent (layout, p, &row_bytes, &rows);
    layout->offset[p] = offset;
    layout->stride[p] = (guint) round_up_4 (row_bytes);
    /* GStreamer keeps an even number of luma rows before the chroma */
    if (p == 0 && info->n_planes > 1)
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
  if (info->model == VC_COLOUR_YUV && l->matrix != VC_YUV_BT601 && l->matrix != VC_YUV_BT709)
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

gboolean
vc_frame_is_clear (const VcFrameLayout *layout, const guint8 *frame, guint x, guint y)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  if (!info->alpha)
    return FALSE;
  guint bpp = info->bytes_per_pixel;
  /* 8-bit alpha, or the high byte of 16-bit little-endian alpha */
  const guint8 *px = frame + layout->offset[0] + (guint64) y * layout->stride[0] + (gsize) x * bpp;
  return px[info->x + (bpp == 8 ? 1 : 0)] < 128;
}

guint
vc_frame_chroma_row (const VcFrameLayout *layout, guint y)
{
  return layout->interlaced ? (y >> 2) << 1 | (y & 1) : y >> 1;
}

void
vc_frame_chroma_sources (const VcFrameLayout *layout, guint cy, guint rows[2])
{
  guint first = layout->interlaced ? (cy >> 1) << 2 | (cy & 1) : 2 * cy;
  guint second = first + (layout->interlaced ? 2 : 1);
  rows[0] = first;
  rows[1] = second < layout->height ? second : first;
}

void
vc_yuv_coefficients (VcYuvMatrix matrix, gboolean full_range, VcYuvCoefficients *c)
{
  c->kr = matrix == VC_YUV_BT709 ? 0.2126 : 0.299;
  c->kb = matrix == VC_YUV_BT709 ? 0.0722 : 0.114;
  c->y_offset = full_range ? 0.0 : 16.0;
  c->y_scale = full_range ? 255.0 : 219.0;
  c->c_scale = full_range ? 255.0 : 224.0;
}
