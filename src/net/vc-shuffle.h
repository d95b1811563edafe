/* vcolorize — space-to-depth and depth-to-space by a factor r, as PyTorch's
 *   F.pixel_unshuffle (x, r)   c×h×w     → c·r²×h/r×w/r
 *   F.pixel_shuffle (x, r)     c·r²×h×w  → c×h·r×w·r
 * with the same channel order: depth channel c·r² + dy·r + dx holds pixel
 * (dy, dx) of each r×r block of channel c. An optional scale is fused in
 * (the network's unit conversions): out = scale · shuffle (in).
 *
 * The attention's values carry ab as 8×8 patches (space-to-depth of the
 * full-resolution ab into a memory slot's value channels); depth-to-space
 * puts the attended patches back at full resolution. */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

typedef enum {
  VC_SHUFFLE_SPACE_TO_DEPTH, /* pixel_unshuffle */
  VC_SHUFFLE_DEPTH_TO_SPACE, /* pixel_shuffle */
} VcShuffleMode;

#define VC_SHUFFLE_MAX_FACTOR 64

typedef struct {
  VcShuffleMode mode;
  guint c, h, w; /* input; space-to-depth: h, w multiples of r; depth-to-space: c of r² */
  guint r;       /* 1..VC_SHUFFLE_MAX_FACTOR */
  float scale;   /* finite */
} VcShuffleDesc;

typedef struct _VcShuffle VcShuffle;

VcShuffle *vc_shuffle_new (VcDevice *dev, const VcShuffleDesc *desc, GError **error);
/* The output's shape (for a valid description). */
void vc_shuffle_out_shape (const VcShuffleDesc *desc, guint *c, guint *h, guint *w);
/* IN is c×h×w, OUT the output shape; either may be a channel view of a
 * larger tensor or a slot of the attention's memory. OUT must not overlap
 * IN. The padding channels of OUT's last pack are written as zeros. */
gboolean vc_shuffle_record (VcShuffle *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out,
                            GError **error);
void vc_shuffle_free (VcShuffle *op);

/* Planar float32 reference: IN c×h×w, OUT the output shape. */
void vc_shuffle_ref (const VcShuffleDesc *desc, const float *in, float *out);

G_END_DECLS
