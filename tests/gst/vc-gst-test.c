/* vcolorize tests — helpers shared by the element tests. */
#include "vc-gst-test.h"

#include "vc-colour.h"

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <math.h>
#include <string.h>

static char *tmpdir;

static void
remove_tmpdir (void)
{
  g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree char *path = g_build_filename (tmpdir, name, NULL);
    g_chmod (path, 0600);
    g_remove (path);
  }
  g_rmdir (tmpdir);
}

const char *
vc_gst_test_tmpdir (void)
{
  if (!tmpdir) {
    tmpdir = g_dir_make_tmp ("vcolorize-test-XXXXXX", NULL);
    g_assert_nonnull (tmpdir);
    atexit (remove_tmpdir);
  }
  return tmpdir;
}

void
vc_gst_test_init (int *argc, char ***argv)
{
  g_test_init (argc, argv, NULL);
  gst_init (argc, argv);
}

const char *
vc_gst_test_model (void)
{
  static char *path;
  if (!path)
    path = g_test_build_filename (G_TEST_DIST, "data", "parity-model.safetensors", NULL);
  return path;
}

const char *
vc_gst_test_vcolorize (void)
{
  static char *desc;
  if (!desc)
    desc = g_strdup_printf ("vcolorize name=c network-size=64 model=\"%s\"", vc_gst_test_model ());
  return desc;
}

GstElement *
vc_gst_test_element (const char *first_prop, ...)
{
  GstElement *e = gst_element_factory_make ("vcolorize", NULL);
  g_assert_nonnull (e);
  /* no scene look-ahead: with frames-in-flight=1, a frame out for each in */
  g_object_set (e, "network-size", 64, "model", vc_gst_test_model (), "scene-lookahead", 0, NULL);
  va_list args;
  va_start (args, first_prop);
  if (first_prop)
    g_object_set_valist (G_OBJECT (e), first_prop, args);
  va_end (args);
  return e;
}

GstHarness *
vc_gst_test_harness (GstElement *element, const char *sink_caps, const char *src_caps)
{
  GstHarness *h = gst_harness_new_with_element (element, "sink", "src");
  gst_object_unref (element);
  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  if (src_caps)
    gst_harness_set_src_caps_str (h, src_caps);
  return h;
}

void
vc_gst_test_layout (const GstVideoInfo *info, VcFrameLayout *layout)
{
  VcPixelFormat f = vc_pixel_format_from_string (GST_VIDEO_INFO_NAME (info));
  g_assert_cmpint (f, !=, VC_PIXEL_FORMAT_UNKNOWN);
  vc_frame_layout_init (layout, f, GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info));
  for (guint p = 0; p < layout->n_planes; p++) {
    layout->offset[p] = GST_VIDEO_INFO_PLANE_OFFSET (info, p);
    layout->stride[p] = GST_VIDEO_INFO_PLANE_STRIDE (info, p);
  }
  const GstVideoColorimetry *c = &GST_VIDEO_INFO_COLORIMETRY (info);
  if (vc_pixel_format_info (f)->model == VC_COLOUR_YUV) {
    layout->matrix = c->matrix == GST_VIDEO_COLOR_MATRIX_BT601    ? VC_YUV_BT601
                     : c->matrix == GST_VIDEO_COLOR_MATRIX_BT2020 ? VC_YUV_BT2020
                                                                  : VC_YUV_BT709;
    layout->full_range = c->range == GST_VIDEO_COLOR_RANGE_0_255;
  }
}

