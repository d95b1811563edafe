/* vcolorize tests — what gst-inspect-1.0 shows: metadata, pad templates,
 * and every property documented with its range, default and mutability. */
#include "vc-gst-test.h"

/* The element's own properties and the states they may be changed in. */
static const struct {
  const char *name;
  GParamFlags mutable_flag;
} properties[] = {
  { "refs", GST_PARAM_MUTABLE_PLAYING },
  { "hints", GST_PARAM_MUTABLE_PLAYING },
  { "hints-spread", GST_PARAM_MUTABLE_PLAYING },
  { "hints-edge", GST_PARAM_MUTABLE_PLAYING },
  { "hints-mode", GST_PARAM_MUTABLE_PLAYING },
  { "library", GST_PARAM_MUTABLE_READY },
  { "library-picks", GST_PARAM_MUTABLE_PLAYING },
  { "library-max-difference", GST_PARAM_MUTABLE_PLAYING },
  { "model", GST_PARAM_MUTABLE_READY },
  { "device", GST_PARAM_MUTABLE_READY },
  { "device-name", 0 },
  { "network-size", GST_PARAM_MUTABLE_READY },
  { "frames-in-flight", GST_PARAM_MUTABLE_READY },
  { "scene-lookahead", GST_PARAM_MUTABLE_READY },
  { "temporal", GST_PARAM_MUTABLE_PLAYING },
  { "temporal-strength", GST_PARAM_MUTABLE_PLAYING },
  { "locality", GST_PARAM_MUTABLE_PLAYING },
  { "keep-reference", GST_PARAM_MUTABLE_PLAYING },
  { "temporal-smoothing", GST_PARAM_MUTABLE_PLAYING },
  { "scene-threshold", GST_PARAM_MUTABLE_PLAYING },
  { "keyframe-threshold", GST_PARAM_MUTABLE_PLAYING },
  { "view", GST_PARAM_MUTABLE_PLAYING },
  { "preprocess", 0 },
  { "qos", GST_PARAM_MUTABLE_PLAYING },
  { "profile", GST_PARAM_MUTABLE_READY },
};

static char *
inspect_element (const char *name)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;
  char *argv[] = { "gst-inspect-1.0", (char *) name, NULL };
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("gst-inspect-1.0 %s failed: %s", name, err);
  return g_steal_pointer (&out);
}

static char *
inspect (void)
{
  return inspect_element ("vcolorize");
}

static void
test_metadata (void)
{
  g_autofree char *out = inspect ();
  static const char *expected[] = {
    "Long-name                Video colorizer",
    "Klass                    Filter/Effect/Video",
    "License                  LGPL",
    "Binary package           vcolorize",
    "SINK template: 'sink'",
    "SINK template: 'ref_%u'",
    "SINK template: 'hints'",
    "SRC template: 'src'",
    "Availability: On request",
    "(string)GRAY8",
    "(string)GRAY16_LE",
    "(string)NV12",
    "(string)BGRx",
    "(0): colour",
    "(1): side-by-side",
    "(2): confidence",
    "(0): every-frame",
    "(1): keyframe",
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!strstr (out, expected[i]))
      g_error ("gst-inspect-1.0 vcolorize does not show \"%s\":\n%s", expected[i], out);
}

static void
test_properties (void)
{
  g_autofree char *out = inspect ();
  GstElement *e = gst_element_factory_make ("vcolorize", NULL);
  GObjectClass *klass = G_OBJECT_GET_CLASS (e);
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++) {
    GParamSpec *p = g_object_class_find_property (klass, properties[i].name);
    g_assert_nonnull (p);
    const char *blurb = g_param_spec_get_blurb (p);
    /* a sentence, not a repeated nick */
    if (strlen (blurb) < 20)
      g_error ("the blurb of %s is too short: \"%s\"", properties[i].name, blurb);
    g_assert_cmpstr (blurb, !=, g_param_spec_get_nick (p));
    g_autofree char *line = g_strdup_printf ("  %-20s: %s", properties[i].name, blurb);
    if (!strstr (out, line))
      g_error ("gst-inspect-1.0 does not document %s:\n%s", properties[i].name, out);
    GParamFlags mutability =
        p->flags & (GST_PARAM_MUTABLE_READY | GST_PARAM_MUTABLE_PAUSED | GST_PARAM_MUTABLE_PLAYING);
    g_assert_cmpint (mutability, ==, properties[i].mutable_flag);
  }
  /* every property of the element itself is listed above */
  guint n;
  g_autofree GParamSpec **all = g_object_class_list_properties (klass, &n);
  for (guint i = 0; i < n; i++) {
    if (all[i]->owner_type != G_OBJECT_TYPE (e))
      continue;
    gboolean listed = FALSE;
    for (guint j = 0; j < G_N_ELEMENTS (properties); j++)
      listed |= g_strcmp0 (all[i]->name, properties[j].name) == 0;
    if (!listed)
      g_error ("property %s is not covered by this test", all[i]->name);
  }
  gst_object_unref (e);
}

