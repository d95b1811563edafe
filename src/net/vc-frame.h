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
  VC_PIXEL_FORMAT_Y42B,      /* planar 4:2:2 and 4:4:4: MJPEG, DV, archive masters */
  VC_PIXEL_FORMAT_Y444,
  VC_PIXEL_FORMAT_I420_10LE, /* 10-bit planar: ProRes, DNxHR, FFV1, HEVC decoders */
  VC_PIXEL_FORMAT_I422_10LE,
  VC_PIXEL_FORMAT_Y444_10LE,
  VC_PIXEL_FORMAT_P010_10LE, /* 10-bit semi-planar 4:2:0: hardware decoders */
  VC_PIXEL_FORMAT_v210,      /* 10-bit packed 4:2:2: SDI capture and playout */
  VC_PIXEL_FORMAT_NV21,      /* semi-planar with Cr first, and 4:2:2: cameras, capture chips */
  VC_PIXEL_FORMAT_NV16,
  VC_PIXEL_FORMAT_NV61,
  VC_PIXEL_FORMAT_UNKNOWN, /* also the number of formats */
} VcPixelFormat;

/* How a format encodes colour. Gray is sRGB-encoded gray; RGB is sRGB;
 * YUV is Y'CbCr (matrix and range in the layout): planar (chroma in 2
 * planes, U and V interleaved, or in 3) or packed 4:2:2 in one. */
typedef enum { VC_COLOUR_GRAY, VC_COLOUR_RGB, VC_COLOUR_YUV } VcColourModel;

typedef struct {
  const char *name; /* GStreamer's format string, e.g. "RGBx" */
  VcColourModel model;
  guint bytes_per_pixel; /* in plane 0; planar YUV: per sample, 1 or 2 */
  guint n_planes;
  /* RGB model: byte of R, G, B and of the alpha or padding byte (written as
   * 255) within a pixel; -1 where there is none. Gray and YUV: all -1. With
   * 8 bytes per pixel the channels are 16-bit little-endian and these are
   * the bytes where they start (their maximum, 65535, is 1). */
  gint8 r, g, b, x;
  /* Packed 4:2:2 (YUV in one plane): byte of the first pixel's Y', of Cb and
   * of Cr within the 4 bytes of two pixels (the second Y' is 2 bytes after
   * the first). Semi-planar (YUV in two planes): y -1, u and v which of a
   * chroma pair's two samples is Cb and which Cr (0 and 1, or 1 and 0 for
   * NV21 and NV61). -1 for every other format. */
  gint8 y, u, v;
  /* Whether byte x is a (straight) alpha, not padding. */
  gboolean alpha;
  /* YUV: bits per sample (8 or 10); with 2-byte samples, the bits above
   * the sample in its 16-bit little-endian word: 0 where it is the low bits
   * (I420_10LE), 6 where it is the high bits (P010_10LE). 0 for the rest. */
  guint8 depth, shift;
  /* YUV: log2 of the chroma subsampling across and down: 1, 1 for 4:2:0,
   * 1, 0 for 4:2:2, 0, 0 for 4:4:4. */
  guint8 sub_x, sub_y;
  /* v210: 10-bit 4:2:2, each 6 pixels in 4 little-endian 32-bit words of
   * three 10-bit samples (Cb Y Cr, Y Cb Y, Cr Y Cb, Y Cr Y from the low
   * bits), rows padded to 128 bytes; bytes_per_pixel is 0. */
  gboolean v210;
} VcPixelFormatInfo;

/* v210: where a pixel's Y' (J = 0..5 in its group), and its pair's Cb and
 * Cr (pair J / 2), are: the word of the group and the sample's lowest bit. */
typedef struct {
  guint8 word, shift;
} VcV210Sample;

extern const VcV210Sample vc_v210_y[6], vc_v210_cb[3], vc_v210_cr[3];

/* The 10-bit code at S of a v210 GROUP (16 bytes); writing one keeps the
 * word's other bits. */
guint vc_v210_get (const guint8 *group, VcV210Sample s);
void vc_v210_put (guint8 *group, VcV210Sample s, guint code);

/* NULL for an invalid format. */
const VcPixelFormatInfo *vc_pixel_format_info (VcPixelFormat format);
const char *vc_pixel_format_to_string (VcPixelFormat format);
/* VC_PIXEL_FORMAT_UNKNOWN for a name that is not one of ours. */
VcPixelFormat vc_pixel_format_from_string (const char *name);

/* The Y'CbCr matrices of SD, HD and UHD (GStreamer's default for 2160
 * rows and more); others are taken as BT.709. */
typedef enum { VC_YUV_BT601, VC_YUV_BT709, VC_YUV_BT2020 } VcYuvMatrix;

