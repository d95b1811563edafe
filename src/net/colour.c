/* vcolorize — colour ops: frame bytes <-> L*a*b* tensors. */
#include "vc-colour.h"

#include <string.h>

#define LOCAL_SIZE 128

/* Push constants of the three frame shaders. */
typedef struct {
  guint32 offset[3], stride[3]; /* in 32-bit words */
  guint32 l_base, ab_base;      /* in vec4s */
} FramePush;

struct _VcUnpack {
  VcDevice *dev;
  VcUnpackDesc desc;
  VcPipeline *pipe;
};

struct _VcPack {
  VcDevice *dev;
  VcPackDesc desc;
  VcPipeline *pipe;
  guint64 invocations;
};

/* The seven YUV constants (VcYuvCoefficients) as float specialization
 * constants. Formats that are not YUV get fixed values, so that they share
 * one pipeline. */
#define N_YUV_SPEC 7

static void
yuv_spec (const VcFrameLayout *layout, guint32 *spec)
{
  VcYuvCoefficients c;
  if (vc_pixel_format_info (layout->format)->model == VC_COLOUR_YUV)
    vc_frame_yuv_coefficients (layout, &c);
  else
    vc_yuv_coefficients (VC_YUV_BT601, FALSE, 8, &c);
  double v[N_YUV_SPEC] = { c.kr, c.kb, c.y_offset, c.y_scale, c.c_offset, c.c_scale, c.max_code };
  for (guint i = 0; i < N_YUV_SPEC; i++)
    spec[i] = vc_float_bits ((float) v[i]);
}

/* A byte position within a pixel, or 0 where the format has none (the
 * shaders ignore it then). */
static guint32
byte_spec (gint8 pos)
{
  return pos < 0 ? 0 : (guint32) pos;
}

/* with_alpha needs a format with alpha. */
static gboolean
check_alpha (const VcFrameLayout *layout, gboolean with_alpha, const char *what, GError **error)
{
  if (!with_alpha || vc_pixel_format_info (layout->format)->alpha)
    return TRUE;
  g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s: %s has no alpha", what,
               vc_pixel_format_to_string (layout->format));
  return FALSE;
}

static FramePush
frame_push (const VcFrameLayout *layout, const VcTensor *l, const VcTensor *ab)
{
  FramePush push = { { 0 }, { 0 }, (guint32) l->base, (guint32) ab->base };
  for (guint p = 0; p < layout->n_planes; p++) {
    push.offset[p] = (guint32) (layout->offset[p] / 4);
    push.stride[p] = layout->stride[p] / 4;
  }
  return push;
}

VcUnpack *
vc_unpack_new (VcDevice *dev, const VcUnpackDesc *desc, GError **error)
{
  const VcFrameLayout *l = &desc->layout;
  if (!vc_frame_layout_check (l, "unpack", error) ||
      !check_alpha (l, desc->with_alpha, "unpack", error))
    return NULL;
  const VcPixelFormatInfo *info = vc_pixel_format_info (l->format);
  guint32 spec[27] = { LOCAL_SIZE,
                       l->width,
                       l->height,
                       info->model,
                       info->bytes_per_pixel,
                       info->n_planes,
                       byte_spec (info->r),
                       byte_spec (info->g),
                       byte_spec (info->b),
                       !!desc->with_ab };
  yuv_spec (l, spec + 10);
  spec[17] = byte_spec (info->y);
  spec[18] = byte_spec (info->u);
  spec[19] = byte_spec (info->v);
  spec[20] = l->interlaced;
  spec[21] = !!desc->with_alpha;
  spec[22] = byte_spec (info->x);
  spec[23] = info->shift;
  spec[24] = info->sub_x;
  spec[25] = info->sub_y;
  spec[26] = info->v210;
  VcPipelineDesc pd = { "unpack", 3, sizeof (FramePush), spec, G_N_ELEMENTS (spec), 0, 0 };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcUnpack *op = g_new0 (VcUnpack, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  return op;
}

gboolean
vc_unpack_record (VcUnpack *op, VcCmd *cmd, VcBuffer *frame, const VcTensor *l, const VcTensor *ab,
                  GError **error)
{
  const VcFrameLayout *lay = &op->desc.layout;
  gboolean with_ab = op->desc.with_ab;
  guint l_channels = op->desc.with_alpha ? 2 : 1;
  if (!vc_frame_check_buffer (lay, frame, "unpack", error) ||
      !vc_op_check_tensor (op->dev, "unpack", "L", l, l_channels, lay->height, lay->width, error) ||
      (with_ab &&
       !vc_op_check_tensor (op->dev, "unpack", "ab", ab, 2, lay->height, lay->width, error)))
    return FALSE;
  if (!with_ab)
    ab = l;
  FramePush push = frame_push (lay, l, ab);
  VcBinding bind[] = { { frame, FALSE }, { l->buffer, TRUE }, { ab->buffer, TRUE } };
  guint gx, gy;
  vc_linear_groups ((guint64) lay->width * lay->height, LOCAL_SIZE, &gx, &gy);
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  return TRUE;
}

void
vc_unpack_free (VcUnpack *op)
{
  g_free (op);
}

/* Gray and RGB formats: one invocation fills whole words with PX pixels. */
static VcPipeline *
pack_pipeline (VcDevice *dev, const VcFrameLayout *l, gboolean with_alpha, guint64 *invocations,
               GError **error)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (l->format);
  guint bpp = info->bytes_per_pixel;
  guint px = bpp == 3 ? 4 : MAX (4 / bpp, 1);
  guint32 spec[] = { LOCAL_SIZE,
                     l->width,
                     l->height,
                     info->model,
                     bpp,
                     px,
                     byte_spec (info->r),
                     byte_spec (info->g),
                     byte_spec (info->b),
                     info->x >= 0,
                     byte_spec (info->x),
                     !!with_alpha };
  VcPipelineDesc pd = { "pack", 3, sizeof (FramePush), spec, G_N_ELEMENTS (spec), 0, 0 };
  *invocations = (guint64) vc_div_up (l->width, px) * l->height;
  return vc_pipeline_get (dev, &pd, error);
}

