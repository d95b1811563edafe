/* vcolorize — parsing the model graph (models/FORMAT.md): tensors, memory,
 * subgraphs and nodes, with every attribute, weight and shape checked.
 * The data-flow rules are in graph-check.c. */
#include "graph-private.h"
#include "vc-json.h"

#include <stdarg.h>
#include <string.h>

#define MAX_NAME 128

static const char *const role_names[] = { "clean", "frame", "memory", "prev", "source" };
static const char *const op_names[] = {
  "conv2d", "resize", "add", "affine", "l2norm", "attention", "space_to_depth", "depth_to_space",
};

const char *
vc_graph_role_name (VcGraphRole role)
{
  return (guint) role < VC_N_ROLES ? role_names[role] : "invalid";
}

const char *
vc_graph_op_name (VcGraphOp op)
{
  return (guint) op < G_N_ELEMENTS (op_names) ? op_names[op] : "invalid";
}

gint
vc_graph_find (const VcGraph *graph, const char *name)
{
  for (guint i = 0; i < graph->n_tensors; i++)
    if (strcmp (graph->tensors[i].name, name) == 0)
      return (gint) i;
  return -1;
}

gboolean
vc_graph_fail (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VC_ERROR, VC_ERROR_MODEL, "model graph: %s", msg);
  return FALSE;
}

gboolean
vc_graph_node_fail (VcGraphCtx *cx, GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  return vc_graph_fail (error, "%s node \"%s\" (%s): %s", cx->role, cx->node->name,
                        vc_graph_op_name (cx->node->op), msg);
}

/* Names are 1..MAX_NAME characters of [A-Za-z0-9_.-], so that messages can
 * quote them as they are. */
gboolean
vc_graph_check_name (const char *name, const char *what, GError **error)
{
  gsize n = strlen (name);
  gboolean ok = n > 0 && n <= MAX_NAME;
  for (gsize i = 0; ok && i < n; i++)
    ok = g_ascii_isalnum (name[i]) || strchr ("_.-", name[i]);
  if (ok)
    return TRUE;
  g_autofree char *quoted = vc_json_quote (name);
  return vc_graph_fail (error, "%s name %s must be 1..%d characters of A-Z a-z 0-9 _ . -", what,
                        quoted, MAX_NAME);
}

static gboolean
in_list (const char *name, const char *const *list, guint n)
{
  for (guint i = 0; i < n; i++)
    if (list[i] && strcmp (list[i] + (list[i][0] == '?'), name) == 0)
      return TRUE;
  return FALSE;
}

/* Every member of OBJ is one of ALLOWED. */
gboolean
vc_graph_check_members (const VcJson *obj, const char *const *allowed, guint n, const char *what,
                        GError **error)
{
  for (guint i = 0; i < vc_json_size (obj); i++) {
    const char *m = vc_json_member_name (obj, i);
    if (!in_list (m, allowed, n)) {
      g_autofree char *quoted = vc_json_quote (m);
      return vc_graph_fail (error, "%s: unknown member %s", what, quoted);
    }
  }
  return TRUE;
}

gint
vc_graph_lookup (VcGraphCtx *cx, const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (cx->index, name)) - 1;
}

gboolean
vc_graph_get_int (const VcJson *obj, const char *name, gint64 lo, gint64 hi, const char *what,
                  guint *out, GError **error)
{
  gint64 v;
  g_autoptr (GError) e = NULL;
  if (!vc_json_get_int (obj, name, lo, hi, what, &v, &e))
    return vc_graph_fail (error, "%s", e->message);
  *out = (guint) v;
  return TRUE;
}

static gboolean
get_scale (const VcJson *obj, const char *what, guint *out, GError **error)
{
  if (!vc_graph_get_int (obj, "scale", 1, VC_GRAPH_MAX_SCALE, what, out, error))
    return FALSE;
  if (*out & (*out - 1))
    return vc_graph_fail (error, "%s: scale %u is not a power of two", what, *out);
  return TRUE;
}

