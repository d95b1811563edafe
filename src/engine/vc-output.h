/* vcolorize — output frames: the host-visible buffers the GPU copies each
 * finished frame into, lent to the caller (vc_colorizer_receive_frame) and
 * given back when it releases them, possibly from another thread and after
 * the colorizer is gone.
 *
 * A pool keeps the frames given back for the next ones. It holds a
 * reference to the device; it goes, with the frames it keeps, when its
 * owner has dropped it and the last frame lent is released. */
#pragma once

#include "vc-colorizer.h"
#include "vk/vc-vk.h"

G_BEGIN_DECLS

typedef struct _VcOutputPool VcOutputPool;

VcOutputPool *vc_output_pool_new (VcDevice *dev);
/* The owner's reference; frames lent keep the pool until released. */
void vc_output_pool_unref (VcOutputPool *pool);
/* A frame of at least SIZE bytes: one given back of that size or a new one
 * (zero-filled); frames kept of another size are freed. LAYOUT is what the
 * caller will be told the frame holds. */
VcOutputFrame *vc_output_pool_acquire (VcOutputPool *pool, guint64 size,
                                       const VcFrameLayout *layout, GError **error);
VcBuffer *vc_output_frame_buffer (VcOutputFrame *frame);
/* A number no other frame of the process has had (recordings made for a
 * frame know it by it: a new frame may have a freed one's address). */
guint64 vc_output_frame_id (const VcOutputFrame *frame);

G_END_DECLS
