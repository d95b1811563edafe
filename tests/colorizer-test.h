/* vcolorize tests — what the colorizer tests share: frames of any format
 * made on the host, a colorizer on the parity model (tests/data), and
 * submitting, receiving and comparing frames. Each function is described
 * where it is defined (colorizer-test.c). */
#pragma once

#include "vc-colorizer.h"
#include "vc-colour.h"

/* A frame of some format with its bytes packed the default way. */
typedef struct {
  VcFrameLayout layout;
  guint8 *bytes;
} TestFrame;

void test_frame_clear (TestFrame *f);
VcHostFrame host_frame (TestFrame *f);
TestFrame make_frame (VcPixelFormat format, guint w, guint h, guint seed);
TestFrame empty_frame (VcPixelFormat format, guint w, guint h);
void compare_lightness (const TestFrame *a, const TestFrame *b, double *mean, double *max);
VcColorizer *new_colorizer_with (guint in_flight, guint lookahead, gboolean profile);
VcColorizer *new_colorizer (guint in_flight);
VcVideoFormat video_format (VcPixelFormat format, guint w, guint h);
VcVideoFormat frame_format (const TestFrame *f);
void configure (VcColorizer *c, VcPixelFormat in, VcPixelFormat out, guint w, guint h, VcView view);
void receive_shot (VcColorizer *c, TestFrame *out, guint expected, VcShotResult *shot);
void receive (VcColorizer *c, TestFrame *out, guint expected);
void submit (VcColorizer *c, TestFrame *in, guint index);
TestFrame coloured (const TestFrame *frame, float a, float b);
GBytes *colorize (VcColorizer *c, TestFrame *frame);
void set_reference (VcColorizer *c, guint key, TestFrame *ref);
void colorize_all_with (VcColorizer *c, TestFrame *frames, guint n, guint at, TestFrame *ref,
                        GBytes **outputs, VcShotResult *shots);
void colorize_all (VcColorizer *c, TestFrame *frames, guint n, GBytes **outputs,
                   VcShotResult *shots);
TestFrame make_checkerboard (guint w, guint h, guint size);
void gradient_frames (TestFrame *frames, guint n);
void clear_frames (TestFrame *frames, guint n);
void clear_each_frame (TestFrame *first, ...) G_GNUC_NULL_TERMINATED;
gboolean same_frames (const TestFrame *a, const TestFrame *b);
void unref_outputs (GBytes **outputs, guint n);
VcColorizer *memory_colorizer (guint in_flight, guint lookahead, const VcColorizerParams *params);
