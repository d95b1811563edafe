/* vcolorize — attention: host side (validation, tiling plan, dispatches).
 * The kernel is described in shaders/attention.comp. */
#include "vc-attention.h"

#include <math.h>
#include <string.h>

/* Tiling, measured on an NVIDIA H100 at the network's size (n = 7168
 * queries, 3584 keys, c = 64, cv = 66): 64 queries × 4 key slices per
 * workgroup, 15 keys per slice and tile (0.41 ms). More slices give more
 * invocations than fit in the register file at once (8 slices: 0.54 ms),
 * fewer leave multiprocessors idle (2 slices: 0.70 ms).
 * On a CPU (lavapipe) one slice is best: all SIMD lanes then read the same
 * shared address, which becomes a scalar load (2.4 s against 4.7 s with 8
 * slices); and short tiles, as LLVM's compile time grows quickly with the
 * unrolled tile (16 keys: 1.5 s per op, but minutes to compile the tests). */
#define GPU_QUERIES 64
#define GPU_SLICES 4
#define GPU_KEYS_PER_SLICE 16
#define CPU_QUERIES 128
#define CPU_SLICES 1
#define CPU_KEYS_PER_SLICE 4
/* vec4 registers an invocation spends on its query and value sums before
 * value channels are split over passes. Each pass recomputes the scores. On
 * a CPU the sums of a SIMD group's lanes do not fit in registers anyway and
 * live in memory, so there the budget only bounds the unrolled code: 64
 * takes c = 64 and the network's 192 value channels (features and 8×8 ab
 * patches) in one pass (lavapipe, 1,792 queries × 3,584 keys: 2.9 s, against
 * 5.9 s in three passes). */
#define REGISTER_VEC4S 36
#define CPU_REGISTER_VEC4S 64
#define MIN_PASS_PACKS 16
/* The CPU kernel (attention_cpu.comp) binds VC_UNIFORM_ARRAY chunks of
 * keys per dispatch. Queries per workgroup: on lavapipe (2 cores,
 * 1,792 queries × 3,584 keys) 128 and 64 take 333 and 337 ms, 32 356 ms;
 * 64 gives twice the workgroups to share among more cores. */
#define CPU_KERNEL_QUERIES 64
/* Shared memory for the key / value tile (lavapipe has 32 KiB). */
#define SHARED_BUDGET 32768

typedef struct {
  guint vpb;     /* value packs per pass */
  guint passes;  /* value passes per record */
  guint qb, ks;  /* queries per workgroup, invocations per query */
  guint kpt;     /* keys per invocation per tile */
  guint rp;      /* value packs merged per round */
  guint sh_size; /* vec4s of shared memory */
  /* the CPU kernel (attention_cpu.comp) */
  gboolean cpu;
  guint kc;    /* keys per chunk */
  guint chunk; /* vec4s from one chunk's rows to the next */
} Plan;

struct _VcAttention {
  VcDevice *dev;
  VcAttentionDesc desc;
  Plan plan;
  VcPipeline *pipe;
  /* CPU kernel: the copy into rows, the rows of keys and values, and the
   * softmax state carried from dispatch to dispatch (NULL where all keys
   * fit in one) */
  VcPipeline *rows_pipe;
  VcBuffer *rows, *state;
};

static gboolean invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "attention: %s", msg);
  return FALSE;
}

static gboolean
check_desc (const VcAttentionDesc *d, GError **error)
{
  if (d->c == 0 || d->c > VC_ATTENTION_MAX_C)
    return invalid (error, "c = %u channels, must be 1..%u", d->c, VC_ATTENTION_MAX_C);
  if (d->cv == 0)
    return invalid (error, "cv = 0 value channels, must be at least 1");
  if (d->hq == 0 || d->wq == 0)
    return invalid (error, "query shape %u×%u has an empty dimension", d->hq, d->wq);
  if ((guint64) d->hq * d->wq > G_MAXUINT32)
    return invalid (error, "%u×%u queries are too many", d->hq, d->wq);
  if (d->max_keys == 0)
    return invalid (error, "max_keys = 0, must be at least 1");
  if (!(d->tau >= VC_ATTENTION_MIN_TAU) || !isfinite (d->tau))
    return invalid (error, "tau = %g, must be finite and at least %g", d->tau,
                    VC_ATTENTION_MIN_TAU);
  return TRUE;
}

