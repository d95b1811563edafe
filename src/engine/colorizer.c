/* vcolorize — the colorizer: frames in, colour frames out. */
#include "colorizer-private.h"

#include "vc-host-frame.h"
#include "vc-thumbnail.h"

#include <math.h>
#include <string.h>

VcColorizer *
vc_colorizer_new (const VcColorizerOptions *options, GError **error)
{
  if (options->frames_in_flight < 1 || options->frames_in_flight > VC_COLORIZER_MAX_IN_FLIGHT) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "frames in flight must be 1 to %d, not %u", VC_COLORIZER_MAX_IN_FLIGHT,
                 options->frames_in_flight);
    return NULL;
  }
  if (options->scene_lookahead > VC_SHOT_MAX_LOOKAHEAD) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "the scene look-ahead must be 0 to %d frames, not %u", VC_SHOT_MAX_LOOKAHEAD,
                 options->scene_lookahead);
    return NULL;
  }
  if (!options->model_path) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "no model file given");
    return NULL;
  }
  if (options->network_size < VC_COLORIZER_MIN_NETWORK_SIZE ||
      options->network_size > VC_COLORIZER_MAX_NETWORK_SIZE) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "network size must be %d to %d, not %u", VC_COLORIZER_MIN_NETWORK_SIZE,
                 VC_COLORIZER_MAX_NETWORK_SIZE, options->network_size);
    return NULL;
  }
  VcColorizer *c = g_new0 (VcColorizer, 1);
  c->options = *options;
  c->model_path = g_strdup (options->model_path);
  c->options.model_path = c->model_path;
  c->params = (VcColorizerParams) VC_COLORIZER_PARAMS_INIT;
  c->next_generation = 1;
  c->n_slots = options->frames_in_flight + options->scene_lookahead;
  c->shot = vc_shot_new (options->scene_lookahead);
  g_mutex_init (&c->lock);

  VcDeviceOptions dev_options = VC_DEVICE_OPTIONS_INIT;
  dev_options.index = options->device_index;
  if (!(c->dev = vc_device_new (&dev_options, error)) ||
      !(c->net =
            vc_colorizer_net_new (c->dev, c->model_path, VC_COLORIZER_MAX_REFERENCES, error))) {
    vc_colorizer_free (c);
    return NULL;
  }
  c->inputs = vc_frame_pool_new (c->dev);
  c->outputs = vc_frame_pool_new (c->dev);
  return c;
}

/* Gives back the frame buffers frames were copied into. */
static void
release_staging (VcColorizer *c)
{
  for (guint i = 0; i < VC_COLORIZER_MAX_SLOTS; i++)
    g_clear_pointer (&c->staging[i], vc_frame_buffer_release);
}

void
vc_colorizer_free (VcColorizer *c)
{
  if (!c)
    return;
  vc_colorizer_discard (c);
  release_staging (c);
  vc_frame_pool_unref (c->inputs); /* each goes with the last of its frames out */
  vc_frame_pool_unref (c->outputs);
  vc_plan_free (c->plan);
  vc_colorizer_net_free (c->net);
  vc_device_free (c->dev);
  vc_shot_free (c->shot);
  g_free (c->thumbnail);
  for (guint i = 0; i < VC_COLORIZER_MAX_SLOTS; i++) {
    g_free (c->slot_lightness[i]);
    g_free (c->slot_points[i]);
  }
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++)
    vc_reference_clear (&c->refs[i]);
  vc_colorizer_library_free (c);
  vc_colorizer_hints_free (c);
  g_mutex_clear (&c->lock);
  g_free (c->model_path);
  g_free (c);
}

const char *
vc_colorizer_device_name (const VcColorizer *c)
{
  return vc_device_name (c->dev);
}

gboolean
vc_colorizer_preprocesses (const VcColorizer *c)
{
  return vc_colorizer_net_preprocesses (c->net);
}

void
vc_colorizer_set_params (VcColorizer *c, const VcColorizerParams *params)
{
  g_mutex_lock (&c->lock);
  c->params = *params;
  g_mutex_unlock (&c->lock);
}

void
vc_colorizer_get_params (VcColorizer *c, VcColorizerParams *params)
{
  g_mutex_lock (&c->lock);
  *params = c->params;
  g_mutex_unlock (&c->lock);
}

static guint
round_to_align (double v)
{
  guint a = VC_COLORIZER_NETWORK_ALIGN;
  guint r = (guint) (v / a + 0.5) * a;
  return MAX (r, a);
}

