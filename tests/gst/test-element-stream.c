/* vcolorize tests — the element in a stream: resolution change, flush,
 * new shots, EOS drain, gaps, QoS, latency, state changes, and elements
 * sharing the device. */
#include "vc-gst-test.h"

#include <gst/app/gstappsink.h>
#include <string.h>

#define VIDEO_CAPS "video/x-raw,format=GRAY8,width=64,height=48,framerate=25/1"

static GstVideoInfo video_info;

static void
test_resolution_change (void)
{
  vc_gst_test_reset_reference_changes ();
  GstHarness *h = vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 2, NULL),
                                       "video/x-raw,format=RGBA", VIDEO_CAPS);
  GstHarness *r = vc_gst_test_reference_harness (h, "ref_0", 1, TRUE);
  vc_gst_test_push_frames (h, &video_info, 0, 2);
  vc_gst_test_pull_frames (h, 0, 1);
  /* frame 1 is in flight when the caps change: it leaves with the old caps */
  gst_harness_set_src_caps_str (h, "video/x-raw,format=I420,width=90,height=60,framerate=25/1");
  gst_video_info_set_format (&video_info, GST_VIDEO_FORMAT_I420, 90, 60);
  vc_gst_test_push_frames (h, &video_info, 2, 2);
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
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_0"), ==, 1);
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
  vc_gst_test_push_frames (h, &video_info, 0, 2);
  g_assert_null (gst_harness_try_pull (h));
  vc_gst_test_flush (h);
  vc_gst_test_push_frames (h, &video_info, 5, 2);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  vc_gst_test_pull_frames (h, 5, 2);
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
  g_assert_true (vc_gst_test_same_pixels (out, alone));
  gst_buffer_unref (out);

  gst_buffer_unref (colorize (h, 6, 0));
  vc_gst_test_flush (h);
  out = colorize (h, 5, 0);
  g_assert_true (vc_gst_test_same_pixels (out, alone));
  gst_buffer_unref (out);
  gst_buffer_unref (alone);
  gst_harness_teardown (h);
}

/* The frames of each appsink named in SINKS (NULL-terminated) of
 * PIPELINE (taken), run to EOS: one array of buffers per sink. */
static GPtrArray **
collect_outputs_of (GstElement *pipeline, const char *const *sinks)
{
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

static GPtrArray **
collect_outputs (const char *description, const char *const *sinks)
{
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  return collect_outputs_of (pipeline, sinks);
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
    g_assert_true (vc_gst_test_same_pixels (a->pdata[i], b->pdata[i]));
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
  vc_gst_test_push_frames (h, &video_info, 0, 3);
  g_assert_null (gst_harness_try_pull (h));
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  vc_gst_test_pull_frames (h, 0, 3);
  /* then EOS */
  vc_gst_test_pull_eos (h);
  gst_harness_teardown (h);
}

/* A gap has no picture: nothing comes out for it, the stream goes on. */
static void
test_gap (void)
{
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 1, NULL), NULL, VIDEO_CAPS);
  vc_gst_test_push_frames (h, &video_info, 0, 1);
  g_assert_true (
      gst_harness_push_event (h, gst_event_new_gap (40 * GST_MSECOND, 40 * GST_MSECOND)));
  vc_gst_test_push_frames (h, &video_info, 2, 1);
  vc_gst_test_pull_frames (h, 0, 1);
  vc_gst_test_pull_frames (h, 2, 1);
  gst_harness_teardown (h);
}

/* The next QOS message on BUS: its running total of frames dropped, and
 * of frames processed in *PROCESSED. */
static guint64
pop_qos (GstBus *bus, guint64 *processed)
{
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_QOS);
  g_assert_nonnull (msg);
  guint64 dropped;
  gst_message_parse_qos_stats (msg, NULL, processed, &dropped);
  gst_message_unref (msg);
  return dropped;
}

