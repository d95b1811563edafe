/* vcolorize — copying frames between host memory and staging buffers. */
#include "vc-host-frame.h"

#include <string.h>

void
vc_host_frame_pack (const VcHostFrame *frame, const VcFrameLayout *layout, guint8 *dst)
{
  for (guint p = 0; p < layout->n_planes; p++) {
    guint row_bytes, rows;
    vc_frame_plane_extent (layout, p, &row_bytes, &rows);
    for (guint y = 0; y < rows; y++)
      memcpy (dst + layout->offset[p] + (gsize) y * layout->stride[p],
              frame->data[p] + (gsize) y * frame->stride[p], row_bytes);
  }
}

void
vc_host_frame_unpack (const guint8 *src, const VcFrameLayout *layout, const VcHostFrame *frame)
{
  for (guint p = 0; p < layout->n_planes; p++) {
    guint row_bytes, rows;
    vc_frame_plane_extent (layout, p, &row_bytes, &rows);
    for (guint y = 0; y < rows; y++)
      memcpy (frame->data[p] + (gsize) y * frame->stride[p],
              src + layout->offset[p] + (gsize) y * layout->stride[p], row_bytes);
  }
}
