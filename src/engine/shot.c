/* vcolorize — scene cuts and keyframes (see vc-shot.h). */
#include "vc-shot.h"

#include <math.h>
#include <string.h>

/* Below this standard deviation (of 0..255 luminance) a frame has too
 * little contrast to be compared: black, a fade's darkest frames. */
#define DIM_SIGMA 8.0
/* The mean difference assumed for the frames a shot does not have yet. */
#define PRIOR_DIFFERENCE 0.05
/* A frame is looked at as a possible transient above this many times the
 * shot's mean difference (and this much). */
#define TRANSIENT_RATIO 3.0
#define TRANSIENT_MIN 0.35
/* Dissolves: the half spans looked at, and the blend weights allowed. */
static const guint dissolve_spans[] = { 3, 6, 12 };
#define MAX_SPAN 12
#define MIN_BLEND_WEIGHT 0.2
/* ... and a gradual one: no step from frame to frame in it above this
 * share of the change (a flash at either end is a step). */
#define MAX_STEP 0.5
/* SSIM windows and constants (of 0..255 values). */
#define SSIM_WINDOW 8
#define SSIM_STEP 4
#define SSIM_C1 (0.01 * 255 * 0.01 * 255)
#define SSIM_C2 (0.03 * 255 * 0.03 * 255)

/* Frames kept: a dissolve's span back, the look-ahead forward. */
#define RING (2 * MAX_SPAN + VC_SHOT_MAX_LOOKAHEAD + 2)

typedef struct {
  float *small; /* the thumbnail halved, for SSIM */
  float *half;  /* that normalised, for differences */
  double sigma; /* the halved picture's standard deviation before */
  gboolean dim;
  double to_previous; /* difference to the frame pushed before */
  int dx, dy;         /* where in that frame this one's pixels are */
  gboolean transient; /* a flash: skipped */
  gboolean resumes;   /* the first frame after a transient: no cut */
} Frame;

struct _VcShot {
  guint lookahead;
  guint width, height, half_width, half_height;
  Frame ring[RING];
  guint64 n_pushed, n_decided; /* frame numbers since the reset */

  /* the shot of the next frame to decide */
  guint64 dissolve_from; /* the first frame a dissolve may start from */
  float *anchor;         /* the frame the next is compared with (halved) */
  gboolean has_anchor;   /* none while the shot has been dim */
  guint64 anchor_n;      /* its number */
  float *keyframe;
  int key_dx, key_dy;            /* where in the keyframe the anchor's pixels are */
  double window[VC_SHOT_WINDOW]; /* the shot's last differences */
  guint n_window;
};

VcShot *
vc_shot_new (guint lookahead)
{
  VcShot *s = g_new0 (VcShot, 1);
  s->lookahead = MIN (lookahead, VC_SHOT_MAX_LOOKAHEAD);
  return s;
}

static void
free_frames (VcShot *s)
{
  for (guint i = 0; i < RING; i++) {
    g_clear_pointer (&s->ring[i].small, g_free);
    g_clear_pointer (&s->ring[i].half, g_free);
  }
  g_clear_pointer (&s->keyframe, g_free);
  g_clear_pointer (&s->anchor, g_free);
}

void
vc_shot_free (VcShot *s)
{
  if (!s)
    return;
  free_frames (s);
  g_free (s);
}

guint
vc_shot_lookahead (const VcShot *s)
{
  return s->lookahead;
}

void
vc_shot_reset (VcShot *s)
{
  free_frames (s);
  s->width = s->height = 0;
  s->n_pushed = s->n_decided = 0;
}

static Frame *
frame_at (VcShot *s, guint64 n)
{
  return &s->ring[n % RING];
}

/* ---- pictures ---- */

/* Mean and standard deviation of N values. */
static void
mean_sigma (const float *v, gsize n, double *mean, double *sigma)
{
  double sum = 0, sum2 = 0;
  for (gsize i = 0; i < n; i++) {
    sum += v[i];
    sum2 += (double) v[i] * v[i];
  }
  *mean = sum / n;
  *sigma = sqrt (MAX (sum2 / n - *mean * *mean, 0.0));
}

/* SRC (W×H) halved by 2×2 box averaging into DST (HW×HH: W/2×H/2, at
 * least 1×1). */
