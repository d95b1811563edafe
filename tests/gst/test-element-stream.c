/* vcolorize tests — the element in a stream: references from the property
 * and from pads, reference changes, EOS on reference pads, resolution
 * change, flush, seek, EOS drain, QoS, latency and state changes. */
#include "vc-gst-test.h"

#include <gst/app/gstappsink.h>
#include <string.h>

#define VIDEO_CAPS "video/x-raw,format=GRAY8,width=64,height=48,framerate=25/1"

/* ---- counting reference changes through the element's debug log ---- */

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

static guint
n_reference_changes (const char *pad)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (reference_changes, pad));
}

/* ---- helpers ---- */

static GstVideoInfo video_info;

static void
push_frames (GstHarness *h, guint first, guint n)
{
  for (guint i = first; i < first + n; i++)
    g_assert_cmpint (gst_harness_push (h, vc_gst_test_frame (&video_info, i)), ==, GST_FLOW_OK);
}

/* Pulls N frames and checks their timestamps are frames FIRST.. */
static void
pull_frames (GstHarness *h, guint first, guint n)
{
  for (guint i = first; i < first + n; i++) {
    GstBuffer *out = gst_harness_pull (h);
    g_assert_nonnull (out);
    g_assert_cmpuint (GST_BUFFER_PTS (out), ==, i * 40 * GST_MSECOND);
    gst_buffer_unref (out);
  }
}

/* Pulls H's events up to EOS, which must come (pull_event waits for it). */
static void
pull_eos (GstHarness *h)
{
  GstEvent *e;
  while ((e = gst_harness_pull_event (h)) && GST_EVENT_TYPE (e) != GST_EVENT_EOS)
    gst_event_unref (e);
  g_assert_nonnull (e);
  gst_event_unref (e);
}

/* A harness on a new ref pad of H's element, with an RGBx image pushed and,
 * if EOS, the end of the stream. */
static GstHarness *
reference_harness (GstHarness *h, const char *pad, guint seed, gboolean eos)
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

/* ---- tests ---- */

/* References from the refs property and from two pads are used together. */
static void
test_references_together (void)
{
  g_hash_table_remove_all (reference_changes);
  g_autofree char *a = vc_gst_test_write_image ("pngenc", 40, 30, "smpte");
  g_autofree char *b = vc_gst_test_write_image ("jpegenc", 30, 40, "ball");
  g_autofree char *refs = g_strdup_printf ("%s, %s", a, b);
  GstHarness *h = vc_gst_test_harness (vc_gst_test_element ("refs", refs, NULL), NULL, VIDEO_CAPS);
  GstHarness *r0 = reference_harness (h, "ref_0", 1, TRUE);
  GstHarness *r1 = reference_harness (h, "ref_%u", 2, TRUE);
  push_frames (h, 0, 3);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  pull_frames (h, 0, 3);
  g_assert_cmpuint (n_reference_changes ("ref_0"), ==, 1);
  g_assert_cmpuint (n_reference_changes ("ref_1"), ==, 1);
  gst_harness_teardown (r0);
  gst_harness_teardown (r1);
  gst_harness_teardown (h);
}

static GstBuffer *
reference_image (guint seed, GstClockTime pts)
{
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGBx, 32, 24);
  GstBuffer *image = vc_gst_test_frame (&info, seed);
  GST_BUFFER_PTS (image) = pts;
  return image;
}

/* Pushes frame I and pulls its result. */
static void
one_frame (GstHarness *h, guint i)
{
  push_frames (h, i, 1);
  pull_frames (h, i, 1);
}

/* A new buffer on a ref pad replaces its reference from the frame at its
 * time on; the same picture again (imagefreeze) is not encoded again. A
 * non-live ref pad that stays open is waited for, as GstAggregator does:
 * here each frame's reference comes before it. */
