/* vcolorize — a colorizer plan: the GPU side of one format configuration. */
#include "vc-plan.h"

#include "vc-colour.h"
#include "vc-eltwise.h"
#include "vc-guided.h"
#include "vc-hints.h"
#include "vc-frame-buffer.h"
#include "vc-place.h"
#include "vc-resize.h"
#include "vc-steady.h"

#include <string.h>

/* The confidence view shows conf (a cosine similarity, <= 1) as L* = 100 · conf. */
#define CONFIDENCE_TO_L 100.0f

/* One copy between a frame buffer and the device, in a command buffer of
 * its own, recorded again when the frame buffer is another (so that the
 * slot's main one stays as recorded). */
typedef struct {
  VcCmd *cmd;
  guint64 recorded_for; /* the frame buffer's id; 0: nothing recorded */
  VcPassTimer timer;
} Copy;

typedef struct {
  VcCmd *cmd;
  gboolean recorded;
  VcPlanFrame frame; /* what cmd was recorded for */
  VcPassTimer timer; /* its passes, when profiling */
  Copy upload;       /* the input frame buffer to frame_in, before cmd */
  Copy download;     /* frame_out to the output frame buffer, after cmd */
} Slot;

/* A tensor and the buffer it owns. */
typedef struct {
  VcBuffer *buffer;
  VcTensor t;
} OwnedTensor;

struct _VcPlan {
  VcDevice *dev;
  VcColorizerNet *net;
  VcPlanDesc desc;
  VcBuffer *frame_in, *frame_out; /* frame bytes on the device */
  /* the frame's L* and a*b* at full resolution; where its alpha goes to the
   * output (alpha), l_full holds it as channel 1 (unpack to pack), and
   * l_full_l is its L* */
  OwnedTensor l_full, ab_full;
  VcTensor l_full_l;
  gboolean alpha;
  /* colour views: the previous frame's L, and the final ab: the steady
   * filter's state, written over by each frame's output (in place) */
  OwnedTensor l_prev, ab_prev;
  /* the references kept at full resolution (vc_plan_encode_reference with
   * FULL), by memory slot; allocated on first use, never moved, so that
   * recorded command buffers stay valid */
  OwnedTensor ref_l[VC_COLORIZER_MAX_REFERENCES], ref_ab[VC_COLORIZER_MAX_REFERENCES];
  const VcTensor *l_net, *ab_net, *conf_net; /* the network's */
  OwnedTensor zero_ab;                       /* confidence: a*b* = 0 */
  /* side by side: the output's L* (and alpha) and a*b*, twice as wide: the
   * input (a*b* 0) on the left, the colours on the right */
  OwnedTensor l_sbs, ab_sbs;
  OwnedTensor conf_l, conf_full; /* confidence: as L* at network and full resolution */
  VcUnpack *unpack;
  VcResize *down;
  VcGuided *guided;
  VcSteady *steady;
  VcSteady *keep; /* the same filter towards a reference */
  VcPack *pack;
  VcResize *conf_up;
  VcEltwise *conf_scale;
  VcPlace *place_left, *place_right, *place_ab; /* side by side */
  /* colour hints (vc_plan_set_hints): made at the first, mixed into the
   * network's a*b* in place */
  VcHints *hints;
  OwnedTensor hint_t;
  /* the network's L* and a*b* copied to its reference inputs, for a
   * keyframe encoded as a reference (VcNetSources.encode_keyframe): made at
   * the first */
  VcPlace *keyframe_l, *keyframe_ab;
  Slot slots[VC_COLORIZER_MAX_SLOTS];
};

static gboolean
tensor_alloc (VcDevice *dev, guint c, guint h, guint w, OwnedTensor *out, GError **error)
{
  out->buffer = vc_tensor_alloc (dev, c, h, w, &out->t, error);
  return out->buffer != NULL;
}

