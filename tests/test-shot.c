/* vcolorize tests — scene cuts and keyframes (vc-shot.h); host only (the
 * thumbnails they are found on: test-thumbnail.c).
 *
 * The sequences are made from real pictures (tests/data/shot, see its
 * README): hard cuts between clips and still or panning shots, dissolves,
 * fades through black, camera flashes, fast pans, noise and the clips' own
 * motion. Each cut must be found within a frame of where it is (within a
 * dissolve or fade: between its first and last frame + 1), nothing else may
 * be; precision and recall over all of them are printed. */
#include "vc-colour.h"
#include "vc-shot.h"
#include "vc-test-pgm.h"
#include "vc-thumbnail.h"

#include <math.h>
#include <string.h>

#define W 85
#define H 64
#define N_CLIP 24

typedef struct {
  guint w, h;
  float *v;
} Picture;

static Picture clips[2];  /* vtest, tree: N_CLIP frames each, stacked */
static Picture photos[5]; /* astronaut, chelsea, coffee, rocket, hopper */
static GRand *rng;

/* ---- fixtures ---- */

static Picture
load_picture (const char *name)
{
  Picture p;
  g_autofree guint8 *bytes = vc_test_load_pgm (name, &p.w, &p.h);
  p.v = g_new (float, (gsize) p.w *p.h);
  for (gsize i = 0; i < (gsize) p.w * p.h; i++)
    p.v[i] = bytes[i];
  return p;
}

static const float *
clip_frame (guint clip, guint i)
{
  return clips[clip].v + (gsize) i * W * H;
}

/* ---- sequences ---- */

typedef struct {
  guint first, last; /* a cut is expected at a frame in first - 1 .. last + 1 */
} Cut;

typedef struct {
  char *name;
  GPtrArray *frames; /* float[W * H] each */
  GArray *cuts;
} Sequence;

static Sequence
sequence_init (void)
{
  return (Sequence){ NULL, g_ptr_array_new_with_free_func (g_free),
                     g_array_new (FALSE, FALSE, sizeof (Cut)) };
}

static void
sequence_clear (Sequence *s)
{
  g_free (s->name);
  g_ptr_array_unref (s->frames);
  g_array_unref (s->cuts);
}

static void
sequence_free (Sequence *s)
{
  sequence_clear (s);
  g_free (s);
}

/* A new sequence in ALL, named as printf would. */
static Sequence *G_GNUC_PRINTF (2, 3) new_sequence (GPtrArray *all, const char *format, ...)
{
  Sequence *s = g_new (Sequence, 1);
  *s = sequence_init ();
  va_list args;
  va_start (args, format);
  s->name = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (all, s);
  return s;
}

static void
add (Sequence *s, float *frame)
{
  g_ptr_array_add (s->frames, frame);
}

/* A cut expected between the frames added so far and those added next. */
static void
expect_cut (Sequence *s)
{
  Cut c = { s->frames->len, s->frames->len };
  g_array_append_val (s->cuts, c);
}

static void
expect_transition (Sequence *s, guint first, guint last)
{
  Cut c = { first, last };
  g_array_append_val (s->cuts, c);
}

