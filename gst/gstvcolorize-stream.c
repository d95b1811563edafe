/* vcolorize — GstVColorize: what runs in the source pad's task.
 *
 * GstAggregator runs aggregate(), the serialized sink events and
 * negotiation in its source pad's task, one thread: that is where the
 * colorizer is driven, frames submitted and results pushed. */
#include "gstvcolorize-private.h"

#include "gstvcolorizerefpad.h"
#include "vcolorize-caps.h"
#include "vcolorize-meta.h"

static GstAggregatorClass *parent_class;

/* ---- errors ---- */

/* Posts ERROR as an element error. GStreamer errors keep their domain;
 * engine errors get the domain their cause belongs to, and INVALID_ARGUMENT
 * takes DOMAIN and CODE (what is invalid depends on the caller). */
void
gst_vcolorize_post_error (GstVColorize *self, const GError *error, GQuark domain, gint code)
{
  if (error->domain == VC_ERROR) {
    switch ((VcErrorCode) error->code) {
    case VC_ERROR_NO_DEVICE:
    case VC_ERROR_UNSUPPORTED:
      domain = GST_LIBRARY_ERROR, code = GST_LIBRARY_ERROR_INIT;
      break;
    case VC_ERROR_VULKAN:
    case VC_ERROR_OUT_OF_MEMORY:
      domain = GST_LIBRARY_ERROR, code = GST_LIBRARY_ERROR_FAILED;
      break;
    case VC_ERROR_MODEL:
      domain = GST_RESOURCE_ERROR, code = GST_RESOURCE_ERROR_READ;
      break;
    case VC_ERROR_INVALID_ARGUMENT:
      break;
    }
  } else {
    domain = error->domain;
    code = error->code;
  }
  gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR, domain, code,
                            g_strdup (error->message), NULL, __FILE__, G_STRFUNC, __LINE__);
}

/* ---- frames ---- */

void
gst_vcolorize_frame_free (GstVColorizeFrame *frame)
{
  gst_buffer_unref (frame->buffer);
  g_free (frame);
}

/* Posts what the scene detection found for FRAME, if anything. */
static void
post_shot (GstVColorize *self, const GstVColorizeFrame *frame, const VcShotResult *shot)
{
  if (shot->event == VC_SHOT_NONE)
    return;
  gboolean cut = shot->event == VC_SHOT_CUT;
  GstClockTime pts = GST_BUFFER_PTS (frame->buffer);
  GST_DEBUG_OBJECT (self, "frame %" G_GUINT64_FORMAT " at %" GST_TIME_FORMAT ": %s, score %.3f",
                    frame->number, GST_TIME_ARGS (pts),
                    cut ? (shot->gradual ? "gradual scene cut" : "scene cut") : "keyframe",
                    shot->score);
  GstStructure *s = gst_structure_new (
      cut ? "vcolorize-scene-cut" : "vcolorize-keyframe", "frame", G_TYPE_UINT64, frame->number,
      "timestamp", GST_TYPE_CLOCK_TIME, pts, "running-time", GST_TYPE_CLOCK_TIME,
      frame->running_time, "score", G_TYPE_DOUBLE, shot->score, NULL);
  if (cut)
    gst_structure_set (s, "gradual", G_TYPE_BOOLEAN, shot->gradual, NULL);
  gst_element_post_message (GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
}

/* Posts the library pictures picked for FRAME (received last), if any were. */
static void
post_library (GstVColorize *self, const GstVColorizeFrame *frame)
{
  VcLibraryPicks picks;
  if (!vc_colorizer_last_picks (self->colorizer, &picks))
    return;
  GValue pictures = G_VALUE_INIT, differences = G_VALUE_INIT, v = G_VALUE_INIT;
  gst_value_array_init (&pictures, picks.n);
  gst_value_array_init (&differences, picks.n);
  for (guint i = 0; i < picks.n; i++) {
    g_value_init (&v, G_TYPE_STRING);
    g_value_set_string (&v, g_ptr_array_index (self->library_names, picks.index[i]));
    gst_value_array_append_and_take_value (&pictures, &v);
    v = (GValue) G_VALUE_INIT;
    g_value_init (&v, G_TYPE_DOUBLE);
    g_value_set_double (&v, picks.difference[i]);
    gst_value_array_append_and_take_value (&differences, &v);
    v = (GValue) G_VALUE_INIT;
  }
  const gchar *nearest =
      picks.nearest >= 0 ? g_ptr_array_index (self->library_names, picks.nearest) : NULL;
  GST_DEBUG_OBJECT (self,
                    "frame %" G_GUINT64_FORMAT ": %u library picture(s) picked, nearest %s "
                    "(difference %.3f)",
                    frame->number, picks.n, GST_STR_NULL (nearest), picks.nearest_difference);
  GstStructure *s = gst_structure_new (
      "vcolorize-library", "frame", G_TYPE_UINT64, frame->number, "timestamp", GST_TYPE_CLOCK_TIME,
      GST_BUFFER_PTS (frame->buffer), "running-time", GST_TYPE_CLOCK_TIME, frame->running_time,
      "nearest", G_TYPE_STRING, nearest, "nearest-difference", G_TYPE_DOUBLE,
      picks.nearest >= 0 ? picks.nearest_difference : -1.0, NULL);
  gst_structure_take_value (s, "pictures", &pictures);
  gst_structure_take_value (s, "differences", &differences);
  gst_element_post_message (GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
}

static GstBuffer *
acquire_output (GstVColorize *self)
{
  GstBufferPool *pool = gst_aggregator_get_buffer_pool (GST_AGGREGATOR (self));
  GstBuffer *out = NULL;
  if (!pool)
    return gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&self->out_info), NULL);
  if (!gst_buffer_pool_is_active (pool))
    gst_buffer_pool_set_active (pool, TRUE);
  if (gst_buffer_pool_acquire_buffer (pool, &out, NULL) != GST_FLOW_OK)
    out = NULL;
  gst_object_unref (pool);
  return out;
}

