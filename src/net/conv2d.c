/* vcolorize — 2-D convolution (1×1 / 3×3, stride 1 / 2, replicated edges). */
#include "vc-conv2d.h"

#include <string.h>

#define ROWS_PER_INVOCATION 4 /* PY in conv2d.glsl */

/* How the shader splits the work; see conv2d.glsl. */
typedef struct {
  gboolean cpu;    /* the CPU kernel (conv2d_cpu.comp) */
  guint ipb, nbuf; /* CPU kernel: input packs per weight buffer, buffers per dispatch */
  guint tx, ty, g; /* workgroup size: columns, row groups, output-pack groups */
  guint p;         /* output packs per invocation */
  guint ck;        /* input packs per shared-memory stage */
  guint ostep, tstep;
  guint op_pad, ip_pad; /* pack counts rounded up to whole blocks */
} Tiling;

struct _VcConv2d {
  VcDevice *dev;
  VcConv2dDesc desc;
  guint oh, ow;
  Tiling t;
  VcPipeline *pipe;
  VcBuffer *weights; /* NULL until vc_conv2d_set_weights */
  /* CPU kernel: the bytes of one weight buffer, from one to the next, and
   * from one dispatch's buffers (P output packs) to the next's */
  guint64 buf_bytes, buf_stride, block_stride;
};

void
vc_conv2d_out_size (const VcConv2dDesc *desc, guint *oh, guint *ow)
{
  guint s = MAX (desc->stride, 1);
  *oh = desc->h ? (desc->h - 1) / s + 1 : 0;
  *ow = desc->w ? (desc->w - 1) / s + 1 : 0;
}

static gboolean
check_desc (const VcConv2dDesc *d, GError **error)
{
  const char *bad = NULL;
  if (d->cin == 0 || d->cout == 0 || d->h == 0 || d->w == 0)
    bad = "has an empty dimension";
  else if (d->kernel != 1 && d->kernel != 3)
    bad = "kernel must be 1 or 3";
  else if (d->stride != 1 && d->stride != 2)
    bad = "stride must be 1 or 2";
  else if ((guint) d->act > VC_ACT_TANH)
    bad = "unknown activation";
  if (!bad)
    return TRUE;
  g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
               "conv2d: %u→%u channels at %u×%u, kernel %u, stride %u, activation %d: %s", d->cin,
               d->cout, d->h, d->w, d->kernel, d->stride, (int) d->act, bad);
  return FALSE;
}

/* Both stage buffers of conv2d.comp. */
static guint
shared_bytes (const Tiling *t, guint k)
{
  guint in_tw = (t->tx - 1) * t->ostep + k;
  guint in_th = (t->ty * ROWS_PER_INVOCATION - 1) * t->ostep + k;
  return 2 * t->ck * (in_tw * in_th + (t->cpu ? 0 : t->g * t->p * k * k * 4)) * 16;
}

/* vec4s of a weight buffer of the CPU kernel: P output packs' weights for
 * IPB input packs, and room for their biases. */
static guint64
buf_vec4s (guint p, guint ipb, guint k)
{
  return (guint64) p * ipb * k * k * 4 + p;
}

/* Tile shapes measured fastest on an H100 (64-channel layers at 256×448).
 * 3×3: 16×16-pixel tiles, 8 output channels × 4 rows per invocation, up to
 * 64 output channels per workgroup, one input pack per stage (each already
 * holds 9 taps of work; bigger stages cost occupancy). 1×1: 16×4-pixel
 * tiles, 4 channels × 4 rows per invocation, 4 input packs per stage. Small
 * images shrink the tile so that few invocations idle; past the shared
 * memory of the device the tile, then the channel block, shrink. */