/* Late frames are dropped when downstream's QoS says so, with a QOS
 * message, and the frame after them is marked a discontinuity; not with
 * qos=false. */
static void
test_qos (void)
{
  for (int qos = 0; qos < 2; qos++) {
    GstHarness *h = vc_gst_test_harness (
        vc_gst_test_element ("frames-in-flight", 1, "qos", qos, NULL), NULL, VIDEO_CAPS);
    GstBus *bus = vc_gst_test_bus (h->element);
    vc_gst_test_push_frames (h, &video_info, 0, 1);
    vc_gst_test_pull_frames (h, 0, 1);
    /* downstream (as a sink says it: an underflow) the frame at 60 ms came
     * 10 ms late: frames up to 80 ms are dropped, twice the lateness */
    g_assert_true (gst_harness_push_upstream_event (
        h, gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 0.9, 10 * GST_MSECOND, 60 * GST_MSECOND)));
    vc_gst_test_push_frames (h, &video_info, 1, 3); /* 40 and 80 ms are late, 120 ms is not */
    g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
    /* frames dropped: the next frame out is a discontinuity */
    GstBuffer *out = gst_harness_pull (h);
    g_assert_cmpuint (GST_BUFFER_PTS (out), ==, (qos ? 3 : 1) * 40 * GST_MSECOND);
    g_assert_cmpint (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_DISCONT), ==, qos);
    gst_buffer_unref (out);
    if (qos) {
      /* one message per dropped frame, with running totals */
      for (guint64 i = 1; i <= 2; i++)
        g_assert_cmpuint (pop_qos (bus, NULL), ==, i);
    } else {
      vc_gst_test_pull_frames (h, 2, 2);
    }
    g_assert_null (gst_harness_try_pull (h));
    gst_element_set_bus (h->element, NULL);
    gst_object_unref (bus);
    gst_harness_teardown (h);
  }
}

static void
push_qos (GstHarness *h, GstQOSType type, GstClockTimeDiff diff, GstClockTime timestamp)
{
  g_assert_true (
      gst_harness_push_upstream_event (h, gst_event_new_qos (type, 1.0, diff, timestamp)));
}

/* Nothing comes out (a frame stays in flight). */
static void
assert_held (GstHarness *h)
{
  g_usleep (G_USEC_PER_SEC / 4);
  g_assert_null (gst_harness_try_pull (h));
}

/* Behind (a frame came late downstream), the frames in flight go out as
 * soon as they are done, and when a frame is dropped, instead of waiting
 * for frames that may be dropped too; after 8 frames in time in a row the
 * frames in flight are kept again. A throttle drops only the frames within
 * it. */