/* With profiling: the GPU time of the frame received last (IN) as a
 * vcolorize-profile message; LENT: its output buffer is the engine's. */
static void
post_profile (GstVColorize *self, const GstVColorizeFrame *in, gboolean lent)
{
  VcColorizerProfile profile;
  if (!vc_colorizer_last_profile (self->colorizer, &profile))
    return;
  GstStructure *s = gst_structure_new (
      "vcolorize-profile", "timestamp", G_TYPE_UINT64, GST_BUFFER_PTS (in->buffer), "duration",
      G_TYPE_UINT64, GST_BUFFER_DURATION (in->buffer), "input-in-place", G_TYPE_BOOLEAN,
      in->in_place, "output-lent", G_TYPE_BOOLEAN, lent, NULL);
  for (guint i = 0; i < profile.n_passes; i++)
    gst_structure_set (s, profile.passes[i].name, G_TYPE_DOUBLE, profile.passes[i].ms, NULL);
  gst_structure_set (s, "gpu-total", G_TYPE_DOUBLE, profile.total_ms, "gpu-memory", G_TYPE_UINT64,
                     vc_colorizer_memory_in_use (self->colorizer), "gpu-memory-peak", G_TYPE_UINT64,
                     vc_colorizer_memory_peak (self->colorizer), NULL);
  gst_element_post_message (GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
}

/* RESULT (taken) as an output buffer: lent as it is (*LENT) where
 * downstream takes it, else copied into a buffer of downstream's pool;
 * NULL with *RET set when there is none. */
static GstBuffer *
output_buffer (GstVColorize *self, VcFrameBuffer *result, gboolean *lent, GstFlowReturn *ret)
{
  GstBuffer *out = NULL;
  *lent = self->lending.enabled &&
          (out = gst_vcolorize_lending_wrap (&self->lending, &self->out_info, result));
  if (*lent)
    return out;
  GstVideoFrame frame;
  if (!(out = acquire_output (self))) {
    *ret = GST_FLOW_FLUSHING;
  } else if (!gst_video_frame_map (&frame, &self->out_info, out, GST_MAP_WRITE)) {
    g_clear_pointer (&out, gst_buffer_unref);
    GST_ELEMENT_ERROR (self, CORE, FAILED, ("Cannot map an output buffer"), (NULL));
    *ret = GST_FLOW_ERROR;
  } else {
    VcHostFrame host = gst_vcolorize_host_frame (&frame);
    vc_frame_buffer_copy (result, &host);
    gst_video_frame_unmap (&frame);
  }
  vc_frame_buffer_release (result);
  return out;
}

/* Receives the oldest frame in flight and pushes it. */
static GstFlowReturn
push_oldest (GstVColorize *self)
{
  g_autoptr (GError) error = NULL;
  gpointer tag;
  VcShotResult shot;
  VcFrameBuffer *result;
  gboolean ok = vc_colorizer_receive_frame (self->colorizer, &result, &tag, &shot, &error);
  GstVColorizeFrame *in = tag;
  if (!ok) {
    gst_vcolorize_frame_free (in);
    gst_vcolorize_post_error (self, error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_FAILED);
    return GST_FLOW_ERROR;
  }
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean lent;
  GstBuffer *out = output_buffer (self, result, &lent, &ret);
  if (!out) {
    gst_vcolorize_frame_free (in);
    vc_colorizer_discard (self->colorizer);
    return ret;
  }
  post_shot (self, in, &shot);
  post_library (self, in);
  gst_buffer_copy_into (out, in->buffer, GST_BUFFER_COPY_TIMESTAMPS | GST_BUFFER_COPY_FLAGS, 0, -1);
  if (self->discont) {
    GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_DISCONT);
    self->discont = FALSE;
  }
  /* configured_in: the format of the frames in flight, also while they
   * drain before new caps */
  gst_vcolorize_copy_metas (
      GST_OBJECT (self), out, in->buffer,
      GST_VIDEO_INFO_WIDTH (&self->out_info) == GST_VIDEO_INFO_WIDTH (&self->configured_in) &&
          GST_VIDEO_INFO_HEIGHT (&self->out_info) == GST_VIDEO_INFO_HEIGHT (&self->configured_in));
  post_profile (self, in, lent);
  guint64 number = in->number;
  gst_vcolorize_frame_free (in);
  gst_vcolorize_tags_push (&self->tags, GST_AGGREGATOR (self), number);
  ret = gst_aggregator_finish_buffer (GST_AGGREGATOR (self), out);
  /* the stream's first tags follow its first frame, after its caps */
  gst_vcolorize_tags_push (&self->tags, GST_AGGREGATOR (self), number);
  return ret;
}