/* A weight of the file with the given shape (n dims of SHAPE). */
const VcStTensor *
vc_graph_get_weight (VcGraphCtx *cx, const char *name, const guint64 *shape, guint n,
                     const char *what, GError **error)
{
  const VcStTensor *t = vc_safetensors_find (cx->st, name);
  if (!t) {
    g_autofree char *quoted = vc_json_quote (name);
    vc_graph_fail (error, "%s: weight %s is not in the file", what, quoted);
    return NULL;
  }
  gboolean ok = (t->dtype == VC_DTYPE_F16 || t->dtype == VC_DTYPE_F32) && t->rank == n;
  for (guint i = 0; ok && i < n; i++)
    ok = t->shape[i] == shape[i];
  if (!ok) {
    GString *want = g_string_new (NULL), *got = g_string_new (NULL);
    for (guint i = 0; i < n; i++)
      g_string_append_printf (want, "%s%" G_GUINT64_FORMAT, i ? "×" : "", shape[i]);
    for (guint i = 0; i < t->rank; i++)
      g_string_append_printf (got, "%s%" G_GUINT64_FORMAT, i ? "×" : "", t->shape[i]);
    vc_graph_fail (error, "%s: weight \"%s\" is %s %s, must be F16 or F32 %s", what, t->name,
                   vc_dtype_name (t->dtype), got->str, want->str);
    g_string_free (want, TRUE);
    g_string_free (got, TRUE);
    return NULL;
  }
  g_hash_table_add (cx->used, (gpointer) t);
  return t;
}

static gboolean
parse_memory (VcGraphCtx *cx, const VcJson *mem, GError **error)
{
  static const char *const members[] = { "key", "value", "null_key", "null_value" };
  static const char *const part_members[] = { "c", "scale" };
  if (!vc_graph_check_members (mem, members, G_N_ELEMENTS (members), "memory", error))
    return FALSE;
  VcGraph *g = cx->g;
  for (guint p = 0; p < 2; p++) {
    g_autofree char *what = g_strdup_printf ("memory %s", members[p]);
    g_autoptr (GError) e = NULL;
    const VcJson *part = vc_json_get_typed (mem, members[p], VC_JSON_OBJECT, "memory", &e);
    guint scale;
    if (!part)
      return vc_graph_fail (error, "%s", e->message);
    if (!vc_graph_check_members (part, part_members, 2, what, error) ||
        !vc_graph_get_int (part, "c", 1, VC_GRAPH_MAX_CHANNELS, what, &g->slot_c[p], error) ||
        !get_scale (part, what, &scale, error))
      return FALSE;
    if (p == VC_SLOT_VALUE && scale != g->slot_scale)
      return vc_graph_fail (error, "memory: key scale %u and value scale %u differ", g->slot_scale,
                            scale);
    g->slot_scale = scale;
    g_autoptr (GError) e2 = NULL;
    const char *wname = vc_json_get_string (mem, members[p + 2], "memory", &e2);
    if (!wname)
      return vc_graph_fail (error, "%s", e2->message);
    guint64 shape[1] = { g->slot_c[p] };
    const VcStTensor **w = p == VC_SLOT_KEY ? &g->null_key : &g->null_value;
    if (!(*w = vc_graph_get_weight (cx, wname, shape, 1, members[p + 2], error)))
      return FALSE;
  }
  return TRUE;
}

static gboolean
parse_tensor (VcGraphCtx *cx, VcGraphTensor *t, const VcJson *obj, GError **error)
{
  static const char *const buffer_members[] = { "c", "scale" };
  static const char *const view_members[] = { "view", "offset", "c" };
  static const char *const slot_members[] = { "slot", "offset", "c" };
  g_autofree char *what = g_strdup_printf ("tensor \"%s\"", t->name);
  if (vc_json_type (obj) != VC_JSON_OBJECT)
    return vc_graph_fail (error, "%s is not an object", what);
  if (vc_json_get (obj, "scale")) {
    t->kind = VC_GRAPH_BUFFER;
    t->base = -1;
    return vc_graph_check_members (obj, buffer_members, 2, what, error) &&
           vc_graph_get_int (obj, "c", 1, VC_GRAPH_MAX_CHANNELS, what, &t->c, error) &&
           get_scale (obj, what, &t->scale, error);
  }
  guint base_c;
  g_autoptr (GError) e = NULL;
  if (vc_json_get (obj, "view")) {
    const char *base = vc_json_get_string (obj, "view", what, &e);
    if (!base)
      return vc_graph_fail (error, "%s", e->message);
    t->kind = VC_GRAPH_VIEW;
    t->base = vc_graph_lookup (cx, base);
    if (!vc_graph_check_members (obj, view_members, 3, what, error))
      return FALSE;
    if (t->base < 0 || cx->g->tensors[t->base].kind != VC_GRAPH_BUFFER) {
      g_autofree char *quoted = vc_json_quote (base);
      return vc_graph_fail (error, "%s: view of %s, which is not a buffer tensor", what, quoted);
    }
    /* Buffers come first in the second pass, so the base is parsed. */
    base_c = cx->g->tensors[t->base].c;
    t->scale = cx->g->tensors[t->base].scale;
  } else if (vc_json_get (obj, "slot")) {
    const char *part = vc_json_get_string (obj, "slot", what, &e);
    if (!part)
      return vc_graph_fail (error, "%s", e->message);
    if (!vc_graph_check_members (obj, slot_members, 3, what, error))
      return FALSE;
    if (strcmp (part, "key") != 0 && strcmp (part, "value") != 0)
      return vc_graph_fail (error, "%s: slot must be \"key\" or \"value\"", what);
    t->kind = VC_GRAPH_SLOT;
    t->base = part[0] == 'k' ? VC_SLOT_KEY : VC_SLOT_VALUE;
    base_c = cx->g->slot_c[t->base];
    t->scale = cx->g->slot_scale;
  } else
    return vc_graph_fail (error, "%s: needs \"scale\" (a buffer), \"view\" or \"slot\"", what);
  if (!vc_graph_get_int (obj, "offset", 0, VC_GRAPH_MAX_CHANNELS, what, &t->offset, error) ||
      !vc_graph_get_int (obj, "c", 1, VC_GRAPH_MAX_CHANNELS, what, &t->c, error))
    return FALSE;
  if (t->offset % 4 || t->offset + t->c > base_c)
    return vc_graph_fail (error,
                          "%s: channels %u..%u must start at a multiple of 4 and lie within the "
                          "%u channels of its base",
                          what, t->offset, t->offset + t->c - 1, base_c);
  return TRUE;
}

