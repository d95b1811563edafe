/* vcolorize tests — the colorizer's temporal memory: used, forgotten at a
 * reset and at a scene cut, replaced at a keyframe, weighed by the temporal
 * strength, carried at full resolution by the temporal smoothing; references changed while frames
 * wait for their look-ahead. On the parity model, with 48×32 gradient frames. */
#include "colorizer-test.h"

/* A scene cut is found (with and without look-ahead) and forgets the
 * memory: the frame after it comes out as from a new colorizer. */
static void
test_scene_cut (void)
{
  TestFrame frames[6];
  gradient_frames (frames, 4);
  frames[4] = make_checkerboard (48, 32, 6);
  frames[5] = make_checkerboard (48, 32, 6);
  g_autoptr (VcColorizer) fresh = memory_colorizer (1, 0, NULL);
  g_autoptr (GBytes) alone = colorize (fresh, &frames[4]);
  for (guint lookahead = 0; lookahead <= 2; lookahead += 2) {
    g_autoptr (VcColorizer) c = memory_colorizer (2, lookahead, NULL);
    GBytes *outputs[6];
    VcShotResult shots[6];
    colorize_all (c, frames, 6, outputs, shots);
    for (guint i = 0; i < 6; i++) {
      g_test_message ("look-ahead %u, frame %u: event %d, score %.2f", lookahead, i, shots[i].event,
                      shots[i].score);
      g_assert_cmpint (shots[i].event, ==, i == 4 ? VC_SHOT_CUT : VC_SHOT_NONE);
    }
    g_assert_cmpfloat (shots[4].score, >, 3.0);
    g_assert_true (g_bytes_equal (outputs[4], alone));
    unref_outputs (outputs, 6);
  }
  clear_frames (frames, 6);
}

/* A keyframe makes the frame the memory's keyframe: with a threshold of 1
 * every frame after the first is one, and from the third frame on (the
 * first that would have attended to an older keyframe) the outputs differ
 * from those with none. */
static void
test_keyframes (void)
{
  TestFrame frames[4];
  gradient_frames (frames, 4);
  GBytes *outputs[2][4];
  for (guint k = 0; k < 2; k++) {
    VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
    params.keyframe_threshold = k;
    g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
    VcShotResult shots[4];
    colorize_all (c, frames, 4, outputs[k], shots);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpint (shots[i].event, ==, k == 1 && i > 0 ? VC_SHOT_KEYFRAME : VC_SHOT_NONE);
  }
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_bytes_equal (outputs[0][i], outputs[1][i]) == (i < 2));
  unref_outputs (outputs[0], 4);
  unref_outputs (outputs[1], 4);
  clear_frames (frames, 4);
}

/* The temporal strength weighs the memory against the references: the first
 * frame (no memory yet) comes out the same whatever it is, the later ones
 * differ, and 0.5 is the network as trained (no bias: the same output as an
 * unbiased recording, checked by test-attention and test-net). */
static void
test_temporal_strength (void)
{
  TestFrame frames[3];
  gradient_frames (frames, 3);
  TestFrame red = coloured (&frames[0], 50, 30);
  static const double strengths[] = { 0.5, 0.0, 1.0 };
  GBytes *outputs[3][3];
  for (guint k = 0; k < 3; k++) {
    VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
    params.temporal_strength = strengths[k];
    g_autoptr (VcColorizer) c = memory_colorizer (1, 0, &params);
    set_reference (c, 1, &red);
    VcShotResult shots[3];
    colorize_all (c, frames, 3, outputs[k], shots);
  }
  for (guint i = 0; i < 3; i++)
    for (guint k = 1; k < 3; k++)
      g_assert_true (g_bytes_equal (outputs[0][i], outputs[k][i]) == (i == 0));
  for (guint k = 0; k < 3; k++)
    unref_outputs (outputs[k], 3);
  clear_frames (frames, 3);
  test_frame_clear (&red);
}

/* The temporal smoothing: a still picture keeps its first frame's colours
 * exactly at strength 1 (two frames in flight: each reads what the one
 * before left), while without it the memory alone changes them. */
static void
test_temporal_smoothing (void)
{
  TestFrame frames[3]; /* the same picture three times */
  for (guint i = 0; i < 3; i++)
    frames[i] = make_frame (VC_PIXEL_FORMAT_GRAY8, 48, 32, 5);
  GBytes *outputs[2][3];
  for (guint k = 0; k < 2; k++) {
    VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
    params.temporal_smoothing = k;
    g_autoptr (VcColorizer) c = memory_colorizer (2, 0, &params);
    VcShotResult shots[3];
    colorize_all (c, frames, 3, outputs[k], shots);
  }
  g_assert_true (g_bytes_equal (outputs[0][0], outputs[1][0]));
  for (guint i = 1; i < 3; i++) {
    g_assert_false (g_bytes_equal (outputs[0][i], outputs[0][0]));
    g_assert_true (g_bytes_equal (outputs[1][i], outputs[1][0]));
  }
  unref_outputs (outputs[0], 3);
  unref_outputs (outputs[1], 3);
  clear_frames (frames, 3);
}

/* A reference set between two frames is used from the second on, however
 * long the frames wait for their look-ahead. */
static void
test_lookahead_references (void)
{
  TestFrame frames[4];
  gradient_frames (frames, 4);
  TestFrame red = coloured (&frames[0], 50, 30);
  GBytes *outputs[2][4];
  for (guint k = 0; k < 2; k++) {
    g_autoptr (VcColorizer) c = memory_colorizer (1, 2 * k, NULL);
    VcShotResult shots[4];
    colorize_all_with (c, frames, 4, 2, &red, outputs[k], shots);
  }
  /* and it changes the output from there */
  g_assert_false (g_bytes_equal (outputs[0][2], outputs[0][1]));
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_bytes_equal (outputs[0][i], outputs[1][i]));
  unref_outputs (outputs[0], 4);
  unref_outputs (outputs[1], 4);
  clear_frames (frames, 4);
  test_frame_clear (&red);
}

/* The temporal memory is used, and forgotten at a reset: after one, a frame
 * comes out as from a new colorizer. */
static void
test_reset_memory (void)
{
  TestFrame frames[4];
  gradient_frames (frames, 4);
  g_autoptr (VcColorizer) fresh = memory_colorizer (1, 0, NULL);
  g_autoptr (GBytes) alone = colorize (fresh, &frames[3]);

  g_autoptr (VcColorizer) c = memory_colorizer (2, 0, NULL);
  for (guint i = 0; i < 3; i++)
    g_bytes_unref (colorize (c, &frames[i]));
  g_autoptr (GBytes) after_memory = colorize (c, &frames[3]);
  vc_colorizer_reset_memory (c);
  g_autoptr (GBytes) after_reset = colorize (c, &frames[3]);
  g_assert_false (g_bytes_equal (after_memory, alone));
  g_assert_true (g_bytes_equal (after_reset, alone));
  clear_frames (frames, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/colorizer/reset-memory", test_reset_memory);
  g_test_add_func ("/colorizer/scene-cut", test_scene_cut);
  g_test_add_func ("/colorizer/keyframes", test_keyframes);
  g_test_add_func ("/colorizer/lookahead-references", test_lookahead_references);
  g_test_add_func ("/colorizer/temporal-strength", test_temporal_strength);
  g_test_add_func ("/colorizer/temporal-smoothing", test_temporal_smoothing);
  return g_test_run ();
}
