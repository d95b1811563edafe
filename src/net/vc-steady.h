/* vcolorize — a motion-adaptive recursive filter of chroma: where a
 * picture's luminance has not changed since the previous frame, its chroma
 * is pulled towards the previous frame's output, so that still regions keep
 * their colour from frame to frame; where anything moved it is left alone.
 *
 * For pixel p of an h×w grid, with W(p) the (2·radius+1)² window centred on
 * p (samples outside the grid left out) and |W(p)| its size:
 *   d(p) = Σ_{q ∈ W(p)} (L(q) − L_prev(q))² / |W(p)|
 *   g(p) = strength · exp (−d(p) / (2 σ²))
 *   out(p) = ab(p) + g(p) · (ab_prev(p) − ab(p))      channel by channel.
 * Strength 0 copies ab (ab_prev is then not used). Fed its own output as the
 * next frame's ab_prev it is a recursive (exponential) temporal filter whose
 * memory is as long as the region stays still. */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

#define VC_STEADY_MAX_RADIUS 4
#define VC_STEADY_MIN_SIGMA 1e-2f /* smaller sigmas are rejected */
#define VC_STEADY_DEFAULT_RADIUS 1
#define VC_STEADY_DEFAULT_SIGMA 2.0f /* L units (L in 0..100) */

typedef struct {
  guint c, h, w; /* ab, ab_prev, out: c×h×w; L, L_prev: 1×h×w */
  guint radius;  /* 0 .. VC_STEADY_MAX_RADIUS */
  float sigma;   /* finite, >= VC_STEADY_MIN_SIGMA, in the units of L */
} VcSteadyDesc;

typedef struct _VcSteady VcSteady;

VcSteady *vc_steady_new (VcDevice *dev, const VcSteadyDesc *desc, GError **error);
/* Any tensor may be a channel view of a larger one. OUT may be AB or
 * AB_PREV itself (in place: a recursive filter keeps its state in one
 * tensor) but must not overlap them otherwise, nor L or L_PREV. STRENGTH in
 * [0, 1] (an INVALID_ARGUMENT error otherwise) is recorded with the
 * dispatch. */
gboolean vc_steady_record (VcSteady *op, VcCmd *cmd, const VcTensor *l, const VcTensor *l_prev,
                           const VcTensor *ab, const VcTensor *ab_prev, float strength,
                           const VcTensor *out, GError **error);
void vc_steady_free (VcSteady *op);

/* Reference on planar float data; OUT may be AB or AB_PREV (in place). */
void vc_steady_ref (const VcSteadyDesc *desc, const float *l, const float *l_prev, const float *ab,
                    const float *ab_prev, float strength, float *out);

G_END_DECLS
