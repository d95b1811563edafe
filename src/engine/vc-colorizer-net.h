/* vcolorize — the network step of the colorizer: the model file and its
 * graph executor (src/model/vc-net.h) at the network resolution, with the
 * memory laid out for the colorizer: slots 0 .. n-1 hold the n references,
 * then the keyframe, then the previous frame.
 *
 * Tensors are in the colour ops' units (L* in 0..100, a*b* as CIE); the
 * graph converts to and from the network's own. */
#pragma once

#include "vc-passes.h"
#include "vc-tensor.h"

G_BEGIN_DECLS

/* What a frame attends to and what it leaves for the next. */
typedef struct {
  guint n_references;      /* slots 0 .. n_references - 1 */
  gboolean keyframe;       /* also the keyframe (slot n_references) */
  gboolean previous;       /* also the previous frame (the slot after it) */
  gboolean clear_prev;     /* a new shot: no state from a previous frame */
  gboolean store_keyframe; /* the frame becomes the keyframe */
  /* the frame becomes the keyframe encoded as a reference is, from the L*
   * and a*b* the caller put in ref_L and ref_ab (colour hints mixed in) */
  gboolean encode_keyframe;
  gboolean keyframe_is_source; /* the keyframe is weighed as the references */
  gboolean store_previous;     /* the frame becomes the previous frame */
  gboolean keep_prev;          /* the frame's state is the next frame's prev */
  float memory_bias; /* added to the attention logits of the keyframe and previous frame */
  /* locality (VcNetAttend): [0] of the references, [1] of the memory */
  float near_weight[2], near_radius[2];
} VcNetSources;

typedef struct _VcColorizerNet VcColorizerNet;

/* Loads the model file (VC_ERROR_MODEL for a bad one). */
VcColorizerNet *vc_colorizer_net_new (VcDevice *dev, const char *model_path, guint max_references,
                                      GError **error);
void vc_colorizer_net_free (VcColorizerNet *net);
/* Whether the model cleans L with its preprocessing net (its metadata). */
gboolean vc_colorizer_net_preprocesses (const VcColorizerNet *net);

/* Prepares the network for WIDTH×HEIGHT (multiples of VC_NET_ALIGN); the
 * encoded references and the memory are lost. */
gboolean vc_colorizer_net_configure (VcColorizerNet *net, guint width, guint height,
                                     GError **error);
/* An interface tensor at the configured resolution: "L" (a frame's input),
 * "ab" and "conf" (its outputs), "ref_L" and "ref_ab" (a reference's
 * input). */
const VcTensor *vc_colorizer_net_tensor (const VcColorizerNet *net, const char *name);
/* Records the encoding of the reference in ref_L / ref_ab into slot SLOT. */
gboolean vc_colorizer_net_record_reference (VcColorizerNet *net, VcCmd *cmd, guint slot,
                                            GError **error);
/* The reference in slot SLOT (encoded) with its cells MASKED (a grid of
 * *HEIGHT × *WIDTH: vc_colorizer_net_slot_size) turned into copies of the
 * null key: see vc_net_mask_slot. */
void vc_colorizer_net_slot_size (const VcColorizerNet *net, guint *height, guint *width);
gboolean vc_colorizer_net_mask_reference (VcColorizerNet *net, guint slot, const gboolean *masked,
                                          GError **error);
/* Records one frame: L -> ab, conf, attending as SOURCES says; marks the
 * end of each subgraph on TIMER (may be NULL). */
gboolean vc_colorizer_net_record_frame (VcColorizerNet *net, VcCmd *cmd,
                                        const VcNetSources *sources, VcPassTimer *timer,
                                        GError **error);
/* Records what the memory keeps of the frame recorded before (its ab as
 * it is then, which may have been changed in between; with encode_keyframe
 * ref_L and ref_ab), as SOURCES says. */
gboolean vc_colorizer_net_record_memory (VcColorizerNet *net, VcCmd *cmd,
                                         const VcNetSources *sources, VcPassTimer *timer,
                                         GError **error);

G_END_DECLS