/* Fills a tensor with zeros (padding channels included). */
static gboolean
tensor_zero (VcDevice *dev, OwnedTensor *t, GError **error)
{
  gsize n = (gsize) vc_packs (t->t.c) * 4 * t->t.h * t->t.w;
  g_autofree float *zeros = g_new0 (float, n);
  VcTensor all = t->t;
  all.c = vc_packs (t->t.c) * 4;
  return vc_tensor_upload (dev, &all, zeros, error);
}

static gboolean
alloc_tensors (VcPlan *p, GError **error)
{
  const VcPlanDesc *d = &p->desc;
  guint h = d->input.height, w = d->input.width;
  const VcTensor *conf = p->conf_net;
  if (!tensor_alloc (p->dev, p->alpha ? 2 : 1, h, w, &p->l_full, error))
    return FALSE;
  p->l_full_l = vc_tensor_channels (&p->l_full.t, 0, 1);
  if (d->view != VC_VIEW_CONFIDENCE &&
      (!tensor_alloc (p->dev, 2, h, w, &p->ab_full, error) ||
       !tensor_alloc (p->dev, 1, h, w, &p->l_prev, error) ||
       !tensor_alloc (p->dev, 2, h, w, &p->ab_prev, error) ||
       !tensor_zero (p->dev, &p->l_prev, error) || !tensor_zero (p->dev, &p->ab_prev, error)))
    return FALSE;
  if (d->view == VC_VIEW_CONFIDENCE && (!tensor_alloc (p->dev, 2, h, w, &p->zero_ab, error) ||
                                        !tensor_zero (p->dev, &p->zero_ab, error)))
    return FALSE;
  /* the left half's a*b* stay 0 */
  if (d->view == VC_VIEW_SIDE_BY_SIDE &&
      (!tensor_alloc (p->dev, p->alpha ? 2 : 1, h, 2 * w, &p->l_sbs, error) ||
       !tensor_alloc (p->dev, 2, h, 2 * w, &p->ab_sbs, error) ||
       !tensor_zero (p->dev, &p->ab_sbs, error)))
    return FALSE;
  if (d->view == VC_VIEW_CONFIDENCE &&
      (!tensor_alloc (p->dev, 1, conf->h, conf->w, &p->conf_l, error) ||
       !tensor_alloc (p->dev, 1, h, w, &p->conf_full, error)))
    return FALSE;
  return TRUE;
}

static gboolean
create_ops (VcPlan *p, GError **error)
{
  const VcPlanDesc *d = &p->desc;
  guint h = d->input.height, w = d->input.width;
  guint nh = d->net_height, nw = d->net_width;
  const VcTensor *conf = p->conf_net;
  VcUnpackDesc ud = { d->input, FALSE, p->alpha };
  VcResizeDesc rd = { 1, h, w, nh, nw, TRUE };
  VcPackDesc pd = { d->output, p->alpha };
  if (!(p->unpack = vc_unpack_new (p->dev, &ud, error)) ||
      !(p->down = vc_resize_new (p->dev, &rd, error)) ||
      !(p->pack = vc_pack_new (p->dev, &pd, error)))
    return FALSE;
  if (d->view == VC_VIEW_CONFIDENCE) {
    VcResizeDesc up = { 1, conf->h, conf->w, h, w, FALSE };
    VcEltwiseDesc scale = { 1, conf->h, conf->w, CONFIDENCE_TO_L, 0.0f, FALSE };
    return (p->conf_up = vc_resize_new (p->dev, &up, error)) &&
           (p->conf_scale = vc_eltwise_new (p->dev, &scale, error));
  }
  if (d->view == VC_VIEW_SIDE_BY_SIDE) {
    guint lc = p->alpha ? 2 : 1;
    VcPlaceDesc left = { lc, h, w, 2 * w, 0 }, right = { lc, h, w, 2 * w, w };
    VcPlaceDesc ab = { 2, h, w, 2 * w, w };
    if (!(p->place_left = vc_place_new (p->dev, &left, error)) ||
        !(p->place_right = vc_place_new (p->dev, &right, error)) ||
        !(p->place_ab = vc_place_new (p->dev, &ab, error)))
      return FALSE;
  }
  VcGuidedDesc gd = vc_guided_desc_default (2, nh, nw, h, w);
  VcSteadyDesc sd = { 2, h, w, VC_STEADY_DEFAULT_RADIUS, VC_STEADY_DEFAULT_SIGMA };
  VcSteadyDesc kd = { 2, h, w, VC_COLORIZER_KEEP_RADIUS, VC_COLORIZER_KEEP_SIGMA };
  return (p->guided = vc_guided_new (p->dev, &gd, error)) != NULL &&
         (p->steady = vc_steady_new (p->dev, &sd, error)) != NULL &&
         (p->keep = vc_steady_new (p->dev, &kd, error)) != NULL;
}