void
vc_colorizer_network_resolution (guint network_size, guint width, guint height, guint *net_width,
                                 guint *net_height)
{
  guint in_short = MIN (width, height), in_long = MAX (width, height);
  guint a = VC_COLORIZER_NETWORK_ALIGN;
  guint short_side = MAX (network_size / a * a, a);
  double long_side = (double) short_side * in_long / MAX (in_short, 1);
  guint long_aligned = MIN (round_to_align (long_side), short_side * VC_COLORIZER_MAX_ASPECT);
  *net_width = width >= height ? long_aligned : short_side;
  *net_height = width >= height ? short_side : long_aligned;
}

void
vc_colorizer_output_size (VcView view, guint width, guint height, guint *out_width,
                          guint *out_height)
{
  *out_width = view == VC_VIEW_SIDE_BY_SIDE ? 2 * width : width;
  *out_height = height;
}

void
vc_colorizer_layout_from_format (VcFrameLayout *layout, const VcVideoFormat *f, guint width)
{
  vc_frame_layout_init (layout, f->format, width, f->height);
  if (vc_pixel_format_info (f->format)->model == VC_COLOUR_YUV) {
    layout->matrix = f->matrix;
    layout->full_range = f->full_range;
    layout->interlaced = f->interlaced;
  }
}

static gboolean
check_formats (const VcVideoFormat *in, const VcVideoFormat *out, VcView view, GError **error)
{
  const VcPixelFormatInfo *in_info = vc_pixel_format_info (in->format);
  const VcPixelFormatInfo *out_info = vc_pixel_format_info (out->format);
  guint ow, oh;
  vc_colorizer_output_size (view, in->width, in->height, &ow, &oh);
  if (!in_info || !out_info) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "unknown pixel format");
    return FALSE;
  }
  if (out_info->model == VC_COLOUR_GRAY) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "the output format must be a colour format, not %s", out_info->name);
    return FALSE;
  }
  if (out->width != ow || out->height != oh) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "the output of a %u×%u input must be %u×%u, not %u×%u", in->width, in->height, ow,
                 oh, out->width, out->height);
    return FALSE;
  }
  return TRUE;
}

gboolean
vc_colorizer_configure (VcColorizer *c, const VcVideoFormat *input, const VcVideoFormat *output,
                        VcView view, GError **error)
{
  g_return_val_if_fail (c->n_in_flight == 0, FALSE);
  if (!check_formats (input, output, view, error))
    return FALSE;
  release_staging (c); /* of the old input format */
  VcPlanDesc d = {
    .view = view,
    .n_slots = c->n_slots,
    .profile = c->options.profile,
  };
  vc_colorizer_layout_from_format (&d.input, input, input->width);
  vc_colorizer_layout_from_format (&d.output, output, output->width);
  vc_colorizer_network_resolution (c->options.network_size, input->width, input->height,
                                   &d.net_width, &d.net_height);

  const VcPlanDesc *old = c->plan ? vc_plan_desc (c->plan) : NULL;
  gboolean new_net = !old || old->net_width != d.net_width || old->net_height != d.net_height;
  vc_plan_free (g_steal_pointer (&c->plan));
  c->has_profile = FALSE;
  /* a new format is a new shot */
  c->memory = MEMORY_EMPTY;
  c->shot_hinted = FALSE;
  vc_shot_reset (c->shot);
  vc_thumbnail_size (input->width, input->height, &c->thumb_width, &c->thumb_height);
  c->thumbnail = g_renew (float, c->thumbnail, (gsize) c->thumb_width * c->thumb_height);
  vc_thumbnail_points_size (input->width, input->height, &c->points_width, &c->points_height);
  for (guint i = 0; i < c->n_slots; i++) {
    c->slot_lightness[i] =
        g_renew (float, c->slot_lightness[i], (gsize) c->thumb_width * c->thumb_height);
    c->slot_points[i] =
        g_renew (float, c->slot_points[i], (gsize) c->points_width * c->points_height);
  }
  c->has_picks = c->has_last_picks = FALSE;
  /* the hints too */
  c->hints_applied = G_MAXUINT64;
  /* the full-resolution copies of the references were the old plan's */
  memset (c->encoded_full, 0, sizeof c->encoded_full);
  if (new_net) {
    /* the network forgets its encoded references */
    memset (c->encoded, 0, sizeof c->encoded);
    c->n_encoded = 0;
    if (!vc_colorizer_net_configure (c->net, d.net_width, d.net_height, error))
      return FALSE;
  }
  if (!(c->plan = vc_plan_new (c->dev, c->net, &d, error)))
    return FALSE;
  c->input = *input;
  c->output = *output;
  c->first = 0;
  return TRUE;
}