typedef struct {
  VcPixelFormat format;
  guint width, height;
  guint n_planes;
  guint64 offset[3];   /* bytes from the start of the buffer to each plane */
  guint stride[3];     /* bytes from one row of a plane to the next */
  VcYuvMatrix matrix;  /* YUV formats only */
  gboolean full_range; /* YUV formats only: 0-255 rather than 16-235 / 16-240 */
  /* the frame holds two fields, interleaved row by row; for planar 4:2:0
   * formats, each chroma row belongs to one field (its rows alternate top,
   * bottom), as GStreamer lays out interlaced I420 and NV12 */
  gboolean interlaced;
} VcFrameLayout;

/* GStreamer's default layout (as gst_video_info_set_format): rows padded to
 * 4 bytes, planes back to back (after an even number of luma rows for
 * 4:2:0), chroma planes of w × h samples divided by the subsampling and
 * rounded up, packed 4:2:2 rows of (w+1)/2 groups of 4 bytes.
 * YUV: BT.2020 from 2160 rows, BT.709 above 576, else BT.601; limited range. */
void vc_frame_layout_init (VcFrameLayout *layout, VcPixelFormat format, guint width, guint height);
/* Bytes in one row of PLANE (without padding) and rows in it. */
void vc_frame_plane_extent (const VcFrameLayout *layout, guint plane, guint *row_bytes,
                            guint *rows);
/* Bytes a buffer must hold: up to the 32-bit word holding the last byte of
 * the last row of each plane. Equal to GStreamer's size for the default
 * layout (v210 and I422_10LE: less the padding after the last row). */
guint64 vc_frame_layout_size (const VcFrameLayout *layout);
/* Bytes up to the end of each plane's last row, its padding included (at
 * least vc_frame_layout_size()): GStreamer's size for the default layout. */
guint64 vc_frame_layout_padded_size (const VcFrameLayout *layout);
/* INVALID_ARGUMENT unless the layout is usable: known format, size at least
 * 1×1, offsets and strides multiples of 4, strides at least a row. WHAT
 * names the caller in the message. */
gboolean vc_frame_layout_check (const VcFrameLayout *layout, const char *what, GError **error);
/* INVALID_ARGUMENT unless BUF holds vc_frame_layout_size() bytes. */
gboolean vc_frame_check_buffer (const VcFrameLayout *layout, const VcBuffer *buf, const char *what,
                                GError **error);

/* Y'CbCr of code values of DEPTH bits: Y = y_offset + y_scale·Y',
 * Cb = c_offset + c_scale·Pb, Cr = c_offset + c_scale·Pr, with
 * Y' = kr·R' + (1 - kr - kb)·G' + kb·B', as GStreamer defines them:
 * limited range 16·2^(d-8) + 219·2^(d-8)·Y', chroma 2^(d-1) +
 * 224·2^(d-8)·P; full range (2^d - 1)·Y' and 2^(d-1) + (2^d - 1)·P. */
typedef struct {
  double kr, kb;
  double y_offset, y_scale, c_offset, c_scale;
  double max_code; /* 2^depth - 1 */
} VcYuvCoefficients;

void vc_yuv_coefficients (VcYuvMatrix matrix, gboolean full_range, guint depth,
                          VcYuvCoefficients *c);
/* The coefficients of LAYOUT's matrix, range and format's depth. */
void vc_frame_yuv_coefficients (const VcFrameLayout *layout, VcYuvCoefficients *c);
/* Planar YUV: the code value of sample X of row ROW of COMPONENT (0: Y',
 * 1: Cb, 2: Cr, also where they share a plane; rows and samples of the
 * chroma grid), bits outside the sample ignored. */
guint vc_frame_sample (const VcFrameLayout *layout, const guint8 *frame, guint component, guint row,
                       guint x);
/* Writes CODE there (the whole 16-bit word of a 2-byte sample). */
void vc_frame_put_sample (const VcFrameLayout *layout, guint8 *frame, guint component, guint row,
                          guint x, guint code);

/* Whether pixel (X, Y) of FRAME (packed as LAYOUT) is more transparent
 * than opaque: alpha below half; FALSE for a format without alpha. */
gboolean vc_frame_is_clear (const VcFrameLayout *layout, const guint8 *frame, guint x, guint y);
/* Whether some pixel of FRAME is (vc_frame_is_clear). */
gboolean vc_frame_any_clear (const VcFrameLayout *layout, const guint8 *frame);

/* Planar chroma siting (the shaders follow the same rules). The chroma row
 * that covers luma row Y; and the luma rows whose mean chroma row CY holds:
 * for 4:2:0 2·CY and 2·CY + 1, or, interlaced, two rows of one field (0 and
 * 2 for chroma row 0, 1 and 3 for row 1, 4 and 6 for row 2…), a row past
 * the bottom replaced by the first of the two; for 4:2:2 and 4:4:4 row CY,
 * twice. */
guint vc_frame_chroma_row (const VcFrameLayout *layout, guint y);
void vc_frame_chroma_sources (const VcFrameLayout *layout, guint cy, guint rows[2]);

G_END_DECLS