static void
halve (const float *src, guint w, guint h, float *dst, guint hw, guint hh)
{
  guint fx = w >= 2 ? 2 : 1, fy = h >= 2 ? 2 : 1;
  for (guint y = 0; y < hh; y++)
    for (guint x = 0; x < hw; x++) {
      float sum = 0;
      for (guint j = 0; j < fy; j++)
        for (guint i = 0; i < fx; i++)
          sum += src[(y * fy + j) * w + x * fx + i];
      dst[y * hw + x] = sum / (fx * fy);
    }
}

double
vc_shot_normalise (const float *src, gsize n, float *dst)
{
  double mean, sigma;
  mean_sigma (src, n, &mean, &sigma);
  float scale = sigma > 1e-6 ? (float) (1.0 / sigma) : 0.0f;
  for (gsize i = 0; i < n; i++)
    dst[i] = (float) (src[i] - mean) * scale;
  return sigma;
}

/* Mean |A - B shifted by (DX, DY)| over A's middle (M pixels in from every
 * side); once it is sure to be above BOUND, any value above it. */
static double
shifted_difference (const float *a, const float *b, guint w, guint h, guint m, int dx, int dy,
                    double bound)
{
  double n = (double) (w - 2 * m) * (h - 2 * m), sum = 0, limit = bound * n;
  for (guint y = m; y < h - m && sum <= limit; y++) {
    const float *ra = a + (gsize) y * w, *rb = b + (gsize) (y + dy) * w + dx;
    float row = 0;
    for (guint x = m; x < w - m; x++)
      row += fabsf (ra[x] - rb[x]);
    sum += row;
  }
  return sum / n;
}

/* Best-shift difference of two normalised pictures, exact where it is
 * below BOUND (see vc_shot_normalised_difference). */
static double
normalised_difference (const float *a, const float *b, guint w, guint h, guint search, double bound,
                       int *best_dx, int *best_dy)
{
  /* the search stays inside B; small pictures search less */
  guint m = MIN (search, (MIN (w, h) - 1) / 4);
  /* no shift first: the bound it gives cuts the others short */
  double best = shifted_difference (a, b, w, h, m, 0, 0, bound);
  int bx = 0, by = 0;
  for (int dy = -(int) m; dy <= (int) m; dy++)
    for (int dx = -(int) m; dx <= (int) m; dx++) {
      if (dx == 0 && dy == 0)
        continue;
      double d = shifted_difference (a, b, w, h, m, dx, dy, best + 1e-9);
      /* ties go to the smaller shift */
      if (d < best - 1e-9 || (d < best + 1e-9 && abs (dx) + abs (dy) < abs (bx) + abs (by))) {
        best = d;
        bx = dx;
        by = dy;
      }
    }
  if (best_dx)
    *best_dx = bx;
  if (best_dy)
    *best_dy = by;
  return best;
}

double
vc_shot_difference (const float *a, const float *b, guint w, guint h, guint search, int *dx,
                    int *dy)
{
  gsize n = (gsize) w * h;
  g_autofree float *na = g_new (float, n);
  g_autofree float *nb = g_new (float, n);
  vc_shot_normalise (a, n, na);
  vc_shot_normalise (b, n, nb);
  return normalised_difference (na, nb, w, h, search, G_MAXDOUBLE, dx, dy);
}

double
vc_shot_normalised_difference (const float *a, const float *b, guint w, guint h, guint search,
                               double bound)
{
  return normalised_difference (a, b, w, h, search, bound, NULL, NULL);
}

/* Mean SSIM of A's windows with B's windows moved by (DX, DY); windows
 * that fall outside B, and negative values, count as 0. */
static double
shifted_ssim (const float *a, const float *b, guint w, guint h, int dx, int dy)
{
  guint ww = MIN (SSIM_WINDOW, w), wh = MIN (SSIM_WINDOW, h);
  double total = 0;
  guint n = 0;
  for (guint y0 = 0; y0 + wh <= h; y0 += SSIM_STEP)
    for (guint x0 = 0; x0 + ww <= w; x0 += SSIM_STEP, n++) {
      int bx = (int) x0 + dx, by = (int) y0 + dy;
      if (bx < 0 || by < 0 || bx + ww > w || by + wh > h)
        continue;
      double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
      for (guint y = 0; y < wh; y++)
        for (guint x = 0; x < ww; x++) {
          double va = a[(y0 + y) * w + x0 + x], vb = b[(by + y) * w + bx + x];
          sa += va;
          sb += vb;
          saa += va * va;
          sbb += vb * vb;
          sab += va * vb;
        }
      double k = ww * wh, ma = sa / k, mb = sb / k;
      double va = saa / k - ma * ma, vb = sbb / k - mb * mb, cov = sab / k - ma * mb;
      total += MAX (0.0, (2 * ma * mb + SSIM_C1) * (2 * cov + SSIM_C2) /
                             ((ma * ma + mb * mb + SSIM_C1) * (va + vb + SSIM_C2)));
    }
  return total / n;
}

