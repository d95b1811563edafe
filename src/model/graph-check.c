/* vcolorize — the model graph's data-flow rules (models/FORMAT.md,
 * "Subgraphs"): who writes what, what each subgraph may read and when,
 * and which tensors share storage. */
#include "graph-private.h"

#define NOBODY -2
#define CALLER -1 /* the host inputs L, ref_L, ref_ab */

typedef struct {
  const VcGraph *g;
  gint *role, *node; /* per tensor: who writes it (a role, CALLER or NOBODY), and which node */
  gint host[3];      /* L, ref_L, ref_ab */
} Flow;

static const char *const host_names[] = { "L", "ref_L", "ref_ab" };
static const guint host_channels[] = { 1, 1, 2 };

/* Tensors share storage when they are views of one buffer, or the same
 * part of the memory slot written by the same subgraph. */
static gint
storage (const VcGraph *g, gint t)
{
  const VcGraphTensor *x = &g->tensors[t];
  return x->kind == VC_GRAPH_BUFFER ? t : x->kind == VC_GRAPH_VIEW ? x->base : -1 - x->base;
}

static gboolean
same_storage (const Flow *f, gint a, gint b)
{
  return storage (f->g, a) == storage (f->g, b) &&
         (f->g->tensors[a].kind != VC_GRAPH_SLOT || f->role[a] == f->role[b]);
}

/* Do channels [lo, hi) of A and B intersect (PACKS: rounded out to packs)? */
static gboolean
overlap (const Flow *f, gint a, gint b, gboolean packs)
{
  const VcGraphTensor *x = &f->g->tensors[a], *y = &f->g->tensors[b];
  guint r = packs ? 4 : 1;
  guint x0 = x->offset / r, x1 = (x->offset + x->c + r - 1) / r;
  guint y0 = y->offset / r, y1 = (y->offset + y->c + r - 1) / r;
  return same_storage (f, a, b) && x0 < y1 && y0 < x1;
}

static const char *
who (const Flow *f, gint t)
{
  return f->role[t] == CALLER ? "the caller" : vc_graph_role_name ((VcGraphRole) f->role[t]);
}

static gboolean
check_interface (Flow *f, GError **error)
{
  const VcGraph *g = f->g;
  for (guint i = 0; i < G_N_ELEMENTS (host_names); i++) {
    gint t = f->host[i] = vc_graph_find (g, host_names[i]);
    if (t < 0 || g->tensors[t].kind != VC_GRAPH_BUFFER || g->tensors[t].c != host_channels[i] ||
        g->tensors[t].scale != 1)
      return vc_graph_fail (error, "tensor \"%s\" must be a buffer of %u channel(s) at scale 1",
                            host_names[i], host_channels[i]);
    f->role[t] = CALLER;
  }
  static const char *const names[] = { "ab", "conf", "prev" };
  static const guint channels[] = { 2, 1, 0 };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    gint t = vc_graph_find (g, names[i]);
    if (t < 0)
      return vc_graph_fail (error, "tensor \"%s\" is missing", names[i]);
    if (channels[i] && g->tensors[t].c != channels[i])
      return vc_graph_fail (error, "tensor \"%s\" must have %u channel(s)", names[i], channels[i]);
  }
  return TRUE;
}

/* Every tensor has at most one writer; slots are written by source and
 * memory only, attention runs in frame only. */
static gboolean
find_writers (Flow *f, GError **error)
{
  const VcGraph *g = f->g;
  for (guint r = 0; r < VC_N_ROLES; r++) {
    const char *role = vc_graph_role_name ((VcGraphRole) r);
    for (guint n = 0; n < g->roles[r].n_nodes; n++) {
      const VcGraphNode *node = &g->roles[r].nodes[n];
      if (node->op == VC_GRAPH_ATTENTION && r != VC_ROLE_FRAME)
        return vc_graph_fail (error, "%s node \"%s\": attention runs only in frame", role,
                              node->name);
      for (guint o = 0; o < 2; o++) {
        gint t = node->out[o];
        if (t < 0)
          continue;
        const char *name = g->tensors[t].name;
        if (f->role[t] == CALLER)
          return vc_graph_fail (error, "%s node \"%s\" writes \"%s\", which the caller writes",
                                role, node->name, name);
        if (f->role[t] != NOBODY)
          return vc_graph_fail (error,
                                "tensor \"%s\" is written by %s node \"%s\" and by %s node "
                                "\"%s\"",
                                name, who (f, t), g->roles[f->role[t]].nodes[f->node[t]].name, role,
                                node->name);
        if (g->tensors[t].kind == VC_GRAPH_SLOT && r != VC_ROLE_SOURCE && r != VC_ROLE_MEMORY)
          return vc_graph_fail (error,
                                "%s node \"%s\" writes the slot tensor \"%s\"; only "
                                "source and memory may",
                                role, node->name, name);
        f->role[t] = (gint) r;
        f->node[t] = (gint) n;
      }
    }
  }
  return TRUE;
}