/* The network's interface tensors, of the shapes the plan expects. */
static gboolean
net_tensors (VcPlan *p, GError **error)
{
  guint nh = p->desc.net_height, nw = p->desc.net_width;
  p->l_net = vc_colorizer_net_tensor (p->net, "L");
  p->ab_net = vc_colorizer_net_tensor (p->net, "ab");
  p->conf_net = vc_colorizer_net_tensor (p->net, "conf");
  if (!p->l_net || !p->ab_net || !p->conf_net) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL, "the model's graph lacks L, ab or conf");
    return FALSE;
  }
  return vc_op_check_tensor (p->dev, "network", "L", p->l_net, 1, nh, nw, error) &&
         vc_op_check_tensor (p->dev, "network", "ab", p->ab_net, 2, nh, nw, error) &&
         vc_op_check_tensor (p->dev, "network", "conf", p->conf_net, 1, p->conf_net->h,
                             p->conf_net->w, error);
}

static gboolean
create_slots (VcPlan *p, GError **error)
{
  guint64 in_size = vc_frame_layout_size (&p->desc.input);
  guint64 out_size = vc_frame_layout_size (&p->desc.output);
  if (!(p->frame_in = vc_buffer_new (p->dev, VC_BUFFER_DEVICE, in_size, error)) ||
      !(p->frame_out = vc_buffer_new (p->dev, VC_BUFFER_DEVICE, out_size, error)))
    return FALSE;
  for (guint s = 0; s < p->desc.n_slots; s++) {
    Slot *slot = &p->slots[s];
    if (!(slot->cmd = vc_cmd_new (p->dev, error)) ||
        !(slot->upload.cmd = vc_cmd_new (p->dev, error)) ||
        !(slot->download.cmd = vc_cmd_new (p->dev, error)))
      return FALSE;
  }
  return TRUE;
}

VcPlan *
vc_plan_new (VcDevice *dev, VcColorizerNet *net, const VcPlanDesc *desc, GError **error)
{
  g_return_val_if_fail (desc->n_slots >= 1 && desc->n_slots <= VC_COLORIZER_MAX_SLOTS, NULL);
  VcPlan *p = g_new0 (VcPlan, 1);
  p->dev = dev;
  p->net = net;
  p->desc = *desc;
  /* the input's alpha goes to an output with alpha (the confidence map is
   * opaque) */
  p->alpha = desc->view != VC_VIEW_CONFIDENCE && vc_pixel_format_info (desc->input.format)->alpha &&
             vc_pixel_format_info (desc->output.format)->alpha;
  if (!vc_frame_layout_check (&desc->input, "colorizer input", error) ||
      !vc_frame_layout_check (&desc->output, "colorizer output", error) ||
      !net_tensors (p, error) || !alloc_tensors (p, error) || !create_ops (p, error) ||
      !create_slots (p, error)) {
    vc_plan_free (p);
    return NULL;
  }
  return p;
}

static void
owned_tensor_clear (OwnedTensor *t)
{
  g_clear_pointer (&t->buffer, vc_buffer_free);
}

