/* vcolorize — picking library pictures for a shot (see vc-library.h). */
#include "vc-library.h"

#include "vc-shot.h"
#include "vc-thumbnail.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
  guint index;
  double difference;
} Ranked;

static gint
by_difference (gconstpointer a, gconstpointer b)
{
  const Ranked *ra = a, *rb = b;
  if (ra->difference != rb->difference)
    return ra->difference < rb->difference ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

void
vc_library_pick (const float *frame, guint w, guint h, const VcReference *pictures, guint n,
                 guint max_picks, double max_difference, VcLibraryPicks *picks)
{
  *picks = (VcLibraryPicks){ .nearest = -1, .nearest_difference = G_MAXDOUBLE };
  if (n == 0)
    return;
  guint hw = MAX (w / 2, 1), hh = MAX (h / 2, 1);
  gsize size = (gsize) hw * hh;
  g_autofree float *small = g_new (float, size);
  g_autofree float *picture = g_new (float, size);
  g_autofree Ranked *ranked = g_new (Ranked, n);
  vc_thumbnail_resample (frame, w, h, small, hw, hh);
  for (guint i = 0; i < n; i++) {
    const VcLightnessGrid *g = &pictures[i].grids[VC_REFERENCE_THUMBNAIL];
    vc_thumbnail_resample (g_bytes_get_data (g->lightness, NULL), g->width, g->height, picture, hw,
                           hh);
    ranked[i] =
        (Ranked){ i, vc_shot_difference (small, picture, hw, hh, VC_SHOT_SEARCH, NULL, NULL) };
  }
  qsort (ranked, n, sizeof *ranked, (GCompareFunc) by_difference);
  picks->nearest = (int) ranked[0].index;
  picks->nearest_difference = ranked[0].difference;
  max_picks = MIN (max_picks, VC_COLORIZER_MAX_REFERENCES);
  for (guint i = 0; i < n && picks->n < max_picks && ranked[i].difference < max_difference; i++) {
    picks->index[picks->n] = ranked[i].index;
    picks->difference[picks->n++] = ranked[i].difference;
  }
}
