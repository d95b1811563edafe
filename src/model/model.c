/* vcolorize — a loaded model file: container, metadata and graph. */
#include "vc-graph.h"
#include "vc-error.h"

#include <string.h>

struct _VcModel {
  VcSafetensors *st;
  VcGraph *graph;
};

static VcModel *
model_new (VcSafetensors *st, GError **error)
{
  const char *format = vc_safetensors_metadata (st, "format");
  const char *version = vc_safetensors_metadata (st, "version");
  const char *graph = vc_safetensors_metadata (st, "graph");
  if (!format || strcmp (format, VC_MODEL_FORMAT) != 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL,
                 "not a vcolorize model: metadata \"format\" must be \"" VC_MODEL_FORMAT "\"");
    vc_safetensors_free (st);
    return NULL;
  }
  if (!version || strcmp (version, VC_MODEL_VERSION) != 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL,
                 "unsupported model version: metadata \"version\" must be \"" VC_MODEL_VERSION
                 "\"");
    vc_safetensors_free (st);
    return NULL;
  }
  if (!graph) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL, "model: metadata \"graph\" is missing");
    vc_safetensors_free (st);
    return NULL;
  }
  VcGraph *g = vc_graph_new (graph, strlen (graph), st, error);
  if (!g) {
    vc_safetensors_free (st);
    return NULL;
  }
  VcModel *model = g_new0 (VcModel, 1);
  model->st = st;
  model->graph = g;
  return model;
}

VcModel *
vc_model_load_file (const char *path, GError **error)
{
  VcSafetensors *st = vc_safetensors_new_from_file (path, error);
  if (!st)
    return NULL;
  VcModel *model = model_new (st, error);
  if (!model)
    g_prefix_error (error, "%s: ", path);
  return model;
}

VcModel *
vc_model_load_bytes (GBytes *bytes, GError **error)
{
  VcSafetensors *st = vc_safetensors_new (bytes, error);
  return st ? model_new (st, error) : NULL;
}

void
vc_model_free (VcModel *model)
{
  if (!model)
    return;
  vc_graph_free (model->graph);
  vc_safetensors_free (model->st);
  g_free (model);
}

const VcGraph *
vc_model_graph (const VcModel *model)
{
  return model->graph;
}

const char *
vc_model_metadata (const VcModel *model, const char *key)
{
  return vc_safetensors_metadata (model->st, key);
}
