/* vcolorize — picking library pictures for a shot (see vc-library.h). */
#include "vc-library.h"

#include "vc-shot.h"

#include <math.h>
#include <stdlib.h>

/* The part of source cell I (0 .. SN) that DST cell J of DN covers: its
 * first and last source cells and the weights of those two (the cells
 * between weigh 1). */
typedef struct {
  guint first, last;
  float w_first, w_last;
} Span;

static Span
span (guint j, guint sn, guint dn)
{
  double a = (double) j * sn / dn, b = (double) (j + 1) * sn / dn;
  guint first = (guint) a, last = MIN ((guint) ceil (b) - 1, sn - 1);
  Span s = { first, last, 1.0f, 1.0f };
  if (first == last) {
    s.w_first = s.w_last = (float) (b - a);
    return s;
  }
  s.w_first = (float) (first + 1 - a);
  s.w_last = (float) (b - last);
  return s;
}

static float
span_weight (const Span *s, guint i)
{
  return i == s->first ? s->w_first : i == s->last ? s->w_last : 1.0f;
}

void
vc_library_resample (const float *src, guint sw, guint sh, float *dst, guint dw, guint dh)
{
  for (guint y = 0; y < dh; y++) {
    Span sy = span (y, sh, dh);
    for (guint x = 0; x < dw; x++) {
      Span sx = span (x, sw, dw);
      double sum = 0, total = 0;
      for (guint i = sy.first; i <= sy.last; i++)
        for (guint j = sx.first; j <= sx.last; j++) {
          double w = (double) span_weight (&sy, i) * span_weight (&sx, j);
          sum += w * src[(gsize) i * sw + j];
          total += w;
        }
      dst[(gsize) y * dw + x] = (float) (sum / total);
    }
  }
}

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
  vc_library_resample (frame, w, h, small, hw, hh);
  for (guint i = 0; i < n; i++) {
    const VcLightnessGrid *g = &pictures[i].grids[VC_REFERENCE_THUMBNAIL];
    vc_library_resample (g_bytes_get_data (g->lightness, NULL), g->width, g->height, picture, hw,
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