static double
gaussian (void)
{
  double u = g_rand_double_range (rng, 1e-12, 1.0), v = g_rand_double (rng);
  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

static float *
noisy (const float *src, double noise)
{
  float *f = g_new (float, W *H);
  for (guint i = 0; i < W * H; i++)
    f[i] = src[i] + (float) (noise * gaussian ());
  return f;
}

/* N frames of clip CLIP from frame FIRST, forward then back at its ends. */
static void
add_clip (Sequence *s, guint clip, guint first, guint n)
{
  int i = (int) first, step = 1;
  for (guint k = 0; k < n; k++) {
    add (s, g_memdup2 (clip_frame (clip, (guint) i), W * H * sizeof (float)));
    if (i + step < 0 || i + step >= N_CLIP)
      step = -step;
    i += step;
  }
}

/* The W×H window of photo P at (X, Y), bilinear. */
static float *
crop (const Picture *p, double x, double y)
{
  float *f = g_new (float, W *H);
  int x0 = (int) floor (x), y0 = (int) floor (y);
  float fx = (float) (x - x0), fy = (float) (y - y0);
  g_assert_true (x0 >= 0 && y0 >= 0 && x0 + W < (int) p->w && y0 + H < (int) p->h);
  for (guint j = 0; j < H; j++)
    for (guint i = 0; i < W; i++) {
      const float *a = p->v + (gsize) (y0 + j) * p->w + x0 + i, *b = a + p->w;
      f[j * W + i] = (1 - fy) * ((1 - fx) * a[0] + fx * a[1]) + fy * ((1 - fx) * b[0] + fx * b[1]);
    }
  return f;
}

/* N frames of a still camera on photo P, with noise. */
static void
add_still (Sequence *s, guint p, guint n, double noise)
{
  g_autofree float *still = crop (&photos[p], 5, 5);
  for (guint k = 0; k < n; k++)
    add (s, noisy (still, noise));
}

/* N frames of a camera panning over photo P by (VX, VY) pixels a frame from
 * (X, Y), turning back at its edges; with noise. */
static void
add_pan (Sequence *s, guint p, guint n, double vx, double vy, double x, double y)
{
  const Picture *ph = &photos[p];
  for (guint k = 0; k < n; k++) {
    g_autofree float *f = crop (ph, x, y);
    add (s, noisy (f, 2.0));
    if (x + vx < 0 || x + vx > ph->w - W - 2)
      vx = -vx;
    if (y + vy < 0 || y + vy > ph->h - H - 2)
      vy = -vy;
    x += vx;
    y += vy;
  }
}

/* 20 frames of A, a linear dissolve of N frames from A's next frames into
 * B's first, then 20 more of B (A and B: 20 + N frames each). */
static void
add_dissolve (Sequence *s, Sequence *a, Sequence *b, guint n)
{
  guint first = s->frames->len;
  for (guint k = 0; k < 20; k++)
    add (s, g_memdup2 (g_ptr_array_index (a->frames, k), W * H * sizeof (float)));
  for (guint k = 0; k < n; k++) {
    const float *f = g_ptr_array_index (a->frames, 20 + k), *g = g_ptr_array_index (b->frames, k);
    float t = (k + 1.0f) / (n + 1);
    float *out = g_new (float, W *H);
    for (guint i = 0; i < W * H; i++)
      out[i] = (1 - t) * f[i] + t * g[i];
    add (s, out);
  }
  for (guint k = n; k < n + 20; k++)
    add (s, g_memdup2 (g_ptr_array_index (b->frames, k), W * H * sizeof (float)));
  expect_transition (s, first + 20, first + 20 + n);
  sequence_clear (a);
  sequence_clear (b);
}

/* Scales the N frames from FIRST down to black (OUT) or up from it. */
static void
fade (Sequence *s, guint first, guint n, gboolean out)
{
  for (guint k = 0; k < n; k++) {
    float *f = g_ptr_array_index (s->frames, first + k);
    float g = out ? (n - 1.0f - k) / n : (k + 1.0f) / n;
    for (guint i = 0; i < W * H; i++)
      f[i] *= g;
  }
}

static void
add_black (Sequence *s, guint n)
{
  for (guint k = 0; k < n; k++)
    add (s, g_new0 (float, W *H));
}

/* A camera flash on frame I: brighter, clipped at white. */
static void
flash (Sequence *s, guint i, float gain, float offset)
{
  float *f = g_ptr_array_index (s->frames, i);
  for (guint k = 0; k < W * H; k++)
    f[k] = f[k] * gain + offset;
}

/* The sources the generated sequences join: the two clips (from frame
 * FIRST), still shots of the five photos. */
#define N_SOURCES 7
static const char *source_names[N_SOURCES] = { "people walking", "hand",   "astronaut", "chelsea",
                                               "coffee",         "rocket", "hopper" };

static void
add_source (Sequence *s, guint source, guint first, guint n)
{
  if (source < 2)
    add_clip (s, source, first % N_CLIP, n);
  else
    add_still (s, source - 2, n, 2.0);
}

/* Sequences made the same way for many pairs of sources. */
static void
make_families (GPtrArray *all)
{
  Sequence *s;
  for (guint i = 0; i < N_SOURCES; i++)
    for (guint j = 0; j < N_SOURCES; j++) {
      if (i == j)
        continue;
      s = new_sequence (all, "cut: %s to %s", source_names[i], source_names[j]);
      add_source (s, i, 3 * j, 20);
      expect_cut (s);
      add_source (s, j, 2 * i, 20);
    }
  static const guint lengths[] = { 8, 15, 24, 30, 40 };
  for (guint k = 0; k < G_N_ELEMENTS (lengths); k++)
    for (guint i = 0; i < N_SOURCES; i += 2) {
      guint j = (i + 1 + k) % N_SOURCES, n = lengths[k];
      Sequence a = sequence_init (), b = sequence_init ();
      add_source (&a, i, k, 20 + n);
      add_source (&b, j, 0, n + 20);
      s = new_sequence (all, "dissolve of %u frames: %s to %s", n, source_names[i],
                        source_names[j]);
      add_dissolve (s, &a, &b, n);
    }
  static const guint fades[] = { 4, 10, 20 };
  for (guint k = 0; k < G_N_ELEMENTS (fades); k++)
    for (guint i = 0; i < N_SOURCES; i += 3) {
      guint j = (i + 1 + k) % N_SOURCES, n = fades[k];
      s = new_sequence (all, "fade through black in %u + %u frames: %s to %s", n, n,
                        source_names[i], source_names[j]);
      add_source (s, i, 0, 20 + n);
      fade (s, 20, n, TRUE);
      add_black (s, k);
      add_source (s, j, 0, n + 20);
      fade (s, 20 + n + k, n, FALSE);
      expect_transition (s, 20, 20 + 2 * n + k);
    }
  for (guint i = 0; i < N_SOURCES; i++) {
    s = new_sequence (all, "flashes: %s", source_names[i]);
    add_source (s, i, 0, 40);
    flash (s, 8, 2.5f, 10);
    flash (s, 20, 1.5f, 70);
    flash (s, 30, 1.8f, 40);
    flash (s, 31, 1.6f, 20);
  }
  static const double speeds[][2] = { { 1, 0 }, { 3, 1 }, { 5, 0 }, { 0, 4 }, { 4, 3 } };
  for (guint p = 0; p < G_N_ELEMENTS (photos); p++)
    for (guint k = 0; k < G_N_ELEMENTS (speeds); k++) {
      s = new_sequence (all, "pan of (%g, %g) pixels a frame: %s", speeds[k][0], speeds[k][1],
                        source_names[p + 2]);
      add_pan (s, p, 40, speeds[k][0], speeds[k][1], 1, 1);
    }
}

static GPtrArray *
make_sequences (void)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) sequence_free);
  Sequence *s;
