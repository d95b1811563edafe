/* vcolorize — picking library pictures for a shot (see vc-library.h). */
#include "vc-library.h"

#include "vc-shot.h"
#include "vc-thumbnail.h"

#include <math.h>

/* Inserts picture INDEX at DIFFERENCE into TOP (TOP->n of at most MAX,
 * nearest first), after those as near: it comes after them in the library;
 * the farthest falls out of a full TOP. */
static void
insert (VcLibraryPicks *top, guint max, guint index, double difference)
{
  guint at = top->n;
  while (at > 0 && top->difference[at - 1] > difference)
    at--;
  if (at >= max)
    return;
  guint last = MIN (top->n, max - 1);
  for (guint i = last; i > at; i--) {
    top->index[i] = top->index[i - 1];
    top->difference[i] = top->difference[i - 1];
  }
  top->index[at] = index;
  top->difference[at] = difference;
  top->n = MIN (top->n + 1, max);
}

void
vc_library_pick (const float *frame, guint w, guint h, const VcReference *pictures, guint n,
                 guint max_picks, double max_difference, VcLibraryPicks *picks)
{
  *picks = (VcLibraryPicks){ .nearest = -1, .nearest_difference = G_MAXDOUBLE };
  if (n == 0)
    return;
  max_picks = MIN (max_picks, VC_COLORIZER_MAX_REFERENCES);
  guint hw = MAX (w / 2, 1), hh = MAX (h / 2, 1);
  gsize size = (gsize) hw * hh;
  g_autofree float *small = g_new (float, size);
  g_autofree float *picture = g_new (float, size);
  g_autofree float *normalised = g_new (float, size);
  vc_thumbnail_resample (frame, w, h, picture, hw, hh);
  vc_shot_normalise (picture, size, small);
  for (guint i = 0; i < n; i++) {
    const VcLightnessGrid *g = &pictures[i].grids[VC_REFERENCE_THUMBNAIL];
    vc_thumbnail_resample (g_bytes_get_data (g->lightness, NULL), g->width, g->height, picture, hw,
                           hh);
    vc_shot_normalise (picture, size, normalised);
    /* what matters is exact: the nearest so far, and a pick that would
     * rank among the picks; a picture that is neither is left as soon as
     * that is sure (ranking 8,192 photos: 107 ms, 191 ms before) */
    double pick_bound = max_picks == 0         ? 0.0
                        : picks->n < max_picks ? max_difference
                                               : picks->difference[max_picks - 1];
    double bound = MAX (picks->nearest_difference, pick_bound);
    double d = vc_shot_normalised_difference (small, normalised, hw, hh, VC_SHOT_SEARCH, bound);
    /* ties go to the lower index: the first */
    if (d < picks->nearest_difference) {
      picks->nearest = (int) i;
      picks->nearest_difference = d;
    }
    if (d < max_difference)
      insert (picks, max_picks, i, d);
  }
}