void
vc_plan_free (VcPlan *p)
{
  if (!p)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (p->slots); s++) {
    Slot *slot = &p->slots[s];
    vc_cmd_free (slot->upload.cmd); /* each waits for its work */
    vc_cmd_free (slot->cmd);
    vc_cmd_free (slot->download.cmd);
  }
  vc_unpack_free (p->unpack);
  vc_resize_free (p->down);
  vc_guided_free (p->guided);
  vc_steady_free (p->steady);
  vc_steady_free (p->keep);
  vc_pack_free (p->pack);
  vc_resize_free (p->conf_up);
  vc_eltwise_free (p->conf_scale);
  vc_place_free (p->place_left);
  vc_place_free (p->place_right);
  vc_place_free (p->place_ab);
  vc_place_free (p->keyframe_l);
  vc_place_free (p->keyframe_ab);
  vc_hints_free (p->hints);
  OwnedTensor *tensors[] = { &p->l_full, &p->ab_full,   &p->l_prev, &p->ab_prev, &p->zero_ab,
                             &p->conf_l, &p->conf_full, &p->l_sbs,  &p->ab_sbs,  &p->hint_t };
  for (guint i = 0; i < G_N_ELEMENTS (tensors); i++)
    owned_tensor_clear (tensors[i]);
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++) {
    owned_tensor_clear (&p->ref_l[i]);
    owned_tensor_clear (&p->ref_ab[i]);
  }
  vc_buffer_free (p->frame_in);
  vc_buffer_free (p->frame_out);
  g_free (p);
}

const VcPlanDesc *
vc_plan_desc (const VcPlan *plan)
{
  return &plan->desc;
}

/* Packs L and AB into frame_out (the slot's download copies it out). */
static gboolean
record_output (VcPlan *p, Slot *slot, const VcTensor *l, const VcTensor *ab, GError **error)
{
  if (!vc_pack_record (p->pack, slot->cmd, l, ab, p->frame_out, error))
    return FALSE;
  vc_pass_timer_mark (&slot->timer, "pack");
  return TRUE;
}

/* Mixes the hints into the network's a*b*, if the frame has them. */
static gboolean
record_hints (VcPlan *p, Slot *slot, const VcPlanFrame *frame, GError **error)
{
  if (!frame->hints || !p->hints)
    return TRUE;
  if (!vc_hints_set_spread (p->hints, frame->hints_spread, frame->hints_edge, error) ||
      !vc_hints_record (p->hints, slot->cmd, p->ab_net, p->l_net, &p->hint_t.t, error))
    return FALSE;
  vc_pass_timer_mark (&slot->timer, "hints");
  return TRUE;
}

/* Before the network keeps the frame as the keyframe encoded as a
 * reference: its L* and (hinted) a*b* to the network's reference inputs. */
static gboolean
record_keyframe_source (VcPlan *p, Slot *slot, GError **error)
{
  const VcTensor *ref_l = vc_colorizer_net_tensor (p->net, "ref_L");
  const VcTensor *ref_ab = vc_colorizer_net_tensor (p->net, "ref_ab");
  if (!ref_l || !ref_ab) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL, "the model's graph lacks ref_L or ref_ab");
    return FALSE;
  }
  guint nh = p->desc.net_height, nw = p->desc.net_width;
  VcPlaceDesc l = { 1, nh, nw, nw, 0 }, ab = { 2, nh, nw, nw, 0 };
  if ((!p->keyframe_l && !(p->keyframe_l = vc_place_new (p->dev, &l, error))) ||
      (!p->keyframe_ab && !(p->keyframe_ab = vc_place_new (p->dev, &ab, error))))
    return FALSE;
  if (!vc_place_record (p->keyframe_l, slot->cmd, p->l_net, ref_l, error) ||
      !vc_place_record (p->keyframe_ab, slot->cmd, p->ab_net, ref_ab, error))
    return FALSE;
  vc_pass_timer_mark (&slot->timer, "keyframe-source");
  return TRUE;
}