static void
test_qos_behind (void)
{
  GstHarness *h = vc_gst_test_harness (
      vc_gst_test_element ("frames-in-flight", 2, "scene-lookahead", 0, NULL), NULL, VIDEO_CAPS);
  GstBus *bus = vc_gst_test_bus (h->element);
  /* in time: frame 0 stays in flight until frame 1 comes */
  vc_gst_test_push_frames (h, &video_info, 0, 1);
  assert_held (h);
  vc_gst_test_push_frames (h, &video_info, 1, 1);
  vc_gst_test_pull_frames (h, 0, 1);
  /* frame 0 came 45 ms late: frame 2 (80 ms) is dropped, and frame 1 goes
   * out then */
  push_qos (h, GST_QOS_TYPE_UNDERFLOW, 45 * GST_MSECOND, 0);
  vc_gst_test_push_frames (h, &video_info, 2, 1);
  vc_gst_test_pull_frames (h, 1, 1);
  /* behind, each frame taken goes out by itself */
  for (guint i = 3; i < 6; i++) {
    vc_gst_test_push_frames (h, &video_info, i, 1);
    vc_gst_test_pull_frames (h, i, 1);
  }
  /* 7 frames in time are not enough, the 8th is */
  for (guint i = 6; i < 14; i++) {
    push_qos (h, GST_QOS_TYPE_OVERFLOW, -5 * GST_MSECOND, (i - 1) * 40 * GST_MSECOND);
    vc_gst_test_push_frames (h, &video_info, i, 1);
    if (i < 13)
      vc_gst_test_pull_frames (h, i, 1);
  }
  assert_held (h);
  /* a throttle (a sink that wants a frame every 30 ms after the one at
   * 520 ms) drops the frames within it, no more, and is no lateness:
   * frame 14 (560 ms) is taken and stays in flight; every 50 ms after
   * 560 ms: frame 15 (600 ms) is dropped */
  push_qos (h, GST_QOS_TYPE_THROTTLE, 30 * GST_MSECOND, 520 * GST_MSECOND);
  vc_gst_test_push_frames (h, &video_info, 14, 1);
  vc_gst_test_pull_frames (h, 13, 1);
  assert_held (h);
  push_qos (h, GST_QOS_TYPE_THROTTLE, 50 * GST_MSECOND, 560 * GST_MSECOND);
  vc_gst_test_push_frames (h, &video_info, 15, 1);
  vc_gst_test_pull_frames (h, 14, 1);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  g_assert_null (gst_harness_try_pull (h));
  /* one message per dropped frame, with running totals */
  const guint64 expected[][2] = { { 2, 1 }, { 14, 2 } };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    guint64 processed;
    g_assert_cmpuint (pop_qos (bus, &processed), ==, expected[i][1]);
    g_assert_cmpuint (processed, ==, expected[i][0]);
  }
  g_assert_null (gst_bus_pop_filtered (bus, GST_MESSAGE_QOS));
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

/* A real sink's QoS: a live source far faster than the element (1000
 * frames a second) into a synchronised sink. The element drops frames
 * (with QOS messages), and every frame it does not drop reaches the sink. */
static void
test_qos_sink (void)
{
  g_autofree char *desc =
      g_strdup_printf ("videotestsrc is-live=true num-buffers=60 ! "
                       "video/x-raw,format=GRAY8,width=64,height=48,framerate=1000/1 ! %s ! "
                       "fakesink name=sink sync=true qos=true max-lateness=-1",
                       vc_gst_test_vcolorize ());
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  GstBus *bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  guint64 processed = 0, dropped = 0;
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (
        bus, 120 * GST_SECOND, GST_MESSAGE_ERROR | GST_MESSAGE_EOS | GST_MESSAGE_QOS);
    g_assert_nonnull (msg);
    GstMessageType type = GST_MESSAGE_TYPE (msg);
    g_assert_cmpint (type, !=, GST_MESSAGE_ERROR);
    if (type == GST_MESSAGE_QOS && g_str_equal (GST_MESSAGE_SRC_NAME (msg), "c"))
      gst_message_parse_qos_stats (msg, NULL, &processed, &dropped);
    gst_message_unref (msg);
    if (type == GST_MESSAGE_EOS)
      break;
  }
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstStructure *stats;
  g_object_get (sink, "stats", &stats, NULL);
  guint64 rendered = 0, late = 0;
  g_assert_true (gst_structure_get_uint64 (stats, "rendered", &rendered));
  g_assert_true (gst_structure_get_uint64 (stats, "dropped", &late));
  g_test_message ("element: %" G_GUINT64_FORMAT " dropped (%" G_GUINT64_FORMAT
                  " processed before the last drop); sink: %" G_GUINT64_FORMAT " rendered",
                  dropped, processed, rendered);
  g_assert_cmpuint (dropped, >, 0);
  g_assert_cmpuint (late, ==, 0); /* max-lateness=-1: the sink renders what comes */
  g_assert_cmpuint (dropped + rendered, ==, 60);
  gst_structure_free (stats);
  gst_object_unref (sink);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}

