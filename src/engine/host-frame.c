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

void
vc_host_frame_unpack_side_by_side (const guint8 *left, const guint8 *right,
                                   const VcFrameLayout *half, const VcHostFrame *frame)
{
  for (guint p = 0; p < half->n_planes; p++) {
    guint row_bytes, rows;
    vc_frame_plane_extent (half, p, &row_bytes, &rows);
    /* Bytes of the output row that come from the right half, and where in
     * the right half's row they start: for chroma subsampled across, of an
     * odd width, the output row has one sample less than the two halves
     * together. */
    const VcPixelFormatInfo *info = vc_pixel_format_info (half->format);
    guint sample = p == 0 ? 0 : info->bytes_per_pixel * (half->n_planes == 2 ? 2 : 1);
    gboolean odd = p > 0 && info->sub_x == 1 && half->width % 2 == 1;
    guint skip = odd ? sample : 0;
    for (guint y = 0; y < rows; y++) {
      guint8 *out = frame->data[p] + (gsize) y * frame->stride[p];
      gsize in = half->offset[p] + (gsize) y * half->stride[p];
      memcpy (out, left + in, row_bytes);
      memcpy (out + row_bytes, right + in + skip, row_bytes - skip);
    }
  }
}
