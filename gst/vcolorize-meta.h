/* vcolorize — carrying an input frame's metadata (timecode, captions,
 * AFD, reference timestamps, an application's own metas) to its output. */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Copies IN's metas that still hold for OUT, the picture made from it:
 * those not tied to IN's memory (video layout, parent buffer) or to its
 * colours, and those about the picture's geometry (AFD, bars, regions of
 * interest, crop) only when SAME_GEOMETRY, OUT as wide and high as IN.
 * OBJECT: for the debug log. */
void gst_vcolorize_copy_metas (GstObject *object, GstBuffer *out, GstBuffer *in,
                               gboolean same_geometry);

G_END_DECLS