void
vc_gst_test_flush (GstHarness *h)
{
  g_assert_true (gst_harness_push_event (h, gst_event_new_flush_start ()));
  g_assert_true (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  GstSegment segment;
  gst_segment_init (&segment, GST_FORMAT_TIME);
  g_assert_true (gst_harness_push_event (h, gst_event_new_segment (&segment)));
}

GstBuffer *
vc_gst_test_frame (const GstVideoInfo *info, guint seed)
{
  VcFrameLayout layout;
  vc_gst_test_layout (info, &layout);
  guint w = layout.width, h = layout.height;
  g_autofree float *l = g_new (float, (gsize) w *h);
  g_autofree float *ab = g_new0 (float, 2 * (gsize) w * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      l[y * w + x] = fmodf (10.0f + seed * 7.0f + 80.0f * (x + y) / (w + h), 100.0f);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
  GstMapInfo map;
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  memset (map.data, 0, map.size);
  vc_pack_ref (&layout, l, ab, map.data);
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = seed * 40 * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = 40 * GST_MSECOND;
  return buf;
}

static float *
lightness (const GstVideoInfo *info, GstBuffer *buf)
{
  VcFrameLayout layout;
  vc_gst_test_layout (info, &layout);
  float *l = g_new (float, (gsize) layout.width *layout.height);
  GstMapInfo map;
  g_assert_true (gst_buffer_map (buf, &map, GST_MAP_READ));
  g_assert_cmpuint (map.size, >=, vc_frame_layout_size (&layout));
  vc_unpack_ref (&layout, map.data, l, NULL);
  gst_buffer_unmap (buf, &map);
  return l;
}

void
vc_gst_test_lightness (const GstVideoInfo *in_info, GstBuffer *in, const GstVideoInfo *out_info,
                       GstBuffer *out, guint x0, double *mean, double *max)
{
  guint w = GST_VIDEO_INFO_WIDTH (in_info), h = GST_VIDEO_INFO_HEIGHT (in_info);
  guint ow = GST_VIDEO_INFO_WIDTH (out_info);
  g_assert_cmpuint (GST_VIDEO_INFO_HEIGHT (out_info), ==, h);
  g_assert_cmpuint (x0 + w, <=, ow);
  g_autofree float *li = lightness (in_info, in);
  g_autofree float *lo = lightness (out_info, out);
  double sum = 0;
  *max = 0;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      double d = fabs (li[y * w + x] - lo[y * ow + x0 + x]);
      sum += d;
      *max = MAX (*max, d);
    }
  *mean = sum / ((double) w * h);
}

void
vc_gst_test_output_info (GstHarness *h, GstVideoInfo *info)
{
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
  g_assert_nonnull (caps);
  g_assert_true (gst_video_info_from_caps (info, caps));
  gst_caps_unref (caps);
}

GstBus *
vc_gst_test_bus (GstElement *element)
{
  GstBus *bus = gst_bus_new ();
  gst_element_set_bus (element, bus);
  return bus;
}

GError *
vc_gst_test_pop_error (GstBus *bus, guint timeout)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout * GST_SECOND, GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  GError *error = NULL;
  gst_message_parse_error (msg, &error, NULL);
  gst_message_unref (msg);
  g_test_message ("error: %s", error->message);
  return error;
}

GError *
vc_gst_test_run_pipeline (const char *description, guint timeout)
{
  g_autoptr (GError) parse_error = NULL;
  GstElement *pipeline = gst_parse_launch (description, &parse_error);
  g_assert_no_error (parse_error);
  GstBus *bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  GstMessage *msg =
      gst_bus_timed_pop_filtered (bus, timeout * GST_SECOND, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  g_assert_nonnull (msg);
  GError *error = NULL;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    gst_message_parse_error (msg, &error, NULL);
    g_test_message ("error: %s", error->message);
  }
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return error;
}

char *
vc_gst_test_write_image (const char *encoder, guint w, guint h, const char *pattern)
{
  static guint count;
  char *path = g_strdup_printf ("%s/image-%u.%s", vc_gst_test_tmpdir (), count++,
                                g_str_has_prefix (encoder, "png") ? "png" : "jpg");
  g_autofree char *desc = g_strdup_printf (
      "videotestsrc num-buffers=1 pattern=%s ! video/x-raw,width=%u,height=%u ! videoconvert ! "
      "%s ! filesink location=\"%s\"",
      pattern, w, h, encoder, path);
  GError *error = vc_gst_test_run_pipeline (desc, 30);
  g_assert_no_error (error);
  return path;
}

/* ---- element streams ---- */

static GHashTable *reference_changes; /* pad name -> count */