/* Pushes every frame in flight. */
static GstFlowReturn
drain (GstVColorize *self)
{
  GstFlowReturn ret = GST_FLOW_OK;
  while (ret == GST_FLOW_OK && self->colorizer && vc_colorizer_n_in_flight (self->colorizer) > 0)
    ret = push_oldest (self);
  return ret;
}

/* Live: pushes the frames held up to now past their time, the running
 * time plus the latency, when the sink shows them. A frame is held
 * (frames-in-flight, scene-lookahead) for as many frame durations as the
 * latency counts; frames that come further apart than the caps' frame rate
 * says (a camera slowed down by the dark), or a rate the caps do not give
 * (no latency of our own), would otherwise reach the sink late. */
static GstFlowReturn
push_due (GstVColorize *self)
{
  GstClockTime latency = gst_aggregator_get_latency (GST_AGGREGATOR (self));
  if (!GST_CLOCK_TIME_IS_VALID (latency) || !self->colorizer)
    return GST_FLOW_OK; /* not live */
  GstClockTime now = gst_element_get_current_running_time (GST_ELEMENT (self));
  GstFlowReturn ret = GST_FLOW_OK;
  const GstVColorizeFrame *oldest;
  while (ret == GST_FLOW_OK && GST_CLOCK_TIME_IS_VALID (now) &&
         (oldest = vc_colorizer_oldest_tag (self->colorizer)) &&
         GST_CLOCK_TIME_IS_VALID (oldest->running_time) && oldest->running_time + latency <= now) {
    GST_LOG_OBJECT (self, "frame %" G_GUINT64_FORMAT " is due", oldest->number);
    ret = push_oldest (self);
  }
  return ret;
}

