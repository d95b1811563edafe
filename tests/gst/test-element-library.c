/* vcolorize tests — the library property: a directory (or a list) of
 * pictures from which each shot's are picked; the vcolorize-library
 * message; files that are not pictures; bad libraries. */
#include "vc-gst-test.h"

#include <glib/gstdio.h>
#include <string.h>

#define VIDEO "video/x-raw,format=GRAY8,width=64,height=48"

/* A library folder: the pictures of videotestsrc's smpte, checkers-8 and
 * ball patterns (a.png, b.png, c.jpg), a text file and a hidden file;
 * with ONLY_TEXT, the text file alone. */
static char *
make_library (gboolean only_text)
{
  static guint count;
  char *dir = g_strdup_printf ("%s/library-%u", vc_gst_test_tmpdir (), count++);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  if (!only_text) {
    const struct {
      const char *encoder, *pattern, *name;
    } pictures[] = {
      { "pngenc", "smpte", "a.png" },
      { "pngenc", "checkers-8", "b.png" },
      { "jpegenc", "ball", "c.jpg" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (pictures); i++) {
      g_autofree char *made =
          vc_gst_test_write_image (pictures[i].encoder, 64, 48, pictures[i].pattern);
      g_autofree char *path = g_build_filename (dir, pictures[i].name, NULL);
      g_assert_cmpint (g_rename (made, path), ==, 0);
    }
    g_autofree char *hidden = g_build_filename (dir, ".hidden.png", NULL);
    g_assert_true (g_file_set_contents (hidden, "not a picture", -1, NULL));
  }
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (text, "shot list\n", -1, NULL));
  return dir;
}

/* What a run of PATTERN frames through the element posts. */
typedef struct {
  GPtrArray *picks; /* the vcolorize-library structures */
  GPtrArray *warnings;
  GError *error;
} Run;

static void
run_clear (Run *r)
{
  g_ptr_array_unref (r->picks);
  g_ptr_array_unref (r->warnings);
  g_clear_error (&r->error);
}

static Run
run (const char *pattern, const char *properties)
{
  g_autofree char *desc =
      g_strdup_printf ("videotestsrc num-buffers=3 pattern=%s ! " VIDEO " ! %s %s ! fakesink",
                       pattern, vc_gst_test_vcolorize (), properties);
  g_autoptr (GError) parse_error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &parse_error);
  g_assert_no_error (parse_error);
  Run r = { g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free),
            g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free), NULL };
  GstBus *bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
                                                  GST_MESSAGE_ERROR | GST_MESSAGE_EOS |
                                                      GST_MESSAGE_WARNING | GST_MESSAGE_ELEMENT);
    g_assert_nonnull (msg);
    GstMessageType type = GST_MESSAGE_TYPE (msg);
    const GstStructure *s = gst_message_get_structure (msg);
    if (type == GST_MESSAGE_ERROR)
      gst_message_parse_error (msg, &r.error, NULL);
    else if (type == GST_MESSAGE_WARNING) {
      GError *warning;
      g_autofree char *debug = NULL;
      gst_message_parse_warning (msg, &warning, &debug);
      g_test_message ("warning: %s (%s)", warning->message, debug);
      g_prefix_error (&warning, "%s: ", debug);
      g_ptr_array_add (r.warnings, warning);
    } else if (type == GST_MESSAGE_ELEMENT && gst_structure_has_name (s, "vcolorize-library"))
      g_ptr_array_add (r.picks, gst_structure_copy (s));
    gst_message_unref (msg);
    if (type == GST_MESSAGE_ERROR || type == GST_MESSAGE_EOS)
      break;
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return r;
}

/* The basename of the N-th string of the array FIELD of S. */
static char *
nth_name (const GstStructure *s, const char *field, guint n)
{
  const GValue *array = gst_structure_get_value (s, field);
  g_assert_nonnull (array);
  g_assert_cmpuint (n, <, gst_value_array_get_size (array));
  return g_path_get_basename (g_value_get_string (gst_value_array_get_value (array, n)));
}

static guint
array_size (const GstStructure *s, const char *field)
{
  const GValue *array = gst_structure_get_value (s, field);
  g_assert_nonnull (array);
  return gst_value_array_get_size (array);
}

/* Checks that R picked NAME (NULL: nothing) at its first frame, and only
 * there, with NEAREST the nearest picture. */
static void
assert_picked (const Run *r, const char *name, const char *nearest)
{
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->picks->len, ==, 1);
  const GstStructure *s = r->picks->pdata[0];
  guint64 frame = G_MAXUINT64;
  g_assert_true (gst_structure_get_uint64 (s, "frame", &frame));
  g_assert_cmpuint (frame, ==, 0);
  g_assert_true (gst_structure_has_field_typed (s, "timestamp", G_TYPE_UINT64));
  g_assert_true (gst_structure_has_field_typed (s, "running-time", G_TYPE_UINT64));
  g_assert_cmpuint (array_size (s, "pictures"), ==, name ? 1 : 0);
  g_assert_cmpuint (array_size (s, "differences"), ==, name ? 1 : 0);
  if (name) {
    g_autofree char *picked = nth_name (s, "pictures", 0);
    g_assert_cmpstr (picked, ==, name);
    double d = g_value_get_double (
        gst_value_array_get_value (gst_structure_get_value (s, "differences"), 0));
    double nearest_difference = -1;
    g_assert_true (gst_structure_get_double (s, "nearest-difference", &nearest_difference));
    g_assert_cmpfloat (d, ==, nearest_difference);
  }
  g_autofree char *near = g_path_get_basename (gst_structure_get_string (s, "nearest"));
  g_assert_cmpstr (near, ==, nearest);
}

