/* vcolorize — tensor views, upload and download. */
#include "vc-tensor.h"

#include <string.h>

VcTensor
vc_tensor_make (VcBuffer *buf, guint c, guint h, guint w)
{
  return (VcTensor){ buf, 0, (guint64) h * w, c, h, w };
}

VcTensor
vc_tensor_channels (const VcTensor *t, guint c0, guint c)
{
  g_return_val_if_fail (c0 % 4 == 0 && c0 + c <= vc_packs (t->c) * 4, *t);
  VcTensor v = *t;
  v.base += (guint64) (c0 / 4) * t->plane;
  v.c = c;
  return v;
}

guint64
vc_tensor_bytes (const VcDevice *dev, guint c, guint h, guint w)
{
  return (guint64) vc_packs (c) * h * w * 4 * vc_device_elem_size (dev);
}

VcBuffer *
vc_tensor_alloc (VcDevice *dev, guint c, guint h, guint w, VcTensor *out, GError **error)
{
  if (c == 0 || h == 0 || w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "Cannot allocate a tensor of %u×%u×%u: every dimension must be at least 1", c, h,
                 w);
    return NULL;
  }
  VcBuffer *buf = vc_buffer_new (dev, VC_BUFFER_DEVICE, vc_tensor_bytes (dev, c, h, w), error);
  if (buf)
    *out = vc_tensor_make (buf, c, h, w);
  return buf;
}

gboolean
vc_tensor_check (const VcDevice *dev, const VcTensor *t, const char *what, GError **error)
{
  if (!t || !t->buffer) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s: no tensor given", what);
    return FALSE;
  }
  if (t->c == 0 || t->h == 0 || t->w == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s: empty tensor %u×%u×%u", what,
                 t->c, t->h, t->w);
    return FALSE;
  }
  guint64 pixels = (guint64) t->h * t->w;
  if (t->plane < pixels) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "%s: plane stride %" G_GUINT64_FORMAT " is smaller than %u×%u pixels", what,
                 t->plane, t->h, t->w);
    return FALSE;
  }
  guint64 end = t->base + (guint64) (vc_packs (t->c) - 1) * t->plane + pixels;
  if (end > G_MAXUINT32) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "%s: tensor %u×%u×%u is too large to address", what, t->c, t->h, t->w);
    return FALSE;
  }
  if (end * 4 * vc_device_elem_size (dev) > vc_buffer_size (t->buffer)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "%s: tensor %u×%u×%u does not fit in its buffer of %" G_GUINT64_FORMAT " bytes",
                 what, t->c, t->h, t->w, vc_buffer_size (t->buffer));
    return FALSE;
  }
  return TRUE;
}

gboolean
vc_tensor_same_shape (const VcTensor *a, guint c, guint h, guint w)
{
  return a->c == c && a->h == h && a->w == w;
}

/* One past the last vec4 of T. */
static guint64
tensor_end (const VcTensor *t)
{
  return t->base + (guint64) (vc_packs (t->c) - 1) * t->plane + (guint64) t->h * t->w;
}

gboolean
vc_tensor_may_overlap (const VcTensor *a, const VcTensor *b)
{
  return a->buffer == b->buffer && a->base < tensor_end (b) && b->base < tensor_end (a);
}

gboolean
vc_tensor_same (const VcTensor *a, const VcTensor *b)
{
  return a->buffer == b->buffer && a->base == b->base && a->plane == b->plane && a->c == b->c &&
         a->h == b->h && a->w == b->w;
}

guint16
vc_float_to_half (float f)
{
  guint32 x;
  memcpy (&x, &f, 4);
  guint32 sign = (x >> 16) & 0x8000;
  guint32 mag = x & 0x7fffffff;
  if (mag >= 0x7f800000) /* inf or nan */
    return sign | 0x7c00 | (mag > 0x7f800000 ? 0x200 : 0);
  if (mag >= 0x477ff000) /* rounds to >= 65520: overflow */
    return sign | 0x7c00;
  if (mag < 0x38800000) { /* subnormal half or zero */
    if (mag < 0x33000000)
      return sign;
    guint32 e = mag >> 23;
    guint32 m = (mag & 0x7fffff) | 0x800000;
    guint32 shift = 126 - e; /* 14..24 */
    guint32 h = m >> (shift);
    guint32 rem = m & ((1u << shift) - 1);
    guint32 half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1)))
      h++;
    return sign | h;
  }
  guint32 h = ((mag - 0x38000000) >> 13);
  guint32 rem = mag & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1)))
    h++;
  return sign | h;
}