/* Drops BUF when QoS says it would be late; posts the QOS message. */
static gboolean
drop_late (GstVColorize *self, GstBuffer *buf, GstClockTime running_time)
{
  GstAggregatorPad *pad = self->video_pad;
  GST_OBJECT_LOCK (self);
  gboolean late = self->qos_enabled && gst_vcolorize_qos_is_late (&self->qos, running_time);
  GstMessage *msg = NULL;
  if (late) {
    GstClockTime pts = GST_BUFFER_PTS (buf);
    msg =
        gst_vcolorize_qos_message (&self->qos, GST_OBJECT (self), running_time,
                                   gst_segment_to_stream_time (&pad->segment, GST_FORMAT_TIME, pts),
                                   pts, GST_BUFFER_DURATION (buf));
  }
  GST_OBJECT_UNLOCK (self);
  if (msg) {
    GST_DEBUG_OBJECT (self, "dropping late frame %" GST_PTR_FORMAT, buf);
    gst_element_post_message (GST_ELEMENT (self), msg);
  }
  return late;
}

/* Submits the video frame BUF (taken; frame NUMBER) and pushes the frames
 * that are done. */
static GstFlowReturn
process_frame (GstVColorize *self, GstBuffer *buf, guint64 number, GstClockTime running_time)
{
  GstAggregatorPad *srcpad = GST_AGGREGATOR_PAD (GST_AGGREGATOR_SRC_PAD (self));
  GstVideoFrame frame;
  if (!self->configured) {
    gst_buffer_unref (buf);
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("No output format was negotiated"), (NULL));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  if (GST_BUFFER_PTS_IS_VALID (buf))
    srcpad->segment.position =
        GST_BUFFER_PTS (buf) + (GST_BUFFER_DURATION_IS_VALID (buf) ? GST_BUFFER_DURATION (buf) : 0);
  /* a gap carries no picture */
  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP) && gst_buffer_get_size (buf) == 0) {
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }
  if (drop_late (self, buf, running_time)) {
    gst_buffer_unref (buf);
    /* behind: the frames in flight go out now rather than wait for
     * frames that are dropped; the next after them follows a gap, as
     * after GstBaseTransform's QoS */
    GstFlowReturn ret = drain (self);
    self->discont = TRUE;
    return ret;
  }
  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT))
    vc_colorizer_reset_memory (self->colorizer);
  if (!gst_video_frame_map (&frame, &self->in_info, buf, GST_MAP_READ)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT, ("Invalid video buffer"),
                       ("a buffer of %" G_GSIZE_FORMAT " bytes does not hold a %d×%d %s frame",
                        gst_buffer_get_size (buf), GST_VIDEO_INFO_WIDTH (&self->in_info),
                        GST_VIDEO_INFO_HEIGHT (&self->in_info),
                        GST_VIDEO_INFO_NAME (&self->in_info)));
    gst_buffer_unref (buf);
    return GST_FLOW_ERROR;
  }
  VcHostFrame host = gst_vcolorize_host_frame (&frame);
  g_autoptr (GError) error = NULL;
  GstVColorizeFrame *tag = g_new (GstVColorizeFrame, 1);
  /* a frame made in a buffer of our pool goes as it is (TAG keeps it) */
  VcFrameBuffer *in_place = gst_vcolorize_input_frame (buf, &frame);
  if (in_place && !vc_colorizer_takes_buffer (self->colorizer, in_place))
    in_place = NULL;
  *tag = (GstVColorizeFrame){ buf, number, running_time, in_place != NULL };
  /* the colorizer owns TAG from here: it comes back with the result */
  gboolean ok = in_place ? vc_colorizer_submit_buffer (self->colorizer, in_place, tag, &error)
                         : vc_colorizer_submit (self->colorizer, &host, tag, &error);
  gst_video_frame_unmap (&frame);
  if (!ok) {
    gst_vcolorize_frame_free (tag);
    gst_vcolorize_post_error (self, error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED);
    return GST_FLOW_ERROR;
  }
  GST_OBJECT_LOCK (self);
  gboolean behind = self->qos_enabled && self->qos.behind;
  GST_OBJECT_UNLOCK (self);
  /* behind, each frame goes out as soon as it is done, so that the next
   * drop decision knows how late it came */
  if (behind)
    return drain (self);
  GstFlowReturn ret = GST_FLOW_OK;
  while (ret == GST_FLOW_OK && vc_colorizer_is_full (self->colorizer))
    ret = push_oldest (self);
  return ret;
}

