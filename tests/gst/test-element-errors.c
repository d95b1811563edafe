/* vcolorize tests — bad input gives an element error of the right domain
 * and code, never a crash or a hang: reference files (missing, unreadable,
 * not a file, empty, corrupt, too large, too many), the model file, no
 * Vulkan device, caps it cannot handle, bad buffers. */
#include "vc-gst-test.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define VIDEO_CAPS "video/x-raw,format=GRAY8,width=32,height=24,framerate=25/1"

static char *
tmp_path (const char *name)
{
  return g_build_filename (vc_gst_test_tmpdir (), name, NULL);
}

static char *
write_file (const char *name, const void *data, gsize size)
{
  char *path = tmp_path (name);
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_set_contents (path, data, size, &error));
  return path;
}

/* Runs a short video through vcolorize with PROPS (gst-launch syntax) and
 * returns the error it ends with. */
static GError *
run_with (const char *props)
{
  g_autofree char *desc =
      g_strdup_printf ("videotestsrc num-buffers=2 ! " VIDEO_CAPS " ! %s %s ! fakesink",
                       vc_gst_test_vcolorize (), props);
  GError *error = vc_gst_test_run_pipeline (desc, 60);
  g_assert_nonnull (error);
  return error;
}

static void
assert_reference_error (const char *path, gint code, const char *words)
{
  g_autofree char *props = g_strdup_printf ("refs=\"%s\"", path);
  g_autoptr (GError) error = run_with (props);
  g_assert_error (error, GST_RESOURCE_ERROR, code);
  /* the message names the file and says what is wrong */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_missing_reference (void)
{
  g_autofree char *path = tmp_path ("missing.png");
  assert_reference_error (path, GST_RESOURCE_ERROR_NOT_FOUND, "No such file");
}

static void
test_unreadable_reference (void)
{
  if (geteuid () == 0) {
    g_test_skip ("root reads any file");
    return;
  }
  g_autofree char *path = vc_gst_test_write_image ("pngenc", 8, 8, "smpte");
  g_chmod (path, 0);
  assert_reference_error (path, GST_RESOURCE_ERROR_OPEN_READ, "cannot be read");
}

static void
test_directory_reference (void)
{
  assert_reference_error (vc_gst_test_tmpdir (), GST_RESOURCE_ERROR_OPEN_READ, "not a file");
}

static void
test_empty_reference (void)
{
  g_autofree char *path = write_file ("empty.png", "", 0);
  assert_reference_error (path, GST_RESOURCE_ERROR_READ, "empty");
}

static void
test_corrupt_reference (void)
{
  static const char junk[] = "this is not an image, whatever its name says";
  g_autofree char *path = write_file ("corrupt.png", junk, sizeof junk);
  assert_reference_error (path, GST_RESOURCE_ERROR_READ, "cannot be decoded");
  /* a real PNG cut short */
  g_autofree char *png = vc_gst_test_write_image ("pngenc", 64, 64, "snow");
  g_autofree char *data = NULL;
  gsize size;
  g_assert_true (g_file_get_contents (png, &data, &size, NULL));
  g_autofree char *cut = write_file ("cut.png", data, size / 2);
  assert_reference_error (cut, GST_RESOURCE_ERROR_READ, "cut.png");
}

/* A JPEG whose EXIF data is garbage still decodes (the orientation is
 * then the picture's own): the EXIF reader survives whatever it finds. */
static void
test_corrupt_exif_reference (void)
{
  g_autofree char *src =
      g_test_build_filename (G_TEST_DIST, "data", "orientation", "exif-6.jpg", NULL);
  g_autofree char *data = NULL;
  gsize size;
  g_assert_true (g_file_get_contents (src, &data, &size, NULL));
  gsize tiff = 0; /* after the APP1 segment's "Exif\0\0" */
  for (gsize i = 0; !tiff && i + 6 <= size; i++)
    if (memcmp (data + i, "Exif\0\0", 6) == 0)
      tiff = i + 6;
  g_assert_cmpuint (tiff, >, 0);
  /* TIFF header (8 bytes: byte order, 42, IFD offset), then IFD0's entry count */
  const struct {
    gsize at;
    guint8 bytes[4];
  } damage[] = {
    { 4, { 0xf0, 0xff, 0xff, 0xff } }, /* IFD0 far past the end */
    { 8, { 0xff, 0xff, 0, 0 } },       /* 65535 entries */
    { 0, { 'X', 'X', 0, 0 } },         /* no byte order */
  };
  for (guint i = 0; i < G_N_ELEMENTS (damage); i++) {
    g_autofree char *copy = g_memdup2 (data, size);
    memcpy (copy + tiff + damage[i].at, damage[i].bytes, 4);
    g_autofree char *name = g_strdup_printf ("bad-exif-%u.jpg", i);
    g_autofree char *path = write_file (name, copy, size);
    g_autofree char *desc =
        g_strdup_printf ("videotestsrc num-buffers=2 ! " VIDEO_CAPS " ! %s refs=\"%s\" ! fakesink",
                         vc_gst_test_vcolorize (), path);
    g_autoptr (GError) error = vc_gst_test_run_pipeline (desc, 60);
    g_assert_no_error (error);
  }
}

static guint32
crc32 (const guint8 *data, gsize n)
{
  guint32 crc = 0xffffffff;
  for (gsize i = 0; i < n; i++) {
    crc ^= data[i];
    for (int k = 0; k < 8; k++)
      crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc;
}

static void
put_chunk (GByteArray *png, const char *type, const guint8 *data, guint32 n)
{
  guint32 be = GUINT32_TO_BE (n);
  g_byte_array_append (png, (guint8 *) &be, 4);
  gsize start = png->len;
  g_byte_array_append (png, (const guint8 *) type, 4);
  g_byte_array_append (png, data, n);
  be = GUINT32_TO_BE (crc32 (png->data + start, n + 4));
  g_byte_array_append (png, (guint8 *) &be, 4);
}

/* A small PNG file that says it is 20000×20000 pixels. */
static void
test_huge_reference (void)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13] = { 0 };
  guint32 side = GUINT32_TO_BE (20000);
  memcpy (ihdr, &side, 4);
  memcpy (ihdr + 4, &side, 4);
  ihdr[8] = 8; /* bits */
  ihdr[9] = 2; /* RGB */
  static const guint8 idat[] = { 0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 };
  GByteArray *png = g_byte_array_new ();
  g_byte_array_append (png, signature, sizeof signature);
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);
  put_chunk (png, "IDAT", idat, sizeof idat);
  put_chunk (png, "IEND", NULL, 0);
  g_autofree char *path = write_file ("huge.png", png->data, png->len);
  g_byte_array_unref (png);
  assert_reference_error (path, GST_RESOURCE_ERROR_READ, "20000×20000");
}