float
vc_half_to_float (guint16 h)
{
  guint32 sign = (guint32) (h & 0x8000) << 16;
  guint32 e = (h >> 10) & 0x1f;
  guint32 m = h & 0x3ff;
  guint32 x;
  if (e == 0) {
    if (m == 0) {
      x = sign;
    } else {
      float f = m / 16777216.0f; /* m * 2^-24 */
      memcpy (&x, &f, 4);
      x |= sign;
    }
  } else if (e == 31) {
    x = sign | 0x7f800000 | (m << 13);
  } else {
    x = sign | ((e + 112) << 23) | (m << 13);
  }
  float f;
  memcpy (&f, &x, 4);
  return f;
}

float
vc_device_round (const VcDevice *dev, float f)
{
  return vc_device_fp16 (dev) ? vc_half_to_float (vc_float_to_half (f)) : f;
}

/* Converts planar float C×H×W to packed storage of one dense plane set. */
static void
pack_host (const VcDevice *dev, const VcTensor *t, const float *chw, guint8 *out)
{
  guint64 pixels = (guint64) t->h * t->w;
  guint packs = vc_packs (t->c);
  gboolean fp16 = vc_device_fp16 (dev);
  for (guint p = 0; p < packs; p++)
    for (guint64 i = 0; i < pixels; i++)
      for (guint k = 0; k < 4; k++) {
        guint c = p * 4 + k;
        float v = c < t->c ? chw[(guint64) c * pixels + i] : 0.0f;
        guint64 idx = ((guint64) p * pixels + i) * 4 + k;
        if (fp16)
          ((guint16 *) out)[idx] = vc_float_to_half (v);
        else
          ((float *) out)[idx] = v;
      }
}

/* IN starts at the tensor's base; packs are t->plane vec4s apart. */
static void
unpack_host (const VcDevice *dev, const VcTensor *t, const guint8 *in, float *chw)
{
  guint64 pixels = (guint64) t->h * t->w;
  gboolean fp16 = vc_device_fp16 (dev);
  for (guint c = 0; c < t->c; c++)
    for (guint64 i = 0; i < pixels; i++) {
      guint64 idx = ((guint64) (c / 4) * t->plane + i) * 4 + c % 4;
      chw[(guint64) c * pixels + i] =
          fp16 ? vc_half_to_float (((const guint16 *) in)[idx]) : ((const float *) in)[idx];
    }
}

gboolean
vc_tensor_upload (VcDevice *dev, const VcTensor *t, const float *chw, GError **error)
{
  if (!vc_tensor_check (dev, t, "upload", error))
    return FALSE;
  guint64 plane_bytes = (guint64) t->h * t->w * 4 * vc_device_elem_size (dev);
  guint64 stride_bytes = t->plane * 4 * vc_device_elem_size (dev);
  guint packs = vc_packs (t->c);
  g_autofree guint8 *host = g_malloc (plane_bytes * packs);
  pack_host (dev, t, chw, host);
  guint64 base_bytes = t->base * 4 * vc_device_elem_size (dev);
  if (stride_bytes == plane_bytes)
    return vc_buffer_write (t->buffer, base_bytes, host, plane_bytes * packs, error);
  for (guint p = 0; p < packs; p++)
    if (!vc_buffer_write (t->buffer, base_bytes + p * stride_bytes, host + p * plane_bytes,
                          plane_bytes, error))
      return FALSE;
  return TRUE;
}

gboolean
vc_tensor_download (VcDevice *dev, const VcTensor *t, float *chw, GError **error)
{
  if (!vc_tensor_check (dev, t, "download", error))
    return FALSE;
  guint elem = vc_device_elem_size (dev);
  guint64 span = ((guint64) (vc_packs (t->c) - 1) * t->plane + (guint64) t->h * t->w) * 4 * elem;
  g_autofree guint8 *host = g_malloc (span);
  if (!vc_buffer_read (t->buffer, t->base * 4 * elem, host, span, error))
    return FALSE;
  unpack_host (dev, t, host, chw);
  return TRUE;
}
