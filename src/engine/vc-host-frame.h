/* vcolorize — copying frames between host memory and the engine's frame
 * buffers (packed as vc_frame_layout_init packs them). */
#pragma once

#include "vc-colorizer.h"

G_BEGIN_DECLS

/* FRAME (planes of LAYOUT's format and size) -> DST, packed as LAYOUT. */
void vc_host_frame_pack (const VcHostFrame *frame, const VcFrameLayout *layout, guint8 *dst);
/* SRC, packed as LAYOUT -> FRAME. */
void vc_host_frame_unpack (const guint8 *src, const VcFrameLayout *layout,
                           const VcHostFrame *frame);

G_END_DECLS
