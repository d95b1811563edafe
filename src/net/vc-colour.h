/* vcolorize — colour ops: video frame bytes <-> CIE L*a*b* tensors.
 *
 * unpack: a frame of any VcPixelFormat -> L* (1×H×W, in [0, 100]) and
 *   optionally a*b* (2×H×W). Gray formats are sRGB-encoded gray (a* = b* = 0
 *   exactly); YUV goes to R'G'B' with the layout's matrix and range (each
 *   pixel takes the chroma sample covering it), clamped to [0, 1].
 * pack: L* and a*b* -> frame bytes of any VcPixelFormat (gray formats use
 *   L* only: the gray of that lightness). Lab -> sRGB clamps out-of-gamut
 *   values to [0, 1] after the conversion; n-bit values are round(v·(2^n-1)).
 *   YUV chroma is the mean of the Y'CbCr of its 2×2 pixels. An alpha byte
 *   is 255, or, with with_alpha, the second channel of L (in [0, 1]), which
 *   unpack's with_alpha writes from a frame's alpha. Bytes between a
 *   row's last pixel and the next 4-byte boundary are written as 0; nothing
 *   else outside the pixels is written.
 *
 * The colour maths (sRGB D65, exact transfer, CIE ε = 216/24389,
 * κ = 24389/27, white (0.95047, 1.0, 1.08883)) is in shaders/colour.glsl and,
 * in double, in colour-ref.c. */
#pragma once

#include "vc-frame.h"
#include "vc-op.h"

G_BEGIN_DECLS

typedef struct {
  VcFrameLayout layout;
  gboolean with_ab;    /* also write the a*b* tensor */
  gboolean with_alpha; /* formats with alpha: L is 2×H×W, alpha / 255 in channel 1 */
} VcUnpackDesc;

typedef struct _VcUnpack VcUnpack;

VcUnpack *vc_unpack_new (VcDevice *dev, const VcUnpackDesc *desc, GError **error);
/* FRAME holds the frame as the layout describes; L is 1×H×W, AB 2×H×W
 * (ignored without with_ab). L and AB may be channel views of larger
 * tensors; their whole channel pack is written (padding channels as 0). */
gboolean vc_unpack_record (VcUnpack *op, VcCmd *cmd, VcBuffer *frame, const VcTensor *l,
                           const VcTensor *ab, GError **error);
void vc_unpack_free (VcUnpack *op);

typedef struct {
  VcFrameLayout layout;
  gboolean with_alpha; /* formats with alpha: L is 2×H×W, alpha from channel 1 */
} VcPackDesc;

typedef struct _VcPack VcPack;

VcPack *vc_pack_new (VcDevice *dev, const VcPackDesc *desc, GError **error);
/* AB is ignored (may be NULL) for gray formats. */
gboolean vc_pack_record (VcPack *op, VcCmd *cmd, const VcTensor *l, const VcTensor *ab,
                         VcBuffer *frame, GError **error);
void vc_pack_free (VcPack *op);

/* ---- reference (colour-ref.c), in double ---- */

/* sRGB-encoded R'G'B' in [0, 1] -> (L*, a*, b*). */
void vc_srgb_to_lab_ref (const double rgb[3], double lab[3]);
/* (L*, a*, b*) -> sRGB-encoded R'G'B', clamped to [0, 1]. */
void vc_lab_to_srgb_ref (const double lab[3], double rgb[3]);
/* sRGB-encoded gray <-> L* (the gray of a lightness is clamped to [0, 1]). */
double vc_gray_to_l_ref (double v);
double vc_l_to_gray_ref (double l);

/* What the ops compute, on host memory: FRAME holds vc_frame_layout_size()
 * bytes; L and AB are planar (L: H×W, AB: a plane then b plane). AB may be
 * NULL for unpack, and is ignored for gray formats by pack. The reference
 * pack also writes the input-only formats (packed 4:2:2, chroma averaged
 * over each pair), so that tests can make frames in them. */
void vc_unpack_ref (const VcFrameLayout *layout, const guint8 *frame, float *l, float *ab);
void vc_pack_ref (const VcFrameLayout *layout, const float *l, const float *ab, guint8 *frame);
/* A frame's alpha in [0, 1] (1 for formats without), one value per pixel;
 * and the alpha bytes of a frame with alpha, written from ALPHA. */
void vc_unpack_alpha_ref (const VcFrameLayout *layout, const guint8 *frame, float *alpha);
void vc_pack_alpha_ref (const VcFrameLayout *layout, const float *alpha, guint8 *frame);
/* L* of FRAME's pixel (X, Y), as vc_unpack_ref finds it; and its L*a*b*. */
double vc_lightness_at_ref (const VcFrameLayout *layout, const guint8 *frame, guint x, guint y);
void vc_lab_at_ref (const VcFrameLayout *layout, const guint8 *frame, guint x, guint y,
                    double lab[3]);

G_END_DECLS