static gboolean
record_view (VcPlan *p, Slot *slot, const VcPlanFrame *frame, GError **error)
{
  VcCmd *cmd = slot->cmd;
  if (p->desc.view == VC_VIEW_CONFIDENCE) {
    if (!vc_eltwise_record (p->conf_scale, cmd, p->conf_net, NULL, &p->conf_l.t, error) ||
        !vc_resize_record (p->conf_up, cmd, &p->conf_l.t, &p->conf_full.t, error))
      return FALSE;
    vc_pass_timer_mark (&slot->timer, "confidence");
    return record_output (p, slot, &p->conf_full.t, &p->zero_ab.t, error);
  }
  if (!frame->hints_remembered && !record_hints (p, slot, frame, error))
    return FALSE;
  if (!vc_guided_record (p->guided, cmd, p->ab_net, p->l_net, &p->l_full_l, &p->ab_full.t, error))
    return FALSE;
  vc_pass_timer_mark (&slot->timer, "guided");
  const OwnedTensor *keep_l = &p->ref_l[frame->keep_slot], *keep_ab = &p->ref_ab[frame->keep_slot];
  if (frame->keep > 0.0f && keep_l->buffer) {
    if (!vc_steady_record (p->keep, cmd, &p->l_full_l, &keep_l->t, &p->ab_full.t, &keep_ab->t,
                           frame->keep, &p->ab_full.t, error))
      return FALSE;
    vc_pass_timer_mark (&slot->timer, "keep");
  }
  /* the filtered frame, written over the previous one, is the next one's
   * previous frame */
  if (!vc_steady_record (p->steady, cmd, &p->l_full_l, &p->l_prev.t, &p->ab_full.t, &p->ab_prev.t,
                         frame->steady, &p->ab_prev.t, error))
    return FALSE;
  vc_cmd_copy (cmd, p->l_full.buffer, 0, p->l_prev.buffer, 0, vc_buffer_size (p->l_prev.buffer));
  vc_pass_timer_mark (&slot->timer, "steady");
  if (p->desc.view != VC_VIEW_SIDE_BY_SIDE)
    return record_output (p, slot, &p->l_full.t, &p->ab_prev.t, error);
  /* side by side: one picture twice as wide, packed at once (so that any
   * format's pixel groups and chroma samples span the seam as they would
   * in any picture) */
  if (!vc_place_record (p->place_left, cmd, &p->l_full.t, &p->l_sbs.t, error) ||
      !vc_place_record (p->place_right, cmd, &p->l_full.t, &p->l_sbs.t, error) ||
      !vc_place_record (p->place_ab, cmd, &p->ab_prev.t, &p->ab_sbs.t, error))
    return FALSE;
  vc_pass_timer_mark (&slot->timer, "side-by-side");
  return record_output (p, slot, &p->l_sbs.t, &p->ab_sbs.t, error);
}

gboolean
vc_plan_set_hints (VcPlan *p, const float *hints, GError **error)
{
  guint nh = p->desc.net_height, nw = p->desc.net_width;
  if (p->desc.view == VC_VIEW_CONFIDENCE)
    return TRUE;
  if (!p->hints) {
    VcHintsDesc hd = { nh, nw, VC_COLORIZER_HINTS_SPREAD, VC_COLORIZER_HINTS_EDGE };
    if (!tensor_alloc (p->dev, 4, nh, nw, &p->hint_t, error) ||
        !(p->hints = vc_hints_new (p->dev, &hd, error))) {
      owned_tensor_clear (&p->hint_t);
      return FALSE;
    }
  }
  /* after the frames submitted before (vc_buffer_write waits for them) */
  return vc_tensor_upload (p->dev, &p->hint_t.t, hints, error);
}

/* Unpacks the input (in frame_in) to L* and brings that to the network's
 * resolution. */
static gboolean
record_input (VcPlan *p, Slot *slot, GError **error)
{
  VcCmd *cmd = slot->cmd;
  if (!vc_unpack_record (p->unpack, cmd, p->frame_in, &p->l_full.t, NULL, error))
    return FALSE;
  vc_pass_timer_mark (&slot->timer, "unpack");
  if (!vc_resize_record (p->down, cmd, &p->l_full_l, p->l_net, error))
    return FALSE;
  vc_pass_timer_mark (&slot->timer, "resize");
  return TRUE;
}