static void
test_replace_reference (void)
{
  g_hash_table_remove_all (reference_changes);
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 1, NULL), NULL, VIDEO_CAPS);
  GstHarness *r = gst_harness_new_with_element (h->element, "ref_3", NULL);
  gst_harness_set_src_caps_str (r, "video/x-raw,format=RGBx,width=32,height=24,framerate=0/1");
  GstBuffer *image = reference_image (1, 0);
  g_assert_cmpint (gst_harness_push (r, gst_buffer_ref (image)), ==, GST_FLOW_OK);
  one_frame (h, 0);
  g_assert_cmpuint (n_reference_changes ("ref_3"), ==, 1);
  /* the same memory again: nothing to encode */
  GstBuffer *again = gst_buffer_copy (image);
  GST_BUFFER_PTS (again) = 40 * GST_MSECOND;
  g_assert_cmpint (gst_harness_push (r, again), ==, GST_FLOW_OK);
  one_frame (h, 1);
  g_assert_cmpuint (n_reference_changes ("ref_3"), ==, 1);
  gst_buffer_unref (image);
  /* a new picture */
  g_assert_cmpint (gst_harness_push (r, reference_image (5, 80 * GST_MSECOND)), ==, GST_FLOW_OK);
  one_frame (h, 2);
  g_assert_cmpuint (n_reference_changes ("ref_3"), ==, 2);
  /* a picture for 200 ms waits for the frame at 200 ms */
  g_assert_cmpint (gst_harness_push (r, reference_image (6, 200 * GST_MSECOND)), ==, GST_FLOW_OK);
  one_frame (h, 3);
  one_frame (h, 4);
  g_assert_cmpuint (n_reference_changes ("ref_3"), ==, 2);
  one_frame (h, 5);
  g_assert_cmpuint (n_reference_changes ("ref_3"), ==, 3);
  /* the end of the references is not the end of the video */
  g_assert_true (gst_harness_push_event (r, gst_event_new_eos ()));
  one_frame (h, 6);
  one_frame (h, 7);
  gst_harness_teardown (r);
  gst_harness_teardown (h);
}

/* The refs property may change while playing; a bad file is a warning and
 * the stream goes on. */
static void
test_refs_while_playing (void)
{
  g_autofree char *png = vc_gst_test_write_image ("pngenc", 40, 30, "smpte");
  g_autofree char *missing = g_build_filename (vc_gst_test_tmpdir (), "missing.png", NULL);
  GstElement *e = vc_gst_test_element ("frames-in-flight", 1, NULL);
  GstBus *bus = vc_gst_test_bus (e);
  GstHarness *h = vc_gst_test_harness (e, NULL, VIDEO_CAPS);
  one_frame (h, 0);
  g_object_set (h->element, "refs", png, NULL);
  one_frame (h, 1);
  g_object_set (h->element, "refs", missing, NULL);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  g_assert_nonnull (msg);
  g_autoptr (GError) error = NULL;
  gst_message_parse_warning (msg, &error, NULL);
  g_assert_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "missing.png"));
  gst_message_unref (msg);
  one_frame (h, 2);
  g_object_set (h->element, "refs", "", NULL);
  one_frame (h, 3);
  g_assert_null (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR));
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

/* A ref pad that ends without a picture does not stop the video: the
 * network runs on its own. */
static void
test_reference_pad_eos_only (void)
{
  g_hash_table_remove_all (reference_changes);
  GstHarness *h = vc_gst_test_harness (vc_gst_test_element (NULL, NULL), NULL, VIDEO_CAPS);
  GstHarness *r = gst_harness_new_with_element (h->element, "ref_0", NULL);
  gst_harness_set_src_caps_str (r, "video/x-raw,format=RGBx,width=8,height=8,framerate=0/1");
  g_assert_true (gst_harness_push_event (r, gst_event_new_eos ()));
  push_frames (h, 0, 4);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  pull_frames (h, 0, 4);
  g_assert_cmpuint (n_reference_changes ("ref_0"), ==, 0);
  gst_harness_teardown (r);
  gst_harness_teardown (h);
}

/* Counts the buffers an appsink named "out" receives until EOS. */
static guint
count_output (const char *description, gboolean seek)
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

/* The common case: one decoded image then EOS on a ref pad, in a pipeline;
 * with a flushing seek too. */
static void
test_pipeline_reference_branch (void)
{
  g_autofree char *png = vc_gst_test_write_image ("pngenc", 40, 30, "smpte");
  static const char *branches[] = {
    "filesrc location=\"%s\" ! pngdec ! c.ref_0",
    "filesrc location=\"%s\" ! decodebin ! videoconvert ! c.ref_0",
    "filesrc location=\"%s\" ! pngdec ! imagefreeze num-buffers=20 ! c.ref_0",
  };
  for (guint i = 0; i < G_N_ELEMENTS (branches); i++) {
    g_autofree char *branch = g_strdup_printf (branches[i], png);
    /* num-buffers counts the frames made before a seek too: prerolling takes
     * up to frames in flight + look-ahead + 1 of them */
    g_autofree char *desc = g_strdup_printf ("videotestsrc num-buffers=12 ! " VIDEO_CAPS " ! %s ! "
                                             "appsink name=out sync=false  %s",
                                             vc_gst_test_vcolorize (), branch);
    g_test_message ("%s", desc);
    g_assert_cmpuint (count_output (desc, FALSE), ==, 12);
    /* from 200 to 400 ms: frames 5..9 */
    g_assert_cmpuint (count_output (desc, TRUE), ==, 5);
  }
}

