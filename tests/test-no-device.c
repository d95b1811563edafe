/* With no Vulkan driver visible (meson runs this with VK_ICD_FILENAMES and
 * VK_DRIVER_FILES pointing at a file that does not exist), opening a device
 * fails with a clear GError, not a crash. */
#include "vc-test.h"

static void
test_no_device (void)
{
  g_autoptr (GError) error = NULL;
  VcDeviceOptions opts = VC_DEVICE_OPTIONS_INIT;
  opts.no_pipeline_cache = TRUE;
  g_assert_null (vc_device_new (&opts, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_NO_DEVICE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "mesa-vulkan-drivers"));
  g_clear_error (&error);
  g_assert_null (vc_list_devices (&error));
  g_assert_error (error, VC_ERROR, VC_ERROR_NO_DEVICE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!g_getenv ("VK_ICD_FILENAMES")) {
    g_printerr ("run me with VK_ICD_FILENAMES set to a missing file\n");
    return 77;
  }
  g_test_add_func ("/device/none", test_no_device);
  return g_test_run ();
}
