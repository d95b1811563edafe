/* vcolorize — a small luminance picture of a frame, for the scene and
 * keyframe detection (vc-shot.h): box averages over the frame, computed on
 * the host from the frame's bytes in any VcPixelFormat. */
#pragma once

#include "vc-colorizer.h"

G_BEGIN_DECLS

/* Short side of a thumbnail (smaller frames keep their size). */
#define VC_THUMBNAIL_SIZE 64
/* Samples per box side at most: a 1080p frame's 17×17 box is averaged
 * over 4×4 of its pixels, which keeps a thumbnail well under a
 * millisecond. */
#define VC_THUMBNAIL_SAMPLES 4

/* The thumbnail size of a WIDTH×HEIGHT frame: short side
 * VC_THUMBNAIL_SIZE or the frame's own when smaller, aspect kept. */
void vc_thumbnail_size (guint width, guint height, guint *thumb_width, guint *thumb_height);
/* OUT (THUMB_WIDTH×THUMB_HEIGHT, rows packed) = luminance 0..255 of FRAME
 * (FORMAT, WIDTH×HEIGHT) averaged over each box: gray as it is, Y' of YUV,
 * 0.299 R' + 0.587 G' + 0.114 B' of RGB. */
void vc_thumbnail_compute (VcPixelFormat format, guint width, guint height,
                           const VcHostFrame *frame, float *out, guint thumb_width,
                           guint thumb_height);

G_END_DECLS
