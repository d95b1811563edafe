/* vcolorize tests — the element's scene cuts and keyframes: the
 * vcolorize-scene-cut and vcolorize-keyframe messages on real frames
 * (tests/data/shot: two clips joined by a cut), frame numbers and
 * detection starting again at a flush, the latency of the look-ahead. */
#include "vc-gst-test.h"
#include "vc-test-pgm.h"

#define W 85
#define H 64
#define CAPS "video/x-raw,format=GRAY8,width=85,height=64,framerate=25/1"

static guint8 *clips[2]; /* vtest, tree: 24 frames of W×H each */

/* Frame I of clip CLIP with PTS = PTS_INDEX × 40 ms (rows padded to 4
 * bytes, as GStreamer lays GRAY8 out). */
static GstBuffer *
clip_frame (guint clip, guint i, guint pts_index)
{
  guint stride = GST_ROUND_UP_4 (W);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, stride * H, NULL);
  for (guint y = 0; y < H; y++)
    gst_buffer_fill (buf, y * stride, clips[clip] + ((gsize) i * H + y) * W, W);
  GST_BUFFER_PTS (buf) = pts_index * 40 * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = 40 * GST_MSECOND;
  return buf;
}

/* A message that was posted on BUS. */
typedef struct {
  gboolean cut;
  guint64 frame;
  GstClockTime timestamp, running_time;
  double score;
} Event;

/* The scene-cut and keyframe messages on BUS, in order. */
static GArray *
pop_events (GstBus *bus)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (Event));
  GstMessage *msg;
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);
    Event e = { .cut = gst_structure_has_name (s, "vcolorize-scene-cut") };
    if (e.cut || gst_structure_has_name (s, "vcolorize-keyframe")) {
      g_assert_true (gst_structure_get_uint64 (s, "frame", &e.frame));
      g_assert_true (gst_structure_get_clock_time (s, "timestamp", &e.timestamp));
      g_assert_true (gst_structure_get_clock_time (s, "running-time", &e.running_time));
      g_assert_true (gst_structure_get_double (s, "score", &e.score));
      g_array_append_val (events, e);
    }
    gst_message_unref (msg);
  }
  return events;
}

/* A harness on a new element with PROPS, and its bus. */
static GstHarness *
harness (GstBus **bus, const char *first_prop, ...)
{
  GstElement *e = vc_gst_test_element (NULL, NULL);
  va_list args;
  va_start (args, first_prop);
  if (first_prop)
    g_object_set_valist (G_OBJECT (e), first_prop, args);
  va_end (args);
  *bus = vc_gst_test_bus (e);
  return vc_gst_test_harness (e, NULL, CAPS);
}

static void
teardown (GstHarness *h, GstBus *bus)
{
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

/* Pushes N frames of CLIP from FIRST (PTS from PTS_FIRST) and pulls what
 * comes out. */
static void
push_clip (GstHarness *h, guint clip, guint first, guint n, guint pts_first)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (gst_harness_push (h, clip_frame (clip, first + i, pts_first + i)), ==,
                     GST_FLOW_OK);
}

static void
pull_all (GstHarness *h, guint n)
{
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  for (guint i = 0; i < n; i++)
    gst_buffer_unref (gst_harness_pull (h));
}

/* Two clips joined by a cut: one vcolorize-scene-cut message, for the
 * first frame of the second clip; no keyframes with the default threshold,
 * one for every other frame with 1. */
