/* vcolorize — parsing one node of the model graph: its op, tensors,
 * attributes and weights, and the shapes the op requires (FORMAT.md). */
#include "graph-private.h"
#include "vc-attention.h"

#include <float.h>
#include <string.h>

/* Member names of a node per op; a leading '?' marks an optional one. */
typedef struct {
  const char *in[2], *out[2];
  const char *attrs[5];
} OpSpec;

static const OpSpec op_specs[] = {
  [VC_GRAPH_CONV2D] = { { "input", "?residual" },
                        { "output" },
                        { "kernel", "stride", "act", "weight", "?bias" } },
  [VC_GRAPH_RESIZE] = { { "input" }, { "output" }, { NULL } },
  [VC_GRAPH_ADD] = { { "a", "b" }, { "output" }, { NULL } },
  [VC_GRAPH_AFFINE] = { { "input" }, { "output" }, { "scale", "offset" } },
  [VC_GRAPH_L2NORM] = { { "input" }, { "output" }, { "eps" } },
  [VC_GRAPH_ATTENTION] = { { "query" }, { "output", "?conf" }, { "tau" } },
  [VC_GRAPH_SPACE_TO_DEPTH] = { { "input" }, { "output" }, { "factor", "scale" } },
  [VC_GRAPH_DEPTH_TO_SPACE] = { { "input" }, { "output" }, { "factor", "scale" } },
};

static const char *const act_names[] = { "none", "elu", "relu", "tanh" };

static char *
describe (const VcGraphCtx *cx)
{
  return g_strdup_printf ("%s node \"%s\" (%s)", cx->role, cx->node->name,
                          vc_graph_op_name (cx->node->op));
}

static gboolean
check_node_members (VcGraphCtx *cx, const OpSpec *spec, const VcJson *obj, GError **error)
{
  const char *allowed[2 + 4 + G_N_ELEMENTS (spec->attrs)] = { "name", "op" };
  guint n = 2;
  for (guint i = 0; i < 2; i++) {
    if (spec->in[i])
      allowed[n++] = spec->in[i];
    if (spec->out[i])
      allowed[n++] = spec->out[i];
  }
  for (guint i = 0; i < G_N_ELEMENTS (spec->attrs) && spec->attrs[i]; i++)
    allowed[n++] = spec->attrs[i];
  g_autofree char *what = describe (cx);
  return vc_graph_check_members (obj, allowed, n, what, error);
}

/* The tensors named by the members MEMBERS[0..1] (NULL: none) into IDX. */
static gboolean
get_tensors (VcGraphCtx *cx, const VcJson *obj, const char *const *members, gint *idx,
             GError **error)
{
  for (guint i = 0; i < 2; i++) {
    idx[i] = -1;
    if (!members[i])
      continue;
    gboolean optional = members[i][0] == '?';
    const char *member = members[i] + optional;
    const VcJson *v = vc_json_get (obj, member);
    if (!v && optional)
      continue;
    if (!v)
      return vc_graph_node_fail (cx, error, "member \"%s\" is missing", member);
    if (vc_json_type (v) != VC_JSON_STRING)
      return vc_graph_node_fail (cx, error, "member \"%s\" must be a tensor name", member);
    idx[i] = vc_graph_lookup (cx, vc_json_string (v));
    if (idx[i] < 0) {
      g_autofree char *quoted = vc_json_quote (vc_json_string (v));
      return vc_graph_node_fail (cx, error, "%s: unknown tensor %s", member, quoted);
    }
  }
  return TRUE;
}

static gboolean
get_float (VcGraphCtx *cx, const VcJson *obj, const char *name, double lo, float *out,
           GError **error)
{
  g_autofree char *what = describe (cx);
  g_autoptr (GError) e = NULL;
  double v;
  if (!vc_json_get_double (obj, name, what, &v, &e))
    return vc_graph_fail (error, "%s", e->message);
  if (!(v >= lo && v <= FLT_MAX))
    return vc_graph_node_fail (cx, error, "%s = %g must be in [%g, %g]", name, v, lo,
                               (double) FLT_MAX);
  *out = (float) v;
  return TRUE;
}

static const VcGraphTensor *
tensor (VcGraphCtx *cx, gint i)
{
  return i >= 0 ? &cx->g->tensors[i] : NULL;
}