/* A live reference branch that never sends anything holds back neither the
 * video nor its EOS. */
static void
test_live_silent_reference (void)
{
  g_autofree char *desc =
      g_strdup_printf ("videotestsrc is-live=true num-buffers=5 ! " VIDEO_CAPS " ! %s ! fakesink  "
                       "appsrc is-live=true min-latency=0 format=time "
                       "caps=video/x-raw,format=RGBx,width=8,height=8,framerate=0/1 ! c.ref_0",
                       vc_gst_test_vcolorize ());
  GError *error = vc_gst_test_run_pipeline (desc, 60);
  g_assert_no_error (error);
}

static void
test_resolution_change (void)
{
  g_hash_table_remove_all (reference_changes);
  GstHarness *h = vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 2, NULL),
                                       "video/x-raw,format=RGBA", VIDEO_CAPS);
  GstHarness *r = reference_harness (h, "ref_0", 1, TRUE);
  push_frames (h, 0, 2);
  pull_frames (h, 0, 1);
  /* frame 1 is in flight when the caps change: it leaves with the old caps */
  gst_harness_set_src_caps_str (h, "video/x-raw,format=I420,width=90,height=60,framerate=25/1");
  gst_video_info_set_format (&video_info, GST_VIDEO_FORMAT_I420, 90, 60);
  push_frames (h, 2, 2);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  /* frame 1 has the old size, frames 2 and 3 the new one */
  GstVideoInfo old_info, new_info;
  gst_video_info_set_format (&old_info, GST_VIDEO_FORMAT_RGBA, 64, 48);
  gst_video_info_set_format (&new_info, GST_VIDEO_FORMAT_RGBA, 90, 60);
  for (guint i = 1; i < 4; i++) {
    GstBuffer *out = gst_harness_pull (h);
    g_assert_cmpuint (GST_BUFFER_PTS (out), ==, i * 40 * GST_MSECOND);
    g_assert_cmpuint (gst_buffer_get_size (out), ==,
                      GST_VIDEO_INFO_SIZE (i < 2 ? &old_info : &new_info));
    gst_buffer_unref (out);
  }
  GstVideoInfo info;
  vc_gst_test_output_info (h, &info);
  g_assert_cmpint (GST_VIDEO_INFO_WIDTH (&info), ==, 90);
  g_assert_cmpint (GST_VIDEO_INFO_HEIGHT (&info), ==, 60);
  g_assert_cmpuint (n_reference_changes ("ref_0"), ==, 1);
  gst_video_info_set_format (&video_info, GST_VIDEO_FORMAT_GRAY8, 64, 48);
  gst_harness_teardown (r);
  gst_harness_teardown (h);
}

/* A flush drops the frames in flight; the stream goes on after it. */
static void
test_flush (void)
{
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 3, NULL), NULL, VIDEO_CAPS);
  push_frames (h, 0, 2);
  g_assert_null (gst_harness_try_pull (h));
  vc_gst_test_flush (h);
  push_frames (h, 5, 2);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  pull_frames (h, 5, 2);
  g_assert_null (gst_harness_try_pull (h));
  gst_harness_teardown (h);
}

/* The result of frame I, pushed into H with FLAGS. */
static GstBuffer *
colorize (GstHarness *h, guint i, GstBufferFlags flags)
{
  GstBuffer *in = vc_gst_test_frame (&video_info, i);
  GST_BUFFER_FLAG_SET (in, flags);
  g_assert_cmpint (gst_harness_push (h, in), ==, GST_FLOW_OK);
  return gst_harness_pull (h);
}

static gboolean
same_pixels (GstBuffer *a, GstBuffer *b)
{
  GstMapInfo ma, mb;
  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  gboolean same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return same;
}

/* DISCONT and a flush start a new shot: the frame after comes out as the
 * first frame of a new element would. */
