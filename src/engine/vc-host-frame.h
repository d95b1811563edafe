/* vcolorize — copying frames between host memory and the engine's staging
 * buffers (packed as vc_frame_layout_init packs them). */
#pragma once

#include "vc-colorizer.h"

G_BEGIN_DECLS

/* FRAME (planes of LAYOUT's format and size) -> DST, packed as LAYOUT. */
void vc_host_frame_pack (const VcHostFrame *frame, const VcFrameLayout *layout, guint8 *dst);
/* SRC, packed as LAYOUT -> FRAME. */
void vc_host_frame_unpack (const guint8 *src, const VcFrameLayout *layout,
                           const VcHostFrame *frame);
/* Two frames of HALF's format and size side by side -> FRAME, twice as wide.
 * With an odd width, the 4:2:0 chroma sample on the seam comes from LEFT and
 * the right half's first chroma column is left out. */
void vc_host_frame_unpack_side_by_side (const guint8 *left, const guint8 *right,
                                        const VcFrameLayout *half, const VcHostFrame *frame);

G_END_DECLS