#define NEW(name) (s = new_sequence (all, "%s", name))

  /* hard cuts */
  NEW ("cut clip to clip");
  add_clip (s, 0, 0, 30);
  expect_cut (s);
  add_clip (s, 1, 0, 30);
  NEW ("cut clip to still");
  add_clip (s, 1, 0, 25);
  expect_cut (s);
  add_still (s, 0, 25, 2.0);
  NEW ("cuts between stills");
  add_still (s, 1, 20, 3.0);
  expect_cut (s);
  add_still (s, 2, 20, 3.0);
  expect_cut (s);
  add_still (s, 3, 20, 3.0);
  NEW ("cut pan to pan");
  add_pan (s, 2, 25, 3, 0, 0, 10);
  expect_cut (s);
  add_pan (s, 4, 25, 0, 3, 10, 0);
  NEW ("cut still to clip");
  add_still (s, 3, 20, 2.0);
  expect_cut (s);
  add_clip (s, 0, 5, 20);
  NEW ("cut pan to clip");
  add_pan (s, 1, 20, 2, 1, 0, 0);
  expect_cut (s);
  add_clip (s, 1, 0, 24);
  NEW ("short shots");
  add_still (s, 0, 5, 2.0);
  expect_cut (s);
  add_clip (s, 0, 0, 5);
  expect_cut (s);
  add_still (s, 4, 5, 2.0);
  expect_cut (s);
  add_pan (s, 3, 10, 1, 0, 0, 0);
  NEW ("cut at the third frame");
  add_clip (s, 1, 0, 3);
  expect_cut (s);
  add_still (s, 2, 20, 2.0);

  /* gradual transitions */
  for (guint n = 15; n <= 30; n += 15) {
    NEW (n == 15 ? "dissolve of 15 frames, clip to clip" : "dissolve of 30 frames, clip to clip");
    Sequence a = sequence_init (), b = sequence_init ();
    add_clip (&a, 0, 0, 20 + n);
    add_clip (&b, 1, 0, n + 20);
    add_dissolve (s, &a, &b, n);
  }
  NEW ("dissolve of 20 frames, still to pan");
  {
    Sequence a = sequence_init (), b = sequence_init ();
    add_still (&a, 0, 40, 2.0);
    add_pan (&b, 3, 40, 2, 0, 0, 20);
    add_dissolve (s, &a, &b, 20);
  }
  NEW ("fade through black, clip to clip");
  add_clip (s, 0, 0, 30);
  fade (s, 20, 10, TRUE);
  add_black (s, 5);
  add_clip (s, 1, 0, 30);
  fade (s, 35, 10, FALSE);
  expect_transition (s, 20, 45);
  NEW ("dip to black, still to still");
  add_still (s, 1, 28, 2.0);
  fade (s, 20, 8, TRUE);
  add_still (s, 4, 28, 2.0);
  fade (s, 28, 8, FALSE);
  expect_transition (s, 20, 36);

  /* no cuts */
  NEW ("flashes on a clip");
  add_clip (s, 0, 0, 40);
  flash (s, 15, 1.8f, 40);
  flash (s, 30, 1.8f, 40);
  flash (s, 31, 1.5f, 60);
  NEW ("flashes on a still");
  add_still (s, 2, 40, 2.0);
  flash (s, 10, 2.0f, 30);
  flash (s, 25, 1.8f, 40);
  flash (s, 26, 1.8f, 40);
  NEW ("fast pan");
  add_pan (s, 1, 60, 5, 0, 0, 10);
  NEW ("fast diagonal pan");
  add_pan (s, 3, 60, 3.5, 2.5, 0, 0);
  NEW ("pan that speeds up");
  add_pan (s, 0, 15, 1, 0, 0, 0);
  add_pan (s, 0, 30, 4, 1, 15, 0);
  NEW ("noisy still");
  add_still (s, 4, 60, 5.0);
  NEW ("clip: people walking");
  add_clip (s, 0, 0, 80);
  NEW ("clip: a hand in front of the camera");
  add_clip (s, 1, 0, 80);
  NEW ("fade out and back in");
  add_still (s, 2, 60, 2.0);
  fade (s, 20, 10, TRUE);
  fade (s, 30, 10, FALSE);
