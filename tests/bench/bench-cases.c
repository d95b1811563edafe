/* vcolorize benchmark — one function per op at the sizes the network uses
 * (network resolution 256×448, features at 1/4: 64×112) and per-frame ops at
 * video resolutions. */
#include "bench-cases.h"
#include "vc-colour.h"
#include "vc-attention.h"
#include "vc-conv2d.h"
#include "vc-eltwise.h"
#include "vc-guided.h"
#include "vc-steady.h"
#include "vc-l2norm.h"
#include "vc-net.h"
#include "vc-resize.h"
#include "vc-shuffle.h"

#include <math.h>
#include <stdio.h>

static void
eltwise_add (BenchCase *bc, VcCmd *cmd)
{
  guint c = 64, h = bench_size (bc, 256), w = bench_size (bc, 448);
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
  w = bench_size (bc, w);
  h = bench_size (bc, h);
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
  VcPackDesc d = { .with_alpha = FALSE };
  w = bench_size (bc, w);
  h = bench_size (bc, h);
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

/* SDI's 10-bit capture format, and a 10-bit hardware decoder's at 4K. */
static void
unpack_v210_1080 (BenchCase *bc, VcCmd *cmd)
{
  unpack_case (bc, cmd, VC_PIXEL_FORMAT_v210, 1920, 1080, FALSE);
}

static void
pack_p010_2160 (BenchCase *bc, VcCmd *cmd)
{
  pack_case (bc, cmd, VC_PIXEL_FORMAT_P010_10LE, 3840, 2160);
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

/* A conv layer with random weights scaled like a trained network's (so
 * activations stay in range through a stack). */
static VcConv2d *
bench_conv (BenchCase *bc, const VcConv2dDesc *d)
{
  GError *error = NULL;
  VcConv2d *op = vc_conv2d_new (bc->dev, d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_conv2d_free, op);
  gsize nw = (gsize) d->cout * d->cin * d->kernel * d->kernel;
  g_autofree float *wt = g_new (float, nw);
  g_autofree float *bias = g_new0 (float, d->cout);
  float scale = 1.0f / sqrtf ((float) (d->cin * d->kernel * d->kernel));
  for (gsize i = 0; i < nw; i++)
    wt[i] = scale * (((i * 2654435761u) >> 8 & 0xffff) / 32768.0f - 1.0f);
  vc_conv2d_set_weights (op, wt, bias, &error);
  bench_check (error);
  return op;
}

static double
conv_flops (const VcConv2dDesc *d)
{
  guint oh, ow;
  vc_conv2d_out_size (d, &oh, &ow);
  return 2.0 * d->cin * d->kernel * d->kernel * d->cout * oh * ow;
}

static void
conv_case (BenchCase *bc, VcCmd *cmd, guint cin, guint cout, guint h, guint w, guint kernel,
           guint stride)
{
  h = bench_size (bc, h);
  w = bench_size (bc, w);
  VcConv2dDesc d = { cin, cout, h, w, kernel, stride, VC_ACT_ELU, FALSE };
  guint oh, ow;
  vc_conv2d_out_size (&d, &oh, &ow);
  VcTensor in = bench_tensor_random (bc, cin, h, w, -1, 1);
  VcTensor out = bench_tensor (bc, cout, oh, ow);
  VcConv2d *op = bench_conv (bc, &d);
  GError *error = NULL;
  vc_conv2d_record (op, cmd, &in, NULL, &out, &error);
  bench_check (error);
  bc->flops = conv_flops (&d);
  bc->bytes = bench_tensor_bytes (bc, cin, h, w) + bench_tensor_bytes (bc, cout, oh, ow) +
              (double) cin * cout * kernel * kernel * vc_device_elem_size (bc->dev);
  snprintf (bc->shape, sizeof bc->shape, "%u->%u %ux%u k%u s%u", cin, cout, h, w, kernel, stride);
}

static void
conv3x3_64 (BenchCase *bc, VcCmd *cmd)
{
  conv_case (bc, cmd, 64, 64, 256, 448, 3, 1);
}

static void
conv1x1_64 (BenchCase *bc, VcCmd *cmd)
{
  conv_case (bc, cmd, 64, 64, 256, 448, 1, 1);
}

static void
conv3x3_s2 (BenchCase *bc, VcCmd *cmd)
{
  conv_case (bc, cmd, 32, 64, 256, 448, 3, 2);
}

static void
conv3x3_first (BenchCase *bc, VcCmd *cmd)
{
  conv_case (bc, cmd, 1, 16, 256, 448, 3, 2);
}

/* The representative stack: 20 layers 64→64 3×3 at 256×448, ping-ponging
 * between two tensors, every other one with a residual add. */
static void
conv_stack (BenchCase *bc, VcCmd *cmd)
{
  guint c = 64, h = bench_size (bc, 256), w = bench_size (bc, 448), n = 20;
  VcTensor t[3] = { bench_tensor_random (bc, c, h, w, -1, 1), bench_tensor (bc, c, h, w),
                    bench_tensor (bc, c, h, w) };
  VcConv2dDesc plain = { c, c, h, w, 3, 1, VC_ACT_ELU, FALSE };
  VcConv2dDesc resid = { c, c, h, w, 3, 1, VC_ACT_NONE, TRUE };
  GError *error = NULL;
  bc->flops = 0;
  for (guint i = 0; i < n; i++) {
    gboolean r = i % 2 == 1;
    VcConv2d *op = bench_conv (bc, r ? &resid : &plain);
    /* even layers: t0 -> t1; odd layers: t1 (+ t0) -> t2, then t2 is t0 */
    const VcTensor *in = r ? &t[1] : (i == 0 ? &t[0] : &t[2]);
    const VcTensor *out = r ? &t[2] : &t[1];
    vc_conv2d_record (op, cmd, in, r ? (i == 1 ? &t[0] : &t[2]) : NULL, out, &error);
    bench_check (error);
    bc->flops += conv_flops (r ? &resid : &plain);
  }
  bc->bytes = n * 2 * bench_tensor_bytes (bc, c, h, w);
  snprintf (bc->shape, sizeof bc->shape, "20 x %u->%u %ux%u k3", c, c, h, w);
}

/* Attention of every pixel of a 1/8-resolution frame (32×56 = 1,792
 * queries) over the keys of two sources of the same size (3,584 keys),
 * values = 64 features + 128 ab (8×8 patches), with the confidence map;
 * with NEAR, the locality penalty of the colorizer's locality 0.1 (the
 * second source as memory). */
static void
attention_sources (BenchCase *bc, VcCmd *cmd, gboolean near)
{
  guint c = 64, cv = 192, hq = bench_size (bc, 32), wq = bench_size (bc, 56), m = 2 * hq * wq;
  VcTensor q = bench_tensor_random (bc, c, hq, wq, -0.125f, 0.125f);
  VcTensor k = bench_tensor_random (bc, c, 1, m, -0.125f, 0.125f);
  VcTensor v = bench_tensor_random (bc, cv, 1, m, -1, 1);
  VcTensor out = bench_tensor (bc, cv, hq, wq);
  VcTensor conf = bench_tensor (bc, 1, hq, wq);
  VcAttentionDesc d = { c, cv, hq, wq, m, 0.02f };
  GError *error = NULL;
  VcAttention *op = vc_attention_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_attention_free, op);
  VcAttentionBias b = {
    .bias_from = hq * wq,
    .near_weight = { near ? 0.1f : 0.0f, near ? 0.1f : 0.0f },
    .near_radius = { 0.1875f * hq, 0.0625f * hq },
  };
  vc_attention_record_biased (op, cmd, &q, &k, &v, m, &b, &out, &conf, &error);
  bench_check (error);
  double n = (double) hq * wq;
  bc->flops = n * m * (2.0 * c + 2.0 * cv + 4);
  bc->bytes = bench_tensor_bytes (bc, c, hq, wq) + bench_tensor_bytes (bc, c, 1, m) +
              bench_tensor_bytes (bc, cv, 1, m) + bench_tensor_bytes (bc, cv + 1, hq, wq);
  snprintf (bc->shape, sizeof bc->shape, "%ux%u q, %u keys, c%u cv%u%s", hq, wq, m, c, cv,
            near ? ", near" : "");
}

static void
attention_2src (BenchCase *bc, VcCmd *cmd)
{
  attention_sources (bc, cmd, FALSE);
}

static void
attention_2src_near (BenchCase *bc, VcCmd *cmd)
{
  attention_sources (bc, cmd, TRUE);
}

static void
l2norm_64 (BenchCase *bc, VcCmd *cmd)
{
  guint c = 64, h = bench_size (bc, 32), w = bench_size (bc, 56);
  VcTensor in = bench_tensor_random (bc, c, h, w, -1, 1);
  VcTensor out = bench_tensor (bc, c, h, w);
  VcL2NormDesc d = { c, h, w, 1e-12f };
  GError *error = NULL;
  VcL2Norm *op = vc_l2norm_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_l2norm_free, op);
  vc_l2norm_record (op, cmd, &in, &out, &error);
  bench_check (error);
  bc->flops = 3.0 * c * h * w;
  bc->bytes = 2 * bench_tensor_bytes (bc, c, h, w);
  snprintf (bc->shape, sizeof bc->shape, "%ux%ux%u", c, h, w);
}

