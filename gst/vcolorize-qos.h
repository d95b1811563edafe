/* vcolorize — quality of service: dropping frames that would be late, from
 * the QOS events downstream sends (as GstBaseTransform does; GstAggregator
 * has no QoS of its own). Not thread-safe: the element guards it with its
 * object lock. */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct {
  gdouble proportion;
  GstClockTime earliest_time; /* running time before which frames are late */
  gboolean behind;            /* a frame came late downstream, and not enough in
                               * time since: frames go out as soon as done */
  guint in_time;              /* frames in time since the last late one */
  guint64 processed, dropped;
} GstVColorizeQos;

void gst_vcolorize_qos_reset (GstVColorizeQos *qos);
/* Takes what a QOS event says. */
void gst_vcolorize_qos_update (GstVColorizeQos *qos, GstEvent *event);
/* Whether a frame at RUNNING_TIME is late and should be dropped; counts it
 * as processed or dropped. */
gboolean gst_vcolorize_qos_is_late (GstVColorizeQos *qos, GstClockTime running_time);
/* The QOS message for a dropped frame. */
GstMessage *gst_vcolorize_qos_message (const GstVColorizeQos *qos, GstObject *src,
                                       GstClockTime running_time, GstClockTime stream_time,
                                       GstClockTime timestamp, GstClockTime duration);

G_END_DECLS
