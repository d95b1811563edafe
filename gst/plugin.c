/* vcolorize — the plugin: registers its elements. */
#include "gstvcolorize.h"
#include "gstvcolorizecompare.h"

static gboolean
plugin_init (GstPlugin *plugin)
{
  gboolean ok = GST_ELEMENT_REGISTER (vcolorize, plugin);
  ok &= GST_ELEMENT_REGISTER (vcolorizecompare, plugin);
  return ok;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, vcolorize,
                   "Colorizes grayscale video from reference images with a neural network "
                   "running as Vulkan compute shaders",
                   plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