static void
test_new_shot (void)
{
  GstHarness *fresh =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 1, NULL), NULL, VIDEO_CAPS);
  GstBuffer *alone = colorize (fresh, 5, 0);
  gst_harness_teardown (fresh);

  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 1, NULL), NULL, VIDEO_CAPS);
  for (guint i = 0; i < 3; i++)
    gst_buffer_unref (colorize (h, i, 0));
  GstBuffer *out = colorize (h, 5, GST_BUFFER_FLAG_DISCONT);
  g_assert_true (same_pixels (out, alone));
  gst_buffer_unref (out);

  gst_buffer_unref (colorize (h, 6, 0));
  vc_gst_test_flush (h);
  out = colorize (h, 5, 0);
  g_assert_true (same_pixels (out, alone));
  gst_buffer_unref (out);
  gst_buffer_unref (alone);
  gst_harness_teardown (h);
}

/* The frames of each appsink named in SINKS (NULL-terminated) of the
 * pipeline DESCRIPTION, run to EOS: one array of buffers per sink. */
static GPtrArray **
collect_outputs (const char *description, const char *const *sinks)
{
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  guint n = g_strv_length ((char **) sinks);
  GPtrArray **out = g_new0 (GPtrArray *, n + 1);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (guint i = 0; i < n; i++) {
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), sinks[i]);
    out[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
    GstSample *sample;
    while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 60 * GST_SECOND))) {
      g_ptr_array_add (out[i], gst_buffer_ref (gst_sample_get_buffer (sample)));
      gst_sample_unref (sample);
    }
    g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
    gst_object_unref (sink);
  }
  GstBus *bus = gst_element_get_bus (pipeline);
  g_assert_null (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR));
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return out;
}

static void
free_outputs (GPtrArray **sets)
{
  for (GPtrArray **p = sets; *p; p++)
    g_ptr_array_unref (*p);
  g_free (sets);
}

static void
assert_same_outputs (GPtrArray *a, GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_true (same_pixels (a->pdata[i], b->pdata[i]));
}

/* Elements in one process share the Vulkan device (and its pipelines):
 * two running at once, each in its own streaming thread, one with the
 * other's settings and one with others, give exactly what each gives
 * alone. */
static void
test_shared_device (void)
{
  static const char *const source = "videotestsrc num-buffers=6 pattern=ball ! "
                                    "video/x-raw,format=GRAY8,width=64,height=48,framerate=25/1";
  g_autofree char *a = g_strdup_printf (
      "vcolorize model=\"%s\" network-size=64 scene-lookahead=0 ! video/x-raw,format=RGBA ! "
      "appsink sync=false name=",
      vc_gst_test_model ());
  g_autofree char *b = g_strdup_printf (
      "vcolorize model=\"%s\" network-size=96 view=side-by-side ! video/x-raw,format=NV12 ! "
      "appsink sync=false name=",
      vc_gst_test_model ());
  static const char *const one[] = { "s0", NULL }, *const three[] = { "s0", "s1", "s2", NULL };
  g_autofree char *a_alone = g_strdup_printf ("%s ! %ss0", source, a);
  g_autofree char *b_alone = g_strdup_printf ("%s ! %ss0", source, b);
  g_autofree char *together = g_strdup_printf (
      "%s ! tee name=t t. ! queue ! %ss0 t. ! queue ! %ss1 t. ! queue ! %ss2", source, a, b, a);
  GPtrArray **want_a = collect_outputs (a_alone, one);
  GPtrArray **want_b = collect_outputs (b_alone, one);
  GPtrArray **got = collect_outputs (together, three);
  g_assert_cmpuint (want_a[0]->len, ==, 6);
  assert_same_outputs (got[0], want_a[0]);
  assert_same_outputs (got[1], want_b[0]);
  assert_same_outputs (got[2], want_a[0]);
  free_outputs (want_a);
  free_outputs (want_b);
  free_outputs (got);
}

/* EOS pushes out every frame in flight, then EOS. */
static void
test_eos_drains (void)
{
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 4, NULL), NULL, VIDEO_CAPS);
  push_frames (h, 0, 3);
  g_assert_null (gst_harness_try_pull (h));
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  pull_frames (h, 0, 3);
  /* then EOS */
  pull_eos (h);
  gst_harness_teardown (h);
}

/* A JPEG reference with an EXIF orientation (a camera held sideways) is
 * turned upright. tests/data/orientation/exif-N.jpg hold one picture of
 * four flat quadrants of one lightness and four hues, stored each way
 * (make-orientation.py). With keep-reference=1 a frame that is the upright
 * picture takes at each place the reference's colour at the same place:
 * turned wrong, another quadrant's hue would be there; of another aspect
 * ratio it is never kept from, and the network cannot tell the quadrants
 * apart by their lightness. */