static void
test_cut_and_keyframes (void)
{
  for (guint all_keyframes = 0; all_keyframes < 2; all_keyframes++) {
    GstBus *bus;
    GstHarness *h = harness (&bus, "frames-in-flight", 2, "scene-lookahead", 2,
                             "keyframe-threshold", all_keyframes ? 1.0 : 0.4, NULL);
    push_clip (h, 0, 0, 12, 0);
    push_clip (h, 1, 0, 12, 12);
    pull_all (h, 24);
    g_autoptr (GArray) events = pop_events (bus);
    guint cuts = 0, keyframes = 0;
    for (guint i = 0; i < events->len; i++) {
      const Event *e = &g_array_index (events, Event, i);
      g_test_message ("%s at frame %" G_GUINT64_FORMAT ", score %.3f",
                      e->cut ? "scene cut" : "keyframe", e->frame, e->score);
      g_assert_cmpuint (e->timestamp, ==, e->frame * 40 * GST_MSECOND);
      g_assert_cmpuint (e->running_time, ==, e->timestamp);
      if (e->cut) {
        cuts++;
        g_assert_cmpuint (e->frame, ==, 12);
        g_assert_cmpfloat (e->score, >, 3.0);
      } else {
        keyframes++;
        g_assert_cmpuint (e->frame, !=, 0);
        g_assert_cmpuint (e->frame, !=, 12);
        g_assert_cmpfloat (e->score, <, all_keyframes ? 1.0 : 0.4);
      }
    }
    g_assert_cmpuint (cuts, ==, 1);
    g_assert_cmpuint (keyframes, ==, all_keyframes ? 22 : 0);
    teardown (h, bus);
  }
}

/* A flush starts the frame numbers and the detection again: the first
 * frame after it is no cut, whatever came before; a cut after it has its
 * new number. */
static void
test_flush (void)
{
  GstBus *bus;
  GstHarness *h = harness (&bus, "frames-in-flight", 1, NULL);
  push_clip (h, 0, 0, 6, 0);
  for (guint i = 0; i < 6; i++)
    gst_buffer_unref (gst_harness_pull (h));
  vc_gst_test_flush (h);
  push_clip (h, 1, 0, 4, 0);
  push_clip (h, 0, 6, 4, 4);
  pull_all (h, 8);
  g_autoptr (GArray) events = pop_events (bus);
  g_assert_cmpuint (events->len, ==, 1);
  const Event *e = &g_array_index (events, Event, 0);
  g_assert_true (e->cut);
  g_assert_cmpuint (e->frame, ==, 4);
  g_assert_cmpuint (e->timestamp, ==, 4 * 40 * GST_MSECOND);
  teardown (h, bus);
}

/* Without a look-ahead a cut is found at once too. */
static void
test_no_lookahead (void)
{
  GstBus *bus;
  GstHarness *h = harness (&bus, "frames-in-flight", 1, "scene-lookahead", 0, NULL);
  push_clip (h, 1, 0, 5, 0);
  for (guint i = 0; i < 5; i++)
    gst_buffer_unref (gst_harness_pull (h));
  push_clip (h, 0, 0, 1, 5);
  gst_buffer_unref (gst_harness_pull (h));
  g_autoptr (GArray) events = pop_events (bus);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_true (g_array_index (events, Event, 0).cut);
  g_assert_cmpuint (g_array_index (events, Event, 0).frame, ==, 5);
  teardown (h, bus);
}

/* Latency: (frames in flight + look-ahead) × frame duration. */
static void
test_latency (void)
{
  GstBus *bus;
  GstHarness *h = harness (&bus, "frames-in-flight", 2, "scene-lookahead", 3, NULL);
  gst_harness_set_upstream_latency (h, 10 * GST_MSECOND);
  push_clip (h, 0, 0, 6, 0);
  gst_buffer_unref (gst_harness_pull (h));
  GstQuery *query = gst_query_new_latency ();
  GstPad *src = gst_element_get_static_pad (h->element, "src");
  g_assert_true (gst_pad_query (src, query));
  GstClockTime min;
  gst_query_parse_latency (query, NULL, &min, NULL);
  g_assert_cmpuint (min, ==, 10 * GST_MSECOND + 5 * 40 * GST_MSECOND);
  gst_query_unref (query);
  gst_object_unref (src);
  teardown (h, bus);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  for (guint i = 0; i < 2; i++) {
    guint w, h;
    clips[i] = vc_test_load_pgm (i == 0 ? "vtest" : "tree", &w, &h);
    g_assert_cmpuint (w, ==, W);
    g_assert_cmpuint (h, ==, 24 * H);
  }
  g_test_add_func ("/element/scenes/cut-and-keyframes", test_cut_and_keyframes);
  g_test_add_func ("/element/scenes/flush", test_flush);
  g_test_add_func ("/element/scenes/no-lookahead", test_no_lookahead);
  g_test_add_func ("/element/scenes/latency", test_latency);
  int ret = g_test_run ();
  for (guint i = 0; i < 2; i++)
    g_free (clips[i]);
  return ret;
}
