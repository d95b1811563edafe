/* vcolorize tests — what travels with the frames: the video's tags, in
 * order with its frames, and each frame's metas (timecode, captions,
 * reference timestamps, AFD; not the input's memory). */
#include "vc-gst-test.h"

#include <gst/app/gstappsink.h>
#include <string.h>

#define VIDEO_CAPS "video/x-raw,format=GRAY8,width=64,height=48,framerate=25/1"

static GstVideoInfo video_info;

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
  GstHarness *r = vc_gst_test_reference_harness (h, "ref_0", 1, FALSE);
  g_assert_true (gst_harness_push_event (r, title_tag ("reference")));
  g_assert_true (gst_harness_push_event (r, gst_event_new_eos ()));
  GString *log = g_string_new (NULL);
  GstPad *src = gst_element_get_static_pad (h->element, "src");
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     log_output, log, NULL);
  gst_object_unref (src);
  g_assert_true (gst_harness_push_event (h, title_tag ("first")));
  vc_gst_test_push_frames (h, &video_info, 0, 2);
  g_assert_true (gst_harness_push_event (h, title_tag ("second")));
  vc_gst_test_push_frames (h, &video_info, 2, 1);
  g_assert_true (gst_harness_push_event (h, title_tag ("last")));
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  vc_gst_test_pull_frames (h, 0, 3);
  vc_gst_test_pull_eos (h);
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

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  gst_video_info_set_format (&video_info, GST_VIDEO_FORMAT_GRAY8, 64, 48);
  g_test_add_func ("/element/metadata/tags", test_tags);
  g_test_add_func ("/element/metadata/metas", test_metas);
  return g_test_run ();
}
