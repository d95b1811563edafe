/* vcolorize — quality of service. */
#include "vcolorize-qos.h"

#define QOS_CAUGHT_UP 8

void
gst_vcolorize_qos_reset (GstVColorizeQos *qos)
{
  qos->proportion = 1.0;
  qos->earliest_time = GST_CLOCK_TIME_NONE;
  qos->behind = FALSE;
  qos->in_time = 0;
  qos->processed = qos->dropped = 0;
}

void
gst_vcolorize_qos_update (GstVColorizeQos *qos, GstEvent *event)
{
  GstQOSType type;
  gdouble proportion;
  GstClockTimeDiff diff;
  GstClockTime timestamp;
  gst_event_parse_qos (event, &type, &proportion, &diff, &timestamp);
  /* Every type counts, as in GstBaseTransform: a sink sends an underflow
   * for a frame that came late (diff > 0), an overflow for one in time and
   * a throttle with the time to leave between frames. */
  if (!GST_CLOCK_TIME_IS_VALID (timestamp))
    return;
  qos->proportion = proportion;
  if (type == GST_QOS_TYPE_THROTTLE) {
    /* not late: the frames within DIFF of this one are not wanted */
    qos->earliest_time = timestamp + MAX (diff, 0);
  } else if (diff > 0) {
    /* late by DIFF: skip as far again, as GstVideoDecoder does, so that the
     * next frame taken has a chance to be in time */
    qos->earliest_time = timestamp + 2 * diff;
    qos->behind = TRUE;
    qos->in_time = 0;
  } else {
    qos->earliest_time = (GstClockTime) -diff < timestamp ? timestamp + diff : 0;
    /* caught up after QOS_CAUGHT_UP frames in time in a row */
    if (qos->behind && ++qos->in_time >= QOS_CAUGHT_UP)
      qos->behind = FALSE;
  }
}

gboolean
gst_vcolorize_qos_is_late (GstVColorizeQos *qos, GstClockTime running_time)
{
  gboolean late = GST_CLOCK_TIME_IS_VALID (running_time) &&
                  GST_CLOCK_TIME_IS_VALID (qos->earliest_time) &&
                  running_time <= qos->earliest_time;
  if (late)
    qos->dropped++;
  else
    qos->processed++;
  return late;
}

GstMessage *
gst_vcolorize_qos_message (const GstVColorizeQos *qos, GstObject *src, GstClockTime running_time,
                           GstClockTime stream_time, GstClockTime timestamp, GstClockTime duration)
{
  GstMessage *msg =
      gst_message_new_qos (src, FALSE, running_time, stream_time, timestamp, duration);
  GstClockTimeDiff jitter = GST_CLOCK_DIFF (running_time, qos->earliest_time);
  gst_message_set_qos_values (msg, jitter, qos->proportion, 1000000);
  gst_message_set_qos_stats (msg, GST_FORMAT_BUFFERS, qos->processed, qos->dropped);
  return msg;
}