/* T must have C channels (0: any) at scale SCALE. */
static gboolean
check_shape (VcGraphCtx *cx, const char *member, const VcGraphTensor *t, guint c, guint scale,
             GError **error)
{
  if ((c == 0 || t->c == c) && t->scale == scale)
    return TRUE;
  g_autofree char *want = c ? g_strdup_printf ("%u channels", c) : g_strdup ("any channels");
  return vc_graph_node_fail (cx, error,
                             "%s \"%s\" has %u channels at scale %u, must have %s at "
                             "scale %u",
                             member, t->name, t->c, t->scale, want, scale);
}

static gboolean
parse_conv2d (VcGraphCtx *cx, VcGraphNode *node, const VcJson *obj, GError **error)
{
  g_autofree char *what = describe (cx);
  const VcGraphTensor *in = tensor (cx, node->in[0]), *out = tensor (cx, node->out[0]);
  if (!vc_graph_get_int (obj, "kernel", 1, 3, what, &node->kernel, error) ||
      !vc_graph_get_int (obj, "stride", 1, 2, what, &node->stride, error))
    return FALSE;
  if (node->kernel == 2)
    return vc_graph_node_fail (cx, error, "kernel must be 1 or 3");
  g_autoptr (GError) e = NULL;
  const char *act = vc_json_get_string (obj, "act", what, &e);
  const char *weight = vc_json_get_string (obj, "weight", what, e ? NULL : &e);
  if (!act || !weight)
    return vc_graph_fail (error, "%s", e->message);
  guint a = 0;
  while (a < G_N_ELEMENTS (act_names) && strcmp (act, act_names[a]) != 0)
    a++;
  if (a == G_N_ELEMENTS (act_names)) {
    g_autofree char *quoted = vc_json_quote (act);
    return vc_graph_node_fail (cx, error, "unknown activation %s", quoted);
  }
  node->act = (VcActivation) a;
  guint64 shape[4] = { out->c, in->c, node->kernel, node->kernel };
  if (!(node->weight = vc_graph_get_weight (cx, weight, shape, 4, what, error)))
    return FALSE;
  if (vc_json_get (obj, "bias")) {
    const char *bias = vc_json_get_string (obj, "bias", what, &e);
    if (!bias)
      return vc_graph_fail (error, "%s", e->message);
    if (!(node->bias = vc_graph_get_weight (cx, bias, shape, 1, what, error)))
      return FALSE;
  }
  if (in->scale * node->stride > VC_GRAPH_MAX_SCALE)
    return vc_graph_node_fail (cx, error, "stride %u from scale %u exceeds scale %u", node->stride,
                               in->scale, VC_GRAPH_MAX_SCALE);
  return check_shape (cx, "output", out, 0, in->scale * node->stride, error) &&
         (node->in[1] < 0 ||
          check_shape (cx, "residual", tensor (cx, node->in[1]), out->c, out->scale, error));
}

static gboolean
parse_attention (VcGraphCtx *cx, VcGraphNode *node, const VcJson *obj, GError **error)
{
  const VcGraphTensor *q = tensor (cx, node->in[0]);
  const VcGraph *g = cx->g;
  return get_float (cx, obj, "tau", VC_ATTENTION_MIN_TAU, &node->tau, error) &&
         check_shape (cx, "query", q, g->slot_c[VC_SLOT_KEY], q->scale, error) &&
         check_shape (cx, "output", tensor (cx, node->out[0]), g->slot_c[VC_SLOT_VALUE], q->scale,
                      error) &&
         (node->out[1] < 0 ||
          check_shape (cx, "conf", tensor (cx, node->out[1]), 1, q->scale, error));
}

/* space_to_depth: c×H×W at scale s → c·r² channels at scale s·r;
 * depth_to_space the reverse. The space side's scale times r is at most the
 * alignment of the network's sides, so both sides divide exactly. */
