/* vcolorize — the network step of the colorizer: the one place that drives
 * the network executor.
 *
 * Tensors here are in the colour ops' units (L* in 0..100, a*b* as CIE);
 * conversion to and from the network's own units happens inside. */
#pragma once

#include "vc-tensor.h"

G_BEGIN_DECLS

/* What a frame attends to and what it leaves in the memory. */
typedef struct {
  guint32 references;      /* bit i: reference slot i */
  gboolean keyframe;       /* the keyframe memory slot */
  gboolean previous;       /* the previous-frame memory slot */
  gboolean store_keyframe; /* the frame becomes the keyframe */
  gboolean store_previous; /* the frame becomes the previous frame */
  gboolean preprocess;     /* clean L with the preprocessing net first */
} VcNetSources;

typedef struct _VcColorizerNet VcColorizerNet;

VcColorizerNet *vc_colorizer_net_new (VcDevice *dev, const char *model_path, guint n_references,
                                      GError **error);
void vc_colorizer_net_free (VcColorizerNet *net);
/* Whether this build runs a network at all (see colorizer-net.c). */
gboolean vc_colorizer_net_is_real (void);

/* Prepares the network for WIDTH×HEIGHT; encoded references and the
 * memory are lost. */
gboolean vc_colorizer_net_configure (VcColorizerNet *net, guint width, guint height,
                                     GError **error);
/* Records the encoding of a reference (L 1×h×w, AB 2×h×w at the network
 * resolution) into reference slot SLOT. */
gboolean vc_colorizer_net_record_reference (VcColorizerNet *net, VcCmd *cmd, guint slot,
                                            const VcTensor *l, const VcTensor *ab, GError **error);
/* Records one frame: L (1×h×w) -> AB (2×h×w) and CONF (1×h×w), attending
 * and storing as SOURCES says. */
gboolean vc_colorizer_net_record_frame (VcColorizerNet *net, VcCmd *cmd,
                                        const VcNetSources *sources, const VcTensor *l,
                                        const VcTensor *ab, const VcTensor *conf, GError **error);

G_END_DECLS
