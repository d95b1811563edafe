/* vcolorize tests — colour, with the trained model in the build tree
 * (models/vcolorize.safetensors; skipped without one): a gray frame whose
 * reference is the same photo in colour gets the reference's colours. */
#include "vc-gst-test.h"

#include "vc-colour.h"

#include <math.h>

/* The bundled sample's reference picture, decoded by GStreamer to RGBx. */
static GstSample *
decode_rgbx (const char *path)
{
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! jpegdec ! videoconvert ! "
                                           "video/x-raw,format=RGBx ! appsink name=s",
                                           path);
  GError *error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  GstSample *sample = NULL;
  g_signal_emit_by_name (sink, "pull-sample", &sample);
  g_assert_nonnull (sample);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return sample;
}

static GstBuffer *
pack (const VcFrameLayout *layout, const float *l, const float *ab)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, vc_frame_layout_size (layout), NULL);
  GstMapInfo map;
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  vc_pack_ref (layout, l, ab, map.data);
  gst_buffer_unmap (buf, &map);
  return buf;
}

/* The reference of the bundled sample (a real photo) given by the refs
 * property, and the same picture in gray as the video: the output's colours
 * must be far closer to the picture's than gray is. (A synthetic picture
 * will not do: the network matches by the lightness around a pixel, and a
 * smooth gradient gives it nothing to match.) */
static void
test_colours_from_reference (void)
{
  GstElement *e = gst_element_factory_make ("vcolorize", NULL);
  g_autofree char *model = NULL;
  g_object_get (e, "model", &model, NULL);
  if (!g_file_test (model, G_FILE_TEST_EXISTS)) {
    gst_object_unref (e);
    g_test_skip ("no trained model in the build tree (models/vcolorize.safetensors)");
    return;
  }
  g_autofree char *ref =
      g_test_build_filename (G_TEST_DIST, "..", "samples", "vtest-ref.jpg", NULL);
  GstSample *sample = decode_rgbx (ref);
  GstVideoInfo info;
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  guint w = GST_VIDEO_INFO_WIDTH (&info), h = GST_VIDEO_INFO_HEIGHT (&info), n = w * h;
  VcFrameLayout rgbx, gray;
  vc_frame_layout_init (&rgbx, VC_PIXEL_FORMAT_RGBx, w, h);
  vc_frame_layout_init (&gray, VC_PIXEL_FORMAT_GRAY8, w, h);
  g_autofree float *l = g_new (float, n);
  g_autofree float *ab = g_new (float, 2 * n);
  g_autofree float *zero = g_new0 (float, 2 * n);
  GstMapInfo map;
  GstBuffer *in = gst_sample_get_buffer (sample);
  g_assert_cmpuint (gst_buffer_get_size (in), ==, vc_frame_layout_size (&rgbx));
  gst_buffer_map (in, &map, GST_MAP_READ);
  vc_unpack_ref (&rgbx, map.data, l, ab);
  gst_buffer_unmap (in, &map);
  gst_sample_unref (sample);

  g_object_set (e, "refs", ref, "frames-in-flight", 1, "scene-lookahead", 0, NULL);
  g_autofree char *caps = g_strdup_printf ("video/x-raw,format=GRAY8,width=%u,height=%u,"
                                           "framerate=25/1",
                                           w, h);
  GstHarness *harness = vc_gst_test_harness (e, "video/x-raw,format=RGBx", caps);
  g_assert_cmpint (gst_harness_push (harness, pack (&gray, l, zero)), ==, GST_FLOW_OK);
  GstBuffer *out = gst_harness_pull (harness);
  g_autofree float *out_l = g_new (float, n);
  g_autofree float *out_ab = g_new (float, 2 * n);
  gst_buffer_map (out, &map, GST_MAP_READ);
  vc_unpack_ref (&rgbx, map.data, out_l, out_ab);
  gst_buffer_unmap (out, &map);
  double err = 0, gray_err = 0;
  for (guint i = 0; i < n; i++) {
    err += hypot (out_ab[i] - ab[i], out_ab[n + i] - ab[n + i]) / n;
    gray_err += hypot (ab[i], ab[n + i]) / n;
  }
  g_test_message ("mean |dab| %.2f (gray: %.2f)", err, gray_err);
  g_assert_cmpfloat (err, <, 0.35 * gray_err);
  gst_buffer_unref (out);
  gst_harness_teardown (harness);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/element/colour/from-reference", test_colours_from_reference);
  return g_test_run ();
}
