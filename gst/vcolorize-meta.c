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

/* The API tags that decide, as quarks, looked up once. */
enum { TAG_MEMORY, TAG_MEMORY_REFERENCE, TAG_COLORSPACE, TAG_SIZE, TAG_ORIENTATION, N_TAGS };
static GQuark tags[N_TAGS];

static void
init_tags (void)
{
  static gsize done = 0;
  if (!g_once_init_enter (&done))
    return;
  tags[TAG_MEMORY] = g_quark_from_static_string (GST_META_TAG_MEMORY_STR);
  tags[TAG_MEMORY_REFERENCE] = g_quark_from_static_string (GST_META_TAG_MEMORY_REFERENCE_STR);
  tags[TAG_COLORSPACE] = g_quark_from_static_string (GST_META_TAG_VIDEO_COLORSPACE_STR);
  tags[TAG_SIZE] = g_quark_from_static_string (GST_META_TAG_VIDEO_SIZE_STR);
  tags[TAG_ORIENTATION] = g_quark_from_static_string (GST_META_TAG_VIDEO_ORIENTATION_STR);
  g_once_init_leave (&done, 1);
}

/* Whether META still holds for the output. */
static gboolean
keeps (const GstMeta *meta, gboolean same_geometry)
{
  GType api = meta->info->api;
  if (GST_META_FLAG_IS_SET (meta, GST_META_FLAG_POOLED) || !meta->info->transform_func)
    return FALSE;
  /* the input's memory (GstVideoMeta's planes, GstParentBufferMeta, which
   * would keep the input's memory alive) and its colours are not ours */
  if (gst_meta_api_type_has_tag (api, tags[TAG_MEMORY]) ||
      gst_meta_api_type_has_tag (api, tags[TAG_MEMORY_REFERENCE]) ||
      gst_meta_api_type_has_tag (api, tags[TAG_COLORSPACE]))
    return FALSE;
  if (gst_meta_api_type_has_tag (api, tags[TAG_SIZE]) ||
      gst_meta_api_type_has_tag (api, tags[TAG_ORIENTATION]))
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
  init_tags ();
  gst_buffer_foreach_meta (in, copy_meta, &c);
}