static void
resize_case (BenchCase *bc, VcCmd *cmd, guint c, guint h, guint w, guint oh, guint ow,
             gboolean antialias)
{
  h = bench_size (bc, h);
  w = bench_size (bc, w);
  oh = bench_size (bc, oh);
  ow = bench_size (bc, ow);
  VcTensor in = bench_tensor_random (bc, c, h, w, -1, 1);
  VcTensor out = bench_tensor (bc, c, oh, ow);
  VcResizeDesc d = { c, h, w, oh, ow, antialias };
  GError *error = NULL;
  VcResize *op = vc_resize_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_resize_free, op);
  vc_resize_record (op, cmd, &in, &out, &error);
  bench_check (error);
  bc->flops = 0;
  bc->bytes = bench_tensor_bytes (bc, c, h, w) + bench_tensor_bytes (bc, c, oh, ow);
  snprintf (bc->shape, sizeof bc->shape, "%u ch %ux%u -> %ux%u%s", c, h, w, oh, ow,
            antialias ? " AA" : "");
}

static void
resize_up2 (BenchCase *bc, VcCmd *cmd)
{
  resize_case (bc, cmd, 64, 64, 112, 128, 224, FALSE);
}

/* The frame's L from 1080p down to the network resolution. */
static void
resize_aa_in (BenchCase *bc, VcCmd *cmd)
{
  resize_case (bc, cmd, 1, 1080, 1920, 256, 448, TRUE);
}