#undef NEW
  make_families (all);
  return all;
}

/* ---- running the detector ---- */

/* Frame F (float W×H) as a GRAY8 frame's thumbnail. */
static void
thumbnail (const float *f, float *thumb)
{
  guint8 gray[W * H];
  for (guint i = 0; i < W * H; i++)
    gray[i] = (guint8) CLAMP (lrintf (f[i]), 0, 255);
  VcHostFrame frame = { { gray }, { W } };
  vc_thumbnail_compute (VC_PIXEL_FORMAT_GRAY8, W, H, &frame, thumb, W, H);
}

/* Runs S through a detector of LOOKAHEAD; returns the results of each frame. */
static GArray *
detect (const Sequence *s, guint lookahead, const VcShotParams *params)
{
  g_autoptr (VcShot) shot = vc_shot_new (lookahead);
  GArray *results = g_array_new (FALSE, FALSE, sizeof (VcShotResult));
  float thumb[W * H];
  VcShotResult r;
  for (guint i = 0; i < s->frames->len; i++) {
    thumbnail (g_ptr_array_index (s->frames, i), thumb);
    vc_shot_push (shot, thumb, W, H);
    while (vc_shot_decide (shot, params, FALSE, &r))
      g_array_append_val (results, r);
  }
  while (vc_shot_decide (shot, params, TRUE, &r))
    g_array_append_val (results, r);
  g_assert_cmpuint (results->len, ==, s->frames->len);
  return results;
}

