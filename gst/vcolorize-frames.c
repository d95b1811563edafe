/* vcolorize — the engine's frame buffers as GStreamer memory. */
#include "vcolorize-frames.h"

#include "vcolorize-caps.h"

GST_DEBUG_CATEGORY_EXTERN (gst_vcolorize_debug);
#define GST_CAT_DEFAULT gst_vcolorize_debug

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

/* A buffer of one memory, SIZE bytes of FRAME (taken: released with the
 * memory), which carries FRAME as qdata QUARK. */
static GstBuffer *
wrap_frame (VcFrameBuffer *frame, gsize size, GQuark quark)
{
  GstMemory *mem =
      gst_memory_new_wrapped (0, vc_frame_buffer_data (frame), vc_frame_buffer_size (frame), 0,
                              size, frame, (GDestroyNotify) vc_frame_buffer_release);
  gst_mini_object_set_qdata (GST_MINI_OBJECT (mem), quark, frame, NULL);
  GstBuffer *buf = gst_buffer_new ();
  gst_buffer_append_memory (buf, mem);
  return buf;
}

GstBuffer *
gst_vcolorize_lending_wrap (const GstVColorizeLending *lending, const GstVideoInfo *info,
                            VcFrameBuffer *frame)
{
  if (((guintptr) vc_frame_buffer_data (frame) & lending->align) != 0)
    return NULL;
  return wrap_frame (frame, GST_VIDEO_INFO_SIZE (info), GST_VCOLORIZE_LENT_QUARK);
}

/* ---- the input pool ---- */

typedef struct {
  GstBufferPool parent;
  VcFramePool *frames;
  GstVideoInfo info;
  VcFrameLayout layout;
  gboolean video_meta;
} GstVColorizeInputPool;

typedef GstBufferPoolClass GstVColorizeInputPoolClass;

G_DEFINE_TYPE (GstVColorizeInputPool, gst_vcolorize_input_pool, GST_TYPE_BUFFER_POOL)

static const gchar **
input_pool_get_options (GstBufferPool *pool)
{
  static const gchar *options[] = { GST_BUFFER_POOL_OPTION_VIDEO_META, NULL };
  return options;
}

static gboolean
input_pool_set_config (GstBufferPool *pool, GstStructure *config)
{
  GstVColorizeInputPool *self = (GstVColorizeInputPool *) pool;
  GstCaps *caps;
  guint size, min, max;
  GstVideoInfo info;
  VcVideoFormat format;
  if (!gst_buffer_pool_config_get_params (config, &caps, &size, &min, &max) || !caps ||
      !gst_video_info_from_caps (&info, caps) || !gst_vcolorize_video_format (&info, &format, NULL))
    return FALSE;
  vc_frame_layout_init (&self->layout, format.format, format.width, format.height);
  if (!default_layout (&info, &self->layout))
    return FALSE;
  self->info = info;
  self->video_meta = gst_buffer_pool_config_has_option (config, GST_BUFFER_POOL_OPTION_VIDEO_META);
  gst_buffer_pool_config_set_params (config, caps, (guint) GST_VIDEO_INFO_SIZE (&info), min, max);
  return GST_BUFFER_POOL_CLASS (gst_vcolorize_input_pool_parent_class)->set_config (pool, config);
}

static GstFlowReturn
input_pool_alloc_buffer (GstBufferPool *pool, GstBuffer **buffer,
                         GstBufferPoolAcquireParams *params)
{
  GstVColorizeInputPool *self = (GstVColorizeInputPool *) pool;
  g_autoptr (GError) error = NULL;
  VcFrameBuffer *frame = vc_frame_pool_acquire (self->frames, &self->layout, &error);
  if (!frame) {
    GST_WARNING_OBJECT (pool, "no frame buffer: %s", error->message);
    return GST_FLOW_ERROR;
  }
  *buffer = wrap_frame (frame, GST_VIDEO_INFO_SIZE (&self->info), GST_VCOLORIZE_INPUT_QUARK);
  if (self->video_meta)
    gst_buffer_add_video_meta_full (
        *buffer, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_INFO_FORMAT (&self->info),
        GST_VIDEO_INFO_WIDTH (&self->info), GST_VIDEO_INFO_HEIGHT (&self->info),
        GST_VIDEO_INFO_N_PLANES (&self->info), self->info.offset, self->info.stride);
  return GST_FLOW_OK;
}

static void
input_pool_finalize (GObject *object)
{
  vc_frame_pool_unref (((GstVColorizeInputPool *) object)->frames);
  G_OBJECT_CLASS (gst_vcolorize_input_pool_parent_class)->finalize (object);
}

static void
gst_vcolorize_input_pool_class_init (GstVColorizeInputPoolClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = input_pool_finalize;
  klass->get_options = input_pool_get_options;
  klass->set_config = input_pool_set_config;
  klass->alloc_buffer = input_pool_alloc_buffer;
}

static void
gst_vcolorize_input_pool_init (GstVColorizeInputPool *pool)
{
}

GstBufferPool *
gst_vcolorize_input_pool_new (VcFramePool *frames)
{
  GstVColorizeInputPool *pool = g_object_new (gst_vcolorize_input_pool_get_type (), NULL);
  gst_object_ref_sink (pool);
  pool->frames = frames;
  return GST_BUFFER_POOL (pool);
}

VcFrameBuffer *
gst_vcolorize_input_frame (GstBuffer *buf, const GstVideoFrame *frame)
{
  if (gst_buffer_n_memory (buf) != 1)
    return NULL;
  VcFrameBuffer *fb = gst_mini_object_get_qdata (GST_MINI_OBJECT (gst_buffer_peek_memory (buf, 0)),
                                                 GST_VCOLORIZE_INPUT_QUARK);
  if (!fb)
    return NULL;
  const VcFrameLayout *layout = vc_frame_buffer_layout (fb);
  if (GST_VIDEO_FRAME_N_PLANES (frame) != layout->n_planes)
    return NULL;
  for (guint p = 0; p < layout->n_planes; p++)
    if ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, p) !=
            vc_frame_buffer_data (fb) + layout->offset[p] ||
        GST_VIDEO_FRAME_PLANE_STRIDE (frame, p) != (gint) layout->stride[p])
      return NULL;
  return fb;
}