/* Network ab (256×448) up to 1080p, guided by the full-resolution L. */
static void
guided_1080 (BenchCase *bc, VcCmd *cmd)
{
  guint h = bench_size (bc, 256), w = bench_size (bc, 448);
  guint oh = bench_size (bc, 1080), ow = bench_size (bc, 1920);
  VcTensor ab = bench_tensor_random (bc, 2, h, w, -0.5f, 0.5f);
  VcTensor l_low = bench_tensor_random (bc, 1, h, w, 0, 100);
  VcTensor l_full = bench_tensor_random (bc, 1, oh, ow, 0, 100);
  VcTensor out = bench_tensor (bc, 2, oh, ow);
  VcGuidedDesc d = vc_guided_desc_default (2, h, w, oh, ow);
  GError *error = NULL;
  VcGuided *op = vc_guided_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_guided_free, op);
  vc_guided_record (op, cmd, &ab, &l_low, &l_full, &out, &error);
  bench_check (error);
  guint taps = (2 * d.radius + 1) * (2 * d.radius + 1);
  bc->flops = (double) oh * ow * taps * 12;
  bc->bytes = bench_tensor_bytes (bc, 3, h, w) + bench_tensor_bytes (bc, 3, oh, ow);
  snprintf (bc->shape, sizeof bc->shape, "2 ch %ux%u -> %ux%u r%u", h, w, oh, ow, d.radius);
}

