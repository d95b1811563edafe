/* vcolorize — GPU time per pass of a command buffer. */
#include "vc-passes.h"

#include <string.h>

void
vc_pass_timer_begin (VcPassTimer *timer, VcCmd *cmd)
{
  *timer = (VcPassTimer){ .cmd = cmd, .start = -1 };
  if (cmd)
    timer->start = vc_cmd_timestamp (cmd);
}

void
vc_pass_timer_mark (VcPassTimer *timer, const char *name)
{
  if (!timer || !timer->cmd || timer->start < 0 || timer->n >= VC_COLORIZER_MAX_PASSES)
    return;
  int slot = vc_cmd_timestamp (timer->cmd);
  if (slot < 0)
    return;
  timer->names[timer->n] = name;
  timer->ends[timer->n++] = slot;
}

gboolean
vc_pass_timer_read (const VcPassTimer *timer, VcColorizerProfile *profile)
{
  memset (profile, 0, sizeof *profile);
  if (!timer->cmd || timer->start < 0 || timer->n == 0)
    return FALSE;
  int from = timer->start;
  for (guint i = 0; i < timer->n; i++) {
    double ns = vc_cmd_elapsed_ns (timer->cmd, from, timer->ends[i]);
    if (ns < 0)
      return FALSE;
    from = timer->ends[i];
    guint k = 0;
    while (k < profile->n_passes && strcmp (profile->passes[k].name, timer->names[i]) != 0)
      k++;
    if (k == profile->n_passes)
      profile->passes[profile->n_passes++].name = timer->names[i];
    profile->passes[k].ms += ns / 1e6;
    profile->total_ms += ns / 1e6;
  }
  return TRUE;
}
