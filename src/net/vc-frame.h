/* vcolorize — video frames: pixel formats and the layout of a frame's bytes
 * in a buffer.
 *
 * Formats and their names are GStreamer's (GstVideoFormat strings). A frame
 * lives in a VcBuffer as raw bytes; shaders read and write it as 32-bit
 * words, so every plane offset and row stride must be a multiple of 4. */
#pragma once

#include "vk/vc-vk.h"

G_BEGIN_DECLS

typedef enum {
  VC_PIXEL_FORMAT_GRAY8,
  VC_PIXEL_FORMAT_GRAY16_LE,
  VC_PIXEL_FORMAT_I420,
  VC_PIXEL_FORMAT_NV12,
  VC_PIXEL_FORMAT_RGB,
  VC_PIXEL_FORMAT_BGR,
  VC_PIXEL_FORMAT_RGBA,
  VC_PIXEL_FORMAT_BGRA,
  VC_PIXEL_FORMAT_RGBx,
  VC_PIXEL_FORMAT_BGRx,
  VC_PIXEL_FORMAT_ARGB,
  VC_PIXEL_FORMAT_ABGR,
  VC_PIXEL_FORMAT_xRGB,
  VC_PIXEL_FORMAT_xBGR,
  VC_PIXEL_FORMAT_YUY2, /* packed 4:2:2: most webcams, SDI playout cards */
  VC_PIXEL_FORMAT_UYVY,
  VC_PIXEL_FORMAT_YVYU,
  VC_PIXEL_FORMAT_RGBA64_LE, /* 16 bits per channel: high-bit-depth pipelines */
  VC_PIXEL_FORMAT_UNKNOWN,   /* also the number of formats */
} VcPixelFormat;

/* How a format encodes colour. Gray is sRGB-encoded gray; RGB is sRGB;
 * YUV is Y'CbCr (matrix and range in the layout): 4:2:0 in 2 or 3 planes,
 * or packed 4:2:2 in one. */
typedef enum { VC_COLOUR_GRAY, VC_COLOUR_RGB, VC_COLOUR_YUV } VcColourModel;

typedef struct {
  const char *name; /* GStreamer's format string, e.g. "RGBx" */
  VcColourModel model;
  guint bytes_per_pixel; /* in plane 0 */
  guint n_planes;
  /* RGB model: byte of R, G, B and of the alpha or padding byte (written as
   * 255) within a pixel; -1 where there is none. Gray and YUV: all -1. With
   * 8 bytes per pixel the channels are 16-bit little-endian and these are
   * the bytes where they start (their maximum, 65535, is 1). */
  gint8 r, g, b, x;
  /* Packed 4:2:2 (YUV in one plane): byte of the first pixel's Y', of Cb and
   * of Cr within the 4 bytes of two pixels (the second Y' is 2 bytes after
   * the first); -1 for every other format. */
  gint8 y, u, v;
  /* Whether byte x is a (straight) alpha, not padding. */
  gboolean alpha;
} VcPixelFormatInfo;

/* NULL for an invalid format. */
const VcPixelFormatInfo *vc_pixel_format_info (VcPixelFormat format);
const char *vc_pixel_format_to_string (VcPixelFormat format);
/* VC_PIXEL_FORMAT_UNKNOWN for a name that is not one of ours. */
VcPixelFormat vc_pixel_format_from_string (const char *name);

typedef enum { VC_YUV_BT601, VC_YUV_BT709 } VcYuvMatrix;

typedef struct {
  VcPixelFormat format;
  guint width, height;
  guint n_planes;
  guint64 offset[3];   /* bytes from the start of the buffer to each plane */
  guint stride[3];     /* bytes from one row of a plane to the next */
  VcYuvMatrix matrix;  /* YUV formats only */
  gboolean full_range; /* YUV formats only: 0-255 rather than 16-235 / 16-240 */
  /* 4:2:0 formats only: the frame holds two fields, interleaved row by row,
   * and each chroma row belongs to one field (its rows alternate top,
   * bottom), as GStreamer lays out interlaced I420 and NV12 */
  gboolean interlaced;
} VcFrameLayout;

/* GStreamer's default layout (as gst_video_info_set_format): rows padded to
 * 4 bytes, planes back to back, 4:2:0 chroma planes of (w+1)/2 × (h+1)/2,
 * packed 4:2:2 rows of (w+1)/2 groups of 4 bytes.
 * YUV: BT.709 above 576 rows, else BT.601; limited range. */
void vc_frame_layout_init (VcFrameLayout *layout, VcPixelFormat format, guint width, guint height);
/* Bytes in one row of PLANE (without padding) and rows in it. */
void vc_frame_plane_extent (const VcFrameLayout *layout, guint plane, guint *row_bytes,
                            guint *rows);
/* Bytes a buffer must hold: up to the 32-bit word holding the last byte of
 * the last row of each plane. Equal to GStreamer's size for the default
 * layout. */
guint64 vc_frame_layout_size (const VcFrameLayout *layout);
/* INVALID_ARGUMENT unless the layout is usable: known format, size at least
 * 1×1, offsets and strides multiples of 4, strides at least a row. WHAT
 * names the caller in the message. */
gboolean vc_frame_layout_check (const VcFrameLayout *layout, const char *what, GError **error);
/* INVALID_ARGUMENT unless BUF holds vc_frame_layout_size() bytes. */
gboolean vc_frame_check_buffer (const VcFrameLayout *layout, const VcBuffer *buf, const char *what,
                                GError **error);

/* Y'CbCr of 8-bit code values: Y = y_offset + y_scale·Y',
 * Cb = 128 + c_scale·Pb, Cr = 128 + c_scale·Pr, with
 * Y' = kr·R' + (1 - kr - kb)·G' + kb·B'. Full range scales chroma by 255
 * as GStreamer does. */
typedef struct {
  double kr, kb;
  double y_offset, y_scale, c_scale;
} VcYuvCoefficients;

void vc_yuv_coefficients (VcYuvMatrix matrix, gboolean full_range, VcYuvCoefficients *c);

/* Whether pixel (X, Y) of FRAME (packed as LAYOUT) is more transparent
 * than opaque: alpha below half; FALSE for a format without alpha. */
gboolean vc_frame_is_clear (const VcFrameLayout *layout, const guint8 *frame, guint x, guint y);

/* 4:2:0 chroma siting (the shaders follow the same rules). The chroma row
 * that covers luma row Y; and the two luma rows whose mean chroma row CY
 * holds: 2·CY and 2·CY + 1, or, interlaced, two rows of one field (0 and 2
 * for chroma row 0, 1 and 3 for row 1, 4 and 6 for row 2…). A row past the
 * bottom is replaced by the first of the two. */
guint vc_frame_chroma_row (const VcFrameLayout *layout, guint y);
void vc_frame_chroma_sources (const VcFrameLayout *layout, guint cy, guint rows[2]);

G_END_DECLS