/* Written tensors never share a channel pack (a write covers whole packs). */
static gboolean
check_disjoint (Flow *f, GError **error)
{
  const VcGraph *g = f->g;
  for (guint a = 0; a < g->n_tensors; a++)
    for (guint b = a + 1; b < g->n_tensors; b++)
      if (f->role[a] != NOBODY && f->role[b] != NOBODY && overlap (f, a, b, TRUE))
        return vc_graph_fail (error,
                              "tensors \"%s\" and \"%s\" are both written and share a "
                              "pack of four channels",
                              g->tensors[a].name, g->tensors[b].name);
  return TRUE;
}

static gboolean
is_input (const VcGraphSubgraph *s, gint t, guint *index)
{
  for (guint i = 0; i < s->n_inputs; i++)
    if (s->inputs[i] == t) {
      *index = i;
      return TRUE;
    }
  return FALSE;
}

/* A read of T needs every written tensor overlapping it to be available. */
static gboolean
check_read (Flow *f, guint r, const VcGraphNode *node, gint t, const gboolean *avail,
            gboolean *used, GError **error)
{
  const VcGraph *g = f->g;
  const char *role = vc_graph_role_name ((VcGraphRole) r);
  guint found = 0, index;
  for (guint w = 0; w < g->n_tensors; w++) {
    if (f->role[w] == NOBODY || !overlap (f, t, w, FALSE))
      continue;
    found++;
    if (is_input (&g->roles[r], w, &index))
      used[index] = TRUE;
    else if (!avail[w] && f->role[w] == (gint) r)
      return vc_graph_fail (error, "%s node \"%s\" reads \"%s\" before \"%s\" is written", role,
                            node->name, g->tensors[t].name, g->tensors[w].name);
    else if (!avail[w])
      return vc_graph_fail (error,
                            "%s node \"%s\" reads \"%s\", which needs \"%s\" (written by "
                            "%s), not an input of %s",
                            role, node->name, g->tensors[t].name, g->tensors[w].name, who (f, w),
                            role);
  }
  if (!found)
    return vc_graph_fail (error, "%s node \"%s\" reads \"%s\", which nothing writes", role,
                          node->name, g->tensors[t].name);
  return TRUE;
}

static gboolean
check_node (Flow *f, guint r, const VcGraphNode *node, gboolean *avail, gboolean *used,
            GError **error)
{
  for (guint i = 0; i < 2; i++) {
    if (node->in[i] < 0)
      continue;
    if (!check_read (f, r, node, node->in[i], avail, used, error))
      return FALSE;
    for (guint o = 0; o < 2; o++)
      if (node->out[o] >= 0 && overlap (f, node->in[i], node->out[o], TRUE))
        return vc_graph_fail (error, "%s node \"%s\": output \"%s\" overlaps input \"%s\"",
                              vc_graph_role_name ((VcGraphRole) r), node->name,
                              f->g->tensors[node->out[o]].name, f->g->tensors[node->in[i]].name);
  }
  for (guint o = 0; o < 2; o++)
    if (node->out[o] >= 0)
      avail[node->out[o]] = TRUE;
  return TRUE;
}

static gboolean
listed (const gint *list, guint n, gint t)
{
  for (guint i = 0; i < n; i++)
    if (list[i] == t)
      return TRUE;
  return FALSE;
}

/* Inputs come from the roles that run before (clean, frame; prev's output
 * is the state the next frame reads), listed among their outputs. */
static gboolean
check_inputs (Flow *f, guint r, GError **error)
{
  const VcGraph *g = f->g;
  const VcGraphSubgraph *s = &g->roles[r];
  const char *role = vc_graph_role_name ((VcGraphRole) r);
  if (r == VC_ROLE_CLEAN || r == VC_ROLE_SOURCE) {
    guint first = r == VC_ROLE_CLEAN ? 0 : 1, n = r == VC_ROLE_CLEAN ? 1 : 2;
    gboolean ok = s->n_inputs == n;
    for (guint i = 0; ok && i < n; i++)
      ok = listed (s->inputs, n, f->host[first + i]);
    if (!ok)
      return vc_graph_fail (error, "subgraph %s: inputs must be exactly %s", role,
                            r == VC_ROLE_CLEAN ? "[\"L\"]" : "[\"ref_L\", \"ref_ab\"]");
    return TRUE;
  }
  for (guint i = 0; i < s->n_inputs; i++) {
    gint t = s->inputs[i];
    gint w = f->role[t];
    gboolean ok = r == VC_ROLE_FRAME ? w == VC_ROLE_CLEAN || w == VC_ROLE_PREV
                                     : w == VC_ROLE_CLEAN || w == VC_ROLE_FRAME;
    if (!ok)
      return vc_graph_fail (error,
                            "subgraph %s: input \"%s\" is written by %s; %s reads only "
                            "what %s write",
                            role, g->tensors[t].name, w == NOBODY ? "nobody" : who (f, t), role,
                            r == VC_ROLE_FRAME ? "clean and prev" : "clean and frame");
    if (!listed (g->roles[w].outputs, g->roles[w].n_outputs, t))
      return vc_graph_fail (error, "subgraph %s: input \"%s\" is not an output of %s", role,
                            g->tensors[t].name, who (f, t));
  }
  return TRUE;
}