/* Fits the tile into the device's shared memory and the workgroup into its
 * limits. Fails only for a device with less shared memory than one key row. */
static gboolean
make_plan (const VcDevice *dev, const VcAttentionDesc *d, guint queries, guint slices, Plan *pl,
           GError **error)
{
  const VkPhysicalDeviceLimits *lim = &vc_device_properties (dev)->limits;
  gboolean cpu = vc_device_properties (dev)->deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  guint cp = vc_packs (d->c), vp = vc_packs (d->cv);
  guint regs = cpu ? CPU_REGISTER_VEC4S : REGISTER_VEC4S;
  pl->vpb = MIN (vp, MAX (regs - MIN (cp, regs), MIN_PASS_PACKS));
  pl->passes = vc_div_up (vp, pl->vpb);
  guint stride = (cp + pl->vpb + 1) | 1; /* as in the shader: a key's packs and its cell */
  guint budget = MIN (SHARED_BUDGET, lim->maxComputeSharedMemorySize) / 16;
  if (stride > budget)
    return invalid (error, "c = %u needs more shared memory than the device has", d->c);
  pl->ks = slices ? slices : cpu ? CPU_SLICES : GPU_SLICES;
  while (pl->ks > 1 && pl->ks * stride > budget)
    pl->ks /= 2;
  pl->qb = queries ? queries : cpu ? CPU_QUERIES : GPU_QUERIES;
  while (pl->qb > 1 && (pl->qb * pl->ks > lim->maxComputeWorkGroupInvocations ||
                        pl->qb * pl->ks > lim->maxComputeWorkGroupSize[0]))
    pl->qb /= 2;
  pl->kpt = CLAMP (budget / (pl->ks * stride), 1, cpu ? CPU_KEYS_PER_SLICE : GPU_KEYS_PER_SLICE);
  guint wg = pl->qb * pl->ks;
  pl->rp = CLAMP (budget / wg, 1, MIN (pl->vpb, pl->ks));
  pl->sh_size = MAX (pl->ks * pl->kpt * stride, wg * pl->rp);
  return TRUE;
}

/* The CPU kernel's plan: the GPU kernel's value passes (the CPU register
 * budget), one query per invocation, QUERIES (default CPU_KERNEL_QUERIES) per
 * workgroup, as many keys per chunk as fill 64 KiB. FALSE where one key's
 * row does not fit (use the GPU kernel). */
static gboolean
make_cpu_plan (const VcDevice *dev, const VcAttentionDesc *d, guint queries, Plan *pl)
{
  const VkPhysicalDeviceLimits *lim = &vc_device_properties (dev)->limits;
  guint cp = vc_packs (d->c), vp = vc_packs (d->cv);
  guint row = cp + vp;
  if (row > VC_UNIFORM_RANGE / 16)
    return FALSE;
  *pl = (Plan){ .cpu = TRUE, .ks = 1 };
  pl->vpb = MIN (vp, MAX (CPU_REGISTER_VEC4S - MIN (cp, CPU_REGISTER_VEC4S), MIN_PASS_PACKS));
  pl->passes = vc_div_up (vp, pl->vpb);
  pl->qb = queries ? queries : CPU_KERNEL_QUERIES;
  pl->qb = MIN (pl->qb, MIN (lim->maxComputeWorkGroupInvocations, lim->maxComputeWorkGroupSize[0]));
  pl->kc = VC_UNIFORM_RANGE / 16 / row;
  guint align = lim->minUniformBufferOffsetAlignment / 16;
  pl->chunk = vc_div_up (pl->kc * row, MAX (align, 1)) * MAX (align, 1);
  return TRUE;
}