static gboolean
record_frame (VcPlan *p, Slot *slot, const VcPlanFrame *frame, GError **error)
{
  VcCmd *cmd = slot->cmd;
  slot->recorded = FALSE;
  if (!vc_cmd_begin (cmd, error))
    return FALSE;
  vc_pass_timer_begin (&slot->timer, p->desc.profile ? cmd : NULL);
  if (!record_input (p, slot, error) ||
      !vc_colorizer_net_record_frame (p->net, cmd, &frame->net, &slot->timer, error) ||
      (frame->hints_remembered && !record_hints (p, slot, frame, error)) ||
      (frame->net.encode_keyframe && !record_keyframe_source (p, slot, error)) ||
      !vc_colorizer_net_record_memory (p->net, cmd, &frame->net, &slot->timer, error) ||
      !record_view (p, slot, frame, error)) {
    vc_cmd_end (cmd, NULL);
    return FALSE;
  }
  if (!vc_cmd_end (cmd, error))
    return FALSE;
  slot->recorded = TRUE;
  slot->frame = *frame;
  return TRUE;
}

/* Records COPY (pass NAME) of SIZE bytes from SRC to DST for the frame
 * buffer FRAME (one of the two) unless it was recorded for it. */
static gboolean
record_copy (VcPlan *p, Copy *copy, const char *name, VcFrameBuffer *frame, VcBuffer *src,
             VcBuffer *dst, guint64 size, GError **error)
{
  if (copy->recorded_for == vc_frame_buffer_id (frame))
    return TRUE;
  copy->recorded_for = 0;
  if (!vc_cmd_begin (copy->cmd, error))
    return FALSE;
  vc_pass_timer_begin (&copy->timer, p->desc.profile ? copy->cmd : NULL);
  vc_cmd_copy (copy->cmd, src, 0, dst, 0, size);
  vc_pass_timer_mark (&copy->timer, name);
  if (!vc_cmd_end (copy->cmd, error))
    return FALSE;
  copy->recorded_for = vc_frame_buffer_id (frame);
  return TRUE;
}

gboolean
vc_plan_submit (VcPlan *plan, guint slot_index, const VcPlanFrame *frame, VcFrameBuffer *source,
                VcFrameBuffer *target, GError **error)
{
  guint64 in_size = vc_frame_layout_size (&plan->desc.input);
  guint64 out_size = vc_frame_layout_size (&plan->desc.output);
  g_return_val_if_fail (vc_frame_buffer_size (source) >= in_size, FALSE);
  g_return_val_if_fail (vc_frame_buffer_size (target) >= out_size, FALSE);
  Slot *slot = &plan->slots[slot_index];
  if ((!slot->recorded || memcmp (&slot->frame, frame, sizeof *frame) != 0) &&
      !record_frame (plan, slot, frame, error))
    return FALSE;
  if (!record_copy (plan, &slot->upload, "upload", source, vc_frame_buffer_buffer (source),
                    plan->frame_in, in_size, error) ||
      !record_copy (plan, &slot->download, "download", target, plan->frame_out,
                    vc_frame_buffer_buffer (target), out_size, error))
    return FALSE;
  /* each recording's first barrier puts it after the one before: nothing
   * else of this plan is submitted in between (frame_in and frame_out are
   * shared by the slots) */
  return vc_cmd_submit (slot->upload.cmd, error) && vc_cmd_submit (slot->cmd, error) &&
         vc_cmd_submit (slot->download.cmd, error);
}

gboolean
vc_plan_wait (VcPlan *plan, guint slot, GError **error)
{
  Slot *s = &plan->slots[slot];
  return vc_cmd_wait (s->upload.cmd, G_MAXUINT64, error) &&
         vc_cmd_wait (s->cmd, G_MAXUINT64, error) &&
         vc_cmd_wait (s->download.cmd, G_MAXUINT64, error);
}

