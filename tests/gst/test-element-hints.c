/* vcolorize tests — the hints property: a picture of colour hints over the
 * frames; set while playing; bad files. */
#include "vc-gst-test.h"

#include "vc-colour.h"

#include <math.h>
#include <string.h>

#define CAPS "video/x-raw,format=GRAY8,width=64,height=48,framerate=25/1"

/* A W×H PNG of one opaque colour (ARGB as videotestsrc's foreground). */
static char *
solid_png (guint32 argb)
{
  g_autofree char *pattern = g_strdup_printf ("solid-color foreground-color=0x%08x", argb);
  return vc_gst_test_write_image ("pngenc", 32, 24, pattern);
}

/* The mean a* and b* of frame SEED through H (RGBx out). */
static void
mean_ab (GstHarness *h, guint seed, double ab[2])
{
  GstVideoInfo in;
  g_autoptr (GstCaps) caps = gst_caps_from_string (CAPS);
  gst_video_info_from_caps (&in, caps);
  g_assert_cmpint (gst_harness_push (h, vc_gst_test_frame (&in, seed)), ==, GST_FLOW_OK);
  GstBuffer *out = gst_harness_pull (h);
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_RGBx, 64, 48);
  gsize n = 64 * 48;
  g_autofree float *l = g_new (float, n), *lab = g_new (float, 2 * n);
  GstMapInfo map;
  gst_buffer_map (out, &map, GST_MAP_READ);
  vc_unpack_ref (&layout, map.data, l, lab);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  ab[0] = ab[1] = 0;
  for (gsize i = 0; i < n; i++)
    ab[0] += lab[i] / n, ab[1] += lab[n + i] / n;
}

/* Opaque hints everywhere: every pixel takes their colour (a green one
 * here); changed while playing, the next frame takes the new ones; a bad
 * file then is a warning and the hints before stay; cleared, none. */
static void
test_hints_property (void)
{
  g_autofree char *green = solid_png (0xff30a040), *blue = solid_png (0xff3050c0);
  GstElement *e = vc_gst_test_element ("hints", green, "frames-in-flight", 1, NULL);
  GstBus *bus = vc_gst_test_bus (e);
  GstHarness *h = vc_gst_test_harness (e, "video/x-raw,format=RGBx", CAPS);
  double ab[2], want[3], rgb[3] = { 0x30 / 255.0, 0xa0 / 255.0, 0x40 / 255.0 };
  vc_srgb_to_lab_ref (rgb, want);
  mean_ab (h, 0, ab);
  g_test_message ("green hints: a*b* %.1f %.1f (want %.1f %.1f)", ab[0], ab[1], want[1], want[2]);
  g_assert_cmpfloat (fabs (ab[0] - want[1]), <, 5.0);
  g_assert_cmpfloat (fabs (ab[1] - want[2]), <, 5.0);

  g_object_set (e, "hints", blue, NULL);
  double rgb_blue[3] = { 0x30 / 255.0, 0x50 / 255.0, 0xc0 / 255.0 }, want_blue[3];
  vc_srgb_to_lab_ref (rgb_blue, want_blue);
  mean_ab (h, 1, ab);
  /* b* as blue as the frame's lightness lets it be (in gamut) */
  g_assert_cmpfloat (ab[1], <, 0.8 * want_blue[2]);

  g_autofree char *missing = g_build_filename (vc_gst_test_tmpdir (), "no-hints.png", NULL);
  g_object_set (e, "hints", missing, NULL);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_WARNING);
  g_autoptr (GError) warning = NULL;
  gst_message_parse_warning (msg, &warning, NULL);
  g_assert_error (warning, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ);
  g_assert_nonnull (strstr (warning->message, "no-hints.png"));
  gst_message_unref (msg);
  mean_ab (h, 2, ab);
  g_assert_cmpfloat (ab[1], <, 0.8 * want_blue[2]); /* kept */

  /* a reach of 1 pixel: only the hinted pixels themselves (all here) */
  g_object_set (e, "hints-spread", 1.0, "hints-edge", 0.5, NULL);
  mean_ab (h, 3, ab);
  g_assert_cmpfloat (ab[1], <, 0.5 * want_blue[2]);

  g_object_set (e, "hints", NULL, NULL);
  mean_ab (h, 4, ab);
  g_assert_cmpfloat (ab[1], >, 0.2 * want_blue[2]);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

