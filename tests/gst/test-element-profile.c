/* vcolorize tests — the profile property: with it, one vcolorize-profile
 * element message per output frame with the GPU time of each pass; without
 * it, none. */
#include "vc-gst-test.h"

#include <math.h>

#define VIDEO_CAPS "video/x-raw,format=GRAY8,width=64,height=48,framerate=25/1"
#define N_FRAMES 4

/* The fields that are not passes. */
static gboolean
is_pass (const char *field)
{
  static const char *const others[] = { "timestamp",  "duration",        "gpu-total",
                                        "gpu-memory", "gpu-memory-peak", "input-in-place",
                                        "output-lent" };
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    if (g_strcmp0 (field, others[i]) == 0)
      return FALSE;
  return TRUE;
}

/* Runs N_FRAMES frames through a vcolorize with the profile property
 * PROFILE; returns the vcolorize-profile structures it posted and, in
 * *WALL_MS, the time from the first frame pushed to the last one out. */
static GPtrArray *
run (gboolean profile, double *wall_ms)
{
  GstElement *e = vc_gst_test_element ("profile", profile, NULL);
  GstBus *bus = vc_gst_test_bus (e);
  GstHarness *h = vc_gst_test_harness (e, "video/x-raw,format=RGBx", VIDEO_CAPS);
  GstVideoInfo info;
  GstCaps *caps = gst_caps_from_string (VIDEO_CAPS);
  g_assert_true (gst_video_info_from_caps (&info, caps));
  gst_caps_unref (caps);

  gint64 start = g_get_monotonic_time ();
  for (guint i = 0; i < N_FRAMES; i++)
    g_assert_cmpint (gst_harness_push (h, vc_gst_test_frame (&info, i)), ==, GST_FLOW_OK);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  for (guint i = 0; i < N_FRAMES; i++)
    gst_buffer_unref (gst_harness_pull (h));
  *wall_ms = (g_get_monotonic_time () - start) / 1000.0;

  GPtrArray *profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free);
  GstMessage *msg;
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    if (gst_message_has_name (msg, "vcolorize-profile"))
      g_ptr_array_add (profiles, gst_structure_copy (gst_message_get_structure (msg)));
    gst_message_unref (msg);
  }
  gst_harness_teardown (h);
  gst_object_unref (bus);
  return profiles;
}

/* Each output frame has its message, in order, with every pass's time in ms
 * (none negative), their sum gpu-total, which is within the wall time of
 * the run (2 µs for the clock's resolution), and the device memory. */
static void
test_profile_on (void)
{
  double wall_ms;
  g_autoptr (GPtrArray) profiles = run (TRUE, &wall_ms);
  g_assert_cmpuint (profiles->len, ==, N_FRAMES);
  double gpu_ms = 0;
  for (guint i = 0; i < profiles->len; i++) {
    const GstStructure *s = profiles->pdata[i];
    g_autofree char *text = gst_structure_to_string (s);
    g_test_message ("%s", text);
    guint64 pts, peak, in_use;
    double total;
    g_assert_true (gst_structure_get_uint64 (s, "timestamp", &pts));
    g_assert_cmpuint (pts, ==, i * 40 * GST_MSECOND);
    g_assert_true (gst_structure_get_double (s, "gpu-total", &total));
    g_assert_true (gst_structure_get_uint64 (s, "gpu-memory", &in_use));
    g_assert_true (gst_structure_get_uint64 (s, "gpu-memory-peak", &peak));
    g_assert_cmpuint (in_use, >, 0);
    g_assert_cmpuint (peak, >=, in_use);
    /* the harness's frames are its own; it has no pool for ours */
    gboolean in_place, lent;
    g_assert_true (gst_structure_get_boolean (s, "input-in-place", &in_place));
    g_assert_true (gst_structure_get_boolean (s, "output-lent", &lent));
    g_assert_false (in_place);
    g_assert_true (lent);
    double sum = 0;
    guint n_passes = 0;
    for (gint f = 0; f < gst_structure_n_fields (s); f++) {
      const char *name = gst_structure_nth_field_name (s, f);
      if (!is_pass (name))
        continue;
      double ms;
      g_assert_true (gst_structure_get_double (s, name, &ms));
      g_assert_cmpfloat (ms, >=, 0.0);
      sum += ms;
      n_passes++;
    }
    /* at least upload, unpack, resize, the network, guided, pack, download */
    g_assert_cmpuint (n_passes, >=, 8);
    g_assert_true (gst_structure_has_field (s, "frame"));
    g_assert_true (gst_structure_has_field (s, "guided"));
    g_assert_cmpfloat (fabs (sum - total), <=, 1e-6 * MAX (1.0, total));
    g_assert_cmpfloat (total, >, 0.0);
    gpu_ms += total;
  }
  /* the frames' GPU work runs one after another within the run */
  g_assert_cmpfloat (gpu_ms, <=, wall_ms + 0.002);
}

static void
test_profile_off (void)
{
  double wall_ms;
  g_autoptr (GPtrArray) profiles = run (FALSE, &wall_ms);
  g_assert_cmpuint (profiles->len, ==, 0);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/element/profile/on", test_profile_on);
  g_test_add_func ("/element/profile/off", test_profile_off);
  return g_test_run ();
}
