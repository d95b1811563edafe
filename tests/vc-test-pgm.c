/* vcolorize tests — the scene-detection fixtures. */
#include "vc-test-pgm.h"

#include <stdio.h>
#include <string.h>

guint8 *
vc_test_load_pgm (const char *name, guint *width, guint *height)
{
  g_autofree char *file = g_strconcat (name, ".pgm", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "shot", file, NULL);
  g_autofree char *bytes = NULL;
  gsize size;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_get_contents (path, &bytes, &size, &error));
  g_assert_no_error (error);
  int header = 0;
  g_assert_cmpint (sscanf (bytes, "P5 %u %u 255%n", width, height, &header), ==, 2);
  /* one whitespace byte after the header */
  gsize n = (gsize) *width * *height;
  g_assert_cmpuint (size, ==, header + 1 + n);
  return g_memdup2 (bytes + header + 1, n);
}