static Tiling
choose_tiling (const VcDevice *dev, const VcConv2dDesc *d, guint oh, guint ow)
{
  const VkPhysicalDeviceLimits *lim = &vc_device_properties (dev)->limits;
  guint budget = lim->maxComputeSharedMemorySize;
  guint max_threads = MIN (lim->maxComputeWorkGroupInvocations, 512);
  guint out_packs = vc_packs (d->cout), in_packs = vc_packs (d->cin);
  Tiling t = { 0 };
  t.tx = ow > 8 ? 16 : 8;
  if (d->kernel == 3) {
    t.p = MIN (2, out_packs);
    t.g = MIN (8, vc_div_up (out_packs, t.p));
    t.ty = oh > 8 ? 4 : oh > 4 ? 2 : 1;
    t.ck = 1;
  } else {
    t.p = 1;
    t.g = MIN (16, out_packs);
    t.ty = 1;
    t.ck = MIN (4, in_packs);
  }
  t.ostep = d->kernel == 3 ? d->stride : 1;
  t.tstep = d->kernel == 1 ? d->stride : 1;
  while (t.ck > 1 && shared_bytes (&t, d->kernel) > budget)
    t.ck /= 2;
  while (t.ty > 1 && (shared_bytes (&t, d->kernel) > budget || t.tx * t.ty * t.g > max_threads))
    t.ty /= 2;
  while (t.g > 1 && (shared_bytes (&t, d->kernel) > budget || t.tx * t.ty * t.g > max_threads))
    t.g /= 2;
  t.op_pad = vc_div_up (out_packs, t.g * t.p) * t.g * t.p;
  t.ip_pad = vc_div_up (in_packs, t.ck) * t.ck;
  return t;
}

/* The CPU kernel: 4 output packs per invocation (fewer where their weights
 * do not fit in 8 uniform buffer bindings), 16×16-pixel tiles for 3×3 and
 * 16×4 for 1×1, one input pack per stage. On lavapipe (2 cores) the
 * network's frame at 256×448 took 0.97 s with it (GPU kernel: 2.0 to 2.2 s).
 * More rows per invocation are faster for single layers (64→64 channels at
 * 256×448, 3×3: 507 ms with 4 rows, 313 ms with 16; GPU kernel 894 ms) but
 * hardly for the network (when the weights were one buffer: 0.98 s a frame
 * with 8 rows, 1.03 s with 4), and LLVM compiles the unrolled code for far
 * longer (the network's first run: 27 s with 4 rows, 42 s with 8, 78 s with
 * 16; GPU kernels 25 s). Returns FALSE (use the GPU kernel) where even one
 * output pack's weights need more than 8 buffers. */
static gboolean
choose_cpu_tiling (const VcDevice *dev, const VcConv2dDesc *d, guint oh, guint ow, Tiling *t)
{
  guint budget = vc_device_properties (dev)->limits.maxComputeSharedMemorySize;
  guint out_packs = vc_packs (d->cout), in_packs = vc_packs (d->cin);
  *t = (Tiling){ .cpu = TRUE, .g = 1, .ck = 1 };
  t->ip_pad = in_packs;
  guint kk4 = d->kernel * d->kernel * 4;
  for (t->p = MIN (4, out_packs); t->p > 0; t->p--) {
    guint most = (VC_UNIFORM_RANGE / 16 - t->p) / (t->p * kk4); /* input packs in a buffer */
    if (most > 0 && vc_div_up (in_packs, most) <= VC_UNIFORM_ARRAY) {
      t->nbuf = vc_div_up (in_packs, most);
      t->ipb = vc_div_up (in_packs, t->nbuf);
      break;
    }
  }
  if (t->p == 0)
    return FALSE;
  t->tx = ow > 8 ? 16 : 8;
  t->ty = d->kernel == 1 ? 1 : oh > 8 ? 4 : oh > 4 ? 2 : 1;
  t->ostep = d->kernel == 3 ? d->stride : 1;
  t->tstep = d->kernel == 1 ? d->stride : 1;
  while (t->ty > 1 && shared_bytes (t, d->kernel) > budget)
    t->ty /= 2;
  while (t->tx > 1 && shared_bytes (t, d->kernel) > budget)
    t->tx /= 2;
  if (shared_bytes (t, d->kernel) > budget)
    return FALSE;
  t->op_pad = vc_div_up (out_packs, t->p) * t->p;
  return TRUE;
}

static void
group_counts (const VcConv2d *op, guint *gx, guint *gy, guint *gz)
{
  *gx = vc_div_up (op->ow, op->t.tx);
  *gy = vc_div_up (op->oh, op->t.ty * ROWS_PER_INVOCATION);
  *gz = op->t.op_pad / (op->t.g * op->t.p);
}