double
vc_shot_ssim (const float *a, const float *b, guint w, guint h)
{
  return shifted_ssim (a, b, w, h, 0, 0);
}

/* How well M is a blend of A and B (frames of N halved pixels): the
 * residual of the least-squares fit of their normalised pictures
 * M ≈ α·A + β·B, and A's share of the blend before normalisation;
 * FALSE when the fit is not a blend (a weight <= 0). */
static gboolean
blend_fit (const Frame *fa, const Frame *fb, const Frame *fm, gsize n, double *residual,
           double *share)
{
  const float *a = fa->half, *b = fb->half, *m = fm->half;
  double aa = 0, bb = 0, ab = 0, am = 0, bm = 0;
  for (gsize i = 0; i < n; i++) {
    aa += (double) a[i] * a[i];
    bb += (double) b[i] * b[i];
    ab += (double) a[i] * b[i];
    am += (double) a[i] * m[i];
    bm += (double) b[i] * m[i];
  }
  double det = aa * bb - ab * ab;
  if (det <= 1e-9 * aa * bb)
    return FALSE;
  double alpha = (am * bb - bm * ab) / det, beta = (bm * aa - am * ab) / det;
  if (alpha <= 0 || beta <= 0)
    return FALSE;
  double sum = 0;
  for (gsize i = 0; i < n; i++)
    sum += fabs (m[i] - alpha * a[i] - beta * b[i]);
  *residual = sum / n;
  /* M·σm = α·σm/σa·(A·σa) + β·σm/σb·(B·σb): the mix of the pictures themselves */
  *share = alpha / fa->sigma / (alpha / fa->sigma + beta / fb->sigma);
  return TRUE;
}

/* ---- pushing ---- */

static void
start_stream (VcShot *s, guint width, guint height)
{
  free_frames (s);
  s->width = width;
  s->height = height;
  s->half_width = MAX (width / 2, 1);
  s->half_height = MAX (height / 2, 1);
  s->n_pushed = s->n_decided = 0;
}

static double
difference (VcShot *s, const Frame *a, const Frame *b)
{
  return normalised_difference (a->half, b->half, s->half_width, s->half_height, VC_SHOT_SEARCH,
                                G_MAXDOUBLE, NULL, NULL);
}

/* The difference of F to the anchor; *DX, *DY (may be NULL): where in the
 * anchor F's pixels are. */
static double
anchor_difference (VcShot *s, const Frame *f, int *dx, int *dy)
{
  return normalised_difference (f->half, s->anchor, s->half_width, s->half_height, VC_SHOT_SEARCH,
                                G_MAXDOUBLE, dx, dy);
}

void
vc_shot_push (VcShot *s, const float *thumbnail, guint width, guint height)
{
  g_return_if_fail (width > 0 && height > 0);
  if (width != s->width || height != s->height)
    start_stream (s, width, height);
  g_return_if_fail (s->n_pushed - s->n_decided <= s->lookahead);
  Frame *f = frame_at (s, s->n_pushed);
  gsize hn = (gsize) s->half_width * s->half_height;
  if (!f->small) {
    f->small = g_new (float, hn);
    f->half = g_new (float, hn);
  }
  halve (thumbnail, width, height, f->small, s->half_width, s->half_height);
  f->sigma = vc_shot_normalise (f->small, hn, f->half);
  f->dim = f->sigma < DIM_SIGMA;
  f->transient = f->resumes = FALSE;
  f->to_previous = 0;
  f->dx = f->dy = 0;
  if (s->n_pushed > 0) {
    const Frame *prev = frame_at (s, s->n_pushed - 1);
    if (!f->dim && !prev->dim)
      f->to_previous = normalised_difference (f->half, prev->half, s->half_width, s->half_height,
                                              VC_SHOT_SEARCH, G_MAXDOUBLE, &f->dx, &f->dy);
  }
  s->n_pushed++;
}