static gboolean
check_outputs (Flow *f, guint r, GError **error)
{
  const VcGraph *g = f->g;
  const VcGraphSubgraph *s = &g->roles[r];
  const char *role = vc_graph_role_name ((VcGraphRole) r);
  for (guint i = 0; i < s->n_outputs; i++)
    if (f->role[s->outputs[i]] != (gint) r)
      return vc_graph_fail (error, "subgraph %s: output \"%s\" is not written by it", role,
                            g->tensors[s->outputs[i]].name);
  const char *required = r == VC_ROLE_FRAME ? "ab conf" : r == VC_ROLE_PREV ? "prev" : "";
  g_auto (GStrv) names = g_strsplit (required, " ", -1);
  for (guint i = 0; names[i] && *names[i]; i++)
    if (!listed (s->outputs, s->n_outputs, vc_graph_find (g, names[i])))
      return vc_graph_fail (error, "subgraph %s must output \"%s\"", role, names[i]);
  return TRUE;
}

/* Source and memory write every channel of the slot's key and value. */
static gboolean
check_slot_written (Flow *f, guint r, GError **error)
{
  const VcGraph *g = f->g;
  for (guint part = 0; part < 2; part++) {
    g_autofree gboolean *done = g_new0 (gboolean, g->slot_c[part]);
    for (guint t = 0; t < g->n_tensors; t++) {
      const VcGraphTensor *x = &g->tensors[t];
      if (x->kind == VC_GRAPH_SLOT && x->base == (gint) part && f->role[t] == (gint) r)
        for (guint c = 0; c < x->c; c++)
          done[x->offset + c] = TRUE;
    }
    for (guint c = 0; c < g->slot_c[part]; c++)
      if (!done[c])
        return vc_graph_fail (error, "subgraph %s does not write channel %u of the slot's %s",
                              vc_graph_role_name ((VcGraphRole) r), c, part ? "value" : "key");
  }
  return TRUE;
}

static gboolean
check_role (Flow *f, guint r, GError **error)
{
  const VcGraph *g = f->g;
  const VcGraphSubgraph *s = &g->roles[r];
  if (!check_inputs (f, r, error))
    return FALSE;
  g_autofree gboolean *avail = g_new0 (gboolean, g->n_tensors);
  g_autofree gboolean *used = g_new0 (gboolean, s->n_inputs + 1);
  for (guint i = 0; i < s->n_inputs; i++)
    avail[s->inputs[i]] = TRUE;
  for (guint n = 0; n < s->n_nodes; n++)
    if (!check_node (f, r, &s->nodes[n], avail, used, error))
      return FALSE;
  for (guint i = 0; i < s->n_inputs; i++)
    if (!used[i])
      return vc_graph_fail (error, "subgraph %s: input \"%s\" is never read",
                            vc_graph_role_name ((VcGraphRole) r), g->tensors[s->inputs[i]].name);
  return check_outputs (f, r, error) &&
         ((r != VC_ROLE_SOURCE && r != VC_ROLE_MEMORY) || check_slot_written (f, r, error));
}

/* Every tensor is one a node reads or writes, or the buffer of such a view. */
static gboolean
check_all_used (const VcGraph *g, GError **error)
{
  g_autofree gboolean *used = g_new0 (gboolean, g->n_tensors);
  for (guint r = 0; r < VC_N_ROLES; r++)
    for (guint n = 0; n < g->roles[r].n_nodes; n++)
      for (guint i = 0; i < 4; i++) {
        const VcGraphNode *node = &g->roles[r].nodes[n];
        gint t = i < 2 ? node->in[i] : node->out[i - 2];
        if (t >= 0) {
          used[t] = TRUE;
          if (g->tensors[t].kind == VC_GRAPH_VIEW)
            used[g->tensors[t].base] = TRUE;
        }
      }
  for (guint t = 0; t < g->n_tensors; t++)
    if (!used[t])
      return vc_graph_fail (error, "tensor \"%s\" is not used by any node", g->tensors[t].name);
  return TRUE;
}

gboolean
vc_graph_check_flow (const VcGraph *graph, GError **error)
{
  g_autofree gint *role = g_new (gint, graph->n_tensors);
  g_autofree gint *node = g_new (gint, graph->n_tensors);
  for (guint i = 0; i < graph->n_tensors; i++)
    role[i] = node[i] = NOBODY;
  Flow f = { graph, role, node, { 0 } };
  if (!check_all_used (graph, error) || !check_interface (&f, error) || !find_writers (&f, error) ||
      !check_disjoint (&f, error))
    return FALSE;
  for (guint r = 0; r < VC_N_ROLES; r++)
    if (!check_role (&f, r, error))
      return FALSE;
  return TRUE;
}
