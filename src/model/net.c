/* vcolorize — the graph executor: tensors, memory and ops of a model at one
 * network resolution, and the recording of its subgraphs. */
#include "vc-net.h"
#include "vc-affine.h"
#include "vc-attention.h"
#include "vc-conv2d.h"
#include "vc-eltwise.h"
#include "vc-l2norm.h"
#include "vc-resize.h"
#include "vc-shuffle.h"

struct _VcNet {
  VcDevice *dev;
  const VcGraph *g;
  guint h, w, n_slots;
  guint slot_h, slot_w; /* pixels of one slot */
  GPtrArray *buffers;   /* VcBuffer*, owned */
  VcTensor *tensors;    /* per graph tensor; slot tensors: their shape only */
  VcTensor keys, values;
  VcBuffer *zeros;           /* a zero plane at full resolution, for clear_prev */
  gpointer *ops[VC_N_ROLES]; /* per node of each role */
};

static guint
side (guint n, guint scale)
{
  return (n + scale - 1) / scale;
}

static gboolean
alloc_zeroed (VcNet *net, guint c, guint h, guint w, VcTensor *t, GError **error)
{
  VcBuffer *buf = vc_tensor_alloc (net->dev, c, h, w, t, error);
  if (!buf)
    return FALSE;
  g_ptr_array_add (net->buffers, buf);
  gsize size = vc_buffer_size (buf);
  g_autofree void *zeros = g_malloc0 (size);
  return vc_buffer_write (buf, 0, zeros, size, error);
}

static VcTensor
slot_tensor (const VcNet *net, gint t, guint slot)
{
  const VcGraphTensor *gt = &net->g->tensors[t];
  const VcTensor *mem = gt->base == VC_SLOT_KEY ? &net->keys : &net->values;
  VcTensor view =
      vc_attention_key_view (mem, 1 + slot * net->slot_h * net->slot_w, net->slot_h, net->slot_w);
  return vc_tensor_channels (&view, gt->offset, gt->c);
}

void
vc_net_slot_size (const VcNet *net, guint *height, guint *width)
{
  *height = net->slot_h;
  *width = net->slot_w;
}

