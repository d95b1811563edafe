/* vcolorize — runs the fuzz target over files, and directories of files,
 * named on the command line (the seed corpus), without libFuzzer. Each
 * input is copied into an exact-size buffer, as libFuzzer does, so that
 * ASan sees any read past its end. */
#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
run_file (const char *path, guint *n)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  g_autofree guint8 *exact = g_memdup2 (contents, len);
  LLVMFuzzerTestOneInput (exact, len);
  (*n)++;
}

static void
run_path (const char *path, guint *n)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
    run_file (path, n);
    return;
  }
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &error);
  if (!dir)
    g_error ("%s", error->message);
  for (const char *name; (name = g_dir_read_name (dir));) {
    g_autofree char *child = g_build_filename (path, name, NULL);
    run_file (child, n);
  }
}

int
main (int argc, char **argv)
{
  guint n = 0;
  for (int i = 1; i < argc; i++)
    run_path (argv[i], &n);
  if (n == 0) {
    g_printerr ("usage: %s FILE-OR-DIRECTORY... (no input given or found)\n", argv[0]);
    return 1;
  }
  g_print ("%u inputs passed\n", n);
  return 0;
}
