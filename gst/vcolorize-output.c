/* vcolorize — output buffers lent from the engine. */
#include "vcolorize-output.h"

#include <string.h>

/* Whether downstream's pool, if any, is one of plain system memory: one
 * of GStreamer's own, whose buffers downstream does nothing special with. */
static gboolean
plain_pool (GstQuery *query)
{
  if (gst_query_get_n_allocation_pools (query) == 0)
    return TRUE;
  GstBufferPool *pool = NULL;
  gst_query_parse_nth_allocation_pool (query, 0, &pool, NULL, NULL, NULL);
  if (!pool)
    return TRUE;
  GType type = G_OBJECT_TYPE (pool);
  gst_object_unref (pool);
  return type == GST_TYPE_VIDEO_BUFFER_POOL || type == GST_TYPE_BUFFER_POOL;
}

/* Whether downstream asks for no allocator but system memory; *ALIGN: the
 * largest alignment mask it asks for. */
static gboolean
plain_allocators (GstQuery *query, gsize *align)
{
  *align = 0;
  for (guint i = 0; i < gst_query_get_n_allocation_params (query); i++) {
    GstAllocator *allocator = NULL;
    GstAllocationParams params;
    gst_query_parse_nth_allocation_param (query, i, &allocator, &params);
    gboolean sysmem = !allocator || g_strcmp0 (allocator->mem_type, GST_ALLOCATOR_SYSMEM) == 0;
    if (allocator)
      gst_object_unref (allocator);
    if (!sysmem)
      return FALSE;
    *align |= params.align;
  }
  return TRUE;
}

/* Whether LAYOUT is GStreamer's for INFO. */
static gboolean
default_layout (const GstVideoInfo *info, const VcFrameLayout *layout)
{
  if (GST_VIDEO_INFO_N_PLANES (info) != layout->n_planes ||
      GST_VIDEO_INFO_SIZE (info) > vc_frame_layout_padded_size (layout))
    return FALSE;
  for (guint p = 0; p < layout->n_planes; p++)
    if (GST_VIDEO_INFO_PLANE_OFFSET (info, p) != layout->offset[p] ||
        GST_VIDEO_INFO_PLANE_STRIDE (info, p) != (gint) layout->stride[p])
      return FALSE;
  return TRUE;
}

void
gst_vcolorize_lending_decide (GstVColorizeLending *lending, GstQuery *query,
                              const GstVideoInfo *info, const VcFrameLayout *layout)
{
  memset (lending, 0, sizeof *lending);
  if (!layout || !plain_pool (query) || !plain_allocators (query, &lending->align))
    return;
  lending->enabled = default_layout (info, layout);
}

GstBuffer *
gst_vcolorize_lending_wrap (const GstVColorizeLending *lending, const GstVideoInfo *info,
                            VcOutputFrame *frame)
{
  guint8 *data = vc_output_frame_data (frame);
  if (((guintptr) data & lending->align) != 0)
    return NULL;
  GstMemory *mem =
      gst_memory_new_wrapped (0, data, vc_output_frame_size (frame), 0, GST_VIDEO_INFO_SIZE (info),
                              frame, (GDestroyNotify) vc_output_frame_release);
  gst_mini_object_set_qdata (GST_MINI_OBJECT (mem), GST_VCOLORIZE_LENT_QUARK, frame, NULL);
  GstBuffer *buf = gst_buffer_new ();
  gst_buffer_append_memory (buf, mem);
  return buf;
}