/* Appends the passes of TIMER to PROFILE. */
static void
append_passes (VcColorizerProfile *profile, const VcPassTimer *timer)
{
  VcColorizerProfile more;
  if (!vc_pass_timer_read (timer, &more))
    return;
  for (guint i = 0; i < more.n_passes && profile->n_passes < VC_COLORIZER_MAX_PASSES; i++) {
    profile->passes[profile->n_passes++] = more.passes[i];
    profile->total_ms += more.passes[i].ms;
  }
}

gboolean
vc_plan_profile (VcPlan *plan, guint slot_index, VcColorizerProfile *profile)
{
  Slot *slot = &plan->slots[slot_index];
  VcColorizerProfile main;
  if (!slot->recorded || !slot->upload.recorded_for || !slot->download.recorded_for ||
      !vc_pass_timer_read (&slot->timer, &main))
    return FALSE;
  *profile = (VcColorizerProfile){ 0 };
  append_passes (profile, &slot->upload.timer);
  for (guint i = 0; i < main.n_passes && profile->n_passes < VC_COLORIZER_MAX_PASSES; i++)
    profile->passes[profile->n_passes++] = main.passes[i];
  profile->total_ms += main.total_ms;
  append_passes (profile, &slot->download.timer);
  return TRUE;
}

/* What encoding one reference needs for a moment. */
typedef struct {
  VcBuffer *upload, *frame;
  OwnedTensor l, ab;
  VcUnpack *unpack;
  VcResize *down_l, *down_ab;
  VcResize *full_l, *full_ab; /* to the input's resolution */
  VcCmd *cmd;
} RefWork;

static void
ref_work_clear (RefWork *w)
{
  vc_cmd_free (w->cmd);
  vc_unpack_free (w->unpack);
  vc_resize_free (w->down_l);
  vc_resize_free (w->down_ab);
  vc_resize_free (w->full_l);
  vc_resize_free (w->full_ab);
  owned_tensor_clear (&w->l);
  owned_tensor_clear (&w->ab);
  vc_buffer_free (w->upload);
  vc_buffer_free (w->frame);
}

/* The tensors of memory slot REF_SLOT's full-resolution reference. */
static gboolean
full_reference_alloc (VcPlan *p, guint ref_slot, GError **error)
{
  guint h = p->desc.input.height, w = p->desc.input.width;
  return (p->ref_l[ref_slot].buffer ||
          tensor_alloc (p->dev, 1, h, w, &p->ref_l[ref_slot], error)) &&
         (p->ref_ab[ref_slot].buffer ||
          tensor_alloc (p->dev, 2, h, w, &p->ref_ab[ref_slot], error));
}

static gboolean
ref_work_prepare (VcPlan *p, RefWork *w, const VcFrameLayout *layout, gboolean full, GError **error)
{
  guint h = layout->height, w_ = layout->width;
  guint nh = p->desc.net_height, nw = p->desc.net_width;
  guint fh = p->desc.input.height, fw = p->desc.input.width;
  guint64 size = vc_frame_layout_size (layout);
  VcUnpackDesc ud = { *layout, TRUE, FALSE };
  VcResizeDesc rl = { 1, h, w_, nh, nw, TRUE };
  VcResizeDesc rab = { 2, h, w_, nh, nw, TRUE };
  VcResizeDesc fl = { 1, h, w_, fh, fw, TRUE };
  VcResizeDesc fab = { 2, h, w_, fh, fw, TRUE };
  if (full && !((w->full_l = vc_resize_new (p->dev, &fl, error)) &&
                (w->full_ab = vc_resize_new (p->dev, &fab, error))))
    return FALSE;
  return (w->upload = vc_buffer_new (p->dev, VC_BUFFER_UPLOAD, size, error)) &&
         (w->frame = vc_buffer_new (p->dev, VC_BUFFER_DEVICE, size, error)) &&
         tensor_alloc (p->dev, 1, h, w_, &w->l, error) &&
         tensor_alloc (p->dev, 2, h, w_, &w->ab, error) &&
         (w->unpack = vc_unpack_new (p->dev, &ud, error)) &&
         (w->down_l = vc_resize_new (p->dev, &rl, error)) &&
         (w->down_ab = vc_resize_new (p->dev, &rab, error)) &&
         (w->cmd = vc_cmd_new (p->dev, error));
}