static void
test_too_many_references (void)
{
  g_autofree char *png = vc_gst_test_write_image ("pngenc", 8, 8, "smpte");
  GString *refs = g_string_new ("refs=\"");
  for (guint i = 0; i < 9; i++)
    g_string_append_printf (refs, "%s%s", i ? "," : "", png);
  g_string_append (refs, "\"");
  g_autoptr (GError) error = run_with (refs->str);
  g_string_free (refs, TRUE);
  g_assert_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "At most 8"));
}

static void
test_missing_model (void)
{
  g_autofree char *path = tmp_path ("missing.safetensors");
  g_autofree char *props = g_strdup_printf ("model=\"%s\"", path);
  g_autoptr (GError) error = run_with (props);
  g_assert_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_corrupt_model (void)
{
  /* not a model at all, and a real model file cut short */
  g_autofree char *png = vc_gst_test_write_image ("pngenc", 8, 8, "smpte");
  g_autofree char *data = NULL;
  gsize size;
  g_assert_true (g_file_get_contents (vc_gst_test_model (), &data, &size, NULL));
  g_autofree char *cut = write_file ("cut.safetensors", data, size / 3);
  const char *paths[] = { png, cut, vc_gst_test_tmpdir () };
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++) {
    g_autofree char *props = g_strdup_printf ("model=\"%s\"", paths[i]);
    g_autoptr (GError) error = run_with (props);
    g_assert_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ);
    g_assert_nonnull (strstr (error->message, paths[i]));
  }
}

/* Runs in a subprocess: the Vulkan loader finds no driver. */
static void
test_no_device (void)
{
  if (g_test_subprocess ()) {
    g_setenv ("VK_DRIVER_FILES", "/nonexistent/vcolorize-no-icd.json", TRUE);
    g_setenv ("VK_ICD_FILENAMES", "/nonexistent/vcolorize-no-icd.json", TRUE);
    g_autoptr (GError) error = run_with ("");
    g_assert_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_INIT);
    g_assert_nonnull (strstr (error->message, "Vulkan"));
    return;
  }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_no_such_device (void)
{
  g_autoptr (GError) error = run_with ("device=99");
  g_assert_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_INIT);
}

/* A harness whose element posts its errors on a bus of the test's. */
static GstHarness *
harness_with_bus (const char *sink_caps, const char *src_caps, GstBus **bus)
{
  GstElement *e = vc_gst_test_element ("frames-in-flight", 1, NULL);
  *bus = vc_gst_test_bus (e);
  return vc_gst_test_harness (e, sink_caps, src_caps);
}