static void
test_reference_orientation (void)
{
  static const guint8 quadrants[4][3] = {
    { 243, 97, 77 }, { 64, 164, 59 }, { 71, 149, 224 }, { 166, 128, 206 }
  };
  const guint w = 32, h = 16;
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGBx, w, h);
  GstBuffer *frame = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&info), NULL);
  GstMapInfo map;
  gst_buffer_map (frame, &map, GST_MAP_WRITE);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      guint8 *px = map.data + y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0) + 4 * x;
      memcpy (px, quadrants[(y >= h / 2) * 2 + (x >= w / 2)], 3);
      px[3] = 255;
    }
  gst_buffer_unmap (frame, &map);
  GST_BUFFER_PTS (frame) = 0;
  g_autofree char *caps =
      g_strdup_printf ("video/x-raw,format=RGBx,width=%u,height=%u,framerate=25/1", w, h);
  for (guint n = 1; n <= 8; n++) {
    g_autofree char *name = g_strdup_printf ("exif-%u.jpg", n);
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "orientation", name, NULL);
    GstHarness *harness = vc_gst_test_harness (
        vc_gst_test_element ("refs", path, "keep-reference", 1.0, "frames-in-flight", 1, NULL),
        "video/x-raw,format=RGBx", caps);
    g_assert_cmpint (gst_harness_push (harness, gst_buffer_ref (frame)), ==, GST_FLOW_OK);
    GstBuffer *out = gst_harness_pull (harness);
    gst_buffer_map (out, &map, GST_MAP_READ);
    for (guint q = 0; q < 4; q++) {
      guint x = w / 4 + (q % 2) * w / 2, y = h / 4 + (q / 2) * h / 2;
      const guint8 *px = map.data + y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0) + 4 * x;
      for (guint c = 0; c < 3; c++)
        if (ABS ((int) px[c] - (int) quadrants[q][c]) > 8)
          g_error ("EXIF orientation %u: quadrant %u is (%u, %u, %u), want (%u, %u, %u)", n, q,
                   px[0], px[1], px[2], quadrants[q][0], quadrants[q][1], quadrants[q][2]);
    }
    gst_buffer_unmap (out, &map);
    gst_buffer_unref (out);
    gst_harness_teardown (harness);
  }
  gst_buffer_unref (frame);
}

/* A wholly transparent reference from the refs property (a PNG of magenta
 * pixels whose alpha is 0) colours nothing: the output is byte for byte
 * that of no reference. */
static void
test_transparent_reference (void)
{
  g_autofree char *png = g_build_filename (vc_gst_test_tmpdir (), "transparent.png", NULL);
  g_autofree char *make = g_strdup_printf (
      "videotestsrc num-buffers=1 pattern=solid-color foreground-color=0x00ff00ff ! "
      "video/x-raw,format=RGBA,width=64,height=48 ! pngenc ! filesink location=\"%s\"",
      png);
  g_assert_null (vc_gst_test_run_pipeline (make, 30));
  GstBuffer *out[2];
  for (guint i = 0; i < 2; i++) {
    GstElement *e = vc_gst_test_element ("frames-in-flight", 1, NULL);
    if (i == 1)
      g_object_set (e, "refs", png, NULL);
    GstHarness *h = vc_gst_test_harness (e, "video/x-raw,format=RGBx", VIDEO_CAPS);
    g_assert_cmpint (gst_harness_push (h, vc_gst_test_frame (&video_info, 3)), ==, GST_FLOW_OK);
    out[i] = gst_harness_pull (h);
    gst_harness_teardown (h);
  }
  GstMapInfo a, b;
  gst_buffer_map (out[0], &a, GST_MAP_READ);
  gst_buffer_map (out[1], &b, GST_MAP_READ);
  g_assert_cmpmem (a.data, a.size, b.data, b.size);
  gst_buffer_unmap (out[0], &a);
  gst_buffer_unmap (out[1], &b);
  gst_buffer_unref (out[0]);
  gst_buffer_unref (out[1]);
}

/* What leaves the element, in order: "B<frame>" for a buffer, "T<title>"
 * for a tag, "EOS". */
