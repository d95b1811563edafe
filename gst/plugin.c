/* vcolorize — the plugin: registers the element. */
#include "gstvcolorize.h"

static gboolean
plugin_init (GstPlugin *plugin)
{
  return GST_ELEMENT_REGISTER (vcolorize, plugin);
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, vcolorize,
                   "Colorizes grayscale video from reference images with a neural network "
                   "running as Vulkan compute shaders",
                   plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