static const VcShotParams default_params = { 3.0, 0.4 };

typedef struct {
  guint true_pos, false_pos, false_neg;
} Score;

/* Matches the cuts found in RESULTS with S's; FAILURES gets what is wrong. */
static Score
score_sequence (const Sequence *s, GArray *results, GString *failures)
{
  Score sc = { 0, 0, 0 };
  g_autofree guint *found = g_new0 (guint, s->cuts->len);
  for (guint i = 0; i < results->len; i++) {
    const VcShotResult *r = &g_array_index (results, VcShotResult, i);
    if (r->event != VC_SHOT_CUT)
      continue;
    gboolean matched = FALSE;
    for (guint c = 0; c < s->cuts->len && !matched; c++) {
      const Cut *cut = &g_array_index (s->cuts, Cut, c);
      if (i + 1 >= cut->first && i <= cut->last + 1 && found[c] == 0) {
        found[c] = i + 1;
        matched = TRUE;
      }
    }
    if (matched) {
      sc.true_pos++;
    } else {
      sc.false_pos++;
      g_string_append_printf (failures, " false cut at %u (score %.1f%s);", i, r->score,
                              r->gradual ? ", dissolve" : "");
    }
  }
  for (guint c = 0; c < s->cuts->len; c++)
    if (!found[c]) {
      sc.false_neg++;
      g_string_append_printf (failures, " missed the cut at %u..%u;",
                              g_array_index (s->cuts, Cut, c).first,
                              g_array_index (s->cuts, Cut, c).last);
    }
  return sc;
}

/* Every sequence through a detector of LOOKAHEAD: prints each one's
 * mistakes and precision / recall over all; returns the names of the
 * sequences with mistakes. */
static GPtrArray *
run_all (guint lookahead)
{
  g_autoptr (GPtrArray) all = make_sequences ();
  Score total = { 0, 0, 0 };
  GPtrArray *failed = g_ptr_array_new_with_free_func (g_free);
  gint64 time = 0;
  guint frames = 0;
  for (guint i = 0; i < all->len; i++) {
    Sequence *s = g_ptr_array_index (all, i);
    gint64 start = g_get_monotonic_time ();
    g_autoptr (GArray) results = detect (s, lookahead, &default_params);
    time += g_get_monotonic_time () - start;
    frames += s->frames->len;
    g_autoptr (GString) failures = g_string_new (NULL);
    Score sc = score_sequence (s, results, failures);
    total.true_pos += sc.true_pos;
    total.false_pos += sc.false_pos;
    total.false_neg += sc.false_neg;
    if (failures->len) {
      g_test_message ("look-ahead %u, %s:%s", lookahead, s->name, failures->str);
      g_ptr_array_add (failed, g_strdup (s->name));
    }
  }
  guint found = total.true_pos + total.false_pos, real = total.true_pos + total.false_neg;
  g_test_message ("look-ahead %u, %u sequences of %u frames (%.3f ms a frame): %u cuts, %u "
                  "found, %u right: precision %.3f, recall %.3f",
                  lookahead, all->len, frames, time / 1000.0 / frames, real, found, total.true_pos,
                  found ? (double) total.true_pos / found : 1.0,
                  real ? (double) total.true_pos / real : 1.0);
  return failed;
}