static GstPadProbeReturn
log_output (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GString *log = user_data;
  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER) {
    GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
    g_string_append_printf (log, "B%" G_GUINT64_FORMAT " ",
                            GST_BUFFER_PTS (buf) / (40 * GST_MSECOND));
  } else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_TAG) {
    GstTagList *tags;
    g_autofree char *title = NULL;
    gst_event_parse_tag (GST_PAD_PROBE_INFO_EVENT (info), &tags);
    g_assert_true (gst_tag_list_get_string (tags, GST_TAG_TITLE, &title));
    g_string_append_printf (log, "T%s ", title);
  } else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS) {
    g_string_append (log, "EOS");
  }
  return GST_PAD_PROBE_OK;
}

static GstEvent *
title_tag (const char *title)
{
  return gst_event_new_tag (gst_tag_list_new (GST_TAG_TITLE, title, NULL));
}

/* The video's tags go downstream in order with the frames they came
 * between (the first ones after the first frame, which brings the caps);
 * a reference's do not. */
static void
test_tags (void)
{
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 2, NULL), NULL, VIDEO_CAPS);
  GstHarness *r = reference_harness (h, "ref_0", 1, FALSE);
  g_assert_true (gst_harness_push_event (r, title_tag ("reference")));
  g_assert_true (gst_harness_push_event (r, gst_event_new_eos ()));
  GString *log = g_string_new (NULL);
  GstPad *src = gst_element_get_static_pad (h->element, "src");
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     log_output, log, NULL);
  gst_object_unref (src);
  g_assert_true (gst_harness_push_event (h, title_tag ("first")));
  push_frames (h, 0, 2);
  g_assert_true (gst_harness_push_event (h, title_tag ("second")));
  push_frames (h, 2, 1);
  g_assert_true (gst_harness_push_event (h, title_tag ("last")));
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  pull_frames (h, 0, 3);
  pull_eos (h);
  g_assert_cmpstr (log->str, ==, "B0 Tfirst B1 Tsecond B2 Tlast EOS");
  g_string_free (log, TRUE);
  gst_harness_teardown (r);
  gst_harness_teardown (h);
}

/* Frame I with the metas a broadcast or capture source attaches: SMPTE
 * timecode, CEA-608 captions, an NTP capture time, AFD, and two that
 * describe the input's own memory (a video meta, a parent buffer). */
static GstBuffer *
frame_with_metas (guint i, GstBuffer *parent)
{
  GstBuffer *buf = vc_gst_test_frame (&video_info, i);
  gst_buffer_add_video_meta (buf, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_FORMAT_GRAY8, 64, 48);
  g_assert_nonnull (gst_buffer_add_video_time_code_meta_full (
      buf, 25, 1, NULL, GST_VIDEO_TIME_CODE_FLAGS_NONE, 10, 0, 0, i, 0));
  guint8 cc[3] = { 0xfc, 0x94, (guint8) (0x20 + i) };
  g_assert_nonnull (gst_buffer_add_video_caption_meta (buf, GST_VIDEO_CAPTION_TYPE_CEA608_S334_1A,
                                                       cc, sizeof cc));
  g_autoptr (GstCaps) ntp = gst_caps_new_empty_simple ("timestamp/x-ntp");
  g_assert_nonnull (gst_buffer_add_reference_timestamp_meta (buf, ntp, 1000 * GST_SECOND + i,
                                                             GST_CLOCK_TIME_NONE));
  g_assert_nonnull (gst_buffer_add_video_afd_meta (buf, 0, GST_VIDEO_AFD_SPEC_SMPTE_ST2016_1,
                                                   GST_VIDEO_AFD_16_9_TOP_ALIGNED));
  g_assert_nonnull (gst_buffer_add_parent_buffer_meta (buf, parent));
  return buf;
}

static guint
count_metas (GstBuffer *buf, GType api)
{
  guint n = 0;
  gpointer state = NULL;
  while (gst_buffer_iterate_meta_filtered (buf, &state, api))
    n++;
  return n;
}

/* Timecode, captions, capture times and the application's metas go out with
 * the frame made from theirs (with frames in flight, each with its own);
 * AFD and other metas about the picture's geometry only when the output has
 * the input's size (not side by side); the input's video meta and parent
 * buffer do not. */