gboolean
vc_colorizer_is_configured (const VcColorizer *c)
{
  return c->plan != NULL;
}

const VcFrameLayout *
vc_colorizer_output_layout (const VcColorizer *c)
{
  return c->plan ? &vc_plan_desc (c->plan)->output : NULL;
}

void
vc_colorizer_reset_memory (VcColorizer *c)
{
  g_mutex_lock (&c->lock);
  c->reset_memory = TRUE;
  g_mutex_unlock (&c->lock);
}

/* ---- frames ---- */

guint
vc_colorizer_n_in_flight (const VcColorizer *c)
{
  return c->n_in_flight;
}

gboolean
vc_colorizer_is_full (const VcColorizer *c)
{
  return c->n_in_flight == c->n_slots;
}

gpointer
vc_colorizer_oldest_tag (const VcColorizer *c)
{
  return c->n_in_flight > 0 ? c->slots[c->first].tag : NULL;
}

static guint
slot_index (const VcColorizer *c, guint i)
{
  return (c->first + i) % c->n_slots;
}

/* Gives back the slot's output frame buffer and forgets its input. */
static void
slot_release_buffers (Slot *slot)
{
  slot->input = NULL;
  g_clear_pointer (&slot->output, vc_frame_buffer_release);
}

/* Picks the library pictures for the shot SLOT (at INDEX) starts, if it
 * starts one: its first frame, or the first after the library or the
 * number of picks changed (library_picks, or the places the references
 * leave); and while a shot has none, at each of its keyframes. */
static void
pick_library (VcColorizer *c, guint index, Slot *slot)
{
  g_mutex_lock (&c->lock);
  guint count = c->params.library_picks;
  double max_difference = c->params.library_max_difference;
  g_mutex_unlock (&c->lock);
  /* the references set by hand come first: so many places are left (and
   * the shot picks again when that changes how many it may have) */
  guint free_places = VC_COLORIZER_MAX_REFERENCES;
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++)
    free_places -= slot->refs[i].used;
  count = MIN (count, free_places);
  guint64 version;
  g_autoptr (GArray) library = vc_colorizer_library_snapshot (c, &version);
  gboolean again = !c->has_picks || slot->new_shot || slot->shot.event == VC_SHOT_CUT ||
                   version != c->picked_version || count != c->picked_count ||
                   (c->picks.n == 0 && slot->shot.event == VC_SHOT_KEYFRAME);
  /* a library added after the frame came: the next frame picks */
  if (!again || (library->len > 0 && !slot->has_lightness))
    return;
  VcLibraryPicks picks;
  vc_library_pick (c->slot_lightness[index], c->thumb_width, c->thumb_height,
                   (const VcReference *) library->data, library->len, count, max_difference,
                   &picks);
  /* reported where there is a library, or where the shot's picks went */
  slot->picked = library->len > 0 || (c->has_picks && c->picks.n > 0);
  /* the pictures whole: those the shot before had already, the others
   * loaded (a picture that does not load is passed over) */
  VcReference picked[VC_COLORIZER_MAX_REFERENCES] = { 0 };
  guint n = 0;
  for (guint i = 0; i < picks.n; i++) {
    const VcReference *entry = &g_array_index (library, VcReference, picks.index[i]);
    gboolean had = FALSE;
    for (guint j = 0; j < c->picks.n && !had; j++)
      if ((had = c->picked[j].generation == entry->generation))
        vc_reference_copy (&picked[n], &c->picked[j]);
    g_autoptr (GError) error = NULL;
    if (!had && !vc_colorizer_load_library_picture (c, entry, &picked[n], &error)) {
      g_debug ("library picture %u passed over: %s", picks.index[i], error->message);
      continue;
    }
    picks.index[n] = picks.index[i];
    picks.difference[n++] = picks.difference[i];
  }
  picks.n = n;
  slot->picks = picks;
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++) {
    vc_reference_clear (&c->picked[i]);
    c->picked[i] = picked[i];
  }
  c->picks = picks;
  c->has_picks = TRUE;
  c->picked_version = version;
  c->picked_count = count;
}

