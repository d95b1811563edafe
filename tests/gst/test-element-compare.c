/* vcolorizecompare tests in GstHarness (its figures against
 * tools/vc-quality.py's are in tests/test-element-compare.py): the video
 * passes through, identical frames give +inf dB and SSIM 1, a summary at
 * EOS, tags go on, and frames of two sizes are an error. Run under
 * AddressSanitizer too, for leaks. */
#include "vc-gst-test.h"

#include <math.h>

#define CAPS "video/x-raw,format=RGBx,width=16,height=12,framerate=25/1"

static GstBuffer *
frame (guint seed)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 16 * 12 * 4, NULL);
  GstMapInfo map;
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (gsize i = 0; i < map.size; i++)
    map.data[i] = (guint8) (i * 7 + seed * 31);
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = seed * 40 * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = 40 * GST_MSECOND;
  return buf;
}

/* The element's next message named NAME on BUS. */
static GstStructure *
next_message (GstBus *bus, const char *name)
{
  GstMessage *m;
  while ((m = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_ELEMENT))) {
    if (gst_message_has_name (m, name)) {
      GstStructure *s = gst_structure_copy (gst_message_get_structure (m));
      gst_message_unref (m);
      return s;
    }
    gst_message_unref (m);
  }
  g_error ("no %s message", name);
}

static void
test_passthrough (void)
{
  GstElement *e = gst_element_factory_make ("vcolorizecompare", NULL);
  g_assert_nonnull (e);
  GstBus *bus = vc_gst_test_bus (e);
  GstHarness *h = vc_gst_test_harness (e, NULL, CAPS);
  GstHarness *t = gst_harness_new_with_element (h->element, "truth", NULL);
  gst_harness_set_src_caps_str (t, CAPS);
  g_assert_true (
      gst_harness_push_event (h, gst_event_new_tag (gst_tag_list_new (GST_TAG_TITLE, "x", NULL))));
  for (guint i = 0; i < 2; i++) {
    g_assert_cmpint (gst_harness_push (t, frame (i)), ==, GST_FLOW_OK);
    GstBuffer *in = frame (i);
    if (i == 1) /* one value off by 3 */
      gst_buffer_memset (in, 5, (guint8) (5 * 7 + 31 + 3), 1);
    g_assert_cmpint (gst_harness_push (h, gst_buffer_ref (in)), ==, GST_FLOW_OK);
    GstBuffer *out = gst_harness_pull (h);
    g_assert_true (out == in); /* the same buffer, untouched */
    gst_buffer_unref (out);
    gst_buffer_unref (in);
    GstStructure *s = next_message (bus, "vcolorize-compare");
    double psnr, mse, ssim;
    g_assert_true (gst_structure_get_double (s, "psnr", &psnr));
    g_assert_true (gst_structure_get_double (s, "mse", &mse));
    g_assert_true (gst_structure_get_double (s, "ssim", &ssim));
    if (i == 0) {
      g_assert_true (isinf (psnr));
      g_assert_cmpfloat (ssim, ==, 1.0);
    } else {
      /* 9 / (16 · 12 · 3) */
      g_assert_cmpfloat_with_epsilon (mse, 9.0 / 576, 1e-12);
      g_assert_cmpfloat_with_epsilon (psnr, 10 * log10 (255.0 * 255.0 * 576 / 9), 1e-9);
      g_assert_cmpfloat (ssim, <, 1.0);
    }
    gst_structure_free (s);
  }
  g_assert_true (gst_harness_push_event (t, gst_event_new_eos ()));
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  GstStructure *s = next_message (bus, "vcolorize-compare-summary");
  guint64 frames, identical;
  g_assert_true (gst_structure_get_uint64 (s, "frames", &frames));
  g_assert_true (gst_structure_get_uint64 (s, "identical", &identical));
  g_assert_cmpuint (frames, ==, 2);
  g_assert_cmpuint (identical, ==, 1);
  gst_structure_free (s);
  /* the video's tag went on */
  GstEvent *ev;
  gboolean tagged = FALSE;
  while ((ev = gst_harness_try_pull_event (h))) {
    tagged |= GST_EVENT_TYPE (ev) == GST_EVENT_TAG;
    gst_event_unref (ev);
  }
  g_assert_true (tagged);
  gst_harness_teardown (t);
  gst_harness_teardown (h);
  gst_object_unref (bus);
}

static void
test_sizes_differ (void)
{
  GstElement *e = gst_element_factory_make ("vcolorizecompare", NULL);
  GstBus *bus = vc_gst_test_bus (e);
  GstHarness *h = vc_gst_test_harness (e, NULL, CAPS);
  GstHarness *t = gst_harness_new_with_element (h->element, "truth", NULL);
  gst_harness_set_src_caps_str (t, "video/x-raw,format=RGBx,width=8,height=12,framerate=25/1");
  gst_harness_push (t, gst_buffer_new_allocate (NULL, 8 * 12 * 4, NULL));
  gst_harness_push (h, frame (0));
  g_autoptr (GError) error = vc_gst_test_pop_error (bus, 10);
  g_assert_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "must be of one size"));
  gst_harness_teardown (t);
  gst_harness_teardown (h);
  gst_object_unref (bus);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/element/compare/passthrough", test_passthrough);
  g_test_add_func ("/element/compare/sizes-differ", test_sizes_differ);
  return g_test_run ();
}
