/* vcolorize — the model file's graph (models/FORMAT.md): parsed from the
 * file's metadata and validated against its tensors, before anything runs.
 *
 * A VcModel is a loaded model file: the safetensors container, its metadata
 * and the graph. Every problem with a file is one VC_ERROR_MODEL GError
 * naming the subgraph, node or tensor and what is wrong. */
#pragma once

#include "vc-conv2d.h"
#include "vc-safetensors.h"

G_BEGIN_DECLS

#define VC_MODEL_FORMAT "vcolorize"
#define VC_MODEL_VERSION "1"
#define VC_GRAPH_MAX_SCALE 64      /* tensor scales are powers of two up to this */
#define VC_GRAPH_MAX_CHANNELS 4096 /* per tensor */
#define VC_GRAPH_ALIGN 32          /* the network's sides are multiples of this */

typedef enum { VC_GRAPH_BUFFER, VC_GRAPH_VIEW, VC_GRAPH_SLOT } VcGraphTensorKind;
typedef enum { VC_SLOT_KEY, VC_SLOT_VALUE } VcSlotPart;

typedef struct {
  char *name;
  VcGraphTensorKind kind;
  guint c;
  guint scale;  /* spatial size ⌈H/scale⌉ × ⌈W/scale⌉ (views and slots: their base's) */
  gint base;    /* VIEW: index of its buffer; SLOT: a VcSlotPart; BUFFER: -1 */
  guint offset; /* VIEW, SLOT: first channel in the base */
} VcGraphTensor;

typedef enum {
  VC_GRAPH_CONV2D,
  VC_GRAPH_RESIZE,
  VC_GRAPH_ADD,
  VC_GRAPH_AFFINE,
  VC_GRAPH_L2NORM,
  VC_GRAPH_ATTENTION,
  VC_GRAPH_SPACE_TO_DEPTH,
  VC_GRAPH_DEPTH_TO_SPACE,
} VcGraphOp;

/* Tensors of a node are indices into VcGraph.tensors, -1 where absent:
 *   conv2d     in = { input, residual }, out = { output }
 *   add        in = { a, b },            out = { output }
 *   attention  in = { query },           out = { output, conf }
 *   others     in = { input },           out = { output } */
typedef struct {
  char *name;
  VcGraphOp op;
  gint in[2], out[2];
  guint kernel, stride;            /* conv2d */
  VcActivation act;                /* conv2d */
  const VcStTensor *weight, *bias; /* conv2d; bias may be NULL */
  float scale, offset;             /* affine; scale: space_to_depth, depth_to_space too */
  guint factor;                    /* space_to_depth, depth_to_space */
  float eps;                       /* l2norm */
  float tau;                       /* attention */
} VcGraphNode;

/* The subgraphs, in the order the engine runs a frame's. */
typedef enum {
  VC_ROLE_CLEAN,
  VC_ROLE_FRAME,
  VC_ROLE_MEMORY,
  VC_ROLE_PREV,
  VC_ROLE_SOURCE,
  VC_N_ROLES,
} VcGraphRole;

typedef struct {
  VcGraphNode *nodes;
  guint n_nodes;
  gint *inputs, *outputs; /* tensor indices */
  guint n_inputs, n_outputs;
} VcGraphSubgraph;

typedef struct {
  VcGraphTensor *tensors;
  guint n_tensors;
  VcGraphSubgraph roles[VC_N_ROLES];
  guint slot_c[2];  /* channels of a slot's key and value */
  guint slot_scale; /* of both */
  const VcStTensor *null_key, *null_value;
} VcGraph;

const char *vc_graph_role_name (VcGraphRole role);
const char *vc_graph_op_name (VcGraphOp op);
/* Index of the tensor NAME, or -1. */
gint vc_graph_find (const VcGraph *graph, const char *name);

/* Parses LEN bytes of graph JSON and validates it (FORMAT.md, all of it)
 * against the tensors of ST, which must outlive the graph. */
VcGraph *vc_graph_new (const char *json, gsize len, const VcSafetensors *st, GError **error);
void vc_graph_free (VcGraph *graph);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VcGraph, vc_graph_free)

typedef struct _VcModel VcModel;

/* Loads a model file: the container (vc-safetensors.h), the metadata
 * "format" and "version", and the graph. Errors name the file. */
VcModel *vc_model_load_file (const char *path, GError **error);
/* The same from the file's bytes (a reference is kept). */
VcModel *vc_model_load_bytes (GBytes *bytes, GError **error);
void vc_model_free (VcModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VcModel, vc_model_free)

const VcGraph *vc_model_graph (const VcModel *model);
/* A "__metadata__" value ("resolution", "training", ...), or NULL. */
const char *vc_model_metadata (const VcModel *model, const char *key);

G_END_DECLS