/* Marks the cells of a GH × GW grid over the reference (LAYOUT, DATA, of
 * a format with alpha) where most pixels are more transparent than opaque;
 * FALSE where none is. */
static gboolean
transparent_cells (const VcFrameLayout *layout, const guint8 *data, guint gh, guint gw,
                   gboolean *masked)
{
  guint h = layout->height, w = layout->width;
  g_autofree guint *clear = g_new0 (guint, (gsize) gh * gw);
  g_autofree guint *all = g_new0 (guint, (gsize) gh * gw);
  for (guint y = 0; y < h; y++) {
    gsize cell_row = (gsize) ((guint64) y * gh / h) * gw;
    for (guint x = 0; x < w; x++) {
      gsize k = cell_row + (guint64) x * gw / w;
      all[k]++;
      clear[k] += vc_frame_is_clear (layout, data, x, y);
    }
  }
  gboolean any = FALSE;
  for (gsize k = 0; k < (gsize) gh * gw; k++) {
    masked[k] = 2 * clear[k] > all[k];
    any |= masked[k];
  }
  return any;
}

gboolean
vc_plan_encode_reference (VcPlan *p, guint ref_slot, const VcFrameLayout *layout,
                          const guint8 *data, gboolean transparent, gboolean full, GError **error)
{
  g_return_val_if_fail (ref_slot < VC_COLORIZER_MAX_REFERENCES, FALSE);
  full = full && p->desc.view != VC_VIEW_CONFIDENCE;
  const VcTensor *ref_l = vc_colorizer_net_tensor (p->net, "ref_L");
  const VcTensor *ref_ab = vc_colorizer_net_tensor (p->net, "ref_ab");
  if (!ref_l || !ref_ab) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL, "the model's graph lacks ref_L or ref_ab");
    return FALSE;
  }
  RefWork w = { 0 };
  gboolean ok = vc_frame_layout_check (layout, "reference", error) &&
                ref_work_prepare (p, &w, layout, full, error) &&
                (!full || full_reference_alloc (p, ref_slot, error));
  if (ok) {
    memcpy (vc_buffer_map (w.upload), data, vc_frame_layout_size (layout));
    ok = vc_cmd_begin (w.cmd, error);
  }
  if (ok) {
    vc_cmd_copy (w.cmd, w.upload, 0, w.frame, 0, vc_frame_layout_size (layout));
    ok = vc_unpack_record (w.unpack, w.cmd, w.frame, &w.l.t, &w.ab.t, error) &&
         vc_resize_record (w.down_l, w.cmd, &w.l.t, ref_l, error) &&
         vc_resize_record (w.down_ab, w.cmd, &w.ab.t, ref_ab, error) &&
         (!full || (vc_resize_record (w.full_l, w.cmd, &w.l.t, &p->ref_l[ref_slot].t, error) &&
                    vc_resize_record (w.full_ab, w.cmd, &w.ab.t, &p->ref_ab[ref_slot].t, error))) &&
         vc_colorizer_net_record_reference (p->net, w.cmd, ref_slot, error) &&
         vc_cmd_run (w.cmd, error);
  }
  ref_work_clear (&w);
  if (!ok || !transparent)
    return ok;
  /* transparent parts carry no colour: their keys become the null key's */
  guint gh, gw;
  vc_colorizer_net_slot_size (p->net, &gh, &gw);
  g_autofree gboolean *masked = g_new (gboolean, (gsize) gh * gw);
  if (transparent_cells (layout, data, gh, gw, masked))
    ok = vc_colorizer_net_mask_reference (p->net, ref_slot, masked, error);
  return ok;
}