/* Adds the shot's library pictures to the references SLOT attends to, in
 * the places the references leave free. */
static void
add_picked (VcColorizer *c, Slot *slot)
{
  guint place = 0;
  for (guint p = 0; p < c->picks.n; p++) {
    while (place < VC_COLORIZER_MAX_REFERENCES && slot->refs[place].used)
      place++;
    if (place == VC_COLORIZER_MAX_REFERENCES)
      break;
    vc_reference_copy (&slot->refs[place], &c->picked[p]);
  }
}

/* How SLOT's frame (at INDEX) lines up with the references it attends to:
 * for the automatic locality and keeping a reference's colours. */
static void
match_references (VcColorizer *c, guint index, Slot *slot)
{
  if (slot->has_lightness)
    vc_reference_best_match (slot->refs, VC_COLORIZER_MAX_REFERENCES, VC_REFERENCE_THUMBNAIL,
                             c->slot_lightness[index], c->thumb_width, c->thumb_height,
                             VC_COLORIZER_ALIGNED_TOLERANCE, &slot->aligned);
  if (slot->has_points)
    slot->still_ref = vc_reference_best_match (
        slot->refs, VC_COLORIZER_MAX_REFERENCES, VC_REFERENCE_POINTS, c->slot_points[index],
        c->points_width, c->points_height, VC_COLORIZER_STILL_TOLERANCE, &slot->still);
}

/* Submits the oldest waiting frame to the GPU with SHOT found for it. */
static gboolean
submit_waiting (VcColorizer *c, const VcShotResult *shot, GError **error)
{
  guint index = slot_index (c, c->n_in_flight - c->n_waiting);
  Slot *slot = &c->slots[index];
  c->n_waiting--;
  slot->shot = *shot;
  pick_library (c, index, slot);
  add_picked (c, slot);
  match_references (c, index, slot);
  guint n_refs;
  VcPlanFrame frame;
  gboolean ok = vc_colorizer_update_references (c, slot->refs, &n_refs, error);
  vc_colorizer_release_references (slot->refs);
  if (ok && (ok = vc_colorizer_apply_hints (c, error))) {
    vc_colorizer_next_frame (c, n_refs, slot, &frame);
    ok = (slot->output = vc_frame_pool_acquire_like (c->outputs, &vc_plan_desc (c->plan)->output,
                                                     c->last_output[index], error)) &&
         vc_plan_submit (c->plan, index, &frame, slot->input, slot->output, error);
    if (slot->output)
      c->last_output[index] = vc_frame_buffer_id (slot->output);
  }
  if (!ok) {
    g_clear_pointer (&slot->output, vc_frame_buffer_release);
    /* the memory did not take this frame, nor do the next ones get it */
    slot->state = SLOT_FAILED;
    c->memory = MEMORY_EMPTY;
    return FALSE;
  }
  slot->state = SLOT_SUBMITTED;
  return TRUE;
}

/* Submits the waiting frames the scene detection has decided on, or all of
 * them when ALL (deciding with the look-ahead there is). Frames it knows
 * nothing of (after a failure) go on as they are. */
static gboolean
submit_decided (VcColorizer *c, gboolean all, GError **error)
{
  VcShotParams params;
  g_mutex_lock (&c->lock);
  params = (VcShotParams){ c->params.scene_threshold, c->params.keyframe_threshold };
  g_mutex_unlock (&c->lock);
  VcShotResult shot = { VC_SHOT_NONE, FALSE, 0.0 };
  while (c->n_waiting > vc_shot_n_undecided (c->shot))
    if (!submit_waiting (c, &shot, error))
      return FALSE;
  while (c->n_waiting > 0 && vc_shot_decide (c->shot, &params, all, &shot))
    if (!submit_waiting (c, &shot, error))
      return FALSE;
  return TRUE;
}

/* After a failed submission: the newest frame is given back, the scene
 * detection starts again. */
static void
fail_newest (VcColorizer *c)
{
  guint index = slot_index (c, c->n_in_flight - 1);
  Slot *slot = &c->slots[index];
  if (slot->state == SLOT_FAILED)
    vc_plan_wait (c->plan, index, NULL); /* what reached the GPU may still read its input */
  slot_release_buffers (slot);
  if (slot->state == SLOT_WAITING) {
    vc_colorizer_release_references (slot->refs);
    slot->tag = NULL;
    c->n_in_flight--;
    c->n_waiting--;
  } else if (slot->state == SLOT_FAILED) {
    slot->tag = NULL;
    c->n_in_flight--;
  }
  vc_shot_reset (c->shot);
  c->memory = MEMORY_EMPTY;
  c->has_picks = FALSE;
}

