/* vcolorize tests — picking library pictures for a shot (vc-library.h), on
 * the host: the area resampling, and the ranking of pictures by their
 * difference to a frame. */
#include "vc-colour.h"
#include "vc-library.h"
#include "vc-shot.h"
#include "vc-thumbnail.h"
#include "vc-test.h"

#include <math.h>
#include <stdlib.h>

static void
test_resample (void)
{
  /* 4×2 → 2×1: means of 2×2 boxes */
  const float src[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  float dst[2];
  vc_thumbnail_resample (src, 4, 2, dst, 2, 1);
  g_assert_cmpfloat_with_epsilon (dst[0], (1 + 2 + 5 + 6) / 4.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (dst[1], (3 + 4 + 7 + 8) / 4.0f, 1e-6);
  /* 3 → 2: the middle value is shared half and half */
  const float row[] = { 0, 6, 12 };
  vc_thumbnail_resample (row, 3, 1, dst, 2, 1);
  g_assert_cmpfloat_with_epsilon (dst[0], (0 * 1.0f + 6 * 0.5f) / 1.5f, 1e-5);
  g_assert_cmpfloat_with_epsilon (dst[1], (6 * 0.5f + 12 * 1.0f) / 1.5f, 1e-5);
  /* 2 → 3 (upscaling): the middle value straddles both */
  const float two[] = { 0, 9 };
  float three[3];
  vc_thumbnail_resample (two, 2, 1, three, 3, 1);
  g_assert_cmpfloat_with_epsilon (three[0], 0.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (three[1], 4.5f, 1e-5);
  g_assert_cmpfloat_with_epsilon (three[2], 9.0f, 1e-6);
  /* the same size: a copy; a constant stays constant at any size */
  float same[8];
  vc_thumbnail_resample (src, 4, 2, same, 4, 2);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpfloat (same[i], ==, src[i]);
  float flat[35], out[6 * 11];
  for (guint i = 0; i < 35; i++)
    flat[i] = 42.0f;
  vc_thumbnail_resample (flat, 7, 5, out, 11, 6);
  for (guint i = 0; i < 66; i++)
    g_assert_cmpfloat_with_epsilon (out[i], 42.0f, 1e-4);
}

/* A W×H picture of L* = TEXTURE(x + SHIFT, y) × CONTRAST + BRIGHTNESS and a
 * flat colour, as a reference. */
typedef double (*Texture) (double x, double y);

static double
waves (double x, double y)
{
  return 50.0 + 25.0 * sin (x / 7.0) * cos (y / 5.0);
}

static double
blocks (double x, double y)
{
  return ((int) (x / 24) + (int) (y / 16)) % 2 ? 70.0 : 30.0;
}

static double
ramp (double x, double y)
{
  return 20.0 + 60.0 * (0.3 * x / 320.0 + 0.7 * y / 180.0);
}

static void
picture (VcReference *r, Texture texture, guint w, guint h, double shift, double contrast,
         double brightness)
{
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_RGBx, w, h);
  g_autofree guint8 *bytes = g_malloc0 (vc_frame_layout_size (&layout));
  g_autofree float *l = g_new (float, (gsize) w *h);
  g_autofree float *ab = g_new (float, 2 * (gsize) w * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++) {
      double v = (texture (x + shift, y) - 50.0) * contrast + 50.0 + brightness;
      l[y * w + x] = (float) CLAMP (v, 5.0, 95.0);
      ab[y * w + x] = 10.0f;
      ab[(gsize) w * h + y * w + x] = -10.0f;
    }
  vc_pack_ref (&layout, l, ab, bytes);
  VcHostFrame frame = { { bytes }, { layout.stride[0] } };
  g_autoptr (GError) error = NULL;
  g_assert_true (vc_reference_init (r, &layout, &frame, &error));
  g_assert_no_error (error);
  r->used = TRUE;
}

/* The frame's L* thumbnail, as the colorizer takes it. */
static const float *
thumbnail (const VcReference *r, guint *w, guint *h)
{
  const VcLightnessGrid *g = &r->grids[VC_REFERENCE_THUMBNAIL];
  *w = g->width;
  *h = g->height;
  return g_bytes_get_data (g->lightness, NULL);
}

static void
test_pick (void)
{
  /* the frame: waves at 320×180 */
  VcReference frame;
  picture (&frame, waves, 320, 180, 0, 1, 0);
  guint w, h;
  const float *thumb = thumbnail (&frame, &w, &h);

  enum { BLOCKS, SAME_SHOT, RAMP, OTHER_ASPECT, N };
  VcReference lib[N];
  picture (&lib[BLOCKS], blocks, 320, 180, 0, 1, 0);
  /* the same scene, the camera moved a little, darker and flatter: a
   * colourised still of the shot */
  picture (&lib[SAME_SHOT], waves, 320, 180, 6, 0.7, -8);
  picture (&lib[RAMP], ramp, 320, 180, 0, 1, 0);
  /* the same scene at 4:3, stretched to compare */
  picture (&lib[OTHER_ASPECT], waves, 240, 180, 0, 1, 0);

  VcLibraryPicks picks;
  vc_library_pick (thumb, w, h, lib, N, 8, 0.45, &picks);
  g_assert_cmpint (picks.nearest, ==, SAME_SHOT);
  g_assert_cmpfloat (picks.nearest_difference, ==, picks.difference[0]);
  g_assert_cmpfloat (picks.nearest_difference, <, 0.2);
  g_assert_cmpuint (picks.n, ==, 1);
  g_assert_cmpuint (picks.index[0], ==, SAME_SHOT);

  /* everything, nearest first */
  vc_library_pick (thumb, w, h, lib, N, 8, 4.0, &picks);
  g_assert_cmpuint (picks.n, ==, N);
  g_assert_cmpuint (picks.index[0], ==, SAME_SHOT);
  for (guint i = 1; i < N; i++) {
    g_assert_cmpfloat (picks.difference[i - 1], <=, picks.difference[i]);
    if (picks.index[i] == BLOCKS || picks.index[i] == RAMP)
      g_assert_cmpfloat (picks.difference[i], >, 0.45);
  }
  /* at most MAX_PICKS */
  vc_library_pick (thumb, w, h, lib, N, 2, 4.0, &picks);
  g_assert_cmpuint (picks.n, ==, 2);
  vc_library_pick (thumb, w, h, lib, N, 0, 4.0, &picks);
  g_assert_cmpuint (picks.n, ==, 0);
  g_assert_cmpint (picks.nearest, ==, SAME_SHOT);
  /* none near enough: none picked, the nearest still told */
  vc_library_pick (thumb, w, h, lib, N, 8, picks.nearest_difference, &picks);
  g_assert_cmpuint (picks.n, ==, 0);
  g_assert_cmpint (picks.nearest, ==, SAME_SHOT);
  /* only unrelated pictures */
  vc_library_pick (thumb, w, h, &lib[BLOCKS], 1, 8, 0.45, &picks);
  g_assert_cmpuint (picks.n, ==, 0);
  g_assert_cmpint (picks.nearest, ==, 0);
  /* ties go to the lower index */
  VcReference twice[2] = { lib[RAMP], lib[RAMP] };
  vc_library_pick (thumb, w, h, twice, 2, 8, 4.0, &picks);
  g_assert_cmpuint (picks.index[0], ==, 0);
  g_assert_cmpuint (picks.index[1], ==, 1);
  /* an empty library */
  vc_library_pick (thumb, w, h, NULL, 0, 8, 4.0, &picks);
  g_assert_cmpuint (picks.n, ==, 0);
  g_assert_cmpint (picks.nearest, ==, -1);
  g_assert_cmpfloat (picks.nearest_difference, ==, G_MAXDOUBLE);
  /* a frame of a single pixel, and a flat one, are compared too */
  float one = 50.0f;
  vc_library_pick (&one, 1, 1, lib, N, 8, 4.0, &picks);
  g_assert_cmpuint (picks.n, ==, N);

  for (guint i = 0; i < N; i++)
    vc_reference_clear (&lib[i]);
  vc_reference_clear (&frame);
}

static gint
by_difference (gconstpointer a, gconstpointer b)
{
  const double *da = a, *db = b;
  if (da[0] != db[0])
    return da[0] < db[0] ? -1 : 1;
  return da[1] < db[1] ? -1 : da[1] > db[1];
}

/* The picks as every picture's whole difference ranks them: what the
 * search, which leaves a picture once it cannot matter, must give. */
static void
pick_all (const float *frame, guint w, guint h, const VcReference *pictures, guint n,
          guint max_picks, double max_difference, VcLibraryPicks *picks)
{
  guint hw = MAX (w / 2, 1), hh = MAX (h / 2, 1);
  g_autofree float *small = g_new (float, hw *hh);
  g_autofree float *other = g_new (float, hw *hh);
  g_autofree double *ranked = g_new (double, 2 * n); /* difference, index */
  vc_thumbnail_resample (frame, w, h, small, hw, hh);
  for (guint i = 0; i < n; i++) {
    const VcLightnessGrid *g = &pictures[i].grids[VC_REFERENCE_THUMBNAIL];
    vc_thumbnail_resample (g_bytes_get_data (g->lightness, NULL), g->width, g->height, other, hw,
                           hh);
    ranked[2 * i] = vc_shot_difference (small, other, hw, hh, VC_SHOT_SEARCH, NULL, NULL);
    ranked[2 * i + 1] = i;
  }
  qsort (ranked, n, 2 * sizeof *ranked, by_difference);
  *picks = (VcLibraryPicks){ .nearest = (int) ranked[1], .nearest_difference = ranked[0] };
  for (guint i = 0; i < n && picks->n < max_picks && ranked[2 * i] < max_difference; i++) {
    picks->index[picks->n] = (guint) ranked[2 * i + 1];
    picks->difference[picks->n++] = ranked[2 * i];
  }
}

/* A library of moved, brighter or flatter copies of three scenes (and the
 * same picture more than once: ties): the picks are exactly those of
 * ranking every picture, for every number of picks and every bound. */
static void
test_pick_search (void)
{
  const Texture textures[] = { waves, blocks, ramp };
  enum { N = 36 };
  VcReference lib[N];
  GRand *rand = g_rand_new_with_seed (7);
  for (guint i = 0; i < N; i++) {
    if (i % 9 == 8) { /* a copy of the picture before */
      vc_reference_copy (&lib[i], &lib[i - 1]);
      continue;
    }
    picture (&lib[i], textures[i % 3], 320, 180, g_rand_double_range (rand, 0, 40),
             g_rand_double_range (rand, 0.3, 1.5), g_rand_double_range (rand, -20, 20));
  }
  for (guint f = 0; f < 3; f++) {
    VcReference frame;
    picture (&frame, textures[f], 320, 180, 10, 1, 0);
    guint w, h;
    const float *thumb = thumbnail (&frame, &w, &h);
    const guint counts[] = { 0, 1, 3, 8 };
    const double bounds[] = { 0.05, 0.2, 0.45, 0.9, 4.0 };
    for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
      for (guint b = 0; b < G_N_ELEMENTS (bounds); b++) {
        VcLibraryPicks got, want;
        vc_library_pick (thumb, w, h, lib, N, counts[c], bounds[b], &got);
        pick_all (thumb, w, h, lib, N, counts[c], bounds[b], &want);
        g_assert_cmpint (got.nearest, ==, want.nearest);
        g_assert_cmpfloat (got.nearest_difference, ==, want.nearest_difference);
        g_assert_cmpuint (got.n, ==, want.n);
        for (guint i = 0; i < want.n; i++) {
          g_assert_cmpuint (got.index[i], ==, want.index[i]);
          g_assert_cmpfloat (got.difference[i], ==, want.difference[i]);
        }
      }
    vc_reference_clear (&frame);
  }
  for (guint i = 0; i < N; i++)
    vc_reference_clear (&lib[i]);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/library/resample", test_resample);
  g_test_add_func ("/library/pick", test_pick);
  g_test_add_func ("/library/pick-search", test_pick_search);
  return g_test_run ();
}
