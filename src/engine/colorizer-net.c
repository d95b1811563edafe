/* vcolorize — the network step of the colorizer.
 *
 * INTEGRATION POINT. The network executor (src/model/vc-net.h, branch
 * model-graph) is not merged yet. Until it is, this file records no network
 * work: a frame's a*b* and confidence stay at the zeros the plan fills them
 * with, so the element outputs the input's lightness without colour. This
 * lets the rest of the engine and the element be built and tested; the
 * branch is not to be merged before this file drives VcNet. */
#include "vc-colorizer-net.h"
#include "vc-op.h"

struct _VcColorizerNet {
  VcDevice *dev;
  guint width, height;
};

gboolean
vc_colorizer_net_is_real (void)
{
  return FALSE;
}

VcColorizerNet *
vc_colorizer_net_new (VcDevice *dev, const char *model_path, guint n_references, GError **error)
{
  VcColorizerNet *net = g_new0 (VcColorizerNet, 1);
  net->dev = dev;
  return net;
}

void
vc_colorizer_net_free (VcColorizerNet *net)
{
  g_free (net);
}

gboolean
vc_colorizer_net_configure (VcColorizerNet *net, guint width, guint height, GError **error)
{
  net->width = width;
  net->height = height;
  return TRUE;
}

gboolean
vc_colorizer_net_record_reference (VcColorizerNet *net, VcCmd *cmd, guint slot, const VcTensor *l,
                                   const VcTensor *ab, GError **error)
{
  return vc_op_check_tensor (net->dev, "network", "reference L", l, 1, net->height, net->width,
                             error) &&
         vc_op_check_tensor (net->dev, "network", "reference ab", ab, 2, net->height, net->width,
                             error);
}

gboolean
vc_colorizer_net_record_frame (VcColorizerNet *net, VcCmd *cmd, const VcNetSources *sources,
                               const VcTensor *l, const VcTensor *ab, const VcTensor *conf,
                               GError **error)
{
  return vc_op_check_tensor (net->dev, "network", "L", l, 1, net->height, net->width, error) &&
         vc_op_check_tensor (net->dev, "network", "ab", ab, 2, net->height, net->width, error) &&
         vc_op_check_tensor (net->dev, "network", "conf", conf, 1, net->height, net->width, error);
}
