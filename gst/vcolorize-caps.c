/* vcolorize — caps and formats. */
#include "vcolorize-caps.h"

/* The engine's formats; COLOUR_ONLY: not gray. */
static GstCaps *
caps_of_formats (gboolean colour_only)
{
  GValue formats = G_VALUE_INIT;
  gst_value_list_init (&formats, VC_PIXEL_FORMAT_UNKNOWN);
  for (int f = 0; f < VC_PIXEL_FORMAT_UNKNOWN; f++) {
    const VcPixelFormatInfo *info = vc_pixel_format_info ((VcPixelFormat) f);
    if (colour_only && info->model == VC_COLOUR_GRAY)
      continue;
    GValue name = G_VALUE_INIT;
    g_value_init (&name, G_TYPE_STRING);
    g_value_set_static_string (&name, info->name);
    gst_value_list_append_and_take_value (&formats, &name);
  }
  GstCaps *caps = gst_caps_new_simple ("video/x-raw", "width", GST_TYPE_INT_RANGE, 1, G_MAXINT,
                                       "height", GST_TYPE_INT_RANGE, 1, G_MAXINT, "framerate",
                                       GST_TYPE_FRACTION_RANGE, 0, 1, G_MAXINT, 1, NULL);
  gst_caps_set_value (caps, "format", &formats);
  g_value_unset (&formats);
  return caps;
}

GstCaps *
gst_vcolorize_sink_template_caps (void)
{
  return caps_of_formats (FALSE);
}

GstCaps *
gst_vcolorize_ref_template_caps (void)
{
  GstCaps *caps = caps_of_formats (FALSE);
  gst_structure_remove_field (gst_caps_get_structure (caps, 0), "framerate");
  return caps;
}

GstCaps *
gst_vcolorize_src_template_caps (void)
{
  return caps_of_formats (TRUE);
}

VcYuvMatrix
gst_vcolorize_yuv_matrix (GstVideoColorMatrix matrix)
{
  switch (matrix) {
  case GST_VIDEO_COLOR_MATRIX_BT601:
    return VC_YUV_BT601;
  case GST_VIDEO_COLOR_MATRIX_BT2020:
    return VC_YUV_BT2020;
  default:
    return VC_YUV_BT709;
  }
}

gboolean
gst_vcolorize_video_format (const GstVideoInfo *info, VcVideoFormat *format, GError **error)
{
  const char *name = gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (info));
  VcPixelFormat f = vc_pixel_format_from_string (name);
  if (f == VC_PIXEL_FORMAT_UNKNOWN) {
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                 "The video format %s is not supported", name ? name : "(unknown)");
    return FALSE;
  }
  const GstVideoColorimetry *c = &GST_VIDEO_INFO_COLORIMETRY (info);
  *format = (VcVideoFormat){
    .format = f,
    .width = GST_VIDEO_INFO_WIDTH (info),
    .height = GST_VIDEO_INFO_HEIGHT (info),
    /* BT.601, BT.709 and BT.2020 are the matrices the colour shaders know;
     * the others (FCC, SMPTE 240M) are close to BT.709 */
    .matrix = gst_vcolorize_yuv_matrix (c->matrix),
    .full_range = c->range == GST_VIDEO_COLOR_RANGE_0_255,
    /* interleaved, or mixed (where a frame may be either: its chroma is read
     * and written per field all the same) */
    .interlaced = GST_VIDEO_INFO_IS_INTERLACED (info),
  };
  return TRUE;
}

VcHostFrame
gst_vcolorize_host_frame (GstVideoFrame *frame)
{
  VcHostFrame h = { { NULL }, { 0 } };
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (frame) && p < 3; p++) {
    h.data[p] = GST_VIDEO_FRAME_PLANE_DATA (frame, p);
    h.stride[p] = GST_VIDEO_FRAME_PLANE_STRIDE (frame, p);
  }
  return h;
}

GstCaps *
gst_vcolorize_src_caps_for (const GstVideoInfo *info, VcView view, GstCaps *downstream)
{
  guint width, height;
  vc_colorizer_output_size (view, GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info), &width,
                            &height);
  GstCaps *ours = gst_vcolorize_src_template_caps ();
  gst_caps_set_simple (ours, "width", G_TYPE_INT, (int) width, "height", G_TYPE_INT, (int) height,
                       "framerate", GST_TYPE_FRACTION, GST_VIDEO_INFO_FPS_N (info),
                       GST_VIDEO_INFO_FPS_D (info), "pixel-aspect-ratio", GST_TYPE_FRACTION,
                       GST_VIDEO_INFO_PAR_N (info), GST_VIDEO_INFO_PAR_D (info), NULL);
  /* each output row is the input row's lightness: the fields stay as they
   * were, and so does how they are marked */
  if (GST_VIDEO_INFO_IS_INTERLACED (info)) {
    GstVideoFieldOrder order = GST_VIDEO_INFO_FIELD_ORDER (info);
    gst_caps_set_simple (ours, "interlace-mode", G_TYPE_STRING,
                         gst_video_interlace_mode_to_string (GST_VIDEO_INFO_INTERLACE_MODE (info)),
                         NULL);
    if (order != GST_VIDEO_FIELD_ORDER_UNKNOWN)
      gst_caps_set_simple (ours, "field-order", G_TYPE_STRING,
                           gst_video_field_order_to_string (order), NULL);
  }
  GstCaps *caps = gst_caps_intersect_full (downstream, ours, GST_CAPS_INTERSECT_FIRST);
  gst_caps_unref (ours);
  return caps;
}

GstCaps *
gst_vcolorize_caps_fixate (GstCaps *caps, const GstVideoInfo *info)
{
  const char *format = gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (info));
  caps = gst_caps_make_writable (caps);
  for (guint i = 0; i < gst_caps_get_size (caps); i++) {
    GstStructure *s = gst_caps_get_structure (caps, i);
    if (gst_structure_fixate_field_string (s, "format", format) &&
        g_strcmp0 (gst_structure_get_string (s, "format"), format) == 0) {
      /* the first structure offering the input's format wins */
      GstCaps *one = gst_caps_copy_nth (caps, i);
      gst_caps_unref (caps);
      return gst_caps_fixate (one);
    }
  }
  return gst_caps_fixate (caps);
}