static gboolean
parse_shuffle (VcGraphCtx *cx, VcGraphNode *node, const VcJson *obj, GError **error)
{
  g_autofree char *what = describe (cx);
  const VcGraphTensor *in = tensor (cx, node->in[0]), *out = tensor (cx, node->out[0]);
  if (!vc_graph_get_int (obj, "factor", 2, VC_GRAPH_ALIGN, what, &node->factor, error) ||
      !get_float (cx, obj, "scale", -FLT_MAX, &node->scale, error))
    return FALSE;
  guint r = node->factor, r2 = r * r;
  if (r & (r - 1))
    return vc_graph_node_fail (cx, error, "factor %u is not a power of two", r);
  if (node->op == VC_GRAPH_SPACE_TO_DEPTH) {
    if (in->scale * r > VC_GRAPH_ALIGN)
      return vc_graph_node_fail (cx, error,
                                 "factor %u from scale %u exceeds scale %u (the network's "
                                 "sides are multiples of %u)",
                                 r, in->scale, VC_GRAPH_ALIGN, VC_GRAPH_ALIGN);
    return check_shape (cx, "output", out, in->c * r2, in->scale * r, error);
  }
  if (in->scale < r || in->scale > VC_GRAPH_ALIGN)
    return vc_graph_node_fail (cx, error,
                               "input \"%s\" is at scale %u; factor %u needs it in %u..%u",
                               in->name, in->scale, r, r, VC_GRAPH_ALIGN);
  if (in->c % r2)
    return vc_graph_node_fail (cx, error,
                               "input \"%s\" has %u channels, not a multiple of %u (the factor "
                               "squared)",
                               in->name, in->c, r2);
  return check_shape (cx, "output", out, in->c / r2, in->scale / r, error);
}

gboolean
vc_graph_parse_node (VcGraphCtx *cx, VcGraphNode *node, const VcJson *obj, GError **error)
{
  cx->node = node;
  if (vc_json_type (obj) != VC_JSON_OBJECT)
    return vc_graph_fail (error, "%s: a node is not an object", cx->role);
  g_autoptr (GError) e = NULL;
  const char *name = vc_json_get_string (obj, "name", cx->role, &e);
  if (!name)
    return vc_graph_fail (error, "%s: a node: %s", cx->role, e->message);
  if (!vc_graph_check_name (name, "node", error))
    return FALSE;
  node->name = g_strdup (name);
  node->op = G_N_ELEMENTS (op_specs);
  const char *op = vc_json_string (vc_json_get (obj, "op"));
  if (!op)
    return vc_graph_fail (error, "%s node \"%s\": member \"op\" must be a string", cx->role, name);
  for (guint i = 0; i < G_N_ELEMENTS (op_specs); i++)
    if (strcmp (op, vc_graph_op_name ((VcGraphOp) i)) == 0)
      node->op = (VcGraphOp) i;
  if ((guint) node->op == G_N_ELEMENTS (op_specs)) {
    g_autofree char *quoted = vc_json_quote (op);
    return vc_graph_fail (error, "%s node \"%s\": unknown op %s", cx->role, name, quoted);
  }
  const OpSpec *spec = &op_specs[node->op];
  if (!check_node_members (cx, spec, obj, error) ||
      !get_tensors (cx, obj, spec->in, node->in, error) ||
      !get_tensors (cx, obj, spec->out, node->out, error))
    return FALSE;
  const VcGraphTensor *in = tensor (cx, node->in[0]), *out = tensor (cx, node->out[0]);
  switch (node->op) {
  case VC_GRAPH_CONV2D:
    return parse_conv2d (cx, node, obj, error);
  case VC_GRAPH_RESIZE:
    return check_shape (cx, "output", out, in->c, out->scale, error);
  case VC_GRAPH_ADD:
    return check_shape (cx, "b", tensor (cx, node->in[1]), in->c, in->scale, error) &&
           check_shape (cx, "output", out, in->c, in->scale, error);
  case VC_GRAPH_AFFINE:
    return get_float (cx, obj, "scale", -FLT_MAX, &node->scale, error) &&
           get_float (cx, obj, "offset", -FLT_MAX, &node->offset, error) &&
           check_shape (cx, "output", out, in->c, in->scale, error);
  case VC_GRAPH_L2NORM:
    if (!get_float (cx, obj, "eps", 0, &node->eps, error))
      return FALSE;
    if (!(node->eps > 0))
      return vc_graph_node_fail (cx, error, "eps must be positive");
    return check_shape (cx, "output", out, in->c, in->scale, error);
  case VC_GRAPH_ATTENTION:
    return parse_attention (cx, node, obj, error);
  case VC_GRAPH_SPACE_TO_DEPTH:
  case VC_GRAPH_DEPTH_TO_SPACE:
    return parse_shuffle (cx, node, obj, error);
  }
  g_return_val_if_reached (FALSE);
}
