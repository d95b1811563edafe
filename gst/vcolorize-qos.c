/* vcolorize — quality of service. */
#include "vcolorize-qos.h"

void
gst_vcolorize_qos_reset (GstVColorizeQos *qos)
{
  qos->proportion = 1.0;
  qos->earliest_time = GST_CLOCK_TIME_NONE;
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
  /* an underflow says nothing about our speed */
  if (type == GST_QOS_TYPE_UNDERFLOW || !GST_CLOCK_TIME_IS_VALID (timestamp))
    return;
  qos->proportion = proportion;
  if (diff >= 0 || (GstClockTime) -diff < timestamp)
    qos->earliest_time = timestamp + diff;
  else
    qos->earliest_time = 0;
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