static gboolean
cpu_kernel_init (VcAttention *op, GError **error)
{
  const VcAttentionDesc *d = &op->desc;
  const Plan *pl = &op->plan;
  guint32 rows_spec[] = { d->c, vc_packs (d->cv), pl->kc, pl->chunk };
  VcPipelineDesc rd = { "attention_rows_cpu", 3, 6 * 4, rows_spec, G_N_ELEMENTS (rows_spec), 0, 0 };
  op->rows_pipe = vc_pipeline_get (op->dev, &rd, error);
  if (!op->rows_pipe)
    return FALSE;
  guint chunks = vc_div_up (d->max_keys, pl->kc);
  op->rows = vc_buffer_new (op->dev, VC_BUFFER_DEVICE, (guint64) chunks * pl->chunk * 16, error);
  if (!op->rows)
    return FALSE;
  if (chunks > VC_UNIFORM_ARRAY) {
    guint64 n = (guint64) d->hq * d->wq;
    op->state = vc_buffer_new (op->dev, VC_BUFFER_DEVICE, n * (1 + pl->vpb) * 16, error);
    if (!op->state)
      return FALSE;
  }
  return TRUE;
}

VcAttention *
vc_attention_new (VcDevice *dev, const VcAttentionDesc *desc, GError **error)
{
  return vc_attention_new_tiled (dev, desc, 0, 0, error);
}

VcAttention *
vc_attention_new_tiled (VcDevice *dev, const VcAttentionDesc *desc, guint queries, guint slices,
                        GError **error)
{
  Plan pl = { 0 };
  if (!check_desc (desc, error))
    return NULL;
  if (!vc_device_cpu_kernels (dev) || !make_cpu_plan (dev, desc, queries, &pl)) {
    if (!make_plan (dev, desc, queries, slices, &pl, error))
      return NULL;
  }
  float scale = (float) (M_LOG2E / desc->tau);
  guint32 spec[] = {
    pl.qb * pl.ks,         desc->c,    pl.vpb, pl.qb,   pl.ks, pl.kpt, desc->hq * desc->wq,
    vc_float_bits (scale), pl.sh_size, pl.rp,  desc->wq
  };
  guint32 cpu_spec[] = { pl.qb,
                         desc->c,
                         pl.vpb,
                         vc_packs (desc->cv),
                         pl.kc,
                         desc->hq * desc->wq,
                         vc_float_bits (scale),
                         desc->wq };
  VcPipelineDesc pd = { "attention", 5, 19 * 4, spec, G_N_ELEMENTS (spec), 0, 0 };
  if (pl.cpu)
    pd = (VcPipelineDesc){ "attention_cpu",         5,       17 * 4,          cpu_spec,
                           G_N_ELEMENTS (cpu_spec), 1u << 1, VC_UNIFORM_ARRAY };
  VcPipeline *pipe = vc_pipeline_get (dev, &pd, error);
  if (!pipe)
    return NULL;
  VcAttention *op = g_new0 (VcAttention, 1);
  op->dev = dev;
  op->desc = *desc;
  op->plan = pl;
  op->pipe = pipe;
  if (pl.cpu && !cpu_kernel_init (op, error)) {
    vc_attention_free (op);
    return NULL;
  }
  return op;
}

static gboolean
check_tensors (VcAttention *op, const VcTensor *q, const VcTensor *k, const VcTensor *v,
               guint n_keys, const VcTensor *out, const VcTensor *conf, GError **error)
{
  const VcAttentionDesc *d = &op->desc;
  if (n_keys == 0 || n_keys > d->max_keys)
    return invalid (error, "n_keys = %u, must be 1..%u (max_keys)", n_keys, d->max_keys);
  return vc_op_check_tensor (op->dev, "attention", "q", q, d->c, d->hq, d->wq, error) &&
         vc_op_check_tensor (op->dev, "attention", "k", k, d->c, 1, d->max_keys, error) &&
         vc_op_check_tensor (op->dev, "attention", "v", v, d->cv, 1, d->max_keys, error) &&
         vc_op_check_tensor (op->dev, "attention", "out", out, d->cv, d->hq, d->wq, error) &&
         (!conf || vc_op_check_tensor (op->dev, "attention", "conf", conf, 1, d->hq, d->wq, error));
}