/* The temporal smoothing of 1080p ab towards the previous frame's, in place
 * over it as the element runs it. */
static void
steady_1080 (BenchCase *bc, VcCmd *cmd)
{
  guint h = bench_size (bc, 1080), w = bench_size (bc, 1920);
  VcTensor l = bench_tensor_random (bc, 1, h, w, 0, 100);
  VcTensor l_prev = bench_tensor_random (bc, 1, h, w, 0, 100);
  VcTensor ab = bench_tensor_random (bc, 2, h, w, -0.5f, 0.5f);
  VcTensor ab_prev = bench_tensor_random (bc, 2, h, w, -0.5f, 0.5f);
  VcSteadyDesc d = { 2, h, w, VC_STEADY_DEFAULT_RADIUS, VC_STEADY_DEFAULT_SIGMA };
  GError *error = NULL;
  VcSteady *op = vc_steady_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_steady_free, op);
  vc_steady_record (op, cmd, &l, &l_prev, &ab, &ab_prev, 0.5f, &ab_prev, &error);
  bench_check (error);
  guint taps = (2 * d.radius + 1) * (2 * d.radius + 1);
  bc->flops = (double) h * w * (taps * 3 + 12);
  /* two L planes, ab and ab_prev read and ab_prev written once each (the
   * window's reads hit the cache) */
  bc->bytes = bench_tensor_bytes (bc, 1, h, w) * 2 + bench_tensor_bytes (bc, 2, h, w) * 3;
  snprintf (bc->shape, sizeof bc->shape, "2 ch %ux%u r%u", h, w, d.radius);
}

/* One space-to-depth or depth-to-space of D from IN into OUT. */
static void
shuffle_case (BenchCase *bc, VcCmd *cmd, const VcShuffleDesc *d, const VcTensor *in,
              const VcTensor *out)
{
  GError *error = NULL;
  VcShuffle *op = vc_shuffle_new (bc->dev, d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_shuffle_free, op);
  vc_shuffle_record (op, cmd, in, out, &error);
  bench_check (error);
  bc->flops = 0;
  bc->bytes = bench_tensor_bytes (bc, in->c, in->h, in->w) +
              bench_tensor_bytes (bc, out->c, out->h, out->w);
  snprintf (bc->shape, sizeof bc->shape, "%ux%ux%u -> %ux%ux%u", in->c, in->h, in->w, out->c,
            out->h, out->w);
}

/* A reference's (or frame's) ab at 256×448 into a memory slot's value
 * channels 64..191 as 8×8 patches, a*b* to network units (the slot: a view
 * of a 192-channel value tensor holding three slots and the null column). */
static void
space_to_depth_ab (BenchCase *bc, VcCmd *cmd)
{
  guint h = bench_size (bc, 256), w = bench_size (bc, 448), r = 8;
  guint hs = h / r, ws = w / r, m = 1 + 3 * hs * ws;
  VcTensor ab = bench_tensor_random (bc, 2, h, w, -60, 60);
  VcTensor values = bench_tensor (bc, 192, 1, m);
  VcTensor slot = vc_attention_key_view (&values, 1 + hs * ws, hs, ws);
  VcTensor patches = vc_tensor_channels (&slot, 64, 2 * r * r);
  VcShuffleDesc d = { VC_SHUFFLE_SPACE_TO_DEPTH, 2, h, w, r, 1 / 110.0f };
  shuffle_case (bc, cmd, &d, &ab, &patches);
}

/* The attended patches (channels 64..191 of the attention's output at
 * 1/8) back to full resolution: the decoder's residual. */
static void
depth_to_space_ab (BenchCase *bc, VcCmd *cmd)
{
  guint h = bench_size (bc, 32), w = bench_size (bc, 56), r = 8;
  VcTensor attended = bench_tensor_random (bc, 192, h, w, -0.5f, 0.5f);
  VcTensor patches = vc_tensor_channels (&attended, 64, 2 * r * r);
  VcTensor out = bench_tensor (bc, 2, h * r, w * r);
  VcShuffleDesc d = { VC_SHUFFLE_DEPTH_TO_SPACE, 2 * r * r, h, w, r, 1.0f };
  shuffle_case (bc, cmd, &d, &patches, &out);
}