static void
test_defaults (void)
{
  GstElement *e = gst_element_factory_make ("vcolorize", NULL);
  guint size, frames, lookahead;
  gint device;
  gdouble keyframe, scene, strength, locality, keep, smoothing;
  gboolean temporal, qos, profile;
  g_autofree char *model = NULL, *refs = NULL;
  g_object_get (e, "network-size", &size, "frames-in-flight", &frames, "device", &device,
                "keyframe-threshold", &keyframe, "scene-threshold", &scene, "temporal-strength",
                &strength, "locality", &locality, "keep-reference", &keep, "temporal-smoothing",
                &smoothing, "scene-lookahead", &lookahead, "temporal", &temporal, "qos", &qos,
                "profile", &profile, "model", &model, "refs", &refs, NULL);
  g_assert_cmpuint (size, ==, 256);
  g_assert_cmpuint (frames, ==, 2);
  g_assert_cmpint (device, ==, -1);
  g_assert_cmpfloat (keyframe, ==, 0.4);
  g_assert_cmpfloat (scene, ==, 3.0);
  g_assert_cmpfloat (strength, ==, 0.2);
  g_assert_cmpfloat (locality, ==, -1.0);
  g_assert_cmpfloat (keep, ==, -1.0);
  g_assert_cmpfloat (smoothing, ==, 0.5);
  g_assert_cmpuint (lookahead, ==, 2);
  g_assert_true (temporal);
  g_assert_true (qos);
  g_assert_false (profile);
  g_assert_null (refs);
  gdouble spread, edge;
  g_autofree char *hints = NULL;
  g_object_get (e, "hints", &hints, "hints-spread", &spread, "hints-edge", &edge, NULL);
  g_assert_null (hints);
  g_assert_cmpfloat (spread, ==, 96.0);
  g_assert_cmpfloat (edge, ==, 16.0);
  int hints_mode;
  g_object_get (e, "hints-mode", &hints_mode, NULL);
  g_assert_cmpint (hints_mode, ==, 1); /* keyframe */
  /* the plugin in the build tree finds the model in the build tree */
  g_assert_true (g_str_has_suffix (model, "/models/vcolorize.safetensors"));
  g_assert_true (g_path_is_absolute (model));
  /* network-size is rounded down to a multiple of 32 */
  g_object_set (e, "network-size", 300, NULL);
  g_object_get (e, "network-size", &size, NULL);
  g_assert_cmpuint (size, ==, 288);
  gst_object_unref (e);
}

static void
test_request_pads (void)
{
  GstElement *e = gst_element_factory_make ("vcolorize", NULL);
  GstPad *a = gst_element_request_pad_simple (e, "ref_%u");
  GstPad *b = gst_element_request_pad_simple (e, "ref_5");
  GstPad *c = gst_element_request_pad_simple (e, "ref_%u");
  g_assert_cmpstr (GST_PAD_NAME (a), ==, "ref_0");
  g_assert_cmpstr (GST_PAD_NAME (b), ==, "ref_5");
  g_assert_cmpstr (GST_PAD_NAME (c), ==, "ref_6");
  /* not a name of the template */
  g_assert_null (gst_element_request_pad_simple (e, "ref_x"));
  gst_element_release_request_pad (e, b);
  GstPad *d = gst_element_request_pad_simple (e, "ref_5");
  g_assert_nonnull (d);
  GstPad *pads[] = { a, b, c, d };
  for (guint i = 0; i < G_N_ELEMENTS (pads); i++)
    gst_object_unref (pads[i]);
  gst_object_unref (e);
}

/* The plugin's second element, vcolorizecompare. */
static void
test_compare (void)
{
  g_autofree char *out = inspect_element ("vcolorizecompare");
  static const char *expected[] = {
    "Long-name                Video comparison",
    "Klass                    Filter/Analyzer/Video",
    "vcolorize-compare-summary",
    "SINK template: 'sink'",
    "SINK template: 'truth'",
    "SRC template: 'src'",
    "(string)RGBx",
    "  ssim                : Also compute SSIM",
    "Boolean. Default: true",
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!strstr (out, expected[i]))
      g_error ("gst-inspect-1.0 vcolorizecompare does not show \"%s\":\n%s", expected[i], out);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/element/inspect/metadata", test_metadata);
  g_test_add_func ("/element/inspect/properties", test_properties);
  g_test_add_func ("/element/inspect/defaults", test_defaults);
  g_test_add_func ("/element/inspect/request-pads", test_request_pads);
  g_test_add_func ("/element/inspect/compare", test_compare);
  return g_test_run ();
}
