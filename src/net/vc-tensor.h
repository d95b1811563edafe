/* vcolorize — tensors: views of C×H×W data in device buffers.
 *
 * Channels are packed by four (see shaders/common.glsl): element (c, y, x)
 * is component c % 4 of vec4 number  base + (c / 4) * plane + y * w + x.
 * A VcTensor does not own its buffer. */
#pragma once

#include "vk/vc-vk.h"

G_BEGIN_DECLS

typedef struct {
  VcBuffer *buffer;
  guint64 base;  /* vec4 index of element (0, 0, 0) */
  guint64 plane; /* vec4s from one channel pack to the next, >= h * w */
  guint c, h, w;
} VcTensor;

static inline guint
vc_packs (guint c)
{
  return (c + 3) / 4;
}

/* A dense tensor at the start of BUF. */
VcTensor vc_tensor_make (VcBuffer *buf, guint c, guint h, guint w);
/* Channels c0 .. c0+c-1 of T; c0 must be a multiple of 4. */
VcTensor vc_tensor_channels (const VcTensor *t, guint c0, guint c);
/* Bytes of a dense C×H×W tensor on DEV. */
guint64 vc_tensor_bytes (const VcDevice *dev, guint c, guint h, guint w);
/* Allocates a device buffer holding a dense tensor; returns the buffer
 * (owned by the caller) and fills *out. */
VcBuffer *vc_tensor_alloc (VcDevice *dev, guint c, guint h, guint w, VcTensor *out, GError **error);
/* Checks that T is non-empty, lies inside its buffer and is addressable by
 * 32-bit vec4 indices. WHAT names it in the message. */
gboolean vc_tensor_check (const VcDevice *dev, const VcTensor *t, const char *what, GError **error);
gboolean vc_tensor_same_shape (const VcTensor *a, guint c, guint h, guint w);
/* Whether A and B may share storage: the same buffer and intersecting
 * ranges of vec4s (channel views with planes between them count as
 * overlapping: conservative). */
gboolean vc_tensor_may_overlap (const VcTensor *a, const VcTensor *b);
/* Whether A and B are the same view of the same buffer. */
gboolean vc_tensor_same (const VcTensor *a, const VcTensor *b);

/* Host data is planar float32 C×H×W. Padding channels of the last pack are
 * written as zeros. Both wait for the copy. */
gboolean vc_tensor_upload (VcDevice *dev, const VcTensor *t, const float *chw, GError **error);
gboolean vc_tensor_download (VcDevice *dev, const VcTensor *t, float *chw, GError **error);

/* IEEE half <-> float, round to nearest even. */
guint16 vc_float_to_half (float f);
float vc_half_to_float (guint16 h);
/* What storing F in a tensor of DEV and reading it back gives. */
float vc_device_round (const VcDevice *dev, float f);

G_END_DECLS
