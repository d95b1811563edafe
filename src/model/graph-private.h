/* vcolorize — shared by the graph parser (graph.c) and its data-flow
 * checks (graph-check.c). */
#pragma once

#include "vc-graph.h"
#include "vc-json.h"

G_BEGIN_DECLS

/* The parser's state. */
typedef struct {
  VcGraph *g;
  const VcSafetensors *st;
  GHashTable *index; /* tensor name -> index + 1 */
  GHashTable *used;  /* VcStTensor* the graph uses */
  const char *role;  /* of the subgraph being parsed */
  const VcGraphNode *node;
} VcGraphCtx;

/* Sets a VC_ERROR_MODEL error "model graph: <message>"; returns FALSE. */
gboolean vc_graph_fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* The same, the message prefixed with the node being parsed. */
gboolean vc_graph_node_fail (VcGraphCtx *cx, GError **error, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

/* Parsing helpers (graph.c), each setting ERROR with WHAT in the message. */
gboolean vc_graph_check_name (const char *name, const char *what, GError **error);
/* Every member of OBJ is one of the N names of ALLOWED (a leading '?' of a
 * name is ignored). */
gboolean vc_graph_check_members (const VcJson *obj, const char *const *allowed, guint n,
                                 const char *what, GError **error);
gint vc_graph_lookup (VcGraphCtx *cx, const char *name); /* tensor index or -1 */
gboolean vc_graph_get_int (const VcJson *obj, const char *name, gint64 lo, gint64 hi,
                           const char *what, guint *out, GError **error);
/* A weight of the file of dtype F16 or F32 and the given shape. */
const VcStTensor *vc_graph_get_weight (VcGraphCtx *cx, const char *name, const guint64 *shape,
                                       guint rank, const char *what, GError **error);

/* Parses node OBJ into cx->node (graph-node.c): its op, tensors,
 * attributes, weights and shapes. */
gboolean vc_graph_parse_node (VcGraphCtx *cx, VcGraphNode *node, const VcJson *obj, GError **error);

/* The data-flow rules and the interface tensors of FORMAT.md, on a graph
 * whose tensors, nodes and shapes are already checked. */
gboolean vc_graph_check_flow (const VcGraph *graph, GError **error);

G_END_DECLS
