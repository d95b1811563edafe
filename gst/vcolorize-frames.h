/* vcolorize — frames without a copy on the host: the engine's frame
 * buffers (VcFrameBuffer, host-visible memory the GPU reads and writes)
 * as GStreamer memory.
 *
 * Output: the buffers the GPU copies its results into are pushed
 * downstream as they are, instead of copied into buffers of downstream's
 * pool; worth it where downstream takes system memory anyway (a pool of
 * downstream's own, GL, Xv, V4L2, DMA-BUF, is used as before).
 *
 * Input: the video pad proposes upstream a buffer pool of the engine's
 * input frame buffers (GstVColorizeInputPool); a frame upstream made in
 * one goes to the GPU as it is. */
#pragma once

#include "vc-colorizer.h"

#include <gst/video/video.h>

G_BEGIN_DECLS

typedef struct {
  gboolean enabled; /* push the engine's frames */
  gsize align;      /* downstream's alignment mask for the data */
} GstVColorizeLending;

/* Decides from downstream's ALLOCATION QUERY whether frames of INFO, packed
 * as LAYOUT by the engine, can be pushed as they are: when downstream has
 * no pool or allocator of its own and LAYOUT is GStreamer's default for
 * INFO (it is for every format, test-element-formats checks; no video meta
 * is needed then). */
void gst_vcolorize_lending_decide (GstVColorizeLending *lending, GstQuery *query,
                                   const GstVideoInfo *info, const VcFrameLayout *layout);
/* A buffer holding FRAME (taken: released when the buffer's memory goes),
 * or NULL when it cannot be lent (its data is not aligned as downstream
 * asked; FRAME is still the caller's then). The memory carries FRAME as
 * qdata GST_VCOLORIZE_LENT_QUARK, so that it can be told apart. */
GstBuffer *gst_vcolorize_lending_wrap (const GstVColorizeLending *lending, const GstVideoInfo *info,
                                       VcFrameBuffer *frame);

#define GST_VCOLORIZE_LENT_QUARK (g_quark_from_static_string ("GstVColorizeOutputFrame"))

/* A buffer pool (GstBufferPool, video meta option) of frame buffers of
 * FRAMES (a reference taken), for any format the engine reads whose layout
 * is GStreamer's default; set_config fails for others. Their memory
 * carries the frame as qdata GST_VCOLORIZE_INPUT_QUARK. */
GstBufferPool *gst_vcolorize_input_pool_new (VcFramePool *frames);
/* The frame buffer of BUF if it is one of such a pool's whose planes are
 * where FRAME (BUF mapped) has them, else NULL. */
VcFrameBuffer *gst_vcolorize_input_frame (GstBuffer *buf, const GstVideoFrame *frame);

#define GST_VCOLORIZE_INPUT_QUARK (g_quark_from_static_string ("GstVColorizeInputFrame"))

G_END_DECLS
