/* vcolorize tests — the reference library: at the first frame of each shot
 * the colorizer picks the library pictures that look most like it and
 * attends to them for the whole shot, exactly as to references set by
 * hand. On the parity model. */
#include "colorizer-private.h"
#include "colorizer-test.h"

#include <string.h>

#define W 48
#define H 32

/* Two shots: frames of a checkerboard, then of a gradient; the library's
 * pictures: each of the two in colour, and a third picture unlike both. */
typedef struct {
  TestFrame frames[6];
  TestFrame checker, gradient, other;
} Shots;

static void
shots_init (Shots *s)
{
  TestFrame checker = make_checkerboard (W, H, 8);
  TestFrame gradient = make_frame (VC_PIXEL_FORMAT_GRAY8, W, H, 0);
  TestFrame stripes = make_checkerboard (W, H, 2);
  for (guint i = 0; i < 6; i++)
    s->frames[i] = make_frame (VC_PIXEL_FORMAT_GRAY8, W, H, 0);
  for (guint i = 0; i < 3; i++)
    memcpy (s->frames[i].bytes, checker.bytes, vc_frame_layout_size (&checker.layout));
  s->checker = coloured (&checker, 30, 20);
  s->gradient = coloured (&gradient, -20, -30);
  s->other = coloured (&stripes, 40, -40);
  clear_each_frame (&checker, &gradient, &stripes, NULL);
}

static void
shots_clear (Shots *s)
{
  clear_frames (s->frames, 6);
  clear_each_frame (&s->checker, &s->gradient, &s->other, NULL);
}

static guint
add_picture (VcColorizer *c, TestFrame *picture)
{
  g_autoptr (GError) error = NULL;
  VcHostFrame h = host_frame (picture);
  VcVideoFormat f = frame_format (picture);
  guint index = G_MAXUINT;
  g_assert_true (vc_colorizer_add_library_picture (c, &f, &h, &index, &error));
  g_assert_no_error (error);
  return index;
}

/* What the colorizer found for a frame: its shot, and whether library
 * pictures were picked for it and which. */
typedef struct {
  VcShotResult shot;
  gboolean picked;
  VcLibraryPicks picks;
} Got;

/* Colorizes FRAME (tag I) and returns the output; *GOT: what it found. */
static GBytes *
colorize_one (VcColorizer *c, TestFrame *frame, guint i, Got *got)
{
  TestFrame out = empty_frame (VC_PIXEL_FORMAT_RGBx, W, H);
  submit (c, frame, i);
  receive_shot (c, &out, i, &got->shot);
  got->picked = vc_colorizer_last_picks (c, &got->picks);
  return g_bytes_new_take (out.bytes, vc_frame_layout_size (&out.layout));
}

/* The colorizers' parameters: KEEP the reference's colours or not (where
 * a frame is a picture's own lightness, keeping gives the picture's colours
 * whatever the network attends to: without it the network's output must be
 * the same too). */
static VcColorizerParams
params_keeping (double keep)
{
  VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  params.keep_reference = keep;
  return params;
}

/* Checks that OUT is FRAME colorized with PARAMS and no reference. */
static void
assert_as_without_library (const VcColorizerParams *params, TestFrame *frame, GBytes *out)
{
  g_autoptr (VcColorizer) none = memory_colorizer (1, 0, params);
  g_autoptr (GBytes) without = colorize (none, frame);
  g_assert_true (g_bytes_equal (out, without));
}

/* Each shot gets its own picture, and its frames come out exactly as with
 * that picture set as the reference; the unrelated picture is never
 * picked. */