static void
test_metas (void)
{
  for (int side_by_side = 0; side_by_side < 2; side_by_side++) {
    GstElement *e = vc_gst_test_element ("frames-in-flight", 2, NULL);
    gst_util_set_object_arg (G_OBJECT (e), "view", side_by_side ? "side-by-side" : "colour");
    GstHarness *h = vc_gst_test_harness (e, NULL, VIDEO_CAPS);
    GstBuffer *parent = gst_buffer_new ();
    for (guint i = 0; i < 3; i++)
      g_assert_cmpint (gst_harness_push (h, frame_with_metas (i, parent)), ==, GST_FLOW_OK);
    g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
    GstVideoInfo out_info;
    for (guint i = 0; i < 3; i++) {
      GstBuffer *out = gst_harness_pull (h);
      g_assert_nonnull (out);
      vc_gst_test_output_info (h, &out_info);
      g_assert_cmpuint (GST_BUFFER_PTS (out), ==, i * 40 * GST_MSECOND);

      GstVideoTimeCodeMeta *tc = gst_buffer_get_video_time_code_meta (out);
      g_assert_nonnull (tc);
      g_assert_cmpuint (tc->tc.hours, ==, 10);
      g_assert_cmpuint (tc->tc.frames, ==, i);
      g_assert_cmpuint (count_metas (out, GST_VIDEO_TIME_CODE_META_API_TYPE), ==, 1);

      GstVideoCaptionMeta *cc = gst_buffer_get_video_caption_meta (out);
      g_assert_nonnull (cc);
      g_assert_cmpint (cc->caption_type, ==, GST_VIDEO_CAPTION_TYPE_CEA608_S334_1A);
      g_assert_cmpuint (cc->size, ==, 3);
      g_assert_cmpuint (cc->data[2], ==, 0x20 + i);

      g_autoptr (GstCaps) ntp = gst_caps_new_empty_simple ("timestamp/x-ntp");
      GstReferenceTimestampMeta *ts = gst_buffer_get_reference_timestamp_meta (out, ntp);
      g_assert_nonnull (ts);
      g_assert_cmpuint (ts->timestamp, ==, 1000 * GST_SECOND + i);

      GstVideoAFDMeta *afd = gst_buffer_get_video_afd_meta (out);
      if (side_by_side) {
        g_assert_null (afd);
      } else {
        g_assert_nonnull (afd);
        g_assert_cmpint (afd->afd, ==, GST_VIDEO_AFD_16_9_TOP_ALIGNED);
      }

      g_assert_cmpuint (count_metas (out, GST_PARENT_BUFFER_META_API_TYPE), ==, 0);
      /* a video meta, if any, is the output's own */
      GstVideoMeta *vmeta = gst_buffer_get_video_meta (out);
      g_assert_cmpuint (count_metas (out, GST_VIDEO_META_API_TYPE), <=, 1);
      if (vmeta) {
        g_assert_cmpint (vmeta->format, ==, GST_VIDEO_INFO_FORMAT (&out_info));
        g_assert_cmpuint (vmeta->width, ==, GST_VIDEO_INFO_WIDTH (&out_info));
      }
      gst_buffer_unref (out);
    }
    g_assert_cmpuint (GST_VIDEO_INFO_WIDTH (&out_info), ==, side_by_side ? 128 : 64);
    gst_harness_teardown (h);
    /* the inputs are gone, and with them their parent buffer metas */
    g_assert_cmpint (GST_MINI_OBJECT_REFCOUNT_VALUE (parent), ==, 1);
    gst_buffer_unref (parent);
  }
}

/* A gap has no picture: nothing comes out for it, the stream goes on. */
static void
test_gap (void)
{
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 1, NULL), NULL, VIDEO_CAPS);
  push_frames (h, 0, 1);
  g_assert_true (
      gst_harness_push_event (h, gst_event_new_gap (40 * GST_MSECOND, 40 * GST_MSECOND)));
  push_frames (h, 2, 1);
  pull_frames (h, 0, 1);
  pull_frames (h, 2, 1);
  gst_harness_teardown (h);
}

/* Late frames are dropped when downstream's QoS says so, with a QOS
 * message; not with qos=false. */