/* Latency: frames in flight × frame duration on top of upstream's. */
static void
test_latency (void)
{
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 3, NULL), NULL, VIDEO_CAPS);
  gst_harness_set_upstream_latency (h, 10 * GST_MSECOND);
  vc_gst_test_push_frames (h, &video_info, 0, 3);
  vc_gst_test_pull_frames (h, 0, 1);
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

/* The minimum latency SRC answers, which must be live's. */
static GstClockTime
live_latency (GstPad *src)
{
  GstQuery *query = gst_query_new_latency ();
  g_assert_true (gst_pad_query (src, query));
  gboolean live;
  GstClockTime min;
  gst_query_parse_latency (query, &live, &min, NULL);
  gst_query_unref (query);
  g_assert_true (live);
  return min;
}

/* Live: a frame held (in flight, or for its look-ahead) goes out when the
 * clock reaches its running time plus the latency, without waiting for the
 * frames after it: a camera that delivers fewer frames than its caps say,
 * or caps without a frame rate (no latency of our own: it is not held). */
static void
test_live_due (void)
{
  const struct {
    const char *caps;
    GstClockTime latency; /* 10 ms upstream, and ours */
  } cases[] = {
    { VIDEO_CAPS, 10 * GST_MSECOND + 4 * 40 * GST_MSECOND }, /* 2 in flight, 2 look-ahead */
    { "video/x-raw,format=GRAY8,width=64,height=48,framerate=0/1", 10 * GST_MSECOND },
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    GstHarness *h =
        vc_gst_test_harness (vc_gst_test_element ("scene-lookahead", 2, NULL), NULL, cases[c].caps);
    gst_harness_use_testclock (h);
    gst_harness_set_upstream_latency (h, 10 * GST_MSECOND);
    GstPad *src = gst_element_get_static_pad (h->element, "src");
    /* live, as the pipeline's latency query makes it */
    live_latency (src);
    vc_gst_test_push_frames (h, &video_info, 0, 1);
    /* ours counts from the caps, which the element takes on its own
     * thread */
    for (guint wait = 0; wait < 30000 && live_latency (src) != cases[c].latency; wait++)
      g_usleep (10000);
    g_assert_cmpuint (live_latency (src), ==, cases[c].latency);
    GstTestClock *clock = gst_harness_get_testclock (h);
    for (guint i = 1; i <= 2; i++) {
      /* held until the clock reaches its time, though no frame comes after
       * it: the element waits on the clock for no later time, and the frame
       * comes out when it is reached, not before */
      GstClockTime due = (i - 1) * 40 * GST_MSECOND + cases[c].latency;
      /* (the first frame compiles the shaders: minutes on a loaded CPU) */
      gint64 end = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;
      while (gst_harness_buffers_received (h) < i) {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        GstClockID id;
        if (!gst_test_clock_peek_next_pending_id (clock, &id)) {
          g_usleep (1000);
          continue;
        }
        g_assert_cmpuint (gst_clock_id_get_time (id), <=, due);
        gst_clock_id_unref (id);
        gst_test_clock_crank (clock);
      }
      g_assert_cmpuint (gst_clock_get_time (GST_CLOCK (clock)), ==, due);
      vc_gst_test_pull_frames (h, i - 1, 1);
      if (i == 1) /* the next frame comes late, after that one went */
        vc_gst_test_push_frames (h, &video_info, 1, 1);
    }
    gst_object_unref (clock);
    gst_object_unref (src);
    gst_harness_teardown (h);
  }
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
    g_assert_cmpuint (vc_gst_test_count_output (desc, FALSE), ==, 3);
  /* and READY <-> PAUSED on one element */
  GstElement *e = vc_gst_test_element (NULL, NULL);
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpint (gst_element_set_state (e, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
    g_assert_cmpint (gst_element_set_state (e, GST_STATE_READY), ==, GST_STATE_CHANGE_SUCCESS);
  }
  gst_element_set_state (e, GST_STATE_NULL);
  gst_object_unref (e);
}

/* A pool type of downstream's own, as a GL or V4L2 sink proposes one. */
typedef GstVideoBufferPool TestOwnPool;
typedef GstVideoBufferPoolClass TestOwnPoolClass;
G_DEFINE_TYPE (TestOwnPool, test_own_pool, GST_TYPE_VIDEO_BUFFER_POOL)

static void
test_own_pool_class_init (TestOwnPoolClass *klass)
{
}

static void
test_own_pool_init (TestOwnPool *pool)
{
}

/* After the harness has answered an ALLOCATION query: proposes a
 * TestOwnPool. */
static GstPadProbeReturn
propose_own_pool (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstQuery *query = GST_PAD_PROBE_INFO_QUERY (info);
  GstCaps *caps;
  GstVideoInfo vi;
  if (GST_QUERY_TYPE (query) != GST_QUERY_ALLOCATION)
    return GST_PAD_PROBE_OK;
  gst_query_parse_allocation (query, &caps, NULL);
  g_assert_true (gst_video_info_from_caps (&vi, caps));
  GstBufferPool *pool = g_object_new (test_own_pool_get_type (), NULL);
  gst_query_add_allocation_pool (query, pool, (guint) GST_VIDEO_INFO_SIZE (&vi), 0, 0);
  gst_object_unref (pool);
  return GST_PAD_PROBE_OK;
}

/* N frames colorized by an element whose downstream proposes a pool of its
 * own (OWN_POOL) or none; the element is gone when this returns. */
static void
colorize_frames (gboolean own_pool, GstBuffer **out, guint n)
{
  GstHarness *h = vc_gst_test_harness (
      vc_gst_test_element ("frames-in-flight", 2, NULL), "video/x-raw,format=RGBA",
      "video/x-raw,format=GRAY8,width=33,height=19,framerate=25/1");
  if (own_pool)
    gst_pad_add_probe (h->sinkpad, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM | GST_PAD_PROBE_TYPE_PULL,
                       propose_own_pool, NULL, NULL);
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_GRAY8, 33, 19);
  vc_gst_test_push_frames (h, &info, 0, n);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  for (guint i = 0; i < n; i++)
    out[i] = gst_harness_pull (h);
  gst_harness_teardown (h);
}