VcConv2d *
vc_conv2d_new (VcDevice *dev, const VcConv2dDesc *desc, GError **error)
{
  if (!check_desc (desc, error))
    return NULL;
  g_autofree VcConv2d *op = g_new0 (VcConv2d, 1);
  op->dev = dev;
  op->desc = *desc;
  vc_conv2d_out_size (desc, &op->oh, &op->ow);
  if (!vc_device_cpu_kernels (dev) || !choose_cpu_tiling (dev, desc, op->oh, op->ow, &op->t))
    op->t = choose_tiling (dev, desc, op->oh, op->ow);
  guint gx, gy, gz;
  group_counts (op, &gx, &gy, &gz);
  if (MAX (gx, MAX (gy, gz)) > 65535) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "conv2d: %u→%u channels at %u×%u is too large for one dispatch", desc->cin,
                 desc->cout, desc->h, desc->w);
    return NULL;
  }
  const Tiling *t = &op->t;
  /* constant_id: name in conv2d.comp */
  guint32 spec[] = {
    t->tx,              /* 0: local_size_x */
    t->ty,              /* 1: local_size_y */
    t->g,               /* 2: local_size_z */
    desc->cin,          /* 3: CIN */
    desc->cout,         /* 4: COUT */
    desc->h,            /* 5: H */
    desc->w,            /* 6: W */
    op->oh,             /* 7: OH */
    op->ow,             /* 8: OW */
    desc->kernel,       /* 9: K */
    desc->stride,       /* 10: S */
    desc->act,          /* 11: ACT */
    desc->has_residual, /* 12: HAS_RES */
    t->p,               /* 13: P */
    t->ck,              /* 14: CK */
    t->ostep,           /* 15: OSTEP */
    t->tstep,           /* 16: TSTEP */
  };
  VcPipelineDesc pd = { "conv2d", 4, 6 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  guint32 cpu_spec[G_N_ELEMENTS (spec) + 1];
  if (t->cpu) {
    memcpy (cpu_spec, spec, sizeof spec);
    cpu_spec[G_N_ELEMENTS (spec)] = t->ipb; /* 17: IPB */
    pd = (VcPipelineDesc){ "conv2d_cpu",    4, 7 * 4, cpu_spec, G_N_ELEMENTS (cpu_spec), 1u << 1,
                           VC_UNIFORM_ARRAY };
    guint align = vc_device_properties (dev)->limits.minUniformBufferOffsetAlignment;
    op->buf_bytes = buf_vec4s (t->p, t->ipb, desc->kernel) * 16;
    op->buf_stride = (op->buf_bytes + align - 1) / align * align;
    op->block_stride = op->buf_stride * t->nbuf;
  }
  op->pipe = vc_pipeline_get (dev, &pd, error);
  if (!op->pipe)
    return NULL;
  return g_steal_pointer (&op);
}

/* The vec4 of input pack IP, tap TAP, column 0 for output pack PACK in the
 * layout described in conv2d.glsl: a mat4 per (out pack, in pack, tap) with
 * input channel j in column j, then the biases. For the CPU kernel, the
 * blocks of P out packs are block_stride bytes apart, each of their NBUF
 * buffers holding IPB in packs, the first one their biases after that. */
static gsize
weight_vec4 (const VcConv2d *op, guint pack, guint ip, guint tap)
{
  guint kk = op->desc.kernel * op->desc.kernel, p = op->t.p;
  if (!op->t.cpu)
    return (((gsize) pack * op->t.ip_pad + ip) * kk + tap) * 4;
  gsize buf = (pack / p) * (op->block_stride / 16) + (ip / op->t.ipb) * (op->buf_stride / 16);
  return buf + (((gsize) (pack % p) * op->t.ipb + ip % op->t.ipb) * kk + tap) * 4;
}

static gsize
bias_vec4 (const VcConv2d *op, guint pack)
{
  guint kk = op->desc.kernel * op->desc.kernel, p = op->t.p;
  if (!op->t.cpu)
    return (gsize) op->t.op_pad * op->t.ip_pad * kk * 4 + pack;
  return (pack / p) * (op->block_stride / 16) + (gsize) p * op->t.ipb * kk * 4 + pack % p;
}

static void
pack_weights (const VcConv2d *op, const float *weight, const float *bias, float *out)
{
  const VcConv2dDesc *d = &op->desc;
  guint kk = d->kernel * d->kernel;
  for (guint co = 0; co < d->cout; co++) {
    for (guint ci = 0; ci < d->cin; ci++)
      for (guint tap = 0; tap < kk; tap++) {
        gsize vec = weight_vec4 (op, co / 4, ci / 4, tap) + ci % 4;
        out[vec * 4 + co % 4] = weight[((gsize) co * d->cin + ci) * kk + tap];
      }
    out[bias_vec4 (op, co / 4) * 4 + co % 4] = bias ? bias[co] : 0.0f;
  }
}

