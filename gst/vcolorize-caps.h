/* vcolorize — GStreamer caps and video info <-> the engine's formats. The
 * formats come from the engine's one table (src/net/vc-frame.h). */
#pragma once

#include <gst/video/video.h>

#include "vc-colorizer.h"

G_BEGIN_DECLS

/* video/x-raw in every format the engine reads (sink pad; ref pads with any
 * frame rate or none, as pictures may come without one), or in every colour
 * format it writes (src pad). */
GstCaps *gst_vcolorize_sink_template_caps (void);
GstCaps *gst_vcolorize_ref_template_caps (void);
GstCaps *gst_vcolorize_src_template_caps (void);

/* The engine's matrix for GStreamer's (BT.709 for those it does not know). */
VcYuvMatrix gst_vcolorize_yuv_matrix (GstVideoColorMatrix matrix);
/* The engine's view of INFO; FALSE (with a message for a person in *error,
 * GST_CORE_ERROR_NEGOTIATION) for a format the engine does not handle. */
gboolean gst_vcolorize_video_format (const GstVideoInfo *info, VcVideoFormat *format,
                                     GError **error);
/* A VcHostFrame for a mapped FRAME. */
VcHostFrame gst_vcolorize_host_frame (GstVideoFrame *frame);

/* What the src pad can output for input INFO in VIEW, as allowed by
 * DOWNSTREAM: the src template with the input's size (doubled in width for
 * side by side), frame rate and pixel aspect ratio. */
GstCaps *gst_vcolorize_src_caps_for (const GstVideoInfo *info, VcView view, GstCaps *downstream);
/* Fixates CAPS (taken), keeping the input's format when it is offered. */
GstCaps *gst_vcolorize_caps_fixate (GstCaps *caps, const GstVideoInfo *info);

G_END_DECLS
