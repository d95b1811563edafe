/* vcolorize tests — references: from the property and from pads together,
 * replaced mid-stream and while playing, EOS on a reference pad, decoded
 * branches in a pipeline, a silent live reference, EXIF orientation and
 * transparency. */
#include "vc-gst-test.h"

#include <gst/app/gstappsink.h>
#include <string.h>

#define VIDEO_CAPS "video/x-raw,format=GRAY8,width=64,height=48,framerate=25/1"

static GstVideoInfo video_info;

/* References from the refs property and from two pads are used together. */
static void
test_references_together (void)
{
  vc_gst_test_reset_reference_changes ();
  g_autofree char *a = vc_gst_test_write_image ("pngenc", 40, 30, "smpte");
  g_autofree char *b = vc_gst_test_write_image ("jpegenc", 30, 40, "ball");
  g_autofree char *refs = g_strdup_printf ("%s, %s", a, b);
  GstHarness *h = vc_gst_test_harness (vc_gst_test_element ("refs", refs, NULL), NULL, VIDEO_CAPS);
  GstHarness *r0 = vc_gst_test_reference_harness (h, "ref_0", 1, TRUE);
  GstHarness *r1 = vc_gst_test_reference_harness (h, "ref_%u", 2, TRUE);
  vc_gst_test_push_frames (h, &video_info, 0, 3);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  vc_gst_test_pull_frames (h, 0, 3);
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_0"), ==, 1);
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_1"), ==, 1);
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
  vc_gst_test_push_frames (h, &video_info, i, 1);
  vc_gst_test_pull_frames (h, i, 1);
}

/* A new buffer on a ref pad replaces its reference from the frame at its
 * time on; the same picture again (imagefreeze) is not encoded again. A
 * non-live ref pad that stays open is waited for, as GstAggregator does:
 * here each frame's reference comes before it. */
static void
test_replace_reference (void)
{
  vc_gst_test_reset_reference_changes ();
  GstHarness *h =
      vc_gst_test_harness (vc_gst_test_element ("frames-in-flight", 1, NULL), NULL, VIDEO_CAPS);
  GstHarness *r = gst_harness_new_with_element (h->element, "ref_3", NULL);
  gst_harness_set_src_caps_str (r, "video/x-raw,format=RGBx,width=32,height=24,framerate=0/1");
  GstBuffer *image = reference_image (1, 0);
  g_assert_cmpint (gst_harness_push (r, gst_buffer_ref (image)), ==, GST_FLOW_OK);
  one_frame (h, 0);
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_3"), ==, 1);
  /* the same memory again: nothing to encode */
  GstBuffer *again = gst_buffer_copy (image);
  GST_BUFFER_PTS (again) = 40 * GST_MSECOND;
  g_assert_cmpint (gst_harness_push (r, again), ==, GST_FLOW_OK);
  one_frame (h, 1);
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_3"), ==, 1);
  gst_buffer_unref (image);
  /* a new picture */
  g_assert_cmpint (gst_harness_push (r, reference_image (5, 80 * GST_MSECOND)), ==, GST_FLOW_OK);
  one_frame (h, 2);
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_3"), ==, 2);
  /* a picture for 200 ms waits for the frame at 200 ms */
  g_assert_cmpint (gst_harness_push (r, reference_image (6, 200 * GST_MSECOND)), ==, GST_FLOW_OK);
  one_frame (h, 3);
  one_frame (h, 4);
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_3"), ==, 2);
  one_frame (h, 5);
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_3"), ==, 3);
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
  vc_gst_test_reset_reference_changes ();
  GstHarness *h = vc_gst_test_harness (vc_gst_test_element (NULL, NULL), NULL, VIDEO_CAPS);
  GstHarness *r = gst_harness_new_with_element (h->element, "ref_0", NULL);
  gst_harness_set_src_caps_str (r, "video/x-raw,format=RGBx,width=8,height=8,framerate=0/1");
  g_assert_true (gst_harness_push_event (r, gst_event_new_eos ()));
  vc_gst_test_push_frames (h, &video_info, 0, 4);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  vc_gst_test_pull_frames (h, 0, 4);
  g_assert_cmpuint (vc_gst_test_reference_changes ("ref_0"), ==, 0);
  gst_harness_teardown (r);
  gst_harness_teardown (h);
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
    g_assert_cmpuint (vc_gst_test_count_output (desc, FALSE), ==, 12);
    /* from 200 to 400 ms: frames 5..9 */
    g_assert_cmpuint (vc_gst_test_count_output (desc, TRUE), ==, 5);
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

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  vc_gst_test_watch_reference_changes ();
  gst_video_info_set_format (&video_info, GST_VIDEO_FORMAT_GRAY8, 64, 48);
  g_test_add_func ("/element/refs/references-together", test_references_together);
  g_test_add_func ("/element/refs/replace-reference", test_replace_reference);
  g_test_add_func ("/element/refs/refs-while-playing", test_refs_while_playing);
  g_test_add_func ("/element/refs/reference-pad-eos-only", test_reference_pad_eos_only);
  g_test_add_func ("/element/refs/pipeline-reference-branch", test_pipeline_reference_branch);
  g_test_add_func ("/element/refs/live-silent-reference", test_live_silent_reference);
  g_test_add_func ("/element/refs/reference-orientation", test_reference_orientation);
  g_test_add_func ("/element/refs/transparent-reference", test_transparent_reference);
  return g_test_run ();
}