static GstFlowReturn
gst_vcolorize_aggregate (GstAggregator *agg, gboolean timeout)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  GstAggregatorPad *pad = self->video_pad;
  GstFlowReturn ret = self->pending_flow;
  self->pending_flow = GST_FLOW_OK;
  if (ret == GST_FLOW_OK)
    ret = push_due (self);
  if (ret != GST_FLOW_OK)
    return ret;

  GstBuffer *buf = gst_aggregator_pad_peek_buffer (pad);
  if (!buf) {
    if (gst_aggregator_pad_is_eos (pad)) {
      ret = drain (self);
      /* tags after the last frame (or of a stream without any) */
      gst_vcolorize_tags_push (&self->tags, agg, G_MAXUINT64);
      gst_vcolorize_tags_clear (&self->tags);
      return ret == GST_FLOW_OK ? GST_FLOW_EOS : ret;
    }
    /* live, timed out without video: take what references came */
    return gst_vcolorize_take_pad_references (self, GST_CLOCK_TIME_NONE) ? GST_FLOW_OK
                                                                         : GST_FLOW_ERROR;
  }
  GstClockTime pts = GST_BUFFER_PTS (buf);
  GstClockTime running_time = gst_segment_to_running_time (&pad->segment, GST_FORMAT_TIME, pts);
  gst_aggregator_pad_drop_buffer (pad);
  guint64 number = self->n_frames++;
  if (GST_CLOCK_TIME_IS_VALID (pts) && !GST_CLOCK_TIME_IS_VALID (running_time)) {
    GST_DEBUG_OBJECT (self, "dropping a frame outside the segment");
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }
  gst_aggregator_selected_samples (agg, pts, GST_BUFFER_DTS (buf), GST_BUFFER_DURATION (buf), NULL);
  if (!gst_vcolorize_take_pad_references (self, running_time)) {
    gst_buffer_unref (buf);
    return GST_FLOW_ERROR;
  }
  return process_frame (self, buf, number, running_time);
}

/* Live: when to aggregate even if some pads have no data. */
static GstClockTime
gst_vcolorize_get_next_time (GstAggregator *agg)
{
  GstAggregatorPad *pad = GST_VCOLORIZE (agg)->video_pad;
  /* at the end of the video, at once: a reference pad that is still open
   * must not hold the EOS back */
  if (gst_aggregator_pad_is_eos (pad))
    return 0;
  /* a frame waits for references until its own time (plus the latency),
   * not longer; a frame held is pushed at that time (push_due) */
  GstClockTime t = GST_CLOCK_TIME_NONE;
  GstBuffer *buf = gst_aggregator_pad_peek_buffer (pad);
  if (buf) {
    t = gst_segment_to_running_time (&pad->segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
    if (!GST_CLOCK_TIME_IS_VALID (t))
      t = 0;
    gst_buffer_unref (buf);
  }
  GstVColorize *self = GST_VCOLORIZE (agg);
  const GstVColorizeFrame *oldest =
      self->colorizer ? vc_colorizer_oldest_tag (self->colorizer) : NULL;
  if (oldest && GST_CLOCK_TIME_IS_VALID (oldest->running_time))
    t = GST_CLOCK_TIME_IS_VALID (t) ? MIN (t, oldest->running_time) : oldest->running_time;
  return t;
}

/* ---- negotiation ---- */

void
gst_vcolorize_update_latency (GstVColorize *self)
{
  GstClockTime latency = 0;
  const GstVideoInfo *info = &self->in_info;
  GST_OBJECT_LOCK (self);
  /* frames on the GPU, and frames waiting for their scene look-ahead */
  guint frames = self->frames_in_flight + self->scene_lookahead;
  GST_OBJECT_UNLOCK (self);
  if (GST_VIDEO_INFO_FPS_N (info) > 0)
    latency = gst_util_uint64_scale_int (frames * GST_SECOND, GST_VIDEO_INFO_FPS_D (info),
                                         GST_VIDEO_INFO_FPS_N (info));
  GST_DEBUG_OBJECT (self, "latency %" GST_TIME_FORMAT, GST_TIME_ARGS (latency));
  gst_aggregator_set_latency (GST_AGGREGATOR (self), latency, latency);
}

static GstFlowReturn
gst_vcolorize_update_src_caps (GstAggregator *agg, GstCaps *downstream, GstCaps **ret)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  if (!self->has_in_info)
    return GST_AGGREGATOR_FLOW_NEED_DATA;
  GST_OBJECT_LOCK (self);
  self->negotiating_view = self->view;
  GST_OBJECT_UNLOCK (self);
  *ret = gst_vcolorize_src_caps_for (&self->in_info, self->negotiating_view, downstream);
  if (gst_caps_is_empty (*ret)) {
    gst_clear_caps (ret);
    return GST_FLOW_NOT_NEGOTIATED;
  }
  return GST_FLOW_OK;
}

