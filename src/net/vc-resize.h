/* vcolorize — bilinear resize, as PyTorch's
 *   F.interpolate (x, size=(out_h, out_w), mode='bilinear', align_corners=False,
 *                  antialias=antialias)
 * Any sizes, up or down: ×2 upsampling in the decoder, unifying feature maps
 * of different sizes, and bringing the frame's L to the network resolution
 * (use antialias there: without it a large downscale aliases). */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

typedef struct {
  guint c, h, w;      /* input */
  guint out_h, out_w; /* output (c channels) */
  /* FALSE: 2×2 taps at src = (dst + 0.5) · in / out − 0.5 (clamped below at
   * 0), neighbours clamped to the edge.
   * TRUE: on each downscaled axis a triangle filter of support in / out
   * source pixels, weights normalised to sum 1 (PyTorch's antialias=True);
   * upscaled axes stay bilinear. */
  gboolean antialias;
} VcResizeDesc;

typedef struct _VcResize VcResize;

VcResize *vc_resize_new (VcDevice *dev, const VcResizeDesc *desc, GError **error);
/* IN is c×h×w, OUT is c×out_h×out_w; either may be a channel view of a larger
 * tensor (OUT as part of a concatenation). */
gboolean vc_resize_record (VcResize *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out,
                           GError **error);
void vc_resize_free (VcResize *op);

/* Reference on planar float data: IN c×h×w, OUT c×out_h×out_w. */
void vc_resize_ref (const VcResizeDesc *desc, const float *in, float *out);

G_END_DECLS