gboolean
vc_attention_record (VcAttention *op, VcCmd *cmd, const VcTensor *q, const VcTensor *k,
                     const VcTensor *v, guint n_keys, const VcTensor *out, const VcTensor *conf,
                     GError **error)
{
  const VcAttentionBias none = { 0 };
  return vc_attention_record_biased (op, cmd, q, k, v, n_keys, &none, out, conf, error);
}

static gboolean
check_bias (const VcAttentionBias *b, GError **error)
{
  if (!isfinite (b->bias))
    return invalid (error, "bias = %g, must be finite", b->bias);
  for (guint g = 0; g < 2; g++) {
    float w = b->near_weight[g], r = b->near_radius[g];
    if (!(w >= 0.0f) || !isfinite (w))
      return invalid (error, "near_weight[%u] = %g, must be finite and >= 0", g, w);
    if (w != 0.0f && (!(r > 0.0f) || !isfinite (r)))
      return invalid (error, "near_radius[%u] = %g, must be finite and > 0", g, r);
  }
  return TRUE;
}

/* log2(e) / (2 r²): the shader's exp2 (-k d²) is exp (-d² / (2 r²)). */
static float
near_k (const VcAttentionBias *b, guint g)
{
  double r = b->near_radius[g];
  return b->near_weight[g] != 0.0f ? (float) (M_LOG2E / (2.0 * r * r)) : 0.0f;
}

/* The CPU kernel: the rows, then a dispatch per pass and group of up to
 * VC_UNIFORM_ARRAY chunks. */
static void
record_cpu (VcAttention *op, VcCmd *cmd, const VcTensor *q, const VcTensor *k, const VcTensor *v,
            guint n_keys, const VcAttentionBias *b, const VcTensor *out, const VcTensor *conf)
{
  const VcAttentionDesc *d = &op->desc;
  const Plan *pl = &op->plan;
  guint cp = vc_packs (d->c), row = cp + vc_packs (d->cv);
  struct {
    VcPushTensor k, v;
    guint32 n_keys, cv;
  } rows_push = { vc_push_tensor (k), vc_push_tensor (v), n_keys, d->cv };
  VcBinding rows_bind[] = { { k->buffer, FALSE }, { v->buffer, FALSE }, { op->rows, TRUE } };
  guint gx, gy;
  vc_linear_groups ((guint64) n_keys * row, 64, &gx, &gy);
  vc_cmd_dispatch (cmd, op->rows_pipe, rows_bind, &rows_push, gx, gy, 1);

  /* a dispatch per pass and group of up to VC_UNIFORM_ARRAY chunks; unused
   * entries of the chunk array get the first chunk */
  guint keys_per_dispatch = VC_UNIFORM_ARRAY * pl->kc;
  guint dispatches = vc_div_up (n_keys, keys_per_dispatch);
  VcBinding bind[4 + VC_UNIFORM_ARRAY];
  VcBindRange ranges[4 + VC_UNIFORM_ARRAY];
  vc_linear_groups ((guint64) d->hq * d->wq, pl->qb, &gx, &gy);
  for (guint pass = 0; pass < pl->passes; pass++) {
    guint64 pack0 = (guint64) pass * pl->vpb;
    for (guint g = 0; g < dispatches; g++) {
      guint key0 = g * keys_per_dispatch, n = MIN (keys_per_dispatch, n_keys - key0);
      guint n_chunks = vc_div_up (n, pl->kc);
      struct {
        VcPushTensor q, out;
        guint32 conf_base, key0, n, v0, cv, flags, bias_from;
        float bias;
        guint32 grid_from;
        float near_w[2], near_k[2];
      } push = {
        vc_push_tensor (q),
        { (guint32) (out->base + pack0 * out->plane), (guint32) out->plane },
        conf ? (guint32) conf->base : 0,
        key0,
        n,
        (guint32) (cp + pack0),
        (guint32) (d->cv - pack0 * 4),
        (g == 0 ? 1u : 0u) | (g + 1 == dispatches ? 2u : 0u) | (conf && pass == 0 ? 4u : 0u),
        MIN (b->bias_from, n_keys),
        b->bias * d->tau,
        MIN (b->grid_from, n_keys),
        { b->near_weight[0], b->near_weight[1] },
        { near_k (b, 0), near_k (b, 1) },
      };
      guint e = 0;
      bind[e] = (VcBinding){ q->buffer, FALSE };
      ranges[e++] = (VcBindRange){ 0, 0 };
      for (guint c = 0; c < VC_UNIFORM_ARRAY; c++) {
        guint chunk = key0 / pl->kc + (c < n_chunks ? c : 0);
        bind[e] = (VcBinding){ op->rows, FALSE };
        ranges[e++] =
            (VcBindRange){ (guint64) chunk * pl->chunk * 16, (guint64) pl->kc * row * 16 };
      }
      /* Without conf or state the bindings only need some buffer: never used. */
      bind[e] = (VcBinding){ op->state ? op->state : out->buffer, TRUE };
      ranges[e++] = (VcBindRange){ 0, 0 };
      bind[e] = (VcBinding){ out->buffer, TRUE };
      ranges[e++] = (VcBindRange){ 0, 0 };
      bind[e] = (VcBinding){ conf ? conf->buffer : out->buffer, TRUE };
      ranges[e++] = (VcBindRange){ 0, 0 };
      vc_cmd_dispatch_ranges (cmd, op->pipe, bind, ranges, &push, gx, gy, 1);
    }
  }
}