static gboolean
lent (GstBuffer *buf)
{
  return gst_buffer_n_memory (buf) == 1 &&
         gst_mini_object_get_qdata (GST_MINI_OBJECT (gst_buffer_peek_memory (buf, 0)),
                                    g_quark_from_static_string ("GstVColorizeOutputFrame"));
}

/* Where downstream has no pool of its own, the frames the GPU wrote go
 * downstream as they are (no copy); with one, they are copied into its
 * buffers. Both hold the same pictures; the frames lent stay whole after
 * the element is gone, each in memory of its own. */
static void
test_lent_output (void)
{
  enum { N = 4 };
  GstBuffer *lent_out[N], *copied[N];
  const guint8 *data[N];
  colorize_frames (FALSE, lent_out, N);
  colorize_frames (TRUE, copied, N);
  for (guint i = 0; i < N; i++) {
    g_assert_true (lent (lent_out[i]));
    g_assert_false (lent (copied[i]));
    g_assert_null (gst_buffer_get_video_meta (lent_out[i])); /* GStreamer's layout */
    g_assert_cmpuint (GST_BUFFER_PTS (lent_out[i]), ==, GST_BUFFER_PTS (copied[i]));
    g_assert_true (vc_gst_test_same_pixels (lent_out[i], copied[i]));
    GstMapInfo map;
    g_assert_true (gst_buffer_map (lent_out[i], &map, GST_MAP_READ));
    data[i] = map.data;
    gst_buffer_unmap (lent_out[i], &map);
    for (guint j = 0; j < i; j++)
      g_assert_true (data[j] != data[i]);
  }
  for (guint i = 0; i < N; i++) {
    gst_buffer_unref (lent_out[i]);
    gst_buffer_unref (copied[i]);
  }
}