/* GFLOPs of a frame as net.py's count_flops counts them: multiply-adds of
 * the convs and the attention, times 2 (padding channels included). */
static double
graph_flops (const VcGraph *g, guint h, guint w, guint n_keys)
{
  double flops = 0;
  const VcGraphRole roles[] = { VC_ROLE_CLEAN, VC_ROLE_FRAME };
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (guint i = 0; i < g->roles[roles[r]].n_nodes; i++) {
      const VcGraphNode *n = &g->roles[roles[r]].nodes[i];
      const VcGraphTensor *in = &g->tensors[n->in[0]], *out = &g->tensors[n->out[0]];
      double pixels =
          (double) ((h + out->scale - 1) / out->scale) * ((w + out->scale - 1) / out->scale);
      if (n->op == VC_GRAPH_CONV2D)
        flops += 2.0 * pixels * out->c * in->c * n->kernel * n->kernel;
      else if (n->op == VC_GRAPH_ATTENTION)
        flops += 2.0 * pixels * n_keys * (in->c + out->c);
    }
  return flops;
}

/* One frame of the network at its default resolution with the parity
 * model (VC_BENCH_MODEL, default tests/data/parity-model.safetensors): clean
 * + frame attending to a reference, the keyframe and the previous frame,
 * then store and prev, as the element runs it per frame. */
static void
net_frame (BenchCase *bc, VcCmd *cmd)
{
  /* the network takes multiples of 32 */
  guint h = MAX (bench_size (bc, 256) / 32 * 32, 32u),
        w = MAX (bench_size (bc, 448) / 32 * 32, 32u);
  guint slots = 3;
  const char *path = g_getenv ("VC_BENCH_MODEL");
  GError *error = NULL;
  VcModel *model = vc_model_load_file (path ? path : VC_BENCH_MODEL_DEFAULT, &error);
  bench_check (error);
  VcNet *net = vc_net_new (bc->dev, model, h, w, slots, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_net_free, net);
  bench_own (bc, (GDestroyNotify) vc_model_free, model);
  vc_net_record_frame (net, cmd, slots, &error);
  bench_check (error);
  vc_net_record_store (net, cmd, slots - 1, &error);
  bench_check (error);
  vc_net_record_prev (net, cmd, &error);
  bench_check (error);
  const VcGraph *g = vc_model_graph (model);
  guint n_keys = 1 + slots * ((h + g->slot_scale - 1) / g->slot_scale) *
                         ((w + g->slot_scale - 1) / g->slot_scale);
  bc->flops = graph_flops (g, h, w, n_keys);
  bc->bytes = 0;
  snprintf (bc->shape, sizeof bc->shape, "%ux%u, 3 sources, %.2f GFLOP", h, w, bc->flops / 1e9);
}

const BenchCaseInfo bench_cases[] = {
  { "conv3x3-64", conv3x3_64 },
  { "conv1x1-64", conv1x1_64 },
  { "conv3x3-s2", conv3x3_s2 },
  { "conv3x3-in", conv3x3_first },
  { "conv-stack-20", conv_stack },
  { "attention-2x1792", attention_2src },
  { "attention-2x1792-near", attention_2src_near },
  { "l2norm", l2norm_64 },
  { "resize-x2", resize_up2 },
  { "resize-aa-in", resize_aa_in },
  { "guided-1080", guided_1080 },
  { "steady-1080", steady_1080 },
  { "space-to-depth-ab", space_to_depth_ab },
  { "depth-to-space-ab", depth_to_space_ab },
  { "unpack-nv12", unpack_nv12_1080 },
  { "unpack-rgbx-lab", unpack_rgbx_ref },
  { "unpack-v210", unpack_v210_1080 },
  { "pack-rgba", pack_rgba_1080 },
  { "pack-nv12-4k", pack_nv12_2160 },
  { "pack-p010-4k", pack_p010_2160 },
  { "eltwise-add", eltwise_add },
  { "net-frame-256x448", net_frame },
  { NULL, NULL },
};
