/* vcolorize — running a model's graph on a device (models/FORMAT.md).
 *
 * A VcNet holds, at one network resolution, every tensor of the graph
 * (concatenations as channel views of one buffer), the memory — the null key
 * and value in column 0, then N_SLOTS slots of keys and values side by side
 * in one key and one value tensor (vc_attention_key_view) — and the ops of
 * every node with their weights uploaded. It records the graph's subgraphs
 * into command streams; a recording may be submitted again and again.
 *
 * For each frame, with the frame's L* (0..100) in vc_net_tensor (net, "L"):
 *   vc_net_record_frame (net, cmd, n_active)  clean + frame, attending to
 *                                              the null key and slots
 *                                              0 .. n_active-1
 *   vc_net_record_store (net, cmd, slot)      keep the frame as a source
 *                                              (the keyframe, the previous
 *                                              frame), if wanted
 *   vc_net_record_prev (net, cmd)             prev for the next frame, or
 *   vc_net_record_clear_prev (net, cmd)       none (a cut follows)
 * then read "ab" (a*b*), "conf", "warped"... For a reference, with its L*
 * and a*b* in "ref_L" and "ref_ab": vc_net_record_source (net, cmd, slot).
 *
 * Slots are numbered 0..n_slots-1 and attended as a prefix, so the caller
 * places the sources it wants together first (e.g. references, then the
 * keyframe, then the previous frame). The recordings share the net's
 * tensors: within one VcCmd barriers are automatic; a recording submitted
 * on another VcCmd must wait until the previous one finished (vc_cmd_wait).
 * A recording keeps using the tensors and ops of the net: free the net only
 * after its recordings have finished. */
#pragma once

#include "vc-graph.h"
#include "vc-tensor.h"

G_BEGIN_DECLS

#define VC_NET_ALIGN VC_GRAPH_ALIGN /* network sides are multiples of this */

typedef struct _VcNet VcNet;

/* NET_H × NET_W: multiples of VC_NET_ALIGN. MODEL must outlive the net.
 * Allocates and zeroes every tensor, creates the ops, uploads the weights
 * (rounded to the device's storage precision) and the null key and value. */
VcNet *vc_net_new (VcDevice *dev, const VcModel *model, guint net_h, guint net_w, guint n_slots,
                   GError **error);
void vc_net_free (VcNet *net);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VcNet, vc_net_free)

guint vc_net_n_slots (const VcNet *net);
/* The grid of keys a slot holds (a source at 1/slot_scale). */
void vc_net_slot_size (const VcNet *net, guint *height, guint *width);
/* Makes the keys of slot SLOT where MASKED (slot height × width, row by
 * row) copies of the null key, with its value: a source's transparent
 * cells then attract a frame's attention no more than "no match" does,
 * and carry no colour of their own. Run after the slot was encoded; waits
 * for the copies. */
gboolean vc_net_mask_slot (VcNet *net, guint slot, const gboolean *masked, GError **error);
/* The graph tensor NAME at this resolution ("L", "ref_L", "ref_ab", "ab",
 * "conf", "prev", and whatever else the graph names), or NULL for an
 * unknown name or a slot tensor. */
const VcTensor *vc_net_tensor (const VcNet *net, const char *name);

/* Each records one subgraph (two for a frame) at the end of CMD, which
 * must be recording. INVALID_ARGUMENT for a slot or count out of range. */
gboolean vc_net_record_source (VcNet *net, VcCmd *cmd, guint slot, GError **error);
gboolean vc_net_record_frame (VcNet *net, VcCmd *cmd, guint n_active, GError **error);
/* How a frame's attention weighs its slots (all zero: as trained).
 * - Slots BIAS_FROM .. n_active - 1 are weighed by e^BIAS against the
 *   others (BIAS added to their attention logits): the colorizer's
 *   temporal strength.
 * - Locality (VcAttentionBias): a key NEAR_RADIUS away from its query's
 *   cell loses about 0.39 NEAR_WEIGHT of its similarity, a far one
 *   NEAR_WEIGHT; [0] for the slots before BIAS_FROM, [1] for those from it
 *   on. The radius is a fraction of the short side of the attention grid
 *   (of the frame), so that it means the same at any network resolution. */
typedef struct {
  guint bias_from;
  float bias;
  float near_weight[2];
  float near_radius[2];
} VcNetAttend;

/* The same with the slots weighed by ATTEND (NULL: as trained). */
gboolean vc_net_record_frame_biased (VcNet *net, VcCmd *cmd, guint n_active,
                                     const VcNetAttend *attend, GError **error);
/* vc_net_record_frame_biased's two subgraphs one at a time (to time them
 * apart): "clean", then "frame". */
gboolean vc_net_record_clean (VcNet *net, VcCmd *cmd, GError **error);
gboolean vc_net_record_colorize (VcNet *net, VcCmd *cmd, guint n_active, const VcNetAttend *attend,
                                 GError **error);
gboolean vc_net_record_store (VcNet *net, VcCmd *cmd, guint slot, GError **error);
gboolean vc_net_record_prev (VcNet *net, VcCmd *cmd, GError **error);
gboolean vc_net_record_clear_prev (VcNet *net, VcCmd *cmd, GError **error);

G_END_DECLS
