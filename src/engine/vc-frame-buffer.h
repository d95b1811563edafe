/* vcolorize — frame buffers (vc-colorizer.h): frames in host-visible memory
 * of the engine's that the GPU reads or writes directly, and the pools they
 * come from, refcounted and thread-safe: a frame may be released from any
 * thread, also after the colorizer is gone. A pool keeps the frames given
 * back for the next ones and holds a reference to the device. */
#pragma once

#include "vc-colorizer.h"
#include "vk/vc-vk.h"

G_BEGIN_DECLS

VcFramePool *vc_frame_pool_new (VcDevice *dev);
/* vc_frame_pool_acquire(), preferring the frame buffer whose id is LIKE if
 * it was given back (so that what was recorded for it stays valid). */
VcFrameBuffer *vc_frame_pool_acquire_like (VcFramePool *pool, const VcFrameLayout *layout,
                                           guint64 like, GError **error);
VcBuffer *vc_frame_buffer_buffer (VcFrameBuffer *frame);
/* A number no other frame of the process has had (recordings made for a
 * frame know it by it: a new frame may have a freed one's address). */
guint64 vc_frame_buffer_id (const VcFrameBuffer *frame);
/* A host view of FRAME's planes. */
VcHostFrame vc_frame_buffer_host (VcFrameBuffer *frame);

G_END_DECLS