/* The vcolorize-profile message of the frame pulled last (the element runs
 * with profile=true): the passes it ran. */
static GstStructure *
pop_profile (GstBus *bus)
{
  GstMessage *msg;
  GstStructure *profile = NULL;
  while (!profile && (msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    if (gst_message_has_name (msg, "vcolorize-profile"))
      profile = gst_structure_copy (gst_message_get_structure (msg));
    gst_message_unref (msg);
  }
  g_assert_nonnull (profile);
  return profile;
}

/* By default (hints-mode=keyframe) the first frame takes the hints, and
 * the temporal memory carries them on to frames that moved (each frame
 * here the one before 7 L* lighter), which do not take them themselves;
 * with hints-mode=every-frame each frame does. */
static void
test_hints_keyframe (void)
{
  g_autofree char *green = solid_png (0xff30a040);
  GstElement *e = vc_gst_test_element ("hints", green, "scene-threshold", 100.0, "profile", TRUE,
                                       "frames-in-flight", 1, NULL);
  GstBus *bus = vc_gst_test_bus (e);
  GstHarness *h = vc_gst_test_harness (e, "video/x-raw,format=RGBx", CAPS);
  double ab[2], want[3], rgb[3] = { 0x30 / 255.0, 0xa0 / 255.0, 0x40 / 255.0 };
  vc_srgb_to_lab_ref (rgb, want);
  for (guint i = 0; i < 4; i++) {
    if (i == 3)
      gst_util_set_object_arg (G_OBJECT (e), "hints-mode", "every-frame");
    mean_ab (h, i, ab);
    g_test_message ("frame %u: a*b* %.1f %.1f (hints %.1f %.1f)", i, ab[0], ab[1], want[1],
                    want[2]);
    /* the first as with hints on every frame; the others more than half way */
    g_assert_cmpfloat (ab[0], <, (i == 0 || i == 3 ? 0.8 : 0.5) * want[1]);
    GstStructure *passes = pop_profile (bus);
    g_assert_cmpint (gst_structure_has_field (passes, "hints"), ==, i == 0 || i == 3);
    g_assert_cmpint (gst_structure_has_field (passes, "encode-keyframe"), ==, i == 0);
    gst_structure_free (passes);
  }
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

/* A 16×12 RGBA picture of one opaque colour at PTS. */
static GstBuffer *
solid_hints (guint8 r, guint8 g, guint8 b, GstClockTime pts)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 16 * 12 * 4, NULL);
  GstMapInfo map;
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (gsize i = 0; i < map.size; i += 4)
    map.data[i] = r, map.data[i + 1] = g, map.data[i + 2] = b, map.data[i + 3] = 255;
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  return buf;
}

/* Hints on the hints pad: a buffer replaces the hints (the property's too)
 * from the frame at its time on; released, the property's come back; one
 * hints pad at a time. */