gboolean
vc_net_mask_slot (VcNet *net, guint slot, const gboolean *masked, GError **error)
{
  if (slot >= net->n_slots) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "net: no slot %u (%u slots)", slot,
                 net->n_slots);
    return FALSE;
  }
  gsize n = (gsize) net->slot_h * net->slot_w;
  const VcTensor *mems[] = { &net->keys, &net->values };
  for (guint m = 0; m < G_N_ELEMENTS (mems); m++) {
    const VcTensor *mem = mems[m];
    VcTensor null = vc_attention_key_view (mem, 0, 1, 1);
    VcTensor grid = vc_attention_key_view (mem, 1 + slot * n, net->slot_h, net->slot_w);
    g_autofree float *nv = g_new (float, mem->c);
    g_autofree float *gv = g_new (float, mem->c *n);
    if (!vc_tensor_download (net->dev, &null, nv, error) ||
        !vc_tensor_download (net->dev, &grid, gv, error))
      return FALSE;
    for (guint c = 0; c < mem->c; c++)
      for (gsize k = 0; k < n; k++)
        if (masked[k])
          gv[c * n + k] = nv[c];
    if (!vc_tensor_upload (net->dev, &grid, gv, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
upload_column0 (VcNet *net, const VcTensor *mem, const VcStTensor *st, GError **error)
{
  VcTensor col = vc_attention_key_view (mem, 0, 1, 1);
  g_autofree float *v = g_new (float, st->n_elements);
  vc_st_tensor_to_float (st, v);
  return vc_tensor_upload (net->dev, &col, v, error);
}

static gboolean
make_tensors (VcNet *net, GError **error)
{
  const VcGraph *g = net->g;
  net->tensors = g_new0 (VcTensor, g->n_tensors);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < g->n_tensors; i++) {
      const VcGraphTensor *t = &g->tensors[i];
      if (pass == 0 && t->kind == VC_GRAPH_BUFFER &&
          !alloc_zeroed (net, t->c, side (net->h, t->scale), side (net->w, t->scale),
                         &net->tensors[i], error))
        return FALSE;
      if (pass == 1 && t->kind == VC_GRAPH_VIEW)
        net->tensors[i] = vc_tensor_channels (&net->tensors[t->base], t->offset, t->c);
    }
  net->slot_h = side (net->h, g->slot_scale);
  net->slot_w = side (net->w, g->slot_scale);
  guint max_keys = 1 + net->n_slots * net->slot_h * net->slot_w;
  /* Slot tensors have their storage chosen when recorded; here only a shape. */
  for (guint i = 0; i < g->n_tensors; i++)
    if (g->tensors[i].kind == VC_GRAPH_SLOT)
      net->tensors[i] = (VcTensor){ NULL, 0, 0, g->tensors[i].c, net->slot_h, net->slot_w };
  net->zeros = vc_buffer_new (net->dev, VC_BUFFER_DEVICE,
                              vc_tensor_bytes (net->dev, 4, net->h, net->w), error);
  if (!net->zeros)
    return FALSE;
  g_autofree void *zeros = g_malloc0 (vc_buffer_size (net->zeros));
  return vc_buffer_write (net->zeros, 0, zeros, vc_buffer_size (net->zeros), error) &&
         alloc_zeroed (net, g->slot_c[VC_SLOT_KEY], 1, max_keys, &net->keys, error) &&
         alloc_zeroed (net, g->slot_c[VC_SLOT_VALUE], 1, max_keys, &net->values, error) &&
         upload_column0 (net, &net->keys, g->null_key, error) &&
         upload_column0 (net, &net->values, g->null_value, error);
}

static VcConv2d *
make_conv (VcNet *net, const VcGraphNode *node, GError **error)
{
  const VcTensor *in = &net->tensors[node->in[0]], *out = &net->tensors[node->out[0]];
  VcConv2dDesc d = { in->c,        out->c,       in->h,     in->w,
                     node->kernel, node->stride, node->act, node->in[1] >= 0 };
  VcConv2d *op = vc_conv2d_new (net->dev, &d, error);
  if (!op)
    return NULL;
  g_autofree float *w = g_new (float, node->weight->n_elements);
  g_autofree float *b = node->bias ? g_new (float, node->bias->n_elements) : NULL;
  vc_st_tensor_to_float (node->weight, w);
  if (b)
    vc_st_tensor_to_float (node->bias, b);
  if (!vc_conv2d_set_weights (op, w, b, error))
    g_clear_pointer (&op, vc_conv2d_free);
  return op;
}

static gpointer
make_op (VcNet *net, const VcGraphNode *node, GError **error)
{
  const VcTensor *in = &net->tensors[node->in[0]], *out = &net->tensors[node->out[0]];
  switch (node->op) {
  case VC_GRAPH_CONV2D:
    return make_conv (net, node, error);
  case VC_GRAPH_RESIZE: {
    VcResizeDesc d = { in->c, in->h, in->w, out->h, out->w, FALSE };
    return vc_resize_new (net->dev, &d, error);
  }
  case VC_GRAPH_ADD: {
    VcEltwiseDesc d = { in->c, in->h, in->w, 1.0f, 1.0f, TRUE };
    return vc_eltwise_new (net->dev, &d, error);
  }
  case VC_GRAPH_AFFINE: {
    VcAffineDesc d = { in->c, in->h, in->w, node->scale, node->offset };
    return vc_affine_new (net->dev, &d, error);
  }
  case VC_GRAPH_L2NORM: {
    VcL2NormDesc d = { in->c, in->h, in->w, node->eps };
    return vc_l2norm_new (net->dev, &d, error);
  }
  case VC_GRAPH_ATTENTION: {
    VcAttentionDesc d = { net->keys.c, net->values.c, in->h, in->w, net->keys.w, node->tau };
    return vc_attention_new (net->dev, &d, error);
  }
  case VC_GRAPH_SPACE_TO_DEPTH:
  case VC_GRAPH_DEPTH_TO_SPACE: {
    gboolean to_depth = node->op == VC_GRAPH_SPACE_TO_DEPTH;
    VcShuffleDesc d = { to_depth ? VC_SHUFFLE_SPACE_TO_DEPTH : VC_SHUFFLE_DEPTH_TO_SPACE,
                        in->c,
                        in->h,
                        in->w,
                        node->factor,
                        node->scale };
    return vc_shuffle_new (net->dev, &d, error);
  }
  }
  g_return_val_if_reached (NULL);
}

static void
free_op (VcGraphOp kind, gpointer op)
{
  static const GDestroyNotify free_fn[] = {
    [VC_GRAPH_CONV2D] = (GDestroyNotify) vc_conv2d_free,
    [VC_GRAPH_RESIZE] = (GDestroyNotify) vc_resize_free,
    [VC_GRAPH_ADD] = (GDestroyNotify) vc_eltwise_free,
    [VC_GRAPH_AFFINE] = (GDestroyNotify) vc_affine_free,
    [VC_GRAPH_L2NORM] = (GDestroyNotify) vc_l2norm_free,
    [VC_GRAPH_ATTENTION] = (GDestroyNotify) vc_attention_free,
    [VC_GRAPH_SPACE_TO_DEPTH] = (GDestroyNotify) vc_shuffle_free,
    [VC_GRAPH_DEPTH_TO_SPACE] = (GDestroyNotify) vc_shuffle_free,
  };
  if (op)
    free_fn[kind](op);
}

VcNet *
vc_net_new (VcDevice *dev, const VcModel *model, guint net_h, guint net_w, guint n_slots,
            GError **error)
{
  if (net_h == 0 || net_w == 0 || net_h % VC_NET_ALIGN || net_w % VC_NET_ALIGN) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "net: resolution %u×%u must be a positive multiple of %u on both sides", net_h,
                 net_w, VC_NET_ALIGN);
    return NULL;
  }
  VcNet *net = g_new0 (VcNet, 1);
  net->dev = dev;
  net->g = vc_model_graph (model);
  net->h = net_h;
  net->w = net_w;
  net->n_slots = n_slots;
  net->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify) vc_buffer_free);
  for (guint r = 0; r < VC_N_ROLES; r++)
    net->ops[r] = g_new0 (gpointer, net->g->roles[r].n_nodes);
  if (!make_tensors (net, error)) {
    vc_net_free (net);
    return NULL;
  }
  for (guint r = 0; r < VC_N_ROLES; r++)
    for (guint n = 0; n < net->g->roles[r].n_nodes; n++) {
      const VcGraphNode *node = &net->g->roles[r].nodes[n];
      if (!(net->ops[r][n] = make_op (net, node, error))) {
        g_prefix_error (error, "net: %s node \"%s\": ", vc_graph_role_name (r), node->name);
        vc_net_free (net);
        return NULL;
      }
    }
  return net;
}

