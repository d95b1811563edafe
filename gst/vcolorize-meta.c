/* vcolorize — carrying an input frame's metadata to its output, by the
 * rules GStreamer's converters follow (a meta's API tags say what it
 * depends on), so that timecode and closed captions survive colorizing. */
#include "vcolorize-meta.h"

#include <gst/video/video.h>

GST_DEBUG_CATEGORY_EXTERN (gst_vcolorize_debug);
#define GST_CAT_DEFAULT gst_vcolorize_debug

typedef struct {
  GstObject *object;
  GstBuffer *out;
  gboolean same_geometry;
} CopyMetas;

/* Whether META still holds for the output. */
static gboolean
keeps (const GstMeta *meta, gboolean same_geometry)
{
  GType api = meta->info->api;
  if (GST_META_FLAG_IS_SET (meta, GST_META_FLAG_POOLED) || !meta->info->transform_func)
    return FALSE;
  /* the input's memory (GstVideoMeta's planes, GstParentBufferMeta, which
   * would keep the input's memory alive) and its colours are not ours */
  if (gst_meta_api_type_has_tag (api, g_quark_from_static_string (GST_META_TAG_MEMORY_STR)) ||
      gst_meta_api_type_has_tag (api,
                                 g_quark_from_static_string (GST_META_TAG_MEMORY_REFERENCE_STR)) ||
      gst_meta_api_type_has_tag (api,
                                 g_quark_from_static_string (GST_META_TAG_VIDEO_COLORSPACE_STR)))
    return FALSE;
  if (gst_meta_api_type_has_tag (api, g_quark_from_static_string (GST_META_TAG_VIDEO_SIZE_STR)) ||
      gst_meta_api_type_has_tag (api,
                                 g_quark_from_static_string (GST_META_TAG_VIDEO_ORIENTATION_STR)))
    return same_geometry;
  return TRUE;
}

static gboolean
copy_meta (GstBuffer *in, GstMeta **meta, gpointer user_data)
{
  CopyMetas *c = user_data;
  const GstMetaInfo *info = (*meta)->info;
  if (!keeps (*meta, c->same_geometry)) {
    GST_LOG_OBJECT (c->object, "not copying %s", g_type_name (info->type));
    return TRUE;
  }
  GstMetaTransformCopy copy = { FALSE, 0, -1 };
  if (!info->transform_func (c->out, *meta, in, _gst_meta_transform_copy, &copy))
    GST_DEBUG_OBJECT (c->object, "%s could not be copied", g_type_name (info->type));
  else
    GST_LOG_OBJECT (c->object, "copied %s", g_type_name (info->type));
  return TRUE;
}

void
gst_vcolorize_copy_metas (GstObject *object, GstBuffer *out, GstBuffer *in, gboolean same_geometry)
{
  CopyMetas c = { object, out, same_geometry };
  gst_buffer_foreach_meta (in, copy_meta, &c);
}
