/* vcolorize — guided, edge-aware upsampling: joint bilateral upsampling
 * (Kopf et al. 2007) of low-resolution chroma by full-resolution luminance.
 *
 * Output pixel p of the out_h×out_w grid sits at p↓ = (p + 0.5) · in / out −
 * 0.5 in the h×w grid (the resize convention). Its low-resolution neighbours
 * q are the (2·radius+1)² samples centred on the one nearest p↓ (samples
 * outside the grid are left out, not repeated), weighted by
 *   w(q) = exp (−|p↓ − q|² / (2 σs²)) · exp (−(L_full(p) − L_low(q))² / (2 σr²))
 * and out(p) = Σ w(q) · ab_low(q) / Σ w(q), channel by channel.
 *
 * All weights of a window are scaled by one factor (the ratio is unchanged)
 * that makes one of them 1, so their sum cannot underflow however small the
 * sigmas are, and no fallback is needed: as σr → 0 the result tends to the
 * neighbours whose L is closest to L_full(p). */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

#define VC_GUIDED_MAX_RADIUS 8
#define VC_GUIDED_MIN_SIGMA 1e-3f /* smaller sigmas are rejected */
#define VC_GUIDED_DEFAULT_RADIUS 2
#define VC_GUIDED_DEFAULT_SIGMA_SPATIAL 1.0f /* low-resolution pixels */
#define VC_GUIDED_DEFAULT_SIGMA_RANGE 10.0f  /* L units (L in 0..100) */

typedef struct {
  guint c, h, w;       /* ab_low: c×h×w (usually c = 2); L_low: 1×h×w */
  guint out_h, out_w;  /* L_full: 1×out_h×out_w; out: c×out_h×out_w */
  guint radius;        /* window half size, 0 .. VC_GUIDED_MAX_RADIUS */
  float sigma_spatial; /* finite, >= VC_GUIDED_MIN_SIGMA, low-resolution pixels */
  float sigma_range;   /* finite, >= VC_GUIDED_MIN_SIGMA, in the units of L */
} VcGuidedDesc;

/* A description with the default radius and sigmas. */
static inline VcGuidedDesc
vc_guided_desc_default (guint c, guint h, guint w, guint out_h, guint out_w)
{
  VcGuidedDesc d = { .c = c, .h = h, .w = w, .out_h = out_h, .out_w = out_w };
  d.radius = VC_GUIDED_DEFAULT_RADIUS;
  d.sigma_spatial = VC_GUIDED_DEFAULT_SIGMA_SPATIAL;
  d.sigma_range = VC_GUIDED_DEFAULT_SIGMA_RANGE;
  return d;
}

typedef struct _VcGuided VcGuided;

VcGuided *vc_guided_new (VcDevice *dev, const VcGuidedDesc *desc, GError **error);
/* AB_LOW is c×h×w, L_LOW 1×h×w, L_FULL 1×out_h×out_w and OUT c×out_h×out_w;
 * any of them may be a channel view of a larger tensor. */
gboolean vc_guided_record (VcGuided *op, VcCmd *cmd, const VcTensor *ab_low, const VcTensor *l_low,
                           const VcTensor *l_full, const VcTensor *out, GError **error);
void vc_guided_free (VcGuided *op);

/* Reference on planar float data. */
void vc_guided_ref (const VcGuidedDesc *desc, const float *ab_low, const float *l_low,
                    const float *l_full, float *out);

G_END_DECLS