void
vc_net_free (VcNet *net)
{
  if (!net)
    return;
  for (guint r = 0; r < VC_N_ROLES; r++) {
    for (guint n = 0; net->ops[r] && n < net->g->roles[r].n_nodes; n++)
      free_op (net->g->roles[r].nodes[n].op, net->ops[r][n]);
    g_free (net->ops[r]);
  }
  g_clear_pointer (&net->zeros, vc_buffer_free);
  g_ptr_array_unref (net->buffers);
  g_free (net->tensors);
  g_free (net);
}

guint
vc_net_n_slots (const VcNet *net)
{
  return net->n_slots;
}

const VcTensor *
vc_net_tensor (const VcNet *net, const char *name)
{
  gint t = vc_graph_find (net->g, name);
  return t >= 0 && net->g->tensors[t].kind != VC_GRAPH_SLOT ? &net->tensors[t] : NULL;
}

/* What a frame attends to: the null key and slots 0 .. n_active - 1,
 * weighed by WEIGH. */
typedef struct {
  guint n_active;
  VcNetAttend weigh;
} Attend;

/* for the subgraphs other than frame (attention is only in frame) */
static const Attend no_attention = { 0 };

static gboolean
record_node (VcNet *net, VcCmd *cmd, const VcGraphNode *node, gpointer op, guint slot,
             const Attend *a, GError **error)
{
  VcTensor t[4] = { { 0 } };
  const gint idx[4] = { node->in[0], node->in[1], node->out[0], node->out[1] };
  for (guint i = 0; i < 4; i++)
    if (idx[i] >= 0)
      t[i] = net->g->tensors[idx[i]].kind == VC_GRAPH_SLOT ? slot_tensor (net, idx[i], slot)
                                                           : net->tensors[idx[i]];
  const VcTensor *res = node->in[1] >= 0 ? &t[1] : NULL, *conf = node->out[1] >= 0 ? &t[3] : NULL;
  switch (node->op) {
  case VC_GRAPH_CONV2D:
    return vc_conv2d_record (op, cmd, &t[0], res, &t[2], error);
  case VC_GRAPH_RESIZE:
    return vc_resize_record (op, cmd, &t[0], &t[2], error);
  case VC_GRAPH_ADD:
    return vc_eltwise_record (op, cmd, &t[0], &t[1], &t[2], error);
  case VC_GRAPH_AFFINE:
    return vc_affine_record (op, cmd, &t[0], &t[2], error);
  case VC_GRAPH_L2NORM:
    return vc_l2norm_record (op, cmd, &t[0], &t[2], error);
  case VC_GRAPH_ATTENTION: {
    /* key 0 is the null key, then the slots' grids */
    guint slot_keys = net->slot_h * net->slot_w;
    const VcNetAttend *w = &a->weigh;
    VcAttentionBias b = {
      .bias_from = 1 + MIN (w->bias_from, a->n_active) * slot_keys,
      .bias = w->bias,
      .grid_from = 1,
      .near_weight = { w->near_weight[0], w->near_weight[1] },
      .near_radius = { w->near_radius[0] * MIN (net->slot_h, net->slot_w),
                       w->near_radius[1] * MIN (net->slot_h, net->slot_w) },
    };
    return vc_attention_record_biased (op, cmd, &t[0], &net->keys, &net->values,
                                       1 + a->n_active * slot_keys, &b, &t[2], conf, error);
  }
  case VC_GRAPH_SPACE_TO_DEPTH:
  case VC_GRAPH_DEPTH_TO_SPACE:
    return vc_shuffle_record (op, cmd, &t[0], &t[2], error);
  }
  g_return_val_if_reached (FALSE);
}

