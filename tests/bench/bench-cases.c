/* vcolorize benchmark — one function per op at the sizes the network uses
 * (network resolution 256×448, features at 1/4: 64×112) and per-frame ops at
 * video resolutions. */
#include "bench-cases.h"
#include "vc-colour.h"
#include "vc-eltwise.h"

#include <stdio.h>

static void
eltwise_add (BenchCase *bc, VcCmd *cmd)
{
  guint c = 64, h = 256, w = 448;
  VcTensor a = bench_tensor_random (bc, c, h, w, -1, 1);
  VcTensor b = bench_tensor_random (bc, c, h, w, -1, 1);
  VcTensor o = bench_tensor (bc, c, h, w);
  GError *error = NULL;
  VcEltwiseDesc d = { c, h, w, 1.0f, 1.0f, TRUE };
  VcEltwise *op = vc_eltwise_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_eltwise_free, op);
  vc_eltwise_record (op, cmd, &a, &b, &o, &error);
  bench_check (error);
  bc->flops = 3.0 * c * h * w;
  bc->bytes = 3 * bench_tensor_bytes (bc, c, h, w);
  snprintf (bc->shape, sizeof bc->shape, "%ux%ux%u", c, h, w);
}

/* A device buffer holding one frame of FORMAT (content irrelevant to speed). */
static VcBuffer *
bench_frame (BenchCase *bc, VcFrameLayout *layout, VcPixelFormat format, guint w, guint h)
{
  GError *error = NULL;
  vc_frame_layout_init (layout, format, w, h);
  guint64 size = vc_frame_layout_size (layout);
  VcBuffer *buf = vc_buffer_new (bc->dev, VC_BUFFER_DEVICE, size, &error);
  bench_check (error);
  g_ptr_array_add (bc->buffers, buf);
  g_autofree guint8 *bytes = g_malloc (size);
  for (guint64 i = 0; i < size; i++)
    bytes[i] = (guint8) (i * 2654435761u >> 13);
  vc_buffer_write (buf, 0, bytes, size, &error);
  bench_check (error);
  return buf;
}

static void
unpack_case (BenchCase *bc, VcCmd *cmd, VcPixelFormat format, guint w, guint h, gboolean with_ab)
{
  VcUnpackDesc d = { .with_ab = with_ab };
  VcBuffer *frame = bench_frame (bc, &d.layout, format, w, h);
  VcTensor l = bench_tensor (bc, 1, h, w);
  VcTensor ab = bench_tensor (bc, 2, h, w);
  GError *error = NULL;
  VcUnpack *op = vc_unpack_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_unpack_free, op);
  vc_unpack_record (op, cmd, frame, &l, with_ab ? &ab : NULL, &error);
  bench_check (error);
  bc->flops = 0;
  bc->bytes = vc_frame_layout_size (&d.layout) + bench_tensor_bytes (bc, with_ab ? 3 : 1, h, w);
  snprintf (bc->shape, sizeof bc->shape, "%s %ux%u -> L%s", vc_pixel_format_to_string (format), w,
            h, with_ab ? "+ab" : "");
}

static void
pack_case (BenchCase *bc, VcCmd *cmd, VcPixelFormat format, guint w, guint h)
{
  VcPackDesc d;
  VcBuffer *frame = bench_frame (bc, &d.layout, format, w, h);
  VcTensor l = bench_tensor_random (bc, 1, h, w, 0, 100);
  VcTensor ab = bench_tensor_random (bc, 2, h, w, -60, 60);
  GError *error = NULL;
  VcPack *op = vc_pack_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_pack_free, op);
  vc_pack_record (op, cmd, &l, &ab, frame, &error);
  bench_check (error);
  bc->flops = 0;
  bc->bytes = vc_frame_layout_size (&d.layout) + bench_tensor_bytes (bc, 3, h, w);
  snprintf (bc->shape, sizeof bc->shape, "L+ab -> %s %ux%u", vc_pixel_format_to_string (format), w,
            h);
}

static void
unpack_nv12_1080 (BenchCase *bc, VcCmd *cmd)
{
  unpack_case (bc, cmd, VC_PIXEL_FORMAT_NV12, 1920, 1080, FALSE);
}

static void
unpack_rgbx_ref (BenchCase *bc, VcCmd *cmd)
{
  unpack_case (bc, cmd, VC_PIXEL_FORMAT_RGBx, 1920, 1080, TRUE);
}

static void
pack_rgba_1080 (BenchCase *bc, VcCmd *cmd)
{
  pack_case (bc, cmd, VC_PIXEL_FORMAT_RGBA, 1920, 1080);
}

static void
pack_nv12_2160 (BenchCase *bc, VcCmd *cmd)
{
  pack_case (bc, cmd, VC_PIXEL_FORMAT_NV12, 3840, 2160);
}

const BenchCaseInfo bench_cases[] = {
  { "unpack-nv12", unpack_nv12_1080 }, { "unpack-rgbx-lab", unpack_rgbx_ref },
  { "pack-rgba", pack_rgba_1080 },     { "pack-nv12-4k", pack_nv12_2160 },
  { "eltwise-add", eltwise_add },      { NULL, NULL },
};
