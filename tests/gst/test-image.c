/* vcolorize tests — decoding reference and library files
 * (vcolorize-image.h): many files on a pool of threads, handed over in
 * their order, with each bad file's own error; stopping early. */
#include "vc-gst-test.h"

#include "gst/vcolorize-image.h"

#include <string.h>

/* N_PATHS files: picture I a PNG 8 + I pixels wide (so that its size
 * tells which it is), except every BAD_EVERY-th, which is text, and
 * the last, which does not exist. */
static GPtrArray *
make_files (guint n_paths, guint bad_every)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i + 1 < n_paths; i++) {
    if (i % bad_every == bad_every - 1) {
      char *text = g_strdup_printf ("%s/notes-%u.txt", vc_gst_test_tmpdir (), i);
      g_assert_true (g_file_set_contents (text, "shot list\n", -1, NULL));
      g_ptr_array_add (paths, text);
    } else {
      g_ptr_array_add (paths, vc_gst_test_write_image ("pngenc", 8 + i, 6, "ball"));
    }
  }
  g_ptr_array_add (paths, g_strdup_printf ("%s/no-such-file.png", vc_gst_test_tmpdir ()));
  return paths;
}

/* Every file's picture, or its error, in order; the same as decoding each
 * alone. */
static void
test_decoder_order (void)
{
  const guint n = 13, bad_every = 4;
  g_autoptr (GPtrArray) paths = make_files (n, bad_every);
  g_autoptr (GstVColorizeDecoder) d =
      gst_vcolorize_decoder_new ((const gchar *const *) paths->pdata, n, 1 << 20);
  for (guint i = 0; i < n; i++) {
    g_autoptr (GError) error = NULL, alone_error = NULL;
    g_autoptr (GstSample) sample = gst_vcolorize_decoder_next (d, &error);
    g_autoptr (GstSample) alone = gst_vcolorize_load_image (paths->pdata[i], 1 << 20, &alone_error);
    if (i + 1 == n) {
      g_assert_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
    } else if (i % bad_every == bad_every - 1) {
      g_assert_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ);
    } else {
      g_assert_no_error (error);
      GstVideoInfo info;
      g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
      g_assert_cmpint (GST_VIDEO_INFO_WIDTH (&info), ==, 8 + i);
      g_assert_cmpint (GST_VIDEO_INFO_HEIGHT (&info), ==, 6);
      g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_RGBA);
      g_assert_true (
          vc_gst_test_same_pixels (gst_sample_get_buffer (sample), gst_sample_get_buffer (alone)));
      continue;
    }
    g_assert_null (sample);
    g_assert_null (alone);
    g_assert_cmpstr (error->message, ==, alone_error->message);
    g_assert_nonnull (strstr (error->message, paths->pdata[i]));
  }
}

/* Freed after a few of many files, or before any: the files being decoded
 * are waited for, the others never decoded, nothing is leaked (ASan).
 * Pictures over the pixel limit are refused. */
static void
test_decoder_early_stop (void)
{
  g_autoptr (GPtrArray) paths = make_files (24, 1000);
  for (guint taken = 0; taken < 3; taken++) {
    GstVColorizeDecoder *d =
        gst_vcolorize_decoder_new ((const gchar *const *) paths->pdata, paths->len, 1 << 20);
    for (guint i = 0; i < taken; i++) {
      g_autoptr (GstSample) sample = gst_vcolorize_decoder_next (d, NULL);
      g_assert_nonnull (sample);
    }
    gst_vcolorize_decoder_free (d);
  }
  g_autoptr (GstVColorizeDecoder) small =
      gst_vcolorize_decoder_new ((const gchar *const *) paths->pdata, 2, 8 * 6);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstSample) fits = gst_vcolorize_decoder_next (small, &error);
  g_assert_no_error (error);
  g_autoptr (GstSample) over = gst_vcolorize_decoder_next (small, &error);
  g_assert_null (over);
  g_assert_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "refused"));
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/image/decoder-order", test_decoder_order);
  g_test_add_func ("/image/decoder-early-stop", test_decoder_early_stop);
  return g_test_run ();
}
