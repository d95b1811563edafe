/* vcolorize — the colorizer's decisions for each frame: what it attends to
 * (references, keyframe, previous frame) and how much, what the memory
 * keeps of it, where the colour hints go, and the filters at full
 * resolution. */
#include "colorizer-private.h"

#include <math.h>

/* The temporal strength S as a bias of the memory's attention logits: its
 * weights are multiplied by S / (1 - S) against the references' (0.5: as
 * the network was trained). */
static float
memory_bias (double strength)
{
  double s = CLAMP (strength, VC_COLORIZER_MIN_STRENGTH, 1 - VC_COLORIZER_MIN_STRENGTH);
  return (float) log (s / (1 - s));
}

/* The automatic locality of a frame of which the fraction ALIGNED lines up
 * with a reference: none up to VC_COLORIZER_ALIGNED_LOW, all of
 * VC_COLORIZER_AUTO_LOCALITY from VC_COLORIZER_ALIGNED_HIGH on, linear in
 * between, in steps of 0.01 (each new value records the frame's commands
 * again). */
static float
auto_locality (double aligned)
{
  double t =
      (aligned - VC_COLORIZER_ALIGNED_LOW) / (VC_COLORIZER_ALIGNED_HIGH - VC_COLORIZER_ALIGNED_LOW);
  return (float) (round (VC_COLORIZER_AUTO_LOCALITY * CLAMP (t, 0.0, 1.0) * 100.0) / 100.0);
}

/* The automatic strength of keeping a reference's colours in a frame of
 * which the fraction STILL lines up with it pixel for pixel: none up to
 * VC_COLORIZER_STILL_LOW, all from VC_COLORIZER_STILL_HIGH on, linear in
 * between, in steps of 0.01 (as auto_locality). */
static float
auto_keep (double still)
{
  double t = (still - VC_COLORIZER_STILL_LOW) / (VC_COLORIZER_STILL_HIGH - VC_COLORIZER_STILL_LOW);
  return (float) (round (CLAMP (t, 0.0, 1.0) * 100.0) / 100.0);
}

void
vc_colorizer_next_frame (VcColorizer *c, guint n_refs, const Slot *slot, VcPlanFrame *frame)
{
  VcNetSources *s = &frame->net;
  g_mutex_lock (&c->lock);
  gboolean temporal = c->params.temporal;
  double strength = c->params.temporal_strength;
  double near = c->params.locality;
  double smoothing = c->params.temporal_smoothing;
  double keep_reference = c->params.keep_reference;
  float hints_spread = (float) c->params.hints_spread, hints_edge = (float) c->params.hints_edge;
  VcHintsMode hints_mode = c->params.hints_mode;
  float locality = near < 0.0   ? auto_locality (slot->aligned)
                   : near > 0.0 ? (float) MIN (near, 1.0)
                                : 0.0f; /* NaN: 0 */
  float keep = keep_reference < 0.0   ? auto_keep (slot->still)
               : keep_reference > 0.0 ? (float) MIN (keep_reference, 1.0)
                                      : 0.0f; /* NaN: 0 */
  g_mutex_unlock (&c->lock);
  /* a reference encoded without its full-resolution copy (keeping was off
   * then) is not kept from */
  int k = slot->still_ref;
  if (k < 0 || !c->encoded_full[k])
    keep = 0.0f;
  gboolean shot_start = slot->new_shot || slot->shot.event == VC_SHOT_CUT;
  if (shot_start || !temporal)
    c->memory = MEMORY_EMPTY;
  if (shot_start)
    c->shot_hinted = FALSE;
  if (c->memory == MEMORY_EMPTY)
    c->keyframe_source = FALSE;
  /* keyframe hints: on a shot's first frame, or the first since they (or
   * how they apply) changed, which becomes the keyframe as a reference
   * (from the L* and a*b* of the format's interface: the memory subgraph
   * reads the network's own a*b*, which the hints do not change);
   * not again within the shot when the memory is forgotten for references
   * that came or went (the frame is not the one they were painted on) */
  gboolean fresh = c->hints_fresh || hints_mode != c->hints_mode ||
                   hints_spread != c->hints_spread || hints_edge != c->hints_edge;
  c->hints_fresh = FALSE;
  c->hints_mode = hints_mode;
  c->hints_spread = hints_spread;
  c->hints_edge = hints_edge;
  gboolean hints = c->hints_on, new_source = FALSE;
  if (hints_mode == VC_HINTS_KEYFRAME && temporal) {
    new_source = hints && ((c->memory == MEMORY_EMPTY && !c->shot_hinted) || fresh);
    hints = new_source;
    c->shot_hinted |= new_source;
  }
  /* hints cleared (or on every frame now): the memory, which has them,
   * starts again from this frame */
  if (c->keyframe_source && fresh && !new_source) {
    c->memory = MEMORY_EMPTY;
    c->keyframe_source = FALSE;
  }

  *frame = (VcPlanFrame){ .net = {
                              .n_references = n_refs,
                              .clear_prev = c->memory == MEMORY_EMPTY,
                              .near_weight = { locality, locality },
                              .near_radius = { VC_COLORIZER_REFERENCE_RADIUS,
                                               VC_COLORIZER_MEMORY_RADIUS },
                          },
                          .keep = keep,
                          .keep_slot = keep > 0.0f ? c->encoded_slot[k] : 0,
                          .hints = hints,
                          .hints_spread = hints ? hints_spread : 0.0f,
                          .hints_edge = hints ? hints_edge : 0.0f,
                          .hints_remembered = new_source };
  if (!temporal)
    return;
  s->keyframe = c->memory != MEMORY_EMPTY;
  /* while the keyframe is the previous frame, it is attended once */
  s->previous = c->memory == MEMORY_FULL;
  /* where the frame lines up with a reference pixel for pixel, that
   * reference is the better memory: the memory's weight falls as the
   * reference's colours are kept */
  s->memory_bias = s->keyframe ? memory_bias (strength * (1.0 - keep)) : 0.0f;
  /* the previous output frame is there whenever the memory is */
  frame->steady = s->keyframe && smoothing > 0.0 ? (float) MIN (smoothing, 1.0) : 0.0f; /* NaN: 0 */
  s->keyframe_is_source = c->keyframe_source;
  /* a new keyframe is also the previous frame; a keyframe with hints stays
   * the keyframe for the shot */
  gboolean new_keyframe = c->memory == MEMORY_EMPTY || new_source ||
                          (slot->shot.event == VC_SHOT_KEYFRAME && !c->keyframe_source);
  s->encode_keyframe = new_source;
  s->store_keyframe = new_keyframe && !new_source;
  s->store_previous = !new_keyframe;
  s->keep_prev = TRUE;
  if (new_keyframe)
    c->keyframe_source = new_source;
  c->memory = new_keyframe ? MEMORY_KEYFRAME : MEMORY_FULL;
}