static gboolean
record_role (VcNet *net, VcCmd *cmd, VcGraphRole r, guint slot, const Attend *a, GError **error)
{
  const VcGraphSubgraph *s = &net->g->roles[r];
  for (guint n = 0; n < s->n_nodes; n++)
    if (!record_node (net, cmd, &s->nodes[n], net->ops[r][n], slot, a, error)) {
      g_prefix_error (error, "net: %s node \"%s\": ", vc_graph_role_name (r), s->nodes[n].name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_slot (const VcNet *net, guint slot, const char *what, GError **error)
{
  if (slot < net->n_slots)
    return TRUE;
  g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "net: %s: slot %u, the net has %u", what,
               slot, net->n_slots);
  return FALSE;
}

gboolean
vc_net_record_source (VcNet *net, VcCmd *cmd, guint slot, GError **error)
{
  return check_slot (net, slot, "source", error) &&
         record_role (net, cmd, VC_ROLE_SOURCE, slot, &no_attention, error);
}

static gboolean
check_active (const VcNet *net, guint n_active, GError **error)
{
  if (n_active <= net->n_slots)
    return TRUE;
  g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
               "net: frame: %u active slots, the net has %u", n_active, net->n_slots);
  return FALSE;
}

gboolean
vc_net_record_clean (VcNet *net, VcCmd *cmd, GError **error)
{
  return record_role (net, cmd, VC_ROLE_CLEAN, 0, &no_attention, error);
}

gboolean
vc_net_record_colorize (VcNet *net, VcCmd *cmd, guint n_active, const VcNetAttend *attend,
                        GError **error)
{
  if (!check_active (net, n_active, error))
    return FALSE;
  Attend a = { n_active, { 0 } };
  if (attend)
    a.weigh = *attend;
  return record_role (net, cmd, VC_ROLE_FRAME, 0, &a, error);
}

gboolean
vc_net_record_frame (VcNet *net, VcCmd *cmd, guint n_active, GError **error)
{
  return vc_net_record_frame_biased (net, cmd, n_active, NULL, error);
}

gboolean
vc_net_record_frame_biased (VcNet *net, VcCmd *cmd, guint n_active, const VcNetAttend *attend,
                            GError **error)
{
  return vc_net_record_clean (net, cmd, error) &&
         vc_net_record_colorize (net, cmd, n_active, attend, error);
}

gboolean
vc_net_record_store (VcNet *net, VcCmd *cmd, guint slot, GError **error)
{
  return check_slot (net, slot, "store", error) &&
         record_role (net, cmd, VC_ROLE_MEMORY, slot, &no_attention, error);
}

gboolean
vc_net_record_prev (VcNet *net, VcCmd *cmd, GError **error)
{
  return record_role (net, cmd, VC_ROLE_PREV, 0, &no_attention, error);
}

gboolean
vc_net_record_clear_prev (VcNet *net, VcCmd *cmd, GError **error)
{
  const VcTensor *prev = vc_net_tensor (net, "prev");
  guint64 vec4 = 4 * vc_device_elem_size (net->dev);
  for (guint p = 0; p < vc_packs (prev->c); p++)
    vc_cmd_copy (cmd, net->zeros, 0, prev->buffer, (prev->base + p * prev->plane) * vec4,
                 (guint64) prev->h * prev->w * vec4);
  return TRUE;
}