/* Counts the vcolorize-profile messages by input-in-place; all must say
 * output-lent (appsink has no pool). */
static GstBusSyncReply
count_in_place (GstBus *bus, GstMessage *msg, gpointer counts)
{
  gboolean in_place, lent;
  if (gst_message_has_name (msg, "vcolorize-profile")) {
    const GstStructure *s = gst_message_get_structure (msg);
    g_assert_true (gst_structure_get_boolean (s, "input-in-place", &in_place));
    g_assert_true (gst_structure_get_boolean (s, "output-lent", &lent));
    g_assert_true (lent);
    g_atomic_int_inc (&((gint *) counts)[in_place]);
  }
  return GST_BUS_PASS;
}

/* The frames of vcolorize after videotestsrc and identity, when upstream
 * may (DROP_ALLOCATION false) or may not use the buffer pool the element
 * proposes; COUNTS: the frames copied in, and those taken in place. */
static GPtrArray *
colorize_test_source (gboolean drop_allocation, gint counts[2])
{
  g_autofree char *description = g_strdup_printf (
      "videotestsrc num-buffers=4 pattern=ball ! video/x-raw,format=I420,width=45,height=27,"
      "framerate=25/1 ! identity drop-allocation=%s ! vcolorize name=c model=\"%s\" "
      "network-size=64 profile=true ! video/x-raw,format=RGBA ! appsink sync=false name=s0",
      drop_allocation ? "true" : "false", vc_gst_test_model ());
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  counts[0] = counts[1] = 0;
  GstBus *bus = gst_element_get_bus (pipeline);
  gst_bus_set_sync_handler (bus, count_in_place, counts, NULL);
  gst_object_unref (bus);
  static const char *const sinks[] = { "s0", NULL };
  GPtrArray **sets = collect_outputs_of (pipeline, sinks);
  GPtrArray *frames = sets[0];
  g_free (sets);
  return frames;
}

/* Upstream that takes the element's proposed pool makes its frames in the
 * engine's input buffers, which go to the GPU with no copy (the profile
 * messages say so): the pictures are those of frames copied in. */
static void
test_in_place_input (void)
{
  gint in_place[2], copied[2];
  GPtrArray *a = colorize_test_source (FALSE, in_place);
  GPtrArray *b = colorize_test_source (TRUE, copied);
  g_assert_cmpint (in_place[1], ==, 4);
  g_assert_cmpint (in_place[0], ==, 0);
  g_assert_cmpint (copied[0], ==, 4);
  g_assert_cmpint (copied[1], ==, 0);
  g_assert_cmpuint (a->len, ==, 4);
  assert_same_outputs (a, b);
  g_ptr_array_unref (a);
  g_ptr_array_unref (b);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  vc_gst_test_watch_reference_changes ();
  gst_video_info_set_format (&video_info, GST_VIDEO_FORMAT_GRAY8, 64, 48);
  g_test_add_func ("/element/stream/resolution-change", test_resolution_change);
  g_test_add_func ("/element/stream/flush", test_flush);
  g_test_add_func ("/element/stream/new-shot", test_new_shot);
  g_test_add_func ("/element/stream/eos-drains", test_eos_drains);
  g_test_add_func ("/element/stream/gap", test_gap);
  g_test_add_func ("/element/stream/qos", test_qos);
  g_test_add_func ("/element/stream/qos-behind", test_qos_behind);
  g_test_add_func ("/element/stream/qos-sink", test_qos_sink);
  g_test_add_func ("/element/stream/live-due", test_live_due);
  g_test_add_func ("/element/stream/latency", test_latency);
  g_test_add_func ("/element/stream/state-cycles", test_state_cycles);
  g_test_add_func ("/element/stream/shared-device", test_shared_device);
  g_test_add_func ("/element/stream/lent-output", test_lent_output);
  g_test_add_func ("/element/stream/in-place-input", test_in_place_input);
  return g_test_run ();
}
