/* vcolorize — GPU time per pass of a command buffer: a timestamp at its
 * start and one after each pass, so that pass i is the interval between
 * timestamps i and i + 1.
 *
 * Timestamps are written at the bottom of the pipe: each one when all the
 * work recorded before it (in this and earlier submissions) has finished.
 * The first one therefore waits for earlier frames, and the passes add up to
 * the command buffer's own time. Passes run back to back, so a pass may
 * start before the previous one's timestamp: what overlaps is counted in
 * the earlier pass. */
#pragma once

#include "vc-colorizer.h"
#include "vk/vc-vk.h"

G_BEGIN_DECLS

typedef struct {
  VcCmd *cmd; /* NULL: not timing */
  int start;  /* the first timestamp, -1 when timestamps are unsupported */
  guint n;
  const char *names[VC_COLORIZER_MAX_PASSES];
  int ends[VC_COLORIZER_MAX_PASSES]; /* the timestamp after each pass */
} VcPassTimer;

/* Starts timing what is recorded next into CMD (recording); CMD NULL turns
 * the timer off: marks then record nothing. */
void vc_pass_timer_begin (VcPassTimer *timer, VcCmd *cmd);
/* Ends the pass NAME (a static string) here. Passes of the same name are
 * added together when read. TIMER may be NULL. */
void vc_pass_timer_mark (VcPassTimer *timer, const char *name);
/* The passes of the last finished submission of the timer's command buffer,
 * in the order they first ran; FALSE when nothing was timed. */
gboolean vc_pass_timer_read (const VcPassTimer *timer, VcColorizerProfile *profile);

G_END_DECLS