/* GstAggregator's negotiation, with an error that says why when it fails:
 * downstream accepts nothing we can output (the engine's own failures are
 * posted where they happen). */
static gboolean
gst_vcolorize_negotiate (GstAggregator *agg)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  self->negotiation_error = FALSE;
  if (parent_class->negotiate (agg))
    return TRUE;
  GstPad *srcpad = GST_AGGREGATOR_SRC_PAD (agg);
  if (!self->negotiation_error && !GST_PAD_IS_FLUSHING (srcpad) && self->has_in_info) {
    guint w, h;
    vc_colorizer_output_size (self->negotiating_view, GST_VIDEO_INFO_WIDTH (&self->in_info),
                              GST_VIDEO_INFO_HEIGHT (&self->in_info), &w, &h);
    GstCaps *downstream = gst_pad_peer_query_caps (srcpad, NULL);
    /* interlaced video needs downstream to take interlaced video too */
    const char *hint = GST_VIDEO_INFO_IS_INTERLACED (&self->in_info)
                           ? " for interlaced video (add videoconvert and videoscale after it, "
                             "or deinterlace before it?)"
                           : " (add videoconvert and videoscale after it?)";
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
                       ("Downstream accepts none of the colour formats vcolorize outputs at "
                        "%u×%u%s",
                        w, h, hint),
                       ("downstream accepts %" GST_PTR_FORMAT, downstream));
    gst_caps_unref (downstream);
  }
  return FALSE;
}

static GstCaps *
gst_vcolorize_fixate_src_caps (GstAggregator *agg, GstCaps *caps)
{
  return gst_vcolorize_caps_fixate (caps, &GST_VCOLORIZE (agg)->in_info);
}

static gboolean
gst_vcolorize_negotiated_src_caps (GstAggregator *agg, GstCaps *caps)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  GstVideoInfo out;
  VcVideoFormat in_format, out_format;
  g_autoptr (GError) error = NULL;
  if (!gst_video_info_from_caps (&out, caps))
    return FALSE;
  if (self->configured && gst_video_info_is_equal (&out, &self->out_info) &&
      gst_video_info_is_equal (&self->in_info, &self->configured_in) &&
      self->negotiating_view == self->configured_view)
    return TRUE;
  /* frames of the old format leave before the new caps */
  if (drain (self) != GST_FLOW_OK)
    return FALSE;
  self->configured = FALSE;
  self->lending.enabled = FALSE; /* until decide_allocation() */
  if (!gst_vcolorize_video_format (&self->in_info, &in_format, &error) ||
      !gst_vcolorize_video_format (&out, &out_format, &error) ||
      !vc_colorizer_configure (self->colorizer, &in_format, &out_format, self->negotiating_view,
                               &error)) {
    /* too large a frame for the device is a size the element cannot take */
    if (g_error_matches (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY))
      error->code = VC_ERROR_INVALID_ARGUMENT;
    gst_vcolorize_post_error (self, error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION);
    self->negotiation_error = TRUE;
    return FALSE;
  }
  GST_INFO_OBJECT (self, "colorizing %" GST_PTR_FORMAT, caps);
  self->out_info = out;
  self->configured_in = self->in_info;
  self->configured_view = self->negotiating_view;
  self->configured = TRUE;
  return TRUE;
}

