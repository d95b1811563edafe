/* vcolorize — colour hints: a*b* that a person painted over some pixels,
 * spread through the regions of like lightness around them and mixed into
 * the network's a*b*.
 *
 * The hints are a 4×h×w tensor: a·m, b·m and m, the hint's coverage of
 * each pixel in [0, 1] (0: no hint; the fourth channel is unused). Along a
 * row or a column, neighbours k−1 and k are at the distance
 *   d[k] = 1 + (σs/σr)·|L[k] − L[k−1]|
 * (the domain transform of Gastal and Oliveira 2011, "Domain transform for
 * edge-aware image and video processing"), so an edge of σr in L counts as
 * σs pixels; L here is each pixel's mean over its 3×3 neighbourhood (within
 * the grid), so that fine texture adds little and an edge counts whole. Two recursive filters run
 * along every row and then every column, forwards and backwards, VC_HINTS_ITERATIONS times:
 * - the colour: a·m, b·m and m alike, J[k] = I[k] + a^d[k]·(J[k−1] − I[k]),
 *   in pass i with a = exp(−√2/σ_i), σ_i = σs·√3·2^(N−i−1)/√(4^N − 1) (N
 *   passes, i = 0 … N−1): an edge-aware blur of about σs pixels; the hints'
 *   colour at a pixel is then (A, B) / M, the filtered a·m and b·m over the
 *   filtered m;
 * - the reach: R[k] = max (I[k], exp (−d[k]/σs)·R[k−1]) from R = m: the
 *   coverage of the nearest hint decayed by e for every σs of distance
 *   through like lightness (a geodesic distance, whatever the hint's size).
 * A pixel where M > 1e-30 becomes
 *   ab ← ab + min (R, 1) · ((A, B) / M − ab):
 * the hints' colour on them and near them within their region, the
 * network's far from them or across an edge. */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

#define VC_HINTS_ITERATIONS 3
#define VC_HINTS_MIN_SIGMA 1e-3f

typedef struct {
  guint h, w;          /* ab: 2×h×w, l: 1×h×w, hints: 4×h×w */
  float sigma_spatial; /* finite, >= VC_HINTS_MIN_SIGMA, grid pixels */
  float sigma_range;   /* finite, >= VC_HINTS_MIN_SIGMA, L units */
} VcHintsDesc;

typedef struct _VcHints VcHints;

VcHints *vc_hints_new (VcDevice *dev, const VcHintsDesc *desc, GError **error);
/* The sigmas the next recordings use (the description's until then);
 * checked as in vc_hints_new. */
gboolean vc_hints_set_spread (VcHints *op, float sigma_spatial, float sigma_range, GError **error);
/* Mixes HINTS into AB (in place), guided by L; any of them may be a
 * channel view of a larger tensor. */
gboolean vc_hints_record (VcHints *op, VcCmd *cmd, const VcTensor *ab, const VcTensor *l,
                          const VcTensor *hints, GError **error);
void vc_hints_free (VcHints *op);

/* Reference on planar float data: AB (2×h×w) is changed in place. */
void vc_hints_ref (const VcHintsDesc *desc, float *ab, const float *l, const float *hints);

G_END_DECLS
