/* vcolorize tests — helpers shared by the element tests. */
#pragma once

#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "vc-frame.h"

G_BEGIN_DECLS

/* g_test_init and gst_init. */
void vc_gst_test_init (int *argc, char ***argv);

/* The model the tests run: a small trained network (tests/data,
 * make_fixtures.py). */
const char *vc_gst_test_model (void);
/* A vcolorize element for tests: that model, a small network, no scene
 * look-ahead, PROPS as for g_object_set (NULL-terminated). */
GstElement *vc_gst_test_element (const char *first_prop, ...) G_GNUC_NULL_TERMINATED;
/* "vcolorize name=c" with that model and a small network, for pipelines. */
const char *vc_gst_test_vcolorize (void);
/* A harness on ELEMENT's sink and src pads with these caps. */
GstHarness *vc_gst_test_harness (GstElement *element, const char *sink_caps, const char *src_caps);

/* The engine's layout of a frame of INFO: GStreamer's planes, matrix and
 * range. */
void vc_gst_test_layout (const GstVideoInfo *info, VcFrameLayout *layout);
/* A frame of INFO whose lightness is a gradient shifted by SEED, gray (no
 * colour), with PTS seed × 40 ms and a duration of 40 ms. */
GstBuffer *vc_gst_test_frame (const GstVideoInfo *info, guint seed);
/* Mean and max |L*(out) - L*(in)| over the input's pixels, comparing the
 * output's columns X0 .. X0 + in width. */
void vc_gst_test_lightness (const GstVideoInfo *in_info, GstBuffer *in,
                            const GstVideoInfo *out_info, GstBuffer *out, guint x0, double *mean,
                            double *max);
/* A flush (start and stop) and a new time segment into H's element. */
void vc_gst_test_flush (GstHarness *h);
/* The caps and video info the harness's sink pad received last. */
void vc_gst_test_output_info (GstHarness *h, GstVideoInfo *info);

/* Writes a W×H picture of videotestsrc's PATTERN through ENCODER
 * ("pngenc", "jpegenc") to a new file in the test's temporary folder. */
char *vc_gst_test_write_image (const char *encoder, guint w, guint h, const char *pattern);
/* A new temporary folder for the test (removed at exit). */
const char *vc_gst_test_tmpdir (void);

/* Collects ELEMENT's bus messages. */
GstBus *vc_gst_test_bus (GstElement *element);
/* The first error on BUS within TIMEOUT seconds (asserts there is one). */
GError *vc_gst_test_pop_error (GstBus *bus, guint timeout);
/* Runs PIPELINE (gst-launch syntax) to EOS or error; returns the error, or
 * NULL at EOS. Fails the test when neither comes within TIMEOUT seconds. */
GError *vc_gst_test_run_pipeline (const char *pipeline, guint timeout);

/* ---- element streams (frames of vc_gst_test_frame: 40 ms apart) ---- */

/* Counts, per pad name, the references the element takes (from its debug
 * log: installs a log function in place of GStreamer's default one). */
void vc_gst_test_watch_reference_changes (void);
void vc_gst_test_reset_reference_changes (void);
guint vc_gst_test_reference_changes (const char *pad);
/* Pushes frames FIRST .. FIRST + N - 1 of INFO into H. */
void vc_gst_test_push_frames (GstHarness *h, const GstVideoInfo *info, guint first, guint n);
/* Pulls N frames and checks their timestamps are frames FIRST.. */
void vc_gst_test_pull_frames (GstHarness *h, guint first, guint n);
/* Pulls H's events up to EOS, which must come. */
void vc_gst_test_pull_eos (GstHarness *h);
/* A harness on a new ref pad (PAD, a name or template) of H's element,
 * with a 32×24 RGBx image of SEED pushed and, if EOS, the end of the
 * stream. */
GstHarness *vc_gst_test_reference_harness (GstHarness *h, const char *pad, guint seed,
                                           gboolean eos);
/* Runs DESCRIPTION (gst-launch syntax, an appsink named "out"), after a
 * flushing seek to 200..400 ms if SEEK, and counts the buffers the appsink
 * gets until EOS; no error may come. */
guint vc_gst_test_count_output (const char *description, gboolean seek);
/* Whether A and B hold the same bytes. */
gboolean vc_gst_test_same_pixels (GstBuffer *a, GstBuffer *b);

G_END_DECLS