static void
log_reference_changes (GstDebugCategory *category, GstDebugLevel level, const gchar *file,
                       const gchar *function, gint line, GObject *object, GstDebugMessage *message,
                       gpointer user_data)
{
  if (g_strcmp0 (gst_debug_category_get_name (category), "vcolorize") != 0 || !GST_IS_PAD (object))
    return;
  if (!g_str_has_prefix (gst_debug_message_get (message), "new reference"))
    return;
  const char *name = GST_OBJECT_NAME (object);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (reference_changes, name));
  g_hash_table_insert (reference_changes, g_strdup (name), GUINT_TO_POINTER (n + 1));
}

void
vc_gst_test_watch_reference_changes (void)
{
  reference_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gst_debug_set_threshold_for_name ("vcolorize", GST_LEVEL_DEBUG);
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (log_reference_changes, NULL, NULL);
}

void
vc_gst_test_reset_reference_changes (void)
{
  g_hash_table_remove_all (reference_changes);
}

guint
vc_gst_test_reference_changes (const char *pad)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (reference_changes, pad));
}

void
vc_gst_test_push_frames (GstHarness *h, const GstVideoInfo *info, guint first, guint n)
{
  for (guint i = first; i < first + n; i++)
    g_assert_cmpint (gst_harness_push (h, vc_gst_test_frame (info, i)), ==, GST_FLOW_OK);
}

/* Pulls N frames and checks their timestamps are frames FIRST.. */
void
vc_gst_test_pull_frames (GstHarness *h, guint first, guint n)
{
  for (guint i = first; i < first + n; i++) {
    GstBuffer *out = gst_harness_pull (h);
    g_assert_nonnull (out);
    g_assert_cmpuint (GST_BUFFER_PTS (out), ==, i * 40 * GST_MSECOND);
    gst_buffer_unref (out);
  }
}

/* Pulls H's events up to EOS, which must come (pull_event waits for it). */
void
vc_gst_test_pull_eos (GstHarness *h)
{
  GstEvent *e;
  while ((e = gst_harness_pull_event (h)) && GST_EVENT_TYPE (e) != GST_EVENT_EOS)
    gst_event_unref (e);
  g_assert_nonnull (e);
  gst_event_unref (e);
}

/* A harness on a new ref pad of H's element, with an RGBx image pushed and,
 * if EOS, the end of the stream. */
GstHarness *
vc_gst_test_reference_harness (GstHarness *h, const char *pad, guint seed, gboolean eos)
{
  GstHarness *r = gst_harness_new_with_element (h->element, pad, NULL);
  gst_harness_set_src_caps_str (r, "video/x-raw,format=RGBx,width=32,height=24,framerate=0/1");
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGBx, 32, 24);
  GstBuffer *image = vc_gst_test_frame (&info, seed);
  GST_BUFFER_PTS (image) = GST_CLOCK_TIME_NONE;
  g_assert_cmpint (gst_harness_push (r, image), ==, GST_FLOW_OK);
  if (eos)
    g_assert_true (gst_harness_push_event (r, gst_event_new_eos ()));
  return r;
}

/* Counts the buffers an appsink named "out" receives until EOS. */
guint
vc_gst_test_count_output (const char *description, gboolean seek)
{
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PAUSED), !=,
                   GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint (gst_element_get_state (pipeline, NULL, NULL, 30 * GST_SECOND), ==,
                   GST_STATE_CHANGE_SUCCESS);
  if (seek)
    g_assert_true (gst_element_seek (
        pipeline, 1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
        GST_SEEK_TYPE_SET, 200 * GST_MSECOND, GST_SEEK_TYPE_SET, 400 * GST_MSECOND));
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  guint n = 0;
  GstSample *sample;
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND))) {
    n++;
    gst_sample_unref (sample);
  }
  g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  GstBus *bus = gst_element_get_bus (pipeline);
  g_assert_null (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR));
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return n;
}

gboolean
vc_gst_test_same_pixels (GstBuffer *a, GstBuffer *b)
{
  GstMapInfo ma, mb;
  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  gboolean same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return same;
}