/* ---- tests ---- */

static void
test_sequences (void)
{
  g_autoptr (GPtrArray) failed = run_all (VC_SHOT_DEFAULT_LOOKAHEAD);
  g_assert_cmpuint (failed->len, ==, 0);
}

/* Without a look-ahead, decided at once: the same but for strong flashes,
 * which look like cuts until the picture comes back. */
static void
test_sequences_causal (void)
{
  g_autoptr (GPtrArray) failed = run_all (0);
  for (guint i = 0; i < failed->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (failed, i), "flashes"));
}

/* The normalised difference ignores brightness, contrast and shifts; the
 * SSIM of a picture to itself is 1. */
static void
test_difference (void)
{
  const Picture *p = &photos[1];
  g_autofree float *a = crop (p, 10, 10);
  g_autofree float *brighter = crop (p, 10, 10);
  g_autofree float *shifted = crop (p, 14, 8);
  g_autofree float *other = crop (&photos[3], 10, 10);
  for (guint i = 0; i < W * H; i++)
    brighter[i] = 0.5f * brighter[i] + 100;
  g_assert_cmpfloat (vc_shot_difference (a, brighter, W, H, 0, NULL, NULL), <, 1e-3);
  int dx, dy;
  g_assert_cmpfloat (vc_shot_difference (a, shifted, W, H, 5, &dx, &dy), <, 0.02);
  g_assert_cmpint (dx, ==, -4);
  g_assert_cmpint (dy, ==, 2);
  g_assert_cmpfloat (vc_shot_difference (a, shifted, W, H, 0, NULL, NULL), >, 0.3);
  g_assert_cmpfloat (vc_shot_difference (a, other, W, H, 3, NULL, NULL), >, VC_SHOT_MIN_CUT);
  g_assert_cmpfloat (fabs (vc_shot_ssim (a, a, W, H) - 1), <, 1e-9);
  g_assert_cmpfloat (vc_shot_ssim (a, other, W, H), <, 0.4);
  /* tiny pictures work too */
  float one = 7, two[2] = { 1, 2 };
  g_assert_cmpfloat (vc_shot_difference (&one, &one, 1, 1, 3, NULL, NULL), ==, 0);
  g_assert_cmpfloat (vc_shot_ssim (two, two, 2, 1), >, 0.99);
}

/* Keyframes: none in a still shot, new ones as a pan moves on, at every
 * frame with a threshold of 1 and none but the first with 0. */
static void
test_keyframes (void)
{
  Sequence still = sequence_init (), pan = sequence_init ();
  add_still (&still, 2, 30, 3.0);
  add_pan (&pan, 1, 60, 3, 0, 0, 10);
  static const VcShotParams thresholds[] = { { 3.0, 0.4 }, { 3.0, 1.0 }, { 3.0, 0.0 } };
  for (guint t = 0; t < G_N_ELEMENTS (thresholds); t++) {
    g_autoptr (GArray) on_still = detect (&still, 2, &thresholds[t]);
    g_autoptr (GArray) on_pan = detect (&pan, 2, &thresholds[t]);
    guint keyframes[2] = { 0, 0 };
    for (guint k = 0; k < 2; k++) {
      GArray *results = k == 0 ? on_still : on_pan;
      for (guint i = 0; i < results->len; i++) {
        const VcShotResult *r = &g_array_index (results, VcShotResult, i);
        g_assert_cmpint (r->event, !=, VC_SHOT_CUT);
        if (r->event == VC_SHOT_KEYFRAME) {
          keyframes[k]++;
          g_assert_cmpfloat (r->score, <, thresholds[t].keyframe_threshold);
        }
      }
    }
    g_test_message ("keyframe threshold %.1f: %u keyframes on a still shot, %u on a pan",
                    thresholds[t].keyframe_threshold, keyframes[0], keyframes[1]);
    if (t == 0) {
      g_assert_cmpuint (keyframes[0], ==, 0);
      g_assert_cmpuint (keyframes[1], >=, 2);
    } else if (t == 1) {
      g_assert_cmpuint (keyframes[0], ==, still.frames->len - 1);
      g_assert_cmpuint (keyframes[1], ==, pan.frames->len - 1);
    } else {
      g_assert_cmpuint (keyframes[0] + keyframes[1], ==, 0);
    }
  }
  sequence_clear (&still);
  sequence_clear (&pan);
}

