/* vcolorize — a small luminance picture of a frame, for the scene and
 * keyframe detection (vc-shot.h): box averages over the frame, computed on
 * the host from the frame's bytes in any VcPixelFormat. And a grid of
 * single pixels (points), which unlike box averages tells whether a frame
 * lines up with a reference pixel for pixel. */
#pragma once

#include "vc-colorizer.h"

G_BEGIN_DECLS

/* Short side of a thumbnail (smaller frames keep their size). */
#define VC_THUMBNAIL_SIZE 64
/* Samples per box side at most: a 1080p frame's 17×17 box is averaged
 * over 4×4 of its pixels, which keeps a thumbnail well under a
 * millisecond. */
#define VC_THUMBNAIL_SAMPLES 4
/* Short side of a grid of points: 128 × 228 of them for 16:9, a fraction
 * of a millisecond per frame. */
#define VC_THUMBNAIL_POINTS 128

/* The thumbnail size of a WIDTH×HEIGHT frame: short side
 * VC_THUMBNAIL_SIZE or the frame's own when smaller, aspect kept. */
void vc_thumbnail_size (guint width, guint height, guint *thumb_width, guint *thumb_height);
/* The same for a grid of points (short side VC_THUMBNAIL_POINTS). */
void vc_thumbnail_points_size (guint width, guint height, guint *grid_width, guint *grid_height);
/* OUT (THUMB_WIDTH×THUMB_HEIGHT, rows packed) = luminance 0..255 of FRAME
 * (FORMAT, WIDTH×HEIGHT) averaged over each box: gray as it is, Y' of YUV,
 * 0.299 R' + 0.587 G' + 0.114 B' of RGB. */
void vc_thumbnail_compute (VcPixelFormat format, guint width, guint height,
                           const VcHostFrame *frame, float *out, guint thumb_width,
                           guint thumb_height);
/* As vc_thumbnail_compute, each value the luminance of the one pixel at the
 * centre of its box. */
void vc_thumbnail_points (VcPixelFormat format, guint width, guint height, const VcHostFrame *frame,
                          float *out, guint grid_width, guint grid_height);

/* OUT (THUMB_WIDTH×THUMB_HEIGHT) = L* (0..100) of FRAME (packed as LAYOUT)
 * averaged over each box of samples, each pixel's L* as the engine finds it
 * (vc_unpack_ref): exact for any format, slower than vc_thumbnail_compute
 * (a reference's, once). */
void vc_thumbnail_lightness (const VcFrameLayout *layout, const guint8 *frame, float *out,
                             guint thumb_width, guint thumb_height);
/* As vc_thumbnail_lightness, each value the L* of the one pixel at the
 * centre of its box (as vc_thumbnail_points). */
void vc_thumbnail_points_lightness (const VcFrameLayout *layout, const guint8 *frame, float *out,
                                    guint grid_width, guint grid_height);
/* OUT = L* of the N values of a thumbnail of vc_thumbnail_compute of a
 * frame of LAYOUT's format, each taken as a neutral pixel of that value (Y'
 * with LAYOUT's range): right for gray pictures in any format; for the
 * colours of an RGB frame an approximation. OUT may be THUMB. */
void vc_thumbnail_to_lightness (const VcFrameLayout *layout, const float *thumb, gsize n,
                                float *out);
/* The fraction of the N values of A within TOLERANCE of B's (0 .. 1). */
double vc_thumbnail_aligned (const float *a, const float *b, gsize n, double tolerance);

/* DST (DW×DH) = SRC (SW×SH) resampled by area averages: each value of DST
 * the mean of the values of SRC its box covers, weighted by how much. */
void vc_thumbnail_resample (const float *src, guint sw, guint sh, float *dst, guint dw, guint dh);

G_END_DECLS
