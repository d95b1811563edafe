/* vcolorize — a reference pad (ref_%u): every buffer replaces its
 * reference image; or the hints pad: every buffer replaces the colour
 * hints. */
#pragma once

#include <gst/base/gstaggregator.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

#define GST_TYPE_VCOLORIZE_REF_PAD (gst_vcolorize_ref_pad_get_type ())
G_DECLARE_FINAL_TYPE (GstVColorizeRefPad, gst_vcolorize_ref_pad, GST, VCOLORIZE_REF_PAD,
                      GstAggregatorPad)

/* Streaming-thread state, touched only by the element's aggregate and
 * sink_event, which GstAggregator runs in its source pad's task. */
struct _GstVColorizeRefPad {
  GstAggregatorPad parent;
  guint index;       /* N of ref_N: the reference's key in the colorizer */
  gboolean hints;    /* the hints pad: its buffers are colour hints */
  GstVideoInfo info; /* of the caps received last */
  gboolean has_info;
  GstBuffer *applied; /* the buffer whose picture is the reference now */
};

/* Whether BUFFER holds the same memory as the buffer applied last (a still
 * image repeated by imagefreeze, say), so that it need not be encoded
 * again. */
gboolean gst_vcolorize_ref_pad_is_applied (GstVColorizeRefPad *pad, GstBuffer *buffer);

G_END_DECLS