gboolean
vc_attention_record_biased (VcAttention *op, VcCmd *cmd, const VcTensor *q, const VcTensor *k,
                            const VcTensor *v, guint n_keys, const VcAttentionBias *b,
                            const VcTensor *out, const VcTensor *conf, GError **error)
{
  if (!check_tensors (op, q, k, v, n_keys, out, conf, error) || !check_bias (b, error))
    return FALSE;
  const VcAttentionDesc *d = &op->desc;
  const Plan *pl = &op->plan;
  if (pl->cpu) {
    record_cpu (op, cmd, q, k, v, n_keys, b, out, conf);
    return TRUE;
  }
  /* Without conf the binding only needs some buffer: it is never written. */
  VcBinding bind[] = { { q->buffer, FALSE },
                       { k->buffer, FALSE },
                       { v->buffer, FALSE },
                       { out->buffer, TRUE },
                       { conf ? conf->buffer : out->buffer, TRUE } };
  guint gx, gy;
  vc_linear_groups ((guint64) d->hq * d->wq, pl->qb, &gx, &gy);
  for (guint pass = 0; pass < pl->passes; pass++) {
    guint64 pack0 = (guint64) pass * pl->vpb;
    struct {
      VcPushTensor q, k, v, out;
      guint32 conf_base, n_keys, cv, write_conf, bias_from;
      float bias;
      guint32 grid_from;
      float near_w[2], near_k[2];
    } push = {
      vc_push_tensor (q),
      vc_push_tensor (k),
      { (guint32) (v->base + pack0 * v->plane), (guint32) v->plane },
      { (guint32) (out->base + pack0 * out->plane), (guint32) out->plane },
      conf ? (guint32) conf->base : 0,
      n_keys,
      (guint32) (d->cv - pack0 * 4),
      conf && pass == 0,
      MIN (b->bias_from, n_keys),
      /* the shader adds it to the scores, before the division by tau */
      b->bias * d->tau,
      MIN (b->grid_from, n_keys),
      { b->near_weight[0], b->near_weight[1] },
      { near_k (b, 0), near_k (b, 1) },
    };
    vc_cmd_dispatch (cmd, op->pipe, bind, &push, gx, gy, 1);
  }
  return TRUE;
}

guint
vc_attention_n_passes (const VcAttention *op)
{
  return op->plan.passes;
}

void
vc_attention_free (VcAttention *op)
{
  if (!op)
    return;
  vc_buffer_free (op->rows);
  vc_buffer_free (op->state);
  g_free (op);
}

VcTensor
vc_attention_key_view (const VcTensor *keys, guint m0, guint h, guint w)
{
  g_return_val_if_fail (keys->h == 1 && (guint64) m0 + (guint64) h * w <= keys->w, *keys);
  VcTensor view = *keys;
  view.base += m0;
  view.h = h;
  view.w = w;
  return view;
}