/* Two passes: names first, so that views can name any buffer; buffers
 * before views and slots. */
static gboolean
parse_tensors (VcGraphCtx *cx, const VcJson *obj, GError **error)
{
  VcGraph *g = cx->g;
  g->n_tensors = vc_json_size (obj);
  g->tensors = g_new0 (VcGraphTensor, g->n_tensors);
  for (guint i = 0; i < g->n_tensors; i++) {
    g->tensors[i].name = g_strdup (vc_json_member_name (obj, i));
    g->tensors[i].kind =
        vc_json_get (vc_json_member_value (obj, i), "scale") ? VC_GRAPH_BUFFER : VC_GRAPH_VIEW;
    if (!vc_graph_check_name (g->tensors[i].name, "tensor", error))
      return FALSE;
    g_hash_table_insert (cx->index, g->tensors[i].name, GINT_TO_POINTER (i + 1));
  }
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < g->n_tensors; i++)
      if ((g->tensors[i].kind == VC_GRAPH_BUFFER) == (pass == 0) &&
          !parse_tensor (cx, &g->tensors[i], vc_json_member_value (obj, i), error))
        return FALSE;
  return TRUE;
}

/* The tensor names of array MEMBER of subgraph SUB. */
static gboolean
parse_names (VcGraphCtx *cx, const VcJson *sub, const char *member, gint **out, guint *n,
             GError **error)
{
  g_autofree char *what = g_strdup_printf ("subgraph %s", cx->role);
  g_autoptr (GError) e = NULL;
  const VcJson *list = vc_json_get_typed (sub, member, VC_JSON_ARRAY, what, &e);
  if (!list)
    return vc_graph_fail (error, "%s", e->message);
  *n = vc_json_size (list);
  *out = g_new (gint, *n);
  for (guint i = 0; i < *n; i++) {
    const char *name = vc_json_string (vc_json_index (list, i));
    if (!name)
      return vc_graph_fail (error, "%s: %s must hold tensor names", what, member);
    (*out)[i] = vc_graph_lookup (cx, name);
    if ((*out)[i] < 0) {
      g_autofree char *quoted = vc_json_quote (name);
      return vc_graph_fail (error, "%s: %s: unknown tensor %s", what, member, quoted);
    }
    for (guint j = 0; j < i; j++)
      if ((*out)[j] == (*out)[i])
        return vc_graph_fail (error, "%s: %s lists \"%s\" twice", what, member, name);
  }
  return TRUE;
}