static gboolean
gst_vcolorize_decide_allocation (GstAggregator *agg, GstQuery *query)
{
  GstCaps *caps;
  GstVideoInfo info;
  GstBufferPool *pool = NULL;
  guint size = 0, min = 0, max = 0;
  gst_query_parse_allocation (query, &caps, NULL);
  if (!caps || !gst_video_info_from_caps (&info, caps))
    return FALSE;
  gboolean have_pool = gst_query_get_n_allocation_pools (query) > 0;
  if (have_pool)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
  size = MAX (size, (guint) GST_VIDEO_INFO_SIZE (&info));
  if (!pool)
    pool = gst_video_buffer_pool_new ();
  GstStructure *config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  if (gst_query_find_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL))
    gst_buffer_pool_config_add_option (config, GST_BUFFER_POOL_OPTION_VIDEO_META);
  if (!gst_buffer_pool_set_config (pool, config)) {
    config = gst_buffer_pool_get_config (pool);
    if (!gst_buffer_pool_config_validate_params (config, caps, size, min, max) ||
        !gst_buffer_pool_set_config (pool, config)) {
      gst_object_unref (pool);
      return FALSE;
    }
  }
  /* before the pool is ours: lending looks at downstream's */
  GstVColorize *self = GST_VCOLORIZE (agg);
  gst_vcolorize_lending_decide (&self->lending, query, &info,
                                self->colorizer ? vc_colorizer_output_layout (self->colorizer)
                                                : NULL);
  GST_DEBUG_OBJECT (self, "output frames %s",
                    self->lending.enabled ? "lent" : "copied into downstream's buffers");
  if (have_pool)
    gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, size, min, max);
  gst_object_unref (pool);
  return TRUE;
}

static gboolean
gst_vcolorize_propose_allocation (GstAggregator *agg, GstAggregatorPad *pad, GstQuery *decide_query,
                                  GstQuery *query)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  /* any strides: frames are copied row by row */
  gst_query_add_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL);
  /* video frames made in the engine's input buffers go to the GPU as they
   * are */
  GstCaps *caps;
  GstVideoInfo info;
  gst_query_parse_allocation (query, &caps, NULL);
  if (pad != self->video_pad || !caps || !gst_video_info_from_caps (&info, caps))
    return TRUE;
  g_mutex_lock (&self->engine_lock);
  VcFramePool *frames = self->colorizer ? vc_colorizer_input_pool (self->colorizer) : NULL;
  g_mutex_unlock (&self->engine_lock);
  if (!frames)
    return TRUE;
  GstBufferPool *pool = gst_vcolorize_input_pool_new (frames);
  GstStructure *config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, (guint) GST_VIDEO_INFO_SIZE (&info), 0, 0);
  if (gst_buffer_pool_set_config (pool, config))
    gst_query_add_allocation_pool (query, pool, (guint) GST_VIDEO_INFO_SIZE (&info), 0, 0);
  else
    GST_DEBUG_OBJECT (self, "no buffer pool proposed for %" GST_PTR_FORMAT, caps);
  gst_object_unref (pool);
  return TRUE;
}

/* ---- events and queries ---- */

static gboolean
video_caps (GstVColorize *self, GstCaps *caps)
{
  GstVideoInfo info;
  if (!gst_video_info_from_caps (&info, caps)) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("Invalid video caps"), ("%" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  if (self->has_in_info && gst_video_info_is_equal (&info, &self->in_info))
    return TRUE;
  GST_DEBUG_OBJECT (self, "video caps %" GST_PTR_FORMAT, caps);
  self->in_info = info;
  self->has_in_info = TRUE;
  gst_vcolorize_update_latency (self);
  gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (self));
  return TRUE;
}

