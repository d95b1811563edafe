/* Model file loading and graph validation (no device): the parity model
 * loads, and hand-edited copies of it fail with an error naming the node or
 * tensor and the problem. Edits replace text in the file's header, where
 * the graph is a JSON string (so its quotes appear as \"). */
#include "vc-graph.h"

#include <string.h>

static GBytes *model_bytes;

static void
load_model_bytes (void)
{
  g_autofree char *path =
      g_test_build_filename (G_TEST_DIST, "data", "parity-model.safetensors", NULL);
  g_autoptr (GError) error = NULL;
  char *data;
  gsize len;
  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  model_bytes = g_bytes_new_take (data, len);
}

/* The model file with the first FROM in its header replaced by TO. */
static GBytes *
edit (const char *from, const char *to)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (model_bytes, &len);
  guint64 n = GUINT64_FROM_LE (*(const guint64 *) data);
  g_autofree char *header = g_strndup ((const char *) data + 8, n);
  char *at = strstr (header, from);
  g_assert_nonnull (at);
  GString *out = g_string_new_len ((const char *) data, 8);
  g_string_append_len (out, header, at - header);
  g_string_append (out, to);
  g_string_append (out, at + strlen (from));
  while ((out->len - 8) % 8)
    g_string_append_c (out, ' ');
  guint64 size = GUINT64_TO_LE (out->len - 8);
  memcpy (out->str, &size, 8);
  g_string_append_len (out, (const char *) data + 8 + n, len - 8 - n);
  return g_string_free_to_bytes (out);
}

