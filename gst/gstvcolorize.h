/* vcolorize — GstVColorize: colorizes grayscale video from reference
 * images, on the GPU (Vulkan). A GstAggregator: the video on the always
 * "sink" pad, reference images on request "ref_%u" pads and in the "refs"
 * property, colour video on "src". */
#pragma once

#include <gst/base/gstaggregator.h>

G_BEGIN_DECLS

#define GST_TYPE_VCOLORIZE (gst_vcolorize_get_type ())
G_DECLARE_FINAL_TYPE (GstVColorize, gst_vcolorize, GST, VCOLORIZE, GstAggregator)

#define GST_TYPE_VCOLORIZE_VIEW (gst_vcolorize_view_get_type ())
GType gst_vcolorize_view_get_type (void);
#define GST_TYPE_VCOLORIZE_HINTS_MODE (gst_vcolorize_hints_mode_get_type ())
GType gst_vcolorize_hints_mode_get_type (void);

GST_ELEMENT_REGISTER_DECLARE (vcolorize);

G_END_DECLS