static void
teardown (GstHarness *h, GstBus *bus)
{
  gst_harness_teardown (h);
  gst_object_unref (bus);
}

/* Downstream takes only gray: nothing the element can output. */
static void
test_unusable_downstream_caps (void)
{
  GstBus *bus;
  GstHarness *h = harness_with_bus ("video/x-raw,format=GRAY8", VIDEO_CAPS, &bus);
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_GRAY8, 32, 24);
  gst_harness_push (h, vc_gst_test_frame (&info, 0));
  g_autoptr (GError) error = vc_gst_test_pop_error (bus, 10);
  g_assert_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION);
  teardown (h, bus);
}

/* Interlaced video, downstream takes only progressive: the message says to
 * deinterlace. */
static void
test_interlaced_downstream_progressive (void)
{
  GstBus *bus;
  GstHarness *h = harness_with_bus ("video/x-raw,format=RGB,interlace-mode=progressive",
                                    VIDEO_CAPS ",interlace-mode=interleaved", &bus);
  GstVideoInfo info;
  gst_video_info_set_interlaced_format (&info, GST_VIDEO_FORMAT_GRAY8,
                                        GST_VIDEO_INTERLACE_MODE_INTERLEAVED, 32, 24);
  gst_harness_push (h, vc_gst_test_frame (&info, 0));
  g_autoptr (GError) error = vc_gst_test_pop_error (bus, 10);
  g_assert_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION);
  if (!strstr (error->message, "deinterlace"))
    g_error ("message \"%s\" does not say to deinterlace", error->message);
  teardown (h, bus);
}

/* Caps it cannot take: a frame of 2^32 pixels. */
static void
test_unusable_size (void)
{
  GstBus *bus;
  GstHarness *h = harness_with_bus (
      NULL, "video/x-raw,format=GRAY8,width=65536,height=65536,framerate=25/1", &bus);
  gst_harness_push (h, gst_buffer_new_allocate (NULL, 16, NULL));
  g_autoptr (GError) error = vc_gst_test_pop_error (bus, 10);
  g_assert_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION);
  teardown (h, bus);
}

/* A video buffer smaller than its caps say. */
static void
test_short_video_buffer (void)
{
  GstBus *bus;
  GstHarness *h = harness_with_bus (NULL, VIDEO_CAPS, &bus);
  gst_harness_push (h, gst_buffer_new_allocate (NULL, 100, NULL));
  g_autoptr (GError) error = vc_gst_test_pop_error (bus, 10);
  g_assert_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT);
  teardown (h, bus);
}

/* A reference buffer smaller than its caps say. */
static void
test_short_reference_buffer (void)
{
  GstBus *bus;
  GstHarness *h = harness_with_bus (NULL, VIDEO_CAPS, &bus);
  GstHarness *r = gst_harness_new_with_element (h->element, "ref_0", NULL);
  gst_harness_set_src_caps_str (r, "video/x-raw,format=RGBx,width=10000,height=7000");
  gst_harness_push (r, gst_buffer_new_allocate (NULL, 64, NULL));
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_GRAY8, 32, 24);
  gst_harness_push (h, vc_gst_test_frame (&info, 0));
  g_autoptr (GError) error = vc_gst_test_pop_error (bus, 10);
  g_assert_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT);
  gst_harness_teardown (r);
  teardown (h, bus);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/element/errors/missing-reference", test_missing_reference);
  g_test_add_func ("/element/errors/unreadable-reference", test_unreadable_reference);
  g_test_add_func ("/element/errors/directory-reference", test_directory_reference);
  g_test_add_func ("/element/errors/empty-reference", test_empty_reference);
  g_test_add_func ("/element/errors/corrupt-reference", test_corrupt_reference);
  g_test_add_func ("/element/errors/huge-reference", test_huge_reference);
  g_test_add_func ("/element/errors/too-many-references", test_too_many_references);
  g_test_add_func ("/element/errors/missing-model", test_missing_model);
  g_test_add_func ("/element/errors/corrupt-model", test_corrupt_model);
  g_test_add_func ("/element/errors/no-device", test_no_device);
  g_test_add_func ("/element/errors/no-such-device", test_no_such_device);
  g_test_add_func ("/element/errors/unusable-downstream-caps", test_unusable_downstream_caps);
  g_test_add_func ("/element/errors/corrupt-exif-reference", test_corrupt_exif_reference);
  g_test_add_func ("/element/errors/interlaced-downstream-progressive",
                   test_interlaced_downstream_progressive);
  g_test_add_func ("/element/errors/unusable-size", test_unusable_size);
  g_test_add_func ("/element/errors/short-video-buffer", test_short_video_buffer);
  g_test_add_func ("/element/errors/short-reference-buffer", test_short_reference_buffer);
  return g_test_run ();
}
