/* vcolorize — libFuzzer target for the model graph (models/FORMAT.md): the
 * graph JSON of a model file, validated against the tensors of the parity
 * model (tests/data/parity-model.safetensors), must either fail with
 * VC_ERROR_MODEL or give a graph that keeps every promise of vc-graph.h,
 * which the network builder relies on without checking again. Never a
 * crash, an out-of-bounds read or a leak.
 *
 * Fuzzing needs clang and libFuzzer (Debian 12: clang, libclang-rt-14-dev):
 *   CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined
 *   ninja -C build-fuzz tests/fuzz/fuzz-graph
 *   mkdir -p build-fuzz/corpus-graph
 *   nice build-fuzz/tests/fuzz/fuzz-graph -max_total_time=600 -max_len=32768 \
 *     -dict=tests/fuzz/graph.dict -artifact_prefix=build-fuzz/ \
 *     build-fuzz/corpus-graph tests/fuzz/corpus/graph
 * Add each crash-* file it writes, once fixed, to tests/fuzz/corpus/graph:
 * every build runs this target over that corpus (fuzz-graph-corpus). */
#include "vc-error.h"
#include "vc-graph.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static VcSafetensors *tensors;

static const VcSafetensors *
parity_tensors (void)
{
  if (tensors)
    return tensors;
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  if (!g_file_get_contents (VC_FUZZ_MODEL, &data, &len, &error))
    g_error ("%s", error->message);
  g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  tensors = vc_safetensors_new (bytes, &error);
  if (!tensors)
    g_error ("%s: %s", VC_FUZZ_MODEL, error->message);
  return tensors;
}

static void
check_index (const VcGraph *g, gint t, gboolean optional)
{
  g_assert_true ((optional && t == -1) || (t >= 0 && (guint) t < g->n_tensors));
}

/* What vc-graph.h promises of a graph that validated. */
static void
check_graph (const VcGraph *g)
{
  for (guint i = 0; i < g->n_tensors; i++) {
    const VcGraphTensor *t = &g->tensors[i];
    g_assert_nonnull (t->name);
    g_assert_true (vc_graph_find (g, t->name) == (gint) i);
    g_assert_cmpuint (t->c, >=, 1);
    g_assert_cmpuint (t->c, <=, VC_GRAPH_MAX_CHANNELS);
    g_assert_cmpuint (t->scale, >=, 1);
    g_assert_cmpuint (t->scale, <=, VC_GRAPH_MAX_SCALE);
    g_assert_cmpuint (t->scale & (t->scale - 1), ==, 0);
    if (t->kind == VC_GRAPH_VIEW) {
      check_index (g, t->base, FALSE);
      const VcGraphTensor *b = &g->tensors[t->base];
      g_assert_true (b->kind == VC_GRAPH_BUFFER);
      g_assert_cmpuint (t->scale, ==, b->scale);
      g_assert_cmpuint ((guint64) t->offset + t->c, <=, b->c);
    } else if (t->kind == VC_GRAPH_SLOT) {
      g_assert_true (t->base == VC_SLOT_KEY || t->base == VC_SLOT_VALUE);
      g_assert_cmpuint ((guint64) t->offset + t->c, <=, g->slot_c[t->base]);
      g_assert_cmpuint (t->scale, ==, g->slot_scale);
    } else {
      g_assert_true (t->kind == VC_GRAPH_BUFFER);
    }
  }
  for (guint r = 0; r < VC_N_ROLES; r++) {
    const VcGraphSubgraph *s = &g->roles[r];
    for (guint i = 0; i < s->n_inputs; i++)
      check_index (g, s->inputs[i], FALSE);
    for (guint i = 0; i < s->n_outputs; i++)
      check_index (g, s->outputs[i], FALSE);
    for (guint i = 0; i < s->n_nodes; i++) {
      const VcGraphNode *n = &s->nodes[i];
      g_assert_nonnull (n->name);
      check_index (g, n->in[0], FALSE);
      check_index (g, n->in[1], TRUE);
      check_index (g, n->out[0], FALSE);
      check_index (g, n->out[1], TRUE);
      if (n->op == VC_GRAPH_CONV2D) {
        const VcGraphTensor *in = &g->tensors[n->in[0]], *out = &g->tensors[n->out[0]];
        g_assert_true (n->kernel == 1 || n->kernel == 3);
        g_assert_true (n->stride == 1 || n->stride == 2);
        g_assert_nonnull (n->weight);
        /* the builder copies this many weights (and COUT biases) */
        g_assert_cmpuint (n->weight->n_elements, ==,
                          (guint64) out->c * in->c * n->kernel * n->kernel);
        g_assert_true (!n->bias || n->bias->n_elements == out->c);
      }
    }
  }
  g_assert_cmpuint (g->slot_c[VC_SLOT_KEY], >=, 1);
  g_assert_cmpuint (g->slot_c[VC_SLOT_VALUE], >=, 1);
  g_assert_nonnull (g->null_key);
  g_assert_nonnull (g->null_value);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VcGraph) graph = vc_graph_new ((const char *) data, size, parity_tensors (), &error);
  if (graph) {
    g_assert_no_error (error);
    check_graph (graph);
  } else {
    g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  }
  return 0;
}