/* Planar YUV: one invocation makes the pixels whose chroma fills one word
 * per chroma plane (see pack_yuv.comp). */
static VcPipeline *
pack_yuv_pipeline (VcDevice *dev, const VcFrameLayout *l, guint64 *invocations, GError **error)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (l->format);
  guint samples_per_word = (l->n_planes == 3 ? 4 : 2) / info->bytes_per_pixel;
  guint px = samples_per_word << info->sub_x;
  guint32 spec[17] = { LOCAL_SIZE, l->width, l->height, l->n_planes, info->bytes_per_pixel };
  yuv_spec (l, spec + 5);
  spec[12] = l->interlaced;
  spec[13] = info->shift;
  spec[14] = info->sub_x;
  spec[15] = info->sub_y;
  spec[16] = l->n_planes == 2 && info->u == 1;
  VcPipelineDesc pd = { "pack_yuv", 3, sizeof (FramePush), spec, G_N_ELEMENTS (spec), 0, 0 };
  *invocations = (guint64) vc_div_up (l->width, px) * vc_div_up (l->height, 1u << info->sub_y);
  return vc_pipeline_get (dev, &pd, error);
}

/* v210: one invocation makes one group of 6 pixels, 4 words (see
 * pack_v210.comp). */
static VcPipeline *
pack_v210_pipeline (VcDevice *dev, const VcFrameLayout *l, guint64 *invocations, GError **error)
{
  guint32 spec[3 + N_YUV_SPEC] = { LOCAL_SIZE, l->width, l->height };
  yuv_spec (l, spec + 3);
  VcPipelineDesc pd = { "pack_v210", 3, sizeof (FramePush), spec, G_N_ELEMENTS (spec), 0, 0 };
  *invocations = (guint64) vc_div_up (l->width, 6) * l->height;
  return vc_pipeline_get (dev, &pd, error);
}

/* Packed 4:2:2: one invocation makes one pair of pixels, one word (see
 * pack_yuv422.comp). */
static VcPipeline *
pack_yuv422_pipeline (VcDevice *dev, const VcFrameLayout *l, guint64 *invocations, GError **error)
{
  const VcPixelFormatInfo *info = vc_pixel_format_info (l->format);
  guint32 spec[6 + N_YUV_SPEC] = { LOCAL_SIZE,          l->width,
                                   l->height,           byte_spec (info->y),
                                   byte_spec (info->u), byte_spec (info->v) };
  yuv_spec (l, spec + 6);
  VcPipelineDesc pd = { "pack_yuv422", 3, sizeof (FramePush), spec, G_N_ELEMENTS (spec), 0, 0 };
  *invocations = (guint64) vc_div_up (l->width, 2) * l->height;
  return vc_pipeline_get (dev, &pd, error);
}

VcPack *
vc_pack_new (VcDevice *dev, const VcPackDesc *desc, GError **error)
{
  const VcFrameLayout *l = &desc->layout;
  if (!vc_frame_layout_check (l, "pack", error) ||
      !check_alpha (l, desc->with_alpha, "pack", error))
    return NULL;
  guint64 invocations;
  const VcPixelFormatInfo *info = vc_pixel_format_info (l->format);
  VcPipeline *pipe = info->model != VC_COLOUR_YUV
                         ? pack_pipeline (dev, l, desc->with_alpha, &invocations, error)
                     : info->v210   ? pack_v210_pipeline (dev, l, &invocations, error)
                     : info->y >= 0 ? pack_yuv422_pipeline (dev, l, &invocations, error)
                                    : pack_yuv_pipeline (dev, l, &invocations, error);
  if (!pipe)
    return NULL;
  VcPack *op = g_new0 (VcPack, 1);
  op->dev = dev;
  op->desc = *desc;
  op->pipe = pipe;
  op->invocations = invocations;
  return op;
}

gboolean
vc_pack_record (VcPack *op, VcCmd *cmd, const VcTensor *l, const VcTensor *ab, VcBuffer *frame,
                GError **error)
{
  const VcFrameLayout *lay = &op->desc.layout;
  gboolean gray = vc_pixel_format_info (lay->format)->model == VC_COLOUR_GRAY;
  guint l_channels = op->desc.with_alpha ? 2 : 1;
  if (!vc_op_check_tensor (op->dev, "pack", "L", l, l_channels, lay->height, lay->width, error) ||
      (!gray &&
       !vc_op_check_tensor (op->dev, "pack", "ab", ab, 2, lay->height, lay->width, error)) ||
      !vc_frame_check_buffer (lay, frame, "pack", error))
    return FALSE;
  if (gray)
    ab = l;
  FramePush push = frame_push (lay, l, ab);
  VcBinding bind[] = { { l->buffer, FALSE }, { ab->buffer, FALSE }, { frame, TRUE } };
  guint gx, gy;
  vc_linear_groups (op->invocations, LOCAL_SIZE, &gx, &gy);
  vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  return TRUE;
}

void
vc_pack_free (VcPack *op)
{
  g_free (op);
}