static void
test_qos (void)
{
  for (int qos = 0; qos < 2; qos++) {
    GstHarness *h = vc_gst_test_harness (
        vc_gst_test_element ("frames-in-flight", 1, "qos", qos, NULL), NULL, VIDEO_CAPS);
    GstBus *bus = vc_gst_test_bus (h->element);
    push_frames (h, 0, 1);
    pull_frames (h, 0, 1);
    /* downstream: frames before 100 ms are late */
    g_assert_true (gst_harness_push_upstream_event (
        h, gst_event_new_qos (GST_QOS_TYPE_OVERFLOW, 0.9, 20 * GST_MSECOND, 80 * GST_MSECOND)));
    push_frames (h, 1, 3); /* 40 and 80 ms are late, 120 ms is not */
    g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
    if (qos) {
      pull_frames (h, 3, 1);
      /* one message per dropped frame, with running totals */
      for (guint64 i = 1; i <= 2; i++) {
        GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_QOS);
        g_assert_nonnull (msg);
        guint64 processed, dropped;
        gst_message_parse_qos_stats (msg, NULL, &processed, &dropped);
        g_assert_cmpuint (dropped, ==, i);
        gst_message_unref (msg);
      }
    } else {
      pull_frames (h, 1, 3);
    }
    g_assert_null (gst_harness_try_pull (h));
    gst_element_set_bus (h->element, NULL);
    gst_object_unref (bus);
    gst_harness_teardown (h);
  }
}

/* Latency: frames in flight × frame duration on top of upstream's. */
static void
test_latency (void)
{
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 3, NULL), NULL, VIDEO_CAPS);
  gst_harness_set_upstream_latency (h, 10 * GST_MSECOND);
  push_frames (h, 0, 3);
  pull_frames (h, 0, 1);
  GstQuery *query = gst_query_new_latency ();
  GstPad *src = gst_element_get_static_pad (h->element, "src");
  g_assert_true (gst_pad_query (src, query));
  gboolean live;
  GstClockTime min, max;
  gst_query_parse_latency (query, &live, &min, &max);
  g_assert_cmpuint (min, ==, 10 * GST_MSECOND + 3 * 40 * GST_MSECOND);
  gst_query_unref (query);
  gst_object_unref (src);
  gst_harness_teardown (h);
}

/* NULL <-> PLAYING again and again, with frames each time (leaks show
 * under AddressSanitizer). */
static void
test_state_cycles (void)
{
  g_autofree char *png = vc_gst_test_write_image ("pngenc", 24, 16, "smpte");
  g_autofree char *desc =
      g_strdup_printf ("videotestsrc num-buffers=3 ! " VIDEO_CAPS " ! %s refs=\"%s\" ! "
                       "appsink name=out sync=false  filesrc location=\"%s\" ! pngdec ! c.ref_0",
                       vc_gst_test_vcolorize (), png, png);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (count_output (desc, FALSE), ==, 3);
  /* and READY <-> PAUSED on one element */
  GstElement *e = vc_gst_test_element (NULL, NULL);
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpint (gst_element_set_state (e, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
    g_assert_cmpint (gst_element_set_state (e, GST_STATE_READY), ==, GST_STATE_CHANGE_SUCCESS);
  }
  gst_element_set_state (e, GST_STATE_NULL);
  gst_object_unref (e);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  reference_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gst_debug_set_threshold_for_name ("vcolorize", GST_LEVEL_DEBUG);
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (log_reference_changes, NULL, NULL);
  gst_video_info_set_format (&video_info, GST_VIDEO_FORMAT_GRAY8, 64, 48);
  g_test_add_func ("/element/stream/references-together", test_references_together);
  g_test_add_func ("/element/stream/replace-reference", test_replace_reference);
  g_test_add_func ("/element/stream/refs-while-playing", test_refs_while_playing);
  g_test_add_func ("/element/stream/reference-pad-eos-only", test_reference_pad_eos_only);
  g_test_add_func ("/element/stream/pipeline-reference-branch", test_pipeline_reference_branch);
  g_test_add_func ("/element/stream/live-silent-reference", test_live_silent_reference);
  g_test_add_func ("/element/stream/resolution-change", test_resolution_change);
  g_test_add_func ("/element/stream/flush", test_flush);
  g_test_add_func ("/element/stream/new-shot", test_new_shot);
  g_test_add_func ("/element/stream/eos-drains", test_eos_drains);
  g_test_add_func ("/element/stream/gap", test_gap);
  g_test_add_func ("/element/stream/tags", test_tags);
  g_test_add_func ("/element/stream/metas", test_metas);
  g_test_add_func ("/element/stream/reference-orientation", test_reference_orientation);
  g_test_add_func ("/element/stream/transparent-reference", test_transparent_reference);
  g_test_add_func ("/element/stream/qos", test_qos);
  g_test_add_func ("/element/stream/latency", test_latency);
  g_test_add_func ("/element/stream/state-cycles", test_state_cycles);
  g_test_add_func ("/element/stream/shared-device", test_shared_device);
  int ret = g_test_run ();
  g_hash_table_unref (reference_changes);
  return ret;
}