static void
library_shots (double keep)
{
  Shots s;
  shots_init (&s);
  VcColorizerParams params = params_keeping (keep);
  g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
  g_assert_cmpuint (add_picture (c, &s.other), ==, 0);
  g_assert_cmpuint (add_picture (c, &s.gradient), ==, 1);
  g_assert_cmpuint (add_picture (c, &s.checker), ==, 2);
  g_assert_cmpuint (vc_colorizer_library_size (c), ==, 3);
  GBytes *outputs[6];
  for (guint i = 0; i < 6; i++) {
    Got got;
    outputs[i] = colorize_one (c, &s.frames[i], i, &got);
    g_assert_cmpint (got.shot.event, ==, i == 3 ? VC_SHOT_CUT : VC_SHOT_NONE);
    /* picked at the first frame of each shot only */
    g_assert_cmpint (got.picked, ==, i == 0 || i == 3);
    if (!got.picked)
      continue;
    g_assert_cmpuint (got.picks.n, ==, 1);
    g_assert_cmpuint (got.picks.index[0], ==, i == 0 ? 2 : 1);
    g_assert_cmpint (got.picks.nearest, ==, (int) got.picks.index[0]);
    g_assert_cmpfloat (got.picks.difference[0], <, 0.1);
  }

  /* the same frames with the shot's picture as the reference, by hand */
  GBytes *want[6];
  g_autoptr (VcColorizer) a = memory_colorizer (1, 0, &params);
  set_reference (a, 7, &s.checker);
  for (guint i = 0; i < 3; i++)
    want[i] = colorize (a, &s.frames[i]);
  g_autoptr (VcColorizer) b = memory_colorizer (1, 0, &params);
  set_reference (b, 7, &s.gradient);
  for (guint i = 3; i < 6; i++)
    want[i] = colorize (b, &s.frames[i]);
  for (guint i = 0; i < 6; i++)
    g_assert_true (g_bytes_equal (outputs[i], want[i]));
  /* and the two shots' colours differ */
  g_assert_false (g_bytes_equal (outputs[2], want[5]));
  unref_outputs (outputs, 6);
  unref_outputs (want, 6);
  shots_clear (&s);
}

static void
test_library_shots (void)
{
  library_shots (-1.0); /* automatic: the pictures' colours kept */
  library_shots (0.0);  /* the network's alone */
}

/* Picks join the references set by hand, in the places they leave free
 * (none when they take all, and again when that changes within a shot);
 * with no picture near enough none is picked, and the frame is colorized
 * as without a library. */
static void
test_library_with_references (void)
{
  Shots s;
  shots_init (&s);
  VcColorizerParams params = params_keeping (0.0);
  g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
  set_reference (c, 3, &s.other);
  add_picture (c, &s.checker);
  Got got;
  g_autoptr (GBytes) out = colorize_one (c, &s.frames[0], 0, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 1);
  g_autoptr (VcColorizer) r = memory_colorizer (1, 0, &params);
  set_reference (r, 3, &s.other);
  set_reference (r, 4, &s.checker);
  g_autoptr (GBytes) want = colorize (r, &s.frames[0]);
  g_assert_true (g_bytes_equal (out, want));

  /* references in every place: no room for a pick */
  g_autoptr (VcColorizer) full = memory_colorizer (1, 0, &params);
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++)
    set_reference (full, i, &s.other);
  add_picture (full, &s.checker);
  g_autoptr (GBytes) crowded = colorize_one (full, &s.frames[0], 0, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 0);
  g_assert_cmpint (got.picks.nearest, ==, 0);
  /* a place freed within the shot: it picks again, and only then */
  g_assert_true (vc_colorizer_remove_reference (full, 5));
  g_autoptr (GBytes) freed = colorize_one (full, &s.frames[1], 1, &got);
  g_assert_cmpint (got.shot.event, ==, VC_SHOT_NONE);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 1);
  g_assert_false (g_bytes_equal (freed, crowded));
  g_autoptr (GBytes) same = colorize_one (full, &s.frames[2], 2, &got);
  g_assert_false (got.picked);
  /* and taken again: the pick is dropped, and said so */
  set_reference (full, 5, &s.other);
  g_autoptr (GBytes) taken = colorize_one (full, &s.frames[2], 3, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 0);

  /* only an unrelated picture in the library */
  g_autoptr (VcColorizer) u = memory_colorizer (1, 0, &params);
  add_picture (u, &s.gradient);
  g_autoptr (GBytes) alone = colorize_one (u, &s.frames[0], 0, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 0);
  g_assert_cmpint (got.picks.nearest, ==, 0);
  g_assert_cmpfloat (got.picks.nearest_difference, >, VC_COLORIZER_LIBRARY_MAX_DIFFERENCE);
  assert_as_without_library (&params, &s.frames[0], alone);
  shots_clear (&s);
}

/* A change of the library or of library_picks picks again at the next
 * frame; an emptied library drops the shot's picks. */
