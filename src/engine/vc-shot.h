/* vcolorize — scene cuts and keyframes, from a small luminance thumbnail of
 * every frame (vc-thumbnail.h). Plain C: no GStreamer, no Vulkan.
 *
 * Frames are pushed in order and decided in order. A frame is decided once
 * LOOKAHEAD later frames have been pushed (or earlier when asked to), so
 * that a change that comes back within the look-ahead (a camera flash) is
 * not taken for a cut.
 *
 * Differences. Each thumbnail is halved again and normalised to zero mean
 * and unit standard deviation, so that a global change of brightness or
 * contrast (a flash, a fade, an exposure change) is no difference; the
 * difference of two frames is the mean absolute difference of their
 * normalised pictures after the best shift of up to VC_SHOT_SEARCH pixels
 * (of the halved picture: a fast pan is no difference either).
 *
 * Hard cuts (seed 003): a frame is a cut when its difference to the last
 * frame of its shot is more than scene_threshold times the mean difference
 * of the last VC_SHOT_WINDOW frames of the shot, more than twice the mean of
 * the VC_SHOT_CONFIRM frames before it and the look-ahead frames after it,
 * and at least VC_SHOT_MIN_CUT (different pictures score 0.8 to 1.2; a hand
 * moving across the picture up to 0.4). Frames of almost no contrast
 * (black, a fade's darkest frames) are skipped: the frame after them is
 * compared with the last one before them, so a fade through black to
 * another picture is one cut, at its first visible frame, and a fade back
 * to the same picture none.
 *
 * Transients: with a look-ahead, a frame that differs from its shot and is
 * followed within the look-ahead by one that is closer to the shot's last
 * frame than to it is a transient (a flash, a glitch): no cut, not compared
 * with, no keyframe; the shot resumes with that later frame.
 *
 * Dissolves: a frame is a cut when it differs from the frame 2m before it
 * as a cut does and the frame m before it is a blend of those two (linear
 * fit with both weights between 0.2 and 0.8, residual under
 * VC_SHOT_MAX_BLEND_RESIDUAL), for m in 3, 6 and 12: dissolves of about 4 to
 * 40 frames are found about half way through. A pan or a moving object is
 * no blend of where it started and where it ends.
 *
 * Keyframes (seed 002): a frame becomes its shot's keyframe when the
 * structural similarity (SSIM, 8×8 windows of the halved thumbnail, negative
 * values as 0) of its picture to the keyframe's is below keyframe_threshold.
 * It is taken where the camera has moved to since the keyframe (the best
 * shifts from frame to frame added up; windows that have left the keyframe
 * count as 0), so a pan renews the keyframe as new content comes in, not at
 * every frame. The first frame of a shot is its keyframe. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VC_SHOT_MAX_LOOKAHEAD 8
#define VC_SHOT_DEFAULT_LOOKAHEAD 2
#define VC_SHOT_WINDOW 30
#define VC_SHOT_CONFIRM 10
#define VC_SHOT_SEARCH 3
#define VC_SHOT_MIN_CUT 0.5
#define VC_SHOT_MAX_BLEND_RESIDUAL 0.25

typedef enum {
  VC_SHOT_NONE,     /* the frame goes on with its shot */
  VC_SHOT_KEYFRAME, /* the frame becomes its shot's keyframe */
  VC_SHOT_CUT,      /* the frame starts a new shot (and is its keyframe) */
} VcShotEvent;

typedef struct {
  VcShotEvent event;
  gboolean gradual; /* a cut found as a dissolve */
  /* a cut: its difference over the shot's mean difference (compared with
   * scene_threshold); a keyframe: its SSIM to the keyframe before */
  double score;
} VcShotResult;

typedef struct {
  double scene_threshold;    /* > 0 */
  double keyframe_threshold; /* 0 .. 1; 0: no keyframes but the first of a shot */
} VcShotParams;

typedef struct _VcShot VcShot;

/* LOOKAHEAD: 0 .. VC_SHOT_MAX_LOOKAHEAD frames. */
VcShot *vc_shot_new (guint lookahead);
void vc_shot_free (VcShot *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VcShot, vc_shot_free)

guint vc_shot_lookahead (const VcShot *s);
/* Forgets every frame, decided or not: the next frame pushed starts a shot
 * (with no event). */
void vc_shot_reset (VcShot *s);
/* Adds the next frame's thumbnail (WIDTH×HEIGHT luminance, any scale, rows
 * packed); a size other than the last one's starts a shot. */
void vc_shot_push (VcShot *s, const float *thumbnail, guint width, guint height);
/* Frames pushed and not decided yet. */
guint vc_shot_n_undecided (const VcShot *s);
/* Decides the oldest undecided frame if its look-ahead has been pushed, or
 * with what there is when NOW; FALSE if there is none to decide. */
gboolean vc_shot_decide (VcShot *s, const VcShotParams *params, gboolean now, VcShotResult *result);

/* The parts, for tests. Normalised difference of A and B (W×H, rows
 * packed): mean absolute difference of (x - mean) / stddev over the
 * middle of A against B shifted by up to SEARCH pixels; *DX, *DY (may be
 * NULL): the best shift. */
double vc_shot_difference (const float *a, const float *b, guint w, guint h, guint search, int *dx,
                           int *dy);
/* DST = SRC (N values) less its mean, over its standard deviation (0 for
 * a flat one); returns the standard deviation. */
double vc_shot_normalise (const float *src, gsize n, float *dst);
/* vc_shot_difference of A and B normalised already: exact where it is
 * below BOUND; where it is not, some value above BOUND (the search is cut
 * short once no shift can be below it). */
double vc_shot_normalised_difference (const float *a, const float *b, guint w, guint h,
                                      guint search, double bound);
/* Mean SSIM of A and B (W×H, values 0..255) over 8×8 windows. */
double vc_shot_ssim (const float *a, const float *b, guint w, guint h);

G_END_DECLS