static void
test_hints_pad (void)
{
  g_autofree char *green = solid_png (0xff30a040);
  GstElement *e = vc_gst_test_element ("hints", green, "frames-in-flight", 1, NULL);
  gst_util_set_object_arg (G_OBJECT (e), "hints-mode", "every-frame");
  GstHarness *h = vc_gst_test_harness (e, "video/x-raw,format=RGBx", CAPS);
  GstHarness *p = gst_harness_new_with_element (h->element, "hints", NULL);
  GstPadTemplate *templ =
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (h->element), "hints");
  g_assert_null (gst_element_request_pad (h->element, templ, NULL, NULL));
  gst_harness_set_src_caps_str (p, "video/x-raw,format=RGBA,width=16,height=12,framerate=0/1");
  g_assert_cmpint (gst_harness_push (p, solid_hints (0x30, 0x50, 0xc0, 40 * GST_MSECOND)), ==,
                   GST_FLOW_OK);
  g_assert_true (gst_harness_push_event (p, gst_event_new_eos ()));
  double ab[2], green_lab[3], blue_lab[3];
  double green_rgb[3] = { 0x30 / 255.0, 0xa0 / 255.0, 0x40 / 255.0 };
  double blue_rgb[3] = { 0x30 / 255.0, 0x50 / 255.0, 0xc0 / 255.0 };
  vc_srgb_to_lab_ref (green_rgb, green_lab);
  vc_srgb_to_lab_ref (blue_rgb, blue_lab);
  /* frame 0 (0 ms): the property's; frame 1 (40 ms): the pad's */
  mean_ab (h, 0, ab);
  g_assert_cmpfloat (fabs (ab[0] - green_lab[1]), <, 5.0);
  mean_ab (h, 1, ab);
  g_test_message ("the pad's hints: a*b* %.1f %.1f (want %.1f %.1f)", ab[0], ab[1], blue_lab[1],
                  blue_lab[2]);
  g_assert_cmpfloat (ab[1], <, 0.8 * blue_lab[2]);
  /* released: the property's again */
  gst_harness_teardown (p);
  g_assert_null (gst_element_get_static_pad (h->element, "hints"));
  mean_ab (h, 2, ab);
  g_assert_cmpfloat (fabs (ab[0] - green_lab[1]), <, 5.0);
  gst_harness_teardown (h);
}

/* The usual pipeline: a decoded picture then EOS on the hints pad, with a
 * flushing seek too. */
static void
test_hints_pad_pipeline (void)
{
  g_autofree char *green = solid_png (0xff30a040);
  g_autofree char *desc = g_strdup_printf (
      "videotestsrc num-buffers=12 ! " CAPS " ! %s ! appsink name=out sync=false  "
      "filesrc location=\"%s\" ! pngdec ! videoconvert ! video/x-raw,format=RGBA ! c.hints",
      vc_gst_test_vcolorize (), green);
  g_assert_cmpuint (vc_gst_test_count_output (desc, FALSE), ==, 12);
  /* from 200 to 400 ms: frames 5..9 */
  g_assert_cmpuint (vc_gst_test_count_output (desc, TRUE), ==, 5);
}

/* At the start, a hints file that is missing or not a picture is an error
 * that names it. */
static void
test_hints_errors (void)
{
  g_autofree char *missing = g_build_filename (vc_gst_test_tmpdir (), "none.png", NULL);
  g_autofree char *text = g_build_filename (vc_gst_test_tmpdir (), "hints.txt", NULL);
  g_assert_true (g_file_set_contents (text, "red on the car\n", -1, NULL));
  const struct {
    const char *path;
    gint code;
  } cases[] = { { missing, GST_RESOURCE_ERROR_NOT_FOUND }, { text, GST_RESOURCE_ERROR_READ } };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *desc =
        g_strdup_printf ("videotestsrc num-buffers=2 ! " CAPS " ! %s hints=\"%s\" ! fakesink",
                         vc_gst_test_vcolorize (), cases[i].path);
    g_autoptr (GError) error = vc_gst_test_run_pipeline (desc, 60);
    g_assert_nonnull (error);
    g_test_message ("error: %s", error->message);
    g_assert_error (error, GST_RESOURCE_ERROR, cases[i].code);
    g_assert_nonnull (strstr (error->message, "Colour hints"));
    g_autofree char *name = g_path_get_basename (cases[i].path);
    g_assert_nonnull (strstr (error->message, name));
  }
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/element/hints/property", test_hints_property);
  g_test_add_func ("/element/hints/keyframe", test_hints_keyframe);
  g_test_add_func ("/element/hints/pad", test_hints_pad);
  g_test_add_func ("/element/hints/pad-pipeline", test_hints_pad_pipeline);
  g_test_add_func ("/element/hints/errors", test_hints_errors);
  return g_test_run ();
}