static gboolean
parse_subgraph (VcGraphCtx *cx, VcGraphSubgraph *s, const VcJson *obj, GError **error)
{
  static const char *const members[] = { "inputs", "outputs", "nodes" };
  g_autofree char *what = g_strdup_printf ("subgraph %s", cx->role);
  g_autoptr (GError) e = NULL;
  if (vc_json_type (obj) != VC_JSON_OBJECT)
    return vc_graph_fail (error, "%s is not an object", what);
  if (!vc_graph_check_members (obj, members, G_N_ELEMENTS (members), what, error) ||
      !parse_names (cx, obj, "inputs", &s->inputs, &s->n_inputs, error) ||
      !parse_names (cx, obj, "outputs", &s->outputs, &s->n_outputs, error))
    return FALSE;
  const VcJson *nodes = vc_json_get_typed (obj, "nodes", VC_JSON_ARRAY, what, &e);
  if (!nodes)
    return vc_graph_fail (error, "%s", e->message);
  s->n_nodes = vc_json_size (nodes);
  s->nodes = g_new0 (VcGraphNode, s->n_nodes);
  for (guint i = 0; i < s->n_nodes; i++) {
    if (!vc_graph_parse_node (cx, &s->nodes[i], vc_json_index (nodes, i), error))
      return FALSE;
    for (guint j = 0; j < i; j++)
      if (strcmp (s->nodes[j].name, s->nodes[i].name) == 0)
        return vc_graph_fail (error, "%s: two nodes are named \"%s\"", what, s->nodes[i].name);
  }
  return TRUE;
}

static gboolean
parse_subgraphs (VcGraphCtx *cx, const VcJson *obj, GError **error)
{
  if (!vc_graph_check_members (obj, role_names, VC_N_ROLES, "subgraphs", error))
    return FALSE;
  for (guint r = 0; r < VC_N_ROLES; r++) {
    const VcJson *sub = vc_json_get (obj, role_names[r]);
    cx->role = role_names[r];
    if (!sub)
      return vc_graph_fail (error, "subgraphs: \"%s\" is missing", role_names[r]);
    if (!parse_subgraph (cx, &cx->g->roles[r], sub, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
check_all_used (VcGraphCtx *cx, GError **error)
{
  for (guint i = 0; i < vc_safetensors_n_tensors (cx->st); i++) {
    const VcStTensor *t = vc_safetensors_tensor (cx->st, i);
    if (!g_hash_table_contains (cx->used, t))
      return vc_graph_fail (error, "weight \"%s\" of the file is not used by the graph", t->name);
  }
  return TRUE;
}

static gboolean
parse_graph (VcGraphCtx *cx, const VcJson *root, GError **error)
{
  static const char *const members[] = { "memory", "tensors", "subgraphs" };
  g_autoptr (GError) e = NULL;
  if (vc_json_type (root) != VC_JSON_OBJECT)
    return vc_graph_fail (error, "the graph is not a JSON object");
  if (!vc_graph_check_members (root, members, G_N_ELEMENTS (members), "the graph", error))
    return FALSE;
  const VcJson *parts[3];
  for (guint i = 0; i < 3; i++)
    if (!(parts[i] = vc_json_get_typed (root, members[i], VC_JSON_OBJECT, "the graph", &e)))
      return vc_graph_fail (error, "%s", e->message);
  return parse_memory (cx, parts[0], error) && parse_tensors (cx, parts[1], error) &&
         parse_subgraphs (cx, parts[2], error) && check_all_used (cx, error) &&
         vc_graph_check_flow (cx->g, error);
}

VcGraph *
vc_graph_new (const char *json, gsize len, const VcSafetensors *st, GError **error)
{
  g_autoptr (VcJson) root = vc_json_parse (json, len, error);
  if (!root) {
    g_prefix_error (error, "model graph: ");
    return NULL;
  }
  VcGraph *g = g_new0 (VcGraph, 1);
  VcGraphCtx cx = {
    g, st, g_hash_table_new (g_str_hash, g_str_equal), g_hash_table_new (NULL, NULL), "", NULL
  };
  gboolean ok = parse_graph (&cx, root, error);
  g_hash_table_unref (cx.index);
  g_hash_table_unref (cx.used);
  if (!ok)
    g_clear_pointer (&g, vc_graph_free);
  return g;
}

void
vc_graph_free (VcGraph *graph)
{
  if (!graph)
    return;
  for (guint i = 0; i < graph->n_tensors; i++)
    g_free (graph->tensors[i].name);
  g_free (graph->tensors);
  for (guint r = 0; r < VC_N_ROLES; r++) {
    VcGraphSubgraph *s = &graph->roles[r];
    for (guint i = 0; i < s->n_nodes; i++)
      g_free (s->nodes[i].name);
    g_free (s->nodes);
    g_free (s->inputs);
    g_free (s->outputs);
  }
  g_free (graph);
}