static void
test_library_changes (void)
{
  Shots s;
  shots_init (&s);
  g_autoptr (VcColorizer) c = memory_colorizer (2, 2, NULL);
  Got got;
  g_autoptr (GBytes) o0 = colorize_one (c, &s.frames[0], 0, &got);
  g_assert_false (got.picked); /* no library */
  add_picture (c, &s.gradient);
  g_autoptr (GBytes) o1 = colorize_one (c, &s.frames[1], 1, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 0);
  add_picture (c, &s.checker);
  g_autoptr (GBytes) o2 = colorize_one (c, &s.frames[2], 2, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 1);
  g_assert_cmpuint (got.picks.index[0], ==, 1);
  g_autoptr (GBytes) o3 = colorize_one (c, &s.frames[2], 3, &got);
  g_assert_false (got.picked);
  VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  params.library_picks = 2;
  params.library_max_difference = 4.0;
  vc_colorizer_set_params (c, &params);
  g_autoptr (GBytes) o4 = colorize_one (c, &s.frames[2], 4, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 2);
  g_assert_cmpuint (got.picks.index[0], ==, 1);
  g_assert_cmpuint (got.picks.index[1], ==, 0);
  vc_colorizer_clear_library (c);
  g_assert_cmpuint (vc_colorizer_library_size (c), ==, 0);
  g_autoptr (GBytes) o5 = colorize_one (c, &s.frames[2], 5, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 0);
  g_assert_cmpint (got.picks.nearest, ==, -1);
  g_autoptr (GBytes) o6 = colorize_one (c, &s.frames[2], 6, &got);
  g_assert_false (got.picked);
  /* the same frame colorized with no picture as with none ever */
  g_autoptr (VcColorizer) none = memory_colorizer (1, 0, NULL);
  g_autoptr (GBytes) without = colorize (none, &s.frames[2]);
  g_assert_false (g_bytes_equal (o4, without));
  shots_clear (&s);
}

/* A shot with no picture near enough looks again at each of its
 * keyframes (with keyframe_threshold 1, any frame that changes at all),
 * and only then. */
static void
test_library_keyframes (void)
{
  Shots s;
  shots_init (&s);
  /* the second frame: the first, a block a little brighter */
  for (guint y = 0; y < 8; y++)
    for (guint x = 0; x < 8; x++)
      s.frames[1].bytes[y * s.frames[1].layout.stride[0] + x] += 10;
  for (guint every = 0; every < 2; every++) {
    VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
    params.keyframe_threshold = every ? 1.0 : 0.4;
    params.library_max_difference = 0.0;
    g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
    add_picture (c, &s.checker);
    Got got;
    g_autoptr (GBytes) o0 = colorize_one (c, &s.frames[0], 0, &got);
    g_assert_true (got.picked);
    g_assert_cmpuint (got.picks.n, ==, 0);
    params.library_max_difference = VC_COLORIZER_LIBRARY_MAX_DIFFERENCE;
    vc_colorizer_set_params (c, &params);
    g_autoptr (GBytes) o1 = colorize_one (c, &s.frames[1], 1, &got);
    g_assert_cmpint (got.shot.event, ==, every ? VC_SHOT_KEYFRAME : VC_SHOT_NONE);
    g_assert_cmpint (got.picked, ==, every);
    if (every)
      g_assert_cmpuint (got.picks.n, ==, 1);
  }
  shots_clear (&s);
}

/* A loader for the tests: the pictures of PICTURES by index; those from
 * FAIL_FROM on fail. Counts the loads. */
typedef struct {
  TestFrame *pictures[3];
  guint fail_from;
  guint loads;
} Loader;

static gboolean
load (gpointer user_data, guint index, VcLibraryPicture *picture, GError **error)
{
  Loader *l = user_data;
  l->loads++;
  if (index >= l->fail_from) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "picture %u is gone", index);
    return FALSE;
  }
  TestFrame *p = l->pictures[index];
  picture->format = frame_format (p);
  picture->frame = host_frame (p);
  return TRUE;
}

/* With a loader the library keeps only what frames are compared with, and
 * loads a picture when a shot picks it (once per shot): the frames come
 * out as with the pictures held whole. A picture that does not load is
 * passed over. */
