/* vcolorize — the network step of the colorizer. */
#include "vc-colorizer-net.h"

#include "vc-net.h"

#include <string.h>

/* The memory slots after the references: the keyframe, the previous frame. */
#define MEMORY_SLOTS 2

struct _VcColorizerNet {
  VcDevice *dev;
  VcModel *model;
  guint max_references;
  VcNet *net;
};

VcColorizerNet *
vc_colorizer_net_new (VcDevice *dev, const char *model_path, guint max_references, GError **error)
{
  VcModel *model = vc_model_load_file (model_path, error);
  if (!model)
    return NULL;
  VcColorizerNet *net = g_new0 (VcColorizerNet, 1);
  net->dev = dev;
  net->model = model;
  net->max_references = max_references;
  return net;
}

void
vc_colorizer_net_free (VcColorizerNet *net)
{
  if (!net)
    return;
  vc_net_free (net->net);
  vc_model_free (net->model);
  g_free (net);
}

gboolean
vc_colorizer_net_preprocesses (const VcColorizerNet *net)
{
  return g_strcmp0 (vc_model_metadata (net->model, "preproc"), "true") == 0;
}

gboolean
vc_colorizer_net_configure (VcColorizerNet *net, guint width, guint height, GError **error)
{
  g_clear_pointer (&net->net, vc_net_free);
  net->net =
      vc_net_new (net->dev, net->model, height, width, net->max_references + MEMORY_SLOTS, error);
  return net->net != NULL;
}

const VcTensor *
vc_colorizer_net_tensor (const VcColorizerNet *net, const char *name)
{
  return net->net ? vc_net_tensor (net->net, name) : NULL;
}

gboolean
vc_colorizer_net_record_reference (VcColorizerNet *net, VcCmd *cmd, guint slot, GError **error)
{
  return vc_net_record_source (net->net, cmd, slot, error);
}

void
vc_colorizer_net_slot_size (const VcColorizerNet *net, guint *height, guint *width)
{
  vc_net_slot_size (net->net, height, width);
}

gboolean
vc_colorizer_net_mask_reference (VcColorizerNet *net, guint slot, const gboolean *masked,
                                 GError **error)
{
  return vc_net_mask_slot (net->net, slot, masked, error);
}

gboolean
vc_colorizer_net_record_frame (VcColorizerNet *net, VcCmd *cmd, const VcNetSources *s,
                               VcPassTimer *timer, GError **error)
{
  guint n_active = s->n_references + (s->keyframe ? 1 + (s->previous ? 1 : 0) : 0);
  if (s->clear_prev) {
    if (!vc_net_record_clear_prev (net->net, cmd, error))
      return FALSE;
    vc_pass_timer_mark (timer, "clear-prev");
  }
  if (!vc_net_record_clean (net->net, cmd, error))
    return FALSE;
  vc_pass_timer_mark (timer, "clean");
  VcNetAttend attend = {
    .bias_from = s->n_references + (s->keyframe && s->keyframe_is_source ? 1 : 0),
    .bias = s->memory_bias,
    .near_weight = { s->near_weight[0], s->near_weight[1] },
    .near_radius = { s->near_radius[0], s->near_radius[1] },
  };
  if (!vc_net_record_colorize (net->net, cmd, n_active, &attend, error))
    return FALSE;
  vc_pass_timer_mark (timer, "frame");
  return TRUE;
}

gboolean
vc_colorizer_net_record_memory (VcColorizerNet *net, VcCmd *cmd, const VcNetSources *s,
                                VcPassTimer *timer, GError **error)
{
  guint keyframe_slot = s->n_references, previous_slot = s->n_references + 1;
  if (s->store_keyframe) {
    if (!vc_net_record_store (net->net, cmd, keyframe_slot, error))
      return FALSE;
    vc_pass_timer_mark (timer, "store-keyframe");
  }
  if (s->encode_keyframe) {
    if (!vc_net_record_source (net->net, cmd, keyframe_slot, error))
      return FALSE;
    vc_pass_timer_mark (timer, "encode-keyframe");
  }
  if (s->store_previous) {
    if (!vc_net_record_store (net->net, cmd, previous_slot, error))
      return FALSE;
    vc_pass_timer_mark (timer, "store-previous");
  }
  if (s->keep_prev) {
    if (!vc_net_record_prev (net->net, cmd, error))
      return FALSE;
    vc_pass_timer_mark (timer, "prev");
  }
  return TRUE;
}