guint
vc_shot_n_undecided (const VcShot *s)
{
  return (guint) (s->n_pushed - s->n_decided);
}

/* ---- deciding ---- */

static double
window_mean (const VcShot *s)
{
  double sum = 0;
  for (guint i = 0; i < s->n_window; i++)
    sum += s->window[i];
  return (sum + (VC_SHOT_WINDOW - s->n_window) * PRIOR_DIFFERENCE) / VC_SHOT_WINDOW;
}

static void
window_add (VcShot *s, double d)
{
  if (s->n_window == VC_SHOT_WINDOW) {
    memmove (s->window, s->window + 1, (VC_SHOT_WINDOW - 1) * sizeof *s->window);
    s->n_window--;
  }
  s->window[s->n_window++] = d;
}

/* The mean difference around frame N (decided now, AVAILABLE frames of
 * look-ahead): the shot's last VC_SHOT_CONFIRM and the look-ahead's. */
static double
confirm_mean (VcShot *s, guint64 n, guint available)
{
  double sum = 0;
  guint count = 0;
  for (guint i = s->n_window > VC_SHOT_CONFIRM ? s->n_window - VC_SHOT_CONFIRM : 0; i < s->n_window;
       i++, count++)
    sum += s->window[i];
  for (guint j = 1; j <= available; j++) {
    const Frame *f = frame_at (s, n + j);
    if (!f->dim) {
      sum += f->to_previous;
      count++;
    }
  }
  return count ? sum / count : PRIOR_DIFFERENCE;
}

static void
set_keyframe (VcShot *s, const Frame *f)
{
  gsize n = (gsize) s->half_width * s->half_height;
  if (!s->keyframe)
    s->keyframe = g_new (float, n);
  memcpy (s->keyframe, f->small, n * sizeof *f->small);
  s->key_dx = s->key_dy = 0;
}

/* Frame N becomes the anchor; it was found at (DX, DY) in the anchor
 * before. */
static void
set_anchor (VcShot *s, guint64 n, int dx, int dy)
{
  const Frame *f = frame_at (s, n);
  gsize size = (gsize) s->half_width * s->half_height;
  s->anchor_n = n;
  s->key_dx += dx;
  s->key_dy += dy;
  if (!s->anchor)
    s->anchor = g_new (float, size);
  memcpy (s->anchor, f->half, size * sizeof *f->half);
  s->has_anchor = TRUE;
}

static void
start_shot (VcShot *s, guint64 n)
{
  Frame *f = frame_at (s, n);
  s->dissolve_from = n;
  s->has_anchor = FALSE;
  s->n_window = 0;
  set_keyframe (s, f);
  if (!f->dim)
    set_anchor (s, n, 0, 0);
}

/* Frame F becomes the keyframe if it is too unlike the one before. */
static void
check_keyframe (VcShot *s, const VcShotParams *p, const Frame *f, VcShotResult *r)
{
  /* compared where the camera has moved to since the keyframe */
  double ssim =
      shifted_ssim (f->small, s->keyframe, s->half_width, s->half_height, s->key_dx, s->key_dy);
  if (ssim < p->keyframe_threshold) {
    *r = (VcShotResult){ VC_SHOT_KEYFRAME, FALSE, ssim };
    set_keyframe (s, f);
  }
}

/* Whether frame N (difference D to the anchor) is a transient: a frame of
 * the look-ahead is closer to the anchor than N is, and closer to the
 * anchor than to N (after a cut it would be closer to N). Marks the frames
 * up to it as transients, and it as the shot resumed. */
static gboolean
is_transient (VcShot *s, guint64 n, double d, guint available)
{
  const Frame *candidate = frame_at (s, n);
  for (guint j = 1; j <= available; j++) {
    const Frame *f = frame_at (s, n + j);
    if (f->dim)
      continue;
    double back = anchor_difference (s, f, NULL, NULL);
    if (back < d && back < difference (s, f, candidate)) {
      for (guint i = 0; i < j; i++)
        frame_at (s, n + i)->transient = TRUE;
      frame_at (s, n + j)->resumes = TRUE;
      return TRUE;
    }
  }
  return FALSE;
}