static void
test_library_loader (void)
{
  Shots s;
  shots_init (&s);
  /* shots: checker, gradient, checker again */
  TestFrame frames[9];
  for (guint i = 0; i < 9; i++)
    frames[i] = s.frames[i < 6 ? i : i - 6];
  VcColorizerParams params = params_keeping (0.0);
  Loader loader = { { &s.checker, &s.gradient }, 2, 0 };
  g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
  vc_colorizer_set_library_loader (c, load, &loader);
  add_picture (c, &s.checker);
  add_picture (c, &s.gradient);
  g_autoptr (VcColorizer) whole = memory_colorizer (1, 0, &params);
  add_picture (whole, &s.checker);
  add_picture (whole, &s.gradient);
  for (guint i = 0; i < 9; i++) {
    Got got;
    g_autoptr (GBytes) out = colorize_one (c, &frames[i], i, &got);
    g_autoptr (GBytes) want = colorize_one (whole, &frames[i], i, &got);
    g_assert_true (g_bytes_equal (out, want));
    g_assert_cmpuint (loader.loads, ==, i / 3 + 1);
  }

  /* a loader that fails: nothing picked, as without a library */
  Loader failing = { { &s.checker, &s.gradient }, 0, 0 };
  g_autoptr (VcColorizer) f = memory_colorizer (1, 0, &params);
  vc_colorizer_set_library_loader (f, load, &failing);
  add_picture (f, &s.checker);
  Got got;
  g_autoptr (GBytes) out = colorize_one (f, &s.frames[0], 0, &got);
  g_assert_true (got.picked);
  g_assert_cmpuint (got.picks.n, ==, 0);
  g_assert_cmpuint (failing.loads, ==, 1);
  assert_as_without_library (&params, &s.frames[0], out);
  shots_clear (&s);
}

/* Bad pictures and a full library are errors that change nothing. */
static void
test_library_limits (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (1);
  g_autoptr (GError) error = NULL;
  TestFrame tiny = make_frame (VC_PIXEL_FORMAT_RGBx, 2, 2, 1);
  VcHostFrame h = host_frame (&tiny);
  VcVideoFormat f = video_format (VC_PIXEL_FORMAT_RGBx, 0, 2);
  guint index = 77;
  g_assert_false (vc_colorizer_add_library_picture (c, &f, &h, &index, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (index, ==, 77);
  f = video_format (VC_PIXEL_FORMAT_RGBx, 2, 2);
  for (guint i = 0; i < VC_COLORIZER_MAX_LIBRARY; i++)
    g_assert_cmpuint (add_picture (c, &tiny), ==, i);
  g_assert_false (vc_colorizer_add_library_picture (c, &f, &h, &index, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (vc_colorizer_library_size (c), ==, VC_COLORIZER_MAX_LIBRARY);
  test_frame_clear (&tiny);
}

/* A library being filled grows in place until the streaming thread takes
 * it; the array it took stays as it was. */
static void
test_library_snapshot (void)
{
  g_autoptr (VcColorizer) c = new_colorizer (1);
  TestFrame tiny = make_frame (VC_PIXEL_FORMAT_RGBx, 2, 2, 1);
  for (guint i = 0; i < 3; i++)
    add_picture (c, &tiny);
  guint64 version, later;
  GArray *taken = vc_colorizer_library_snapshot (c, &version);
  g_assert_cmpuint (taken->len, ==, 3);
  VcReference *first = &g_array_index (taken, VcReference, 0);
  g_assert_cmpuint (add_picture (c, &tiny), ==, 3);
  g_assert_cmpuint (add_picture (c, &tiny), ==, 4);
  g_assert_cmpuint (taken->len, ==, 3);
  g_assert_true (first == &g_array_index (taken, VcReference, 0));
  g_assert_nonnull (first->grids[VC_REFERENCE_THUMBNAIL].lightness);
  GArray *now = vc_colorizer_library_snapshot (c, &later);
  g_assert_true (now != taken);
  g_assert_cmpuint (now->len, ==, 5);
  g_assert_cmpuint (later, ==, version + 2);
  g_array_unref (taken);
  g_array_unref (now);
  g_assert_cmpuint (vc_colorizer_library_size (c), ==, 5);
  test_frame_clear (&tiny);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/colorizer/library-shots", test_library_shots);
  g_test_add_func ("/colorizer/library-with-references", test_library_with_references);
  g_test_add_func ("/colorizer/library-changes", test_library_changes);
  g_test_add_func ("/colorizer/library-keyframes", test_library_keyframes);
  g_test_add_func ("/colorizer/library-loader", test_library_loader);
  g_test_add_func ("/colorizer/library-limits", test_library_limits);
  g_test_add_func ("/colorizer/library-snapshot", test_library_snapshot);
  return g_test_run ();
}