/* Submits the frame FRAME (host view) packed in INPUT. */
static gboolean
submit_input (VcColorizer *c, const VcHostFrame *frame, VcFrameBuffer *input, gpointer tag,
              GError **error)
{
  g_mutex_lock (&c->lock);
  gboolean new_shot = c->reset_memory;
  c->reset_memory = FALSE;
  g_mutex_unlock (&c->lock);
  if (new_shot) {
    /* the frames before are decided without the frames after */
    gboolean ok = submit_decided (c, TRUE, error);
    vc_shot_reset (c->shot);
    if (!ok)
      return FALSE;
  }

  guint index = slot_index (c, c->n_in_flight);
  Slot *slot = &c->slots[index];
  *slot = (Slot){
    .tag = tag, .state = SLOT_WAITING, .new_shot = new_shot, .still_ref = -1, .input = input
  };
  g_mutex_lock (&c->lock);
  vc_colorizer_snapshot_references (c, slot->refs);
  gboolean auto_near = c->params.locality < 0.0;
  gboolean keep = c->params.keep_reference != 0.0;
  gboolean library = c->library && c->library->len > 0;
  g_mutex_unlock (&c->lock);
  const VcPlanDesc *d = vc_plan_desc (c->plan);
  vc_thumbnail_compute (d->input.format, d->input.width, d->input.height, frame, c->thumbnail,
                        c->thumb_width, c->thumb_height);
  vc_shot_push (c->shot, c->thumbnail, c->thumb_width, c->thumb_height);
  /* what the frame is compared with the references (and the library's
   * pictures it will attend to) by, once its shot is known */
  gboolean any_reference = library;
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++)
    any_reference |= slot->refs[i].used;
  slot->has_lightness = any_reference && (auto_near || library);
  if (slot->has_lightness)
    vc_thumbnail_to_lightness (&d->input, c->thumbnail, (gsize) c->thumb_width * c->thumb_height,
                               c->slot_lightness[index]);
  slot->has_points = keep && any_reference;
  if (slot->has_points) {
    float *points = c->slot_points[index];
    vc_thumbnail_points (d->input.format, d->input.width, d->input.height, frame, points,
                         c->points_width, c->points_height);
    vc_thumbnail_to_lightness (&d->input, points, (gsize) c->points_width * c->points_height,
                               points);
  }
  c->n_in_flight++;
  c->n_waiting++;
  if (!submit_decided (c, FALSE, error)) {
    fail_newest (c);
    return FALSE;
  }
  return TRUE;
}

gboolean
vc_colorizer_submit (VcColorizer *c, const VcHostFrame *frame, gpointer tag, GError **error)
{
  g_return_val_if_fail (c->plan != NULL, FALSE);
  g_return_val_if_fail (!vc_colorizer_is_full (c), FALSE);
  const VcFrameLayout *layout = &vc_plan_desc (c->plan)->input;
  VcFrameBuffer **staging = &c->staging[slot_index (c, c->n_in_flight)];
  if (!*staging && !(*staging = vc_frame_pool_acquire (c->inputs, layout, error)))
    return FALSE;
  vc_host_frame_pack (frame, layout, vc_frame_buffer_data (*staging));
  return submit_input (c, frame, *staging, tag, error);
}

VcFramePool *
vc_colorizer_input_pool (VcColorizer *c)
{
  return vc_frame_pool_ref (c->inputs);
}

gboolean
vc_colorizer_takes_buffer (const VcColorizer *c, const VcFrameBuffer *frame)
{
  if (!c->plan)
    return FALSE;
  const VcFrameLayout *a = &vc_plan_desc (c->plan)->input, *b = vc_frame_buffer_layout (frame);
  if (a->format != b->format || a->width != b->width || a->height != b->height ||
      a->n_planes != b->n_planes)
    return FALSE;
  for (guint p = 0; p < a->n_planes; p++)
    if (a->offset[p] != b->offset[p] || a->stride[p] != b->stride[p])
      return FALSE;
  return TRUE;
}

