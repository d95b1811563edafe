/* vcolorize — GstVColorizeCompare: measures a video against the true one
 * (broadcast QA, or scoring a colorization live). A GstAggregator: the
 * video on "sink" goes through to "src" untouched; each of its frames is
 * compared with the frame of the same time on "truth", and the figures
 * (PSNR, MSE, SSIM of 8-bit RGB, as tools/vc-quality.py computes them) are
 * posted as element messages, with a summary at the end of the stream. */
#pragma once

#include <gst/base/gstaggregator.h>

G_BEGIN_DECLS

#define GST_TYPE_VCOLORIZE_COMPARE (gst_vcolorize_compare_get_type ())
G_DECLARE_FINAL_TYPE (GstVColorizeCompare, gst_vcolorize_compare, GST, VCOLORIZE_COMPARE,
                      GstAggregator)

GST_ELEMENT_REGISTER_DECLARE (vcolorizecompare);

G_END_DECLS