static gboolean
reference_caps (GstVColorize *self, GstVColorizeRefPad *pad, GstCaps *caps)
{
  if (!gst_video_info_from_caps (&pad->info, caps)) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("Invalid caps on %s", GST_PAD_NAME (pad)),
                       ("%" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  pad->has_info = TRUE;
  return TRUE;
}

static gboolean
gst_vcolorize_sink_event (GstAggregator *agg, GstAggregatorPad *pad, GstEvent *event)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  gboolean video = pad == self->video_pad;
  switch (GST_EVENT_TYPE (event)) {
  case GST_EVENT_CAPS: {
    GstCaps *caps;
    gst_event_parse_caps (event, &caps);
    gboolean ok =
        video ? video_caps (self, caps) : reference_caps (self, GST_VCOLORIZE_REF_PAD (pad), caps);
    if (!ok) {
      gst_event_unref (event);
      return FALSE;
    }
    break;
  }
  case GST_EVENT_SEGMENT:
    if (video) {
      const GstSegment *segment;
      gst_event_parse_segment (event, &segment);
      /* frames of the old segment leave before the new one */
      self->pending_flow = drain (self);
      gst_aggregator_update_segment (agg, segment);
      if (self->colorizer)
        vc_colorizer_reset_memory (self->colorizer);
    }
    break;
  case GST_EVENT_STREAM_START:
    if (video && self->colorizer)
      vc_colorizer_reset_memory (self->colorizer);
    break;
  case GST_EVENT_TAG:
    if (video) {
      /* GstAggregator eats tags; a filter passes its video's on (a title, a
       * date, a language), in order with the frames. A reference's tags
       * describe a picture, not the video: they stay behind. */
      gst_vcolorize_tags_add (&self->tags, event, self->n_frames);
      return TRUE;
    }
    break;
  default:
    break;
  }
  return parent_class->sink_event (agg, pad, event);
}

static gboolean
gst_vcolorize_src_event (GstAggregator *agg, GstEvent *event)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  if (GST_EVENT_TYPE (event) == GST_EVENT_SEEK)
    return gst_vcolorize_seek (self, event);
  if (GST_EVENT_TYPE (event) == GST_EVENT_QOS) {
    GST_OBJECT_LOCK (self);
    gst_vcolorize_qos_update (&self->qos, event);
    GST_OBJECT_UNLOCK (self);
  }
  return parent_class->src_event (agg, event);
}

static gboolean
gst_vcolorize_src_query (GstAggregator *agg, GstQuery *query)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  switch (GST_QUERY_TYPE (query)) {
  case GST_QUERY_POSITION:
  case GST_QUERY_DURATION:
  case GST_QUERY_URI:
  case GST_QUERY_SEEKING:
    /* the video's */
    return gst_pad_peer_query (GST_PAD (self->video_pad), query);
  default:
    return parent_class->src_query (agg, query);
  }
}

static GstFlowReturn
gst_vcolorize_flush (GstAggregator *agg)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  GST_DEBUG_OBJECT (self, "flushing");
  if (self->colorizer) {
    vc_colorizer_discard (self->colorizer);
    vc_colorizer_reset_memory (self->colorizer);
  }
  GST_OBJECT_LOCK (self);
  gst_vcolorize_qos_reset (&self->qos);
  GST_OBJECT_UNLOCK (self);
  GST_AGGREGATOR_PAD (GST_AGGREGATOR_SRC_PAD (agg))->segment.position = GST_CLOCK_TIME_NONE;
  self->pending_flow = GST_FLOW_OK;
  self->discont = FALSE;
  gst_vcolorize_tags_clear (&self->tags);
  /* frame numbers start again (the colorizer's scene detection did too) */
  self->n_frames = 0;
  return GST_FLOW_OK;
}

void
gst_vcolorize_stream_class_init (GstAggregatorClass *klass)
{
  parent_class = g_type_class_peek_parent (klass);
  klass->aggregate = gst_vcolorize_aggregate;
  klass->get_next_time = gst_vcolorize_get_next_time;
  klass->negotiate = gst_vcolorize_negotiate;
  klass->update_src_caps = gst_vcolorize_update_src_caps;
  klass->fixate_src_caps = gst_vcolorize_fixate_src_caps;
  klass->negotiated_src_caps = gst_vcolorize_negotiated_src_caps;
  klass->decide_allocation = gst_vcolorize_decide_allocation;
  klass->propose_allocation = gst_vcolorize_propose_allocation;
  klass->sink_event = gst_vcolorize_sink_event;
  klass->src_event = gst_vcolorize_src_event;
  klass->src_query = gst_vcolorize_src_query;
  klass->flush = gst_vcolorize_flush;
}
