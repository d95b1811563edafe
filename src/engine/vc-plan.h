/* vcolorize — a colorizer plan: everything on the GPU that depends on the
 * input format, the output format and the view — frame buffers on the
 * device, tensors, ops — and the per-slot command buffers recorded from
 * them. */
#pragma once

#include "vc-colorizer-net.h"
#include "vc-colorizer.h"

G_BEGIN_DECLS

typedef struct _VcPlan VcPlan;

/* What a frame's command buffer does besides its pixels: the network's
 * sources; how much of the full-resolution copy of reference KEEP_SLOT
 * (vc_plan_encode_reference with FULL) is kept where the frame's luminance
 * is the reference's (vc-steady.h with the reference for the previous
 * frame; 0: none); and the strength of the temporal smoothing towards the
 * previous output frame (vc-steady.h; 0: none, as on the first frame of a
 * shot); whether colour hints are mixed into the network's a*b*, and
 * whether before the memory keeps the frame (so that it carries them on) or
 * after. */
typedef struct {
  VcNetSources net;
  float keep;
  guint keep_slot;
  float steady;
  gboolean hints;                 /* mix in the hints of vc_plan_set_hints, */
  float hints_spread, hints_edge; /* spread so (VcColorizerParams); 0 without hints */
  gboolean hints_remembered;      /* before the memory keeps the frame */
} VcPlanFrame;

typedef struct {
  VcFrameLayout input;  /* layout of an input frame buffer */
  VcFrameLayout output; /* layout of an output frame buffer (side by side: twice as wide) */
  VcView view;
  guint net_width, net_height;
  guint n_slots;    /* frames held at once (in flight and waiting for their look-ahead) */
  gboolean profile; /* time the passes of each frame (vc_plan_profile) */
} VcPlanDesc;

/* NET must be configured for the plan's network resolution and outlive it. */
VcPlan *vc_plan_new (VcDevice *dev, VcColorizerNet *net, const VcPlanDesc *desc, GError **error);
/* Waits for the slots' work. */
void vc_plan_free (VcPlan *plan);
const VcPlanDesc *vc_plan_desc (const VcPlan *plan);

/* Submits slot SLOT's frame, recording its command buffer first if it was
 * recorded for another FRAME: the copy of the input frame from SOURCE
 * (packed as desc->input), the frame's work, and the copy of its output
 * frame (side by side, both halves) into TARGET (packed as desc->output).
 * Neither may be released before the frame has been waited for. */
gboolean vc_plan_submit (VcPlan *plan, guint slot, const VcPlanFrame *frame, VcFrameBuffer *source,
                         VcFrameBuffer *target, GError **error);
/* Waits for slot SLOT's frame (its output is in its TARGET then). */
gboolean vc_plan_wait (VcPlan *plan, guint slot, GError **error);
/* The GPU time per pass of slot SLOT's last frame, once waited for; FALSE
 * without desc->profile or timestamp queries. */
gboolean vc_plan_profile (VcPlan *plan, guint slot, VcColorizerProfile *profile);

/* Sets the colour hints (vc-hints.h) that frames with VcPlanFrame.hints
 * mix in: 4 planes (a·m, b·m, m, unused) of the network's resolution;
 * after the frames submitted so far. Nothing in the confidence view. */
gboolean vc_plan_set_hints (VcPlan *plan, const float *hints, GError **error);

/* Records and runs the encoding of a reference (LAYOUT, packed bytes DATA)
 * into the network's memory slot REF_SLOT; waits for it. With FULL, and
 * unless the view is the confidence, the plan also keeps the reference's L*
 * and a*b* at the input's resolution for VcPlanFrame.keep (on the GPU,
 * resized as needed: 3 channels in 2 packs of 4, 16 bytes per input pixel
 * in fp16). TRANSPARENT (VcReference.transparent: some pixel more
 * transparent than opaque): the cells of the slot that are mostly
 * transparent are then found and masked (vc_net_mask_slot); without it the
 * alpha is not looked at again. */
gboolean vc_plan_encode_reference (VcPlan *plan, guint ref_slot, const VcFrameLayout *layout,
                                   const guint8 *data, gboolean transparent, gboolean full,
                                   GError **error);

G_END_DECLS