static void
test_load (void)
{
  g_autofree char *path =
      g_test_build_filename (G_TEST_DIST, "data", "parity-model.safetensors", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VcModel) model = vc_model_load_file (path, &error);
  g_assert_no_error (error);
  const VcGraph *g = vc_model_graph (model);
  g_assert_cmpuint (g->slot_c[VC_SLOT_KEY], ==, 64);
  g_assert_cmpuint (g->slot_c[VC_SLOT_VALUE], ==, 192);
  g_assert_cmpuint (g->slot_scale, ==, 8);
  gint ab = vc_graph_find (g, "ab");
  g_assert_cmpint (ab, >=, 0);
  g_assert_cmpuint (g->tensors[ab].c, ==, 2);
  g_assert_cmpint (vc_graph_find (g, "no such tensor"), ==, -1);
  g_assert_cmpuint (g->roles[VC_ROLE_FRAME].n_nodes, >, 20);
  g_assert_cmpstr (vc_model_metadata (model, "version"), ==, "1");
  g_assert_nonnull (vc_model_metadata (model, "training"));
  /* The same from bytes, and the edit helper changes nothing by itself. */
  g_autoptr (GBytes) same = edit ("\"format\"", "\"format\"");
  g_autoptr (VcModel) again = vc_model_load_bytes (same, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

typedef struct {
  const char *what, *from, *to;
  const char *expect[3]; /* substrings of the message */
} BadCase;

static const BadCase bad_cases[] = {
  { "unknown op",
    "\\\"op\\\":\\\"add\\\"",
    "\\\"op\\\":\\\"mul\\\"",
    { "source node \"src.intra.4.up.sum\"", "unknown op \"mul\"" } },
  { "missing weight",
    "\\\"weight\\\":\\\"decoder.d0.weight\\\"",
    "\\\"weight\\\":\\\"decoder.d9.weight\\\"",
    { "frame node \"decoder.d0\" (conv2d)", "weight \"decoder.d9.weight\" is not in the file" } },
  { "wrong weight shape",
    "\\\"weight\\\":\\\"decoder.d1.weight\\\"",
    "\\\"weight\\\":\\\"decoder.d2.weight\\\"",
    { "frame node \"decoder.d1\" (conv2d)", "is F16 32×80×3×3, must be F16 or F32 48×112×3×3" } },
  { "unused weight",
    ",\\\"bias\\\":\\\"prev.bias\\\"",
    "",
    { "weight \"prev.bias\" of the file is not used" } },
  { "wrong version",
    "\"version\":\"1\"",
    "\"version\":\"2\"",
    { "unsupported model version", "\"version\" must be \"1\"" } },
  { "wrong format",
    "\"format\":\"vcolorize\"",
    "\"format\":\"vcolorizf\"",
    { "not a vcolorize model" } },
  { "read before write",
    "\\\"input\\\":\\\"fused.0\\\"",
    "\\\"input\\\":\\\"block.0\\\"",
    { "frame node \"encoder.blocks.0.a\"", "reads \"block.0\" before \"block.0\" is written" } },
  { "undefined tensor",
    "\\\"input\\\":\\\"d0\\\"",
    "\\\"input\\\":\\\"d0x\\\"",
    { "frame node \"decoder.d0.up\" (resize)", "unknown tensor \"d0x\"" } },
  { "duplicate tensor", "\\\"ref_L\\\":{", "\\\"L\\\":{", { "model graph:", "duplicate" } },
  { "written twice",
    "\\\"output\\\":\\\"block.1.a\\\"",
    "\\\"output\\\":\\\"block.0.a\\\"",
    { "tensor \"block.0.a\" is written by frame node \"encoder.blocks.0.a\" and by frame node "
      "\"encoder.blocks.1.a\"" } },
  { "kernel out of range",
    "\\\"kernel\\\":3",
    "\\\"kernel\\\":5",
    { "clean node \"preproc.down.0\" (conv2d)", "\"kernel\" is 5" } },
  { "unknown member",
    "\\\"act\\\":\\\"elu\\\"",
    "\\\"akt\\\":\\\"elu\\\"",
    { "clean node \"preproc.down.0\" (conv2d)", "unknown member \"akt\"" } },
  { "unknown activation",
    "\\\"act\\\":\\\"elu\\\"",
    "\\\"act\\\":\\\"gelu\\\"",
    { "unknown activation \"gelu\"" } },
  { "misaligned view",
    "\\\"offset\\\":36,",
    "\\\"offset\\\":35,",
    { "tensor \"l\"", "must start at a multiple of 4" } },
  { "input not from an earlier role",
    "\\\"inputs\\\":[\\\"key\\\",",
    "\\\"inputs\\\":[\\\"src.key.raw\\\",",
    { "subgraph memory: input \"src.key.raw\"" } },
  { "missing role",
    "\\\"prev\\\":{\\\"inputs\\\"",
    "\\\"prex\\\":{\\\"inputs\\\"",
    { "subgraphs: unknown member \"prex\"" } },
  { "slot not fully written",
    "\\\"src.ab\\\":{\\\"slot\\\":\\\"value\\\",\\\"offset\\\":64,\\\"c\\\":128}",
    "\\\"src.ab\\\":{\\\"c\\\":128,\\\"scale\\\":8}",
    { "subgraph source does not write channel 64 of the slot's value" } },
  { "input not listed",
    "\\\"frame\\\":{\\\"inputs\\\":[\\\"l\\\",\\\"prev\\\"]",
    "\\\"frame\\\":{\\\"inputs\\\":[\\\"l\\\"]",
    { "frame node \"prev.down.2\" reads \"prev\", which needs \"prev\" (written by prev), not "
      "an input of frame" } },
  { "shared pack",
    "\\\"view\\\":\\\"d3.buf\\\",\\\"offset\\\":40,\\\"c\\\":2",
    "\\\"view\\\":\\\"d3.buf\\\",\\\"offset\\\":36,\\\"c\\\":2",
    { "tensors \"l\" and \"ab.net\" are both written and share a pack" } },
  { "unused tensor",
    "\\\"tensors\\\":{",
    "\\\"tensors\\\":{\\\"spare\\\":{\\\"c\\\":1,\\\"scale\\\":1},",
    { "tensor \"spare\" is not used by any node" } },
  { "tau out of range",
    "\\\"tau\\\":",
    "\\\"tau\\\":-",
    { "frame node \"attention\" (attention)", "tau = -0.0" } },
  { "factor not a power of two",
    "\\\"factor\\\":8",
    "\\\"factor\\\":6",
    { "source node \"src.units.ab\" (space_to_depth)", "factor 6 is not a power of two" } },
  { "factor out of range",
    "\\\"factor\\\":8",
    "\\\"factor\\\":64",
    { "source node \"src.units.ab\" (space_to_depth)", "\"factor\" is 64" } },
  { "space-to-depth shape mismatch",
    "\\\"factor\\\":8",
    "\\\"factor\\\":16",
    { "source node \"src.units.ab\" (space_to_depth)",
      "output \"src.ab\" has 128 channels at scale 8, must have 512 channels at scale 16" } },
  { "space-to-depth beyond the alignment",
    "\\\"input\\\":\\\"ref_ab\\\",\\\"output\\\":\\\"src.ab\\\"",
    "\\\"input\\\":\\\"src.fused\\\",\\\"output\\\":\\\"src.ab\\\"",
    { "source node \"src.units.ab\" (space_to_depth)",
      "factor 8 from scale 8 exceeds scale 32 (the network's sides are multiples of 32)" } },
  { "depth-to-space factor above the scale",
    "\\\"input\\\":\\\"attended.ab\\\",\\\"output\\\":\\\"warped.up\\\",\\\"factor\\\":8",
    "\\\"input\\\":\\\"attended.ab\\\",\\\"output\\\":\\\"warped.up\\\",\\\"factor\\\":16",
    { "frame node \"decoder.warped.up\" (depth_to_space)",
      "input \"attended.ab\" is at scale 8; factor 16 needs it in 16..32" } },
  { "depth-to-space shape mismatch",
    "\\\"warped.up\\\":{\\\"c\\\":2,",
    "\\\"warped.up\\\":{\\\"c\\\":3,",
    { "frame node \"decoder.warped.up\" (depth_to_space)",
      "output \"warped.up\" has 3 channels at scale 1, must have 2 channels at scale 1" } },
  { "depth-to-space channels",
    "\\\"offset\\\":128,\\\"c\\\":128}",
    "\\\"offset\\\":128,\\\"c\\\":100}",
    { "frame node \"decoder.warped.up\" (depth_to_space)",
      "input \"attended.ab\" has 100 channels, not a multiple of 64" } },
  { "shuffle without scale",
    "\\\"factor\\\":8,\\\"scale\\\":1.0}",
    "\\\"factor\\\":8}",
    { "frame node \"decoder.warped.up\" (depth_to_space)", "scale" } },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr (GBytes) bytes = edit (c->from, c->to);
  g_autoptr (GError) error = NULL;
  g_autoptr (VcModel) model = vc_model_load_bytes (bytes, &error);
  g_assert_null (model);
  g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
  g_test_message ("%s: %s", c->what, error->message);
  for (guint i = 0; i < G_N_ELEMENTS (c->expect) && c->expect[i]; i++)
    if (!strstr (error->message, c->expect[i]))
      g_error ("%s: \"%s\" is not in the message \"%s\"", c->what, c->expect[i], error->message);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  load_model_bytes ();
  g_test_add_func ("/graph/load", test_load);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++) {
    g_autofree char *path = g_strdup_printf ("/graph/bad/%s", bad_cases[i].what);
    g_strdelimit (path + 11, " ", '-');
    g_test_add_data_func (path, &bad_cases[i], test_bad);
  }
  int ret = g_test_run ();
  g_bytes_unref (model_bytes);
  return ret;
}
