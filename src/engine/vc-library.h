/* vcolorize — picking library pictures for a shot (seed 003's automatic
 * reference recommendation), on the host, from small pictures of L*.
 *
 * The difference of a frame and a picture is the scene detection's
 * (vc_shot_difference): the frame's L* thumbnail and the picture's
 * (vc-reference.h) are both shrunk to half the frame's thumbnail size by
 * area averages (a picture of another aspect ratio is stretched to it),
 * normalised to zero mean and unit standard deviation, and their mean
 * absolute difference taken after the best shift of up to VC_SHOT_SEARCH
 * pixels. Brightness, contrast and small moves of the camera make no
 * difference; unrelated pictures score about 0.8 to 1.2. */
#pragma once

#include "vc-colorizer.h"
#include "vc-reference.h"

G_BEGIN_DECLS

/* The N PICTURES ranked by their difference to the frame whose L*
 * thumbnail is FRAME (W×H): *PICKS = the nearest MAX_PICKS (at most
 * VC_COLORIZER_MAX_REFERENCES) of those below MAX_DIFFERENCE, nearest
 * first (ties: the lower index), and the nearest of all. */
void vc_library_pick (const float *frame, guint w, guint h, const VcReference *pictures, guint n,
                      guint max_picks, double max_difference, VcLibraryPicks *picks);

G_END_DECLS