gboolean
vc_conv2d_set_weights (VcConv2d *op, const float *weight, const float *bias, GError **error)
{
  if (!weight) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "conv2d: no weights given");
    return FALSE;
  }
  const VcConv2dDesc *d = &op->desc;
  gsize n_vec = (gsize) op->t.op_pad * op->t.ip_pad * d->kernel * d->kernel * 4 + op->t.op_pad;
  if (op->t.cpu)
    n_vec = op->t.op_pad / op->t.p * op->block_stride / 16;
  g_autofree float *host = g_new0 (float, n_vec * 4);
  pack_weights (op, weight, bias, host);
  if (op->t.cpu) {
    /* fp32 in the uniform buffer, with the values of the device's precision */
    for (gsize i = 0; i < n_vec * 4; i++)
      host[i] = vc_device_round (op->dev, host[i]);
    if (!op->weights)
      op->weights = vc_buffer_new (op->dev, VC_BUFFER_DEVICE, n_vec * 16, error);
    return op->weights && vc_buffer_write (op->weights, 0, host, n_vec * 16, error);
  }
  guint elem = vc_device_elem_size (op->dev);
  gsize bytes = n_vec * 4 * elem;
  if (!op->weights) {
    op->weights = vc_buffer_new (op->dev, VC_BUFFER_DEVICE, bytes, error);
    if (!op->weights)
      return FALSE;
  }
  if (!vc_device_fp16 (op->dev))
    return vc_buffer_write (op->weights, 0, host, bytes, error);
  g_autofree guint16 *half = g_new (guint16, n_vec * 4);
  for (gsize i = 0; i < n_vec * 4; i++)
    half[i] = vc_float_to_half (host[i]);
  return vc_buffer_write (op->weights, 0, half, bytes, error);
}

gboolean
vc_conv2d_record (VcConv2d *op, VcCmd *cmd, const VcTensor *in, const VcTensor *residual,
                  const VcTensor *out, GError **error)
{
  const VcConv2dDesc *d = &op->desc;
  if (!op->weights) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "conv2d: recorded before vc_conv2d_set_weights");
    return FALSE;
  }
  if (!vc_op_check_tensor (op->dev, "conv2d", "input", in, d->cin, d->h, d->w, error) ||
      (d->has_residual && !vc_op_check_tensor (op->dev, "conv2d", "residual", residual, d->cout,
                                               op->oh, op->ow, error)) ||
      !vc_op_check_tensor (op->dev, "conv2d", "output", out, d->cout, op->oh, op->ow, error))
    return FALSE;
  if (!d->has_residual)
    residual = in; /* bound but never read */
  struct {
    VcPushTensor in, res, out;
  } push = { vc_push_tensor (in), vc_push_tensor (residual), vc_push_tensor (out) };
  VcBinding bind[] = {
    { in->buffer, FALSE },
    { op->weights, FALSE },
    { residual->buffer, FALSE },
    { out->buffer, TRUE },
  };
  guint gx, gy, gz;
  group_counts (op, &gx, &gy, &gz);
  if (!op->t.cpu) {
    vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, gz);
    return TRUE;
  }
  /* the input, VC_UNIFORM_ARRAY weight buffers (past nbuf: the first
   * again), the residual, the output */
  VcBinding cpu_bind[3 + VC_UNIFORM_ARRAY];
  VcBindRange ranges[3 + VC_UNIFORM_ARRAY] = { { 0, 0 } };
  cpu_bind[0] = bind[0];
  for (guint e = 0; e < VC_UNIFORM_ARRAY; e++)
    cpu_bind[1 + e] = bind[1];
  cpu_bind[1 + VC_UNIFORM_ARRAY] = bind[2];
  cpu_bind[2 + VC_UNIFORM_ARRAY] = bind[3];
  for (guint z = 0; z < gz; z++) {
    struct {
      VcPushTensor in, res, out;
      guint32 op_first;
    } cpu_push = { push.in, push.res, push.out, z * op->t.p };
    for (guint e = 0; e < VC_UNIFORM_ARRAY; e++)
      ranges[1 + e] =
          (VcBindRange){ z * op->block_stride + (e < op->t.nbuf ? e : 0) * op->buf_stride,
                         op->buf_bytes };
    vc_cmd_dispatch_ranges (cmd, op->pipe, cpu_bind, ranges, &cpu_push, gx, gy, 1);
  }
  return TRUE;
}

void
vc_conv2d_free (VcConv2d *op)
{
  if (!op)
    return;
  vc_buffer_free (op->weights);
  g_free (op);
}