/* The sum of the differences between consecutive frames of FIRST .. LAST;
 * *LARGEST the largest. */
static double
steps (VcShot *s, guint64 first, guint64 last, double *largest)
{
  double sum = 0;
  *largest = 0;
  for (guint64 i = first + 1; i <= last; i++) {
    double d = frame_at (s, i)->to_previous;
    sum += d;
    *largest = MAX (*largest, d);
  }
  return sum;
}

/* Whether frame N ends a dissolve: *SCORE its difference over MEAN. */
static gboolean
ends_dissolve (VcShot *s, guint64 n, double threshold, double mean, guint *span, double *score)
{
  gsize hn = (gsize) s->half_width * s->half_height;
  const Frame *b = frame_at (s, n);
  for (guint k = 0; k < G_N_ELEMENTS (dissolve_spans); k++) {
    guint m = dissolve_spans[k];
    if (n < s->dissolve_from + 2 * m)
      break;
    const Frame *a = frame_at (s, n - 2 * m), *mid = frame_at (s, n - m);
    if (a->dim || mid->dim || a->transient || mid->transient)
      continue;
    /* the steps add up to about the change at least: too little, no need
     * to look */
    double largest, sum = steps (s, n - 2 * m, n, &largest);
    if (sum < 0.8 * VC_SHOT_MIN_CUT)
      continue;
    double d = difference (s, b, a), residual, share;
    if (d < VC_SHOT_MIN_CUT || d < threshold * mean || largest > MAX_STEP * d)
      continue;
    if (blend_fit (a, b, mid, hn, &residual, &share) && residual < VC_SHOT_MAX_BLEND_RESIDUAL &&
        share > MIN_BLEND_WEIGHT && share < 1 - MIN_BLEND_WEIGHT) {
      *span = m;
      *score = d / mean;
      return TRUE;
    }
  }
  return FALSE;
}

/* Decides frame N, which is not dim and has an anchor. */
static void
decide_visible (VcShot *s, const VcShotParams *p, guint64 n, guint available, VcShotResult *r)
{
  Frame *f = frame_at (s, n);
  int dx = f->dx, dy = f->dy;
  /* the anchor is most often the frame before, compared already */
  double d = s->anchor_n == n - 1 ? f->to_previous : anchor_difference (s, f, &dx, &dy);
  double mean = window_mean (s);
  if (f->resumes) {
    /* the shot goes on after a transient: its motion meanwhile is no cut */
    set_anchor (s, n, dx, dy);
    check_keyframe (s, p, f, r);
    return;
  }
  if (d > MAX (TRANSIENT_RATIO * mean, TRANSIENT_MIN) && is_transient (s, n, d, available))
    return;
  if (d >= VC_SHOT_MIN_CUT && d > p->scene_threshold * mean &&
      d > 2 * confirm_mean (s, n, available)) {
    *r = (VcShotResult){ VC_SHOT_CUT, FALSE, d / mean };
    start_shot (s, n);
    return;
  }
  guint span;
  double score;
  if (ends_dissolve (s, n, p->scene_threshold, mean, &span, &score)) {
    *r = (VcShotResult){ VC_SHOT_CUT, TRUE, score };
    start_shot (s, n);
    /* the rest of the dissolve is no new dissolve */
    s->dissolve_from = n + 2 * span;
    return;
  }
  window_add (s, d);
  set_anchor (s, n, dx, dy);
  check_keyframe (s, p, f, r);
}

gboolean
vc_shot_decide (VcShot *s, const VcShotParams *p, gboolean now, VcShotResult *r)
{
  guint undecided = vc_shot_n_undecided (s);
  if (undecided == 0 || (!now && undecided <= s->lookahead))
    return FALSE;
  guint64 n = s->n_decided++;
  guint available = MIN (undecided - 1, s->lookahead);
  Frame *f = frame_at (s, n);
  *r = (VcShotResult){ VC_SHOT_NONE, FALSE, 0.0 };
  if (n == 0) {
    start_shot (s, n);
  } else if (f->dim || f->transient) {
    /* nothing to compare */
  } else if (!s->has_anchor) {
    /* the first visible frame of a shot that began dark */
    set_anchor (s, n, 0, 0);
    check_keyframe (s, p, f, r);
  } else {
    decide_visible (s, p, n, available, r);
  }
  return TRUE;
}