/* Frames are decided once their look-ahead is there, or when asked; a
 * reset or a new size starts a shot with no event. */
static void
test_lookahead_and_reset (void)
{
  g_autoptr (VcShot) shot = vc_shot_new (3);
  g_assert_cmpuint (vc_shot_lookahead (shot), ==, 3);
  VcShotResult r;
  float thumb[W * H];
  for (guint i = 0; i < 3; i++) {
    thumbnail (clip_frame (0, i), thumb);
    vc_shot_push (shot, thumb, W, H);
    g_assert_false (vc_shot_decide (shot, &default_params, FALSE, &r));
  }
  g_assert_cmpuint (vc_shot_n_undecided (shot), ==, 3);
  thumbnail (clip_frame (0, 3), thumb);
  vc_shot_push (shot, thumb, W, H);
  g_assert_true (vc_shot_decide (shot, &default_params, FALSE, &r));
  g_assert_cmpint (r.event, ==, VC_SHOT_NONE);
  g_assert_false (vc_shot_decide (shot, &default_params, FALSE, &r));
  g_assert_true (vc_shot_decide (shot, &default_params, TRUE, &r));
  g_assert_cmpuint (vc_shot_n_undecided (shot), ==, 2);

  /* a different picture after a reset is no cut */
  vc_shot_reset (shot);
  g_assert_cmpuint (vc_shot_n_undecided (shot), ==, 0);
  g_autofree float *other = crop (&photos[0], 0, 0);
  vc_shot_push (shot, other, W, H);
  g_assert_true (vc_shot_decide (shot, &default_params, TRUE, &r));
  g_assert_cmpint (r.event, ==, VC_SHOT_NONE);
  /* nor one of another size */
  vc_shot_push (shot, other, H, W);
  g_assert_cmpuint (vc_shot_n_undecided (shot), ==, 1);
  g_assert_true (vc_shot_decide (shot, &default_params, TRUE, &r));
  g_assert_cmpint (r.event, ==, VC_SHOT_NONE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (5);
  clips[0] = load_picture ("vtest");
  clips[1] = load_picture ("tree");
  static const char *photo_names[] = { "astronaut", "chelsea", "coffee", "rocket", "hopper" };
  for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
    photos[i] = load_picture (photo_names[i]);
  for (guint i = 0; i < 2; i++) {
    g_assert_cmpuint (clips[i].w, ==, W);
    g_assert_cmpuint (clips[i].h, ==, H * N_CLIP);
  }
  g_test_add_func ("/shot/difference", test_difference);
  g_test_add_func ("/shot/lookahead-and-reset", test_lookahead_and_reset);
  g_test_add_func ("/shot/keyframes", test_keyframes);
  g_test_add_func ("/shot/sequences", test_sequences);
  g_test_add_func ("/shot/sequences-causal", test_sequences_causal);
  int ret = g_test_run ();
  for (guint i = 0; i < 2; i++)
    g_free (clips[i].v);
  for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
    g_free (photos[i].v);
  g_rand_free (rng);
  return ret;
}
