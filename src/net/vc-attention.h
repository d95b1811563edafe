/* vcolorize — source-reference attention (seed paper: Q from the frame, K
 * and V from the references, one softmax over the keys of all references):
 *   s_j  = q . k_j
 *   a_j  = softmax_j ((s_j - p_j) / tau + b_j)    over the n_keys active keys
 *   out  = sum_j a_j v_j
 *   conf = max_j s_j                (raw similarity, before / tau)
 * for every query pixel, where b_j is a bias for the keys from some index on
 * (0 before): their weights are multiplied by e^b against the others'; and
 * p_j a locality penalty that grows with the distance between the key's cell
 * and the query's (VcAttentionBias; 0 when off). Accumulation is fp32 and numerically stable
 * (online softmax with a running max), whatever the storage precision. */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

typedef struct {
  guint c;        /* query / key channels, 1..VC_ATTENTION_MAX_C */
  guint cv;       /* value (and output) channels, >= 1 */
  guint hq, wq;   /* query pixels */
  guint max_keys; /* width of the key and value tensors */
  float tau;      /* softmax temperature, >= VC_ATTENTION_MIN_TAU */
} VcAttentionDesc;

#define VC_ATTENTION_MAX_C 512
#define VC_ATTENTION_MIN_TAU 1e-6f

typedef struct _VcAttention VcAttention;

/* What the scores get besides the similarity (all zero: nothing).
 * - Logit bias: the keys from BIAS_FROM on get BIAS (finite).
 * - Locality: the keys from GRID_FROM on are grids of hq×wq cells, one per
 *   source, laid side by side: key GRID_FROM + g·hq·wq + y·wq + x is cell
 *   (y, x), as query y·wq + x is. A key d cells from its query loses
 *     p = near_weight · (1 - exp (-d² / (2 near_radius²)))
 *   of its similarity: of two keys that match about as well the nearer
 *   wins, and a far key wins only by more than NEAR_WEIGHT. Index 0 is for
 *   the keys before BIAS_FROM, 1 for those from it on; a weight of 0 is no
 *   penalty (weights >= 0, radii > 0 where the weight is not 0). */
typedef struct {
  guint bias_from;
  float bias;
  guint grid_from;
  float near_weight[2];
  float near_radius[2];
} VcAttentionBias;

VcAttention *vc_attention_new (VcDevice *dev, const VcAttentionDesc *desc, GError **error);
/* The same with the tiling forced, for tests and tuning: QUERIES per
 * workgroup and SLICES invocations per query, each taking its share of
 * every key tile (0: the device's default). Both are lowered where the
 * device's limits require. The CPU kernel (VcKernels) has one invocation
 * per query and ignores SLICES. */
VcAttention *vc_attention_new_tiled (VcDevice *dev, const VcAttentionDesc *desc, guint queries,
                                     guint slices, GError **error);

/* Q is c×hq×wq; K is c×1×max_keys and V cv×1×max_keys, of which the first
 * N_KEYS (1..max_keys) columns are used: N_KEYS is a push constant, so one
 * recording per key count needs no new pipeline. OUT is cv×hq×wq (may be a
 * channel view of a larger tensor); CONF is 1×hq×wq or NULL. Outputs must not
 * overlap the inputs. */
gboolean vc_attention_record (VcAttention *op, VcCmd *cmd, const VcTensor *q, const VcTensor *k,
                              const VcTensor *v, guint n_keys, const VcTensor *out,
                              const VcTensor *conf, GError **error);
/* The same with BIAS (all of it push constants: a change needs no new
 * pipeline). */
gboolean vc_attention_record_biased (VcAttention *op, VcCmd *cmd, const VcTensor *q,
                                     const VcTensor *k, const VcTensor *v, guint n_keys,
                                     const VcAttentionBias *bias, const VcTensor *out,
                                     const VcTensor *conf, GError **error);
void vc_attention_free (VcAttention *op);

/* How many passes over the keys one record makes: value channels beyond
 * what one invocation keeps in registers are split over passes. A pass is
 * one dispatch of the GPU kernel; the CPU kernel makes one per 8 chunks of
 * keys, after one that copies the keys into rows. */
guint vc_attention_n_passes (const VcAttention *op);

/* The h×w view of one source inside a key (or value) tensor KEYS of 1×M
 * pixels, starting at column M0: same buffer and plane stride, base moved
 * by M0. A producer (conv, eltwise, l2norm) writes a source straight into
 * it, so the sources are laid side by side without a copy. */
VcTensor vc_attention_key_view (const VcTensor *keys, guint m0, guint h, guint w);

/* Double-precision reference on planar float32 data: Q c×n (n = hq·wq),
 * K c×max_keys, V cv×max_keys, OUT cv×n, CONF n values or NULL. */
void vc_attention_ref (const VcAttentionDesc *desc, const float *q, const float *k, const float *v,
                       guint n_keys, float *out, float *conf);
void vc_attention_ref_biased (const VcAttentionDesc *desc, const float *q, const float *k,
                              const float *v, guint n_keys, const VcAttentionBias *bias, float *out,
                              float *conf);

G_END_DECLS