gboolean
vc_colorizer_submit_buffer (VcColorizer *c, VcFrameBuffer *frame, gpointer tag, GError **error)
{
  g_return_val_if_fail (c->plan != NULL, FALSE);
  g_return_val_if_fail (!vc_colorizer_is_full (c), FALSE);
  if (!vc_colorizer_takes_buffer (c, frame)) {
    const VcFrameLayout *l = vc_frame_buffer_layout (frame);
    const VcPixelFormatInfo *info = vc_pixel_format_info (l->format);
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "a frame buffer of %u×%u %s is not laid out as the configured input", l->width,
                 l->height, info ? info->name : "?");
    return FALSE;
  }
  VcHostFrame host = vc_frame_buffer_host (frame);
  return submit_input (c, &host, frame, tag, error);
}

gboolean
vc_colorizer_receive_frame (VcColorizer *c, VcFrameBuffer **out, gpointer *tag, VcShotResult *shot,
                            GError **error)
{
  *out = NULL;
  *tag = NULL;
  g_return_val_if_fail (c->n_in_flight > 0, FALSE);
  guint index = c->first;
  Slot *slot = &c->slots[index];
  g_autoptr (GError) submit_error = NULL;
  /* the end of the stream: no more look-ahead to wait for (a failure is
   * that of the frame it happened to) */
  if (slot->state == SLOT_WAITING)
    submit_decided (c, TRUE, &submit_error);
  *tag = g_steal_pointer (&slot->tag);
  if (shot)
    *shot = slot->shot;
  c->has_last_picks = slot->picked;
  c->last_picks = slot->picks;
  c->first = (c->first + 1) % c->n_slots;
  c->n_in_flight--;
  if (slot->state == SLOT_FAILED) {
    /* what of it reached the GPU may still read its input */
    vc_plan_wait (c->plan, index, NULL);
    slot_release_buffers (slot);
    if (submit_error)
      g_propagate_error (error, g_steal_pointer (&submit_error));
    else
      g_set_error (error, VC_ERROR, VC_ERROR_VULKAN,
                   "the frame was not colorized: its submission to the GPU failed");
    return FALSE;
  }
  if (!vc_plan_wait (c->plan, index, error)) {
    slot_release_buffers (slot);
    return FALSE;
  }
  if (c->options.profile)
    c->has_profile = vc_plan_profile (c->plan, index, &c->profile);
  *out = g_steal_pointer (&slot->output);
  slot_release_buffers (slot);
  return TRUE;
}

gboolean
vc_colorizer_receive (VcColorizer *c, const VcHostFrame *out, gpointer *tag, VcShotResult *shot,
                      GError **error)
{
  VcFrameBuffer *frame;
  if (!vc_colorizer_receive_frame (c, &frame, tag, shot, error))
    return FALSE;
  vc_frame_buffer_copy (frame, out);
  vc_frame_buffer_release (frame);
  return TRUE;
}

void
vc_colorizer_discard (VcColorizer *c)
{
  for (; c->n_in_flight > 0; c->n_in_flight--) {
    Slot *slot = &c->slots[c->first];
    /* a failed submission may have sent part of its work */
    if (slot->state != SLOT_WAITING)
      vc_plan_wait (c->plan, c->first, NULL);
    slot_release_buffers (slot);
    vc_colorizer_release_references (slot->refs);
    gpointer tag = g_steal_pointer (&slot->tag);
    if (tag && c->options.free_tag)
      c->options.free_tag (tag);
    c->first = (c->first + 1) % c->n_slots;
  }
  c->n_waiting = 0;
  vc_shot_reset (c->shot);
  c->memory = MEMORY_EMPTY;
  c->shot_hinted = FALSE;
  c->has_picks = FALSE;
}

gboolean
vc_colorizer_last_picks (const VcColorizer *c, VcLibraryPicks *picks)
{
  if (c->has_last_picks && picks)
    *picks = c->last_picks;
  return c->has_last_picks;
}

gboolean
vc_colorizer_last_profile (const VcColorizer *c, VcColorizerProfile *profile)
{
  if (!c->has_profile)
    return FALSE;
  *profile = c->profile;
  return TRUE;
}

guint64
vc_colorizer_memory_in_use (const VcColorizer *c)
{
  return vc_device_memory_in_use (c->dev);
}

guint64
vc_colorizer_memory_peak (const VcColorizer *c)
{
  return vc_device_memory_peak (c->dev);
}