/* Each video gets the picture it looks like; the text file is passed over
 * with a warning, the hidden file unseen. */
static void
test_library_picks (void)
{
  g_autofree char *dir = make_library (FALSE);
  g_autofree char *props = g_strdup_printf ("library=\"%s\"", dir);
  const struct {
    const char *pattern, *picture;
  } cases[] = { { "smpte", "a.png" }, { "checkers-8", "b.png" }, { "ball", "c.jpg" } };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    Run r = run (cases[i].pattern, props);
    assert_picked (&r, cases[i].picture, cases[i].picture);
    g_assert_cmpuint (r.warnings->len, ==, 1);
    GError *warning = r.warnings->pdata[0];
    g_assert_error (warning, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ);
    g_assert_nonnull (strstr (warning->message, "notes.txt"));
    g_assert_null (strstr (warning->message, "hidden"));
    g_assert_nonnull (strstr (warning->message, "1 file(s)"));
    run_clear (&r);
  }
  /* a picture nothing like the video: none picked, the nearest told */
  g_autofree char *list = g_strdup_printf ("library=\" %s/b.png , %s/c.jpg\"", dir, dir);
  Run r = run ("smpte", list);
  g_assert_cmpuint (r.warnings->len, ==, 0);
  assert_picked (&r, NULL, "c.jpg");
  run_clear (&r);
  /* library-picks=0: none either */
  g_autofree char *none = g_strdup_printf ("%s library-picks=0", props);
  r = run ("smpte", none);
  assert_picked (&r, NULL, "a.png");
  run_clear (&r);
  /* any picture, however far */
  g_autofree char *any = g_strdup_printf ("%s library-max-difference=4", list);
  r = run ("smpte", any);
  g_assert_no_error (r.error);
  g_assert_cmpuint (array_size (r.picks->pdata[0], "pictures"), ==, 1);
  run_clear (&r);
  /* no library: no message */
  r = run ("smpte", "");
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.picks->len, ==, 0);
  run_clear (&r);
}

/* The element keeps a small picture of each library picture and decodes a
 * picture again when a shot picks it: a file gone since the start is a
 * warning, and the shot goes on without it. */
static void
test_library_file_gone (void)
{
  g_autofree char *dir = make_library (FALSE);
  GstElement *e = vc_gst_test_element ("library", dir, NULL);
  GstBus *bus = vc_gst_test_bus (e);
  GstHarness *h = vc_gst_test_harness (e, NULL, NULL);
  gst_harness_add_src_parse (
      h, "videotestsrc pattern=smpte ! capsfilter caps=\"" VIDEO ",framerate=25/1\"", TRUE);
  g_autofree char *a = g_build_filename (dir, "a.png", NULL);
  g_assert_cmpint (g_unlink (a), ==, 0);
  g_assert_cmpint (gst_harness_src_crank_and_push_many (h, 0, 2), ==, GST_FLOW_OK);
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  for (guint i = 0; i < 2; i++)
    gst_buffer_unref (gst_harness_pull (h));
  gboolean warned = FALSE, posted = FALSE;
  GstMessage *msg;
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING | GST_MESSAGE_ELEMENT |
                                               GST_MESSAGE_ERROR))) {
    g_assert_cmpint (GST_MESSAGE_TYPE (msg), !=, GST_MESSAGE_ERROR);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
      g_autoptr (GError) warning = NULL;
      gst_message_parse_warning (msg, &warning, NULL);
      g_test_message ("warning: %s", warning->message);
      if (strstr (warning->message, "are not pictures"))
        ; /* the library's text file, at the start */
      else {
        g_assert_error (warning, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ);
        g_assert_nonnull (strstr (warning->message, "a.png"));
        g_assert_nonnull (strstr (warning->message, "passed over"));
        warned = TRUE;
      }
    } else if (gst_structure_has_name (gst_message_get_structure (msg), "vcolorize-library")) {
      const GstStructure *s = gst_message_get_structure (msg);
      g_assert_cmpuint (array_size (s, "pictures"), ==, 0);
      g_autofree char *near = g_path_get_basename (gst_structure_get_string (s, "nearest"));
      g_assert_cmpstr (near, ==, "a.png");
      posted = TRUE;
    }
    gst_message_unref (msg);
  }
  g_assert_true (warned);
  g_assert_true (posted);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

/* A library that is missing, holds no picture, or lists a file that is
 * not one is an error that names it. */
static void
test_library_errors (void)
{
  g_autofree char *missing = g_build_filename (vc_gst_test_tmpdir (), "no-such-library", NULL);
  g_autofree char *text_only = make_library (TRUE);
  g_autofree char *text = g_build_filename (text_only, "notes.txt", NULL);
  const struct {
    const char *library;
    gint code;
  } cases[] = {
    { missing, GST_RESOURCE_ERROR_NOT_FOUND },
    { text_only, GST_RESOURCE_ERROR_NOT_FOUND },
    { text, GST_RESOURCE_ERROR_READ },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *props = g_strdup_printf ("library=\"%s\"", cases[i].library);
    Run r = run ("smpte", props);
    g_assert_nonnull (r.error);
    g_test_message ("error: %s", r.error->message);
    g_assert_error (r.error, GST_RESOURCE_ERROR, cases[i].code);
    g_autofree char *name = g_path_get_basename (cases[i].library);
    g_assert_nonnull (strstr (r.error->message, name));
    run_clear (&r);
  }
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/element/library/picks", test_library_picks);
  g_test_add_func ("/element/library/file-gone", test_library_file_gone);
  g_test_add_func ("/element/library/errors", test_library_errors);
  return g_test_run ();
}
