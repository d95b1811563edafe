/* vcolorize — GstVColorize: the object — properties, pads, states.
 *
 * The engine (VcColorizer) is created when the element goes to PAUSED and
 * freed when it goes back to READY; the stream side is in
 * gstvcolorize-stream.c. */
#include "gstvcolorize-private.h"

#include "gstvcolorizerefpad.h"
#include "vcolorize-caps.h"

#include <stdio.h>

GST_DEBUG_CATEGORY (gst_vcolorize_debug);

#define DEFAULT_DEVICE -1
#define DEFAULT_VIEW VC_VIEW_COLOUR
#define DEFAULT_QOS TRUE
#define DEFAULT_PROFILE FALSE

enum {
  PROP_0,
  PROP_REFS,
  PROP_LIBRARY,
  PROP_LIBRARY_PICKS,
  PROP_LIBRARY_MAX_DIFFERENCE,
  PROP_MODEL,
  PROP_DEVICE,
  PROP_DEVICE_NAME,
  PROP_NETWORK_SIZE,
  PROP_FRAMES_IN_FLIGHT,
  PROP_SCENE_LOOKAHEAD,
  PROP_TEMPORAL,
  PROP_TEMPORAL_STRENGTH,
  PROP_LOCALITY,
  PROP_KEEP_REFERENCE,
  PROP_TEMPORAL_SMOOTHING,
  PROP_SCENE_THRESHOLD,
  PROP_KEYFRAME_THRESHOLD,
  PROP_VIEW,
  PROP_PREPROCESS,
  PROP_QOS,
  PROP_PROFILE,
};

/**
 * SECTION:element-vcolorize
 * @title: vcolorize
 *
 * Colorizes grayscale video from reference images, with a neural network
 * that runs as Vulkan compute shaders on the GPU (or on Mesa's lavapipe
 * where there is none). Each video frame's lightness is kept; its a*b*
 * colour comes from the references through the network's attention, and
 * from a memory of the scene's keyframe and the previous frame, so that
 * colours stay stable from frame to frame.
 *
 * The video comes on the always `sink` pad, in any of its formats (a colour
 * input is reduced to its lightness). References come from the `refs`
 * property (image files, decoded with GStreamer's own decoders) and from
 * request pads `ref_%u`: every buffer that arrives on a reference pad
 * replaces that pad's reference, so a single picture followed by EOS is
 * the usual case and a video on a reference pad updates the reference
 * live, by running time. All references are attended together. With no
 * reference at all the network colorizes on its own.
 *
 * A #GstVColorize:library of pictures (a directory) gives each shot its
 * own: at the first frame of a shot the pictures whose lightness looks
 * most like it are picked and attended to, with the references, for the
 * whole shot. For a film with a colourised still of each shot, the element
 * finds each shot's still itself.
 *
 * One output buffer comes out per input frame (none for a frame dropped
 * for QoS, or for a gap), with the frame's timestamps, flags and metas
 * (timecode, captions...), on `src` in RGB or YUV (a colour input keeps its
 * format where downstream allows it). Where downstream has no buffer pool or
 * allocator of its own, the output buffers are the engine's host-visible
 * buffers the GPU wrote the frames to (no copy on the host); else the
 * frames are copied into downstream's buffers. Likewise the `sink` pad
 * proposes upstream a pool of the engine's buffers: frames made in them go
 * to the GPU as they are. A
 * flush, a seek or a discontinuity clears the memory; so does a scene cut,
 * which the element detects itself.
 *
 * The element posts element messages:
 *
 * - `vcolorize-scene-cut` at each scene cut and `vcolorize-keyframe` at each
 *   new keyframe: `frame` (guint64, the input frame's number since the
 *   start or the last flush), `timestamp` and `running-time` (guint64),
 *   `score` (gdouble); a cut also has `gradual` (gboolean: a dissolve or a
 *   fade).
 * - with #GstVColorize:library, `vcolorize-library` at the first frame of
 *   each shot (and after the library or #GstVColorize:library-picks
 *   changed): `frame`, `timestamp` and `running-time` as above, `pictures`
 *   (an array of the picked pictures' files, nearest first) and their
 *   `differences` (an array of gdouble), `nearest` (gchararray: the nearest
 *   picture, picked or not) and `nearest-difference` (gdouble).
 * - with #GstVColorize:profile, `vcolorize-profile` per output frame: the
 *   GPU time in ms of each pass (gdouble fields named after the passes),
 *   `gpu-total`, `gpu-memory` and `gpu-memory-peak` (guint64, bytes), with
 *   the frame's `timestamp` and `duration`, and `input-in-place` and
 *   `output-lent` (gboolean: whether the frame went to the GPU from
 *   upstream's buffer, and its result downstream in the engine's, with no
 *   copy on the host).
 *
 * A missing, unreadable or corrupt reference or model, a device that cannot
 * be opened and caps it cannot handle are element errors whose message says
 * what to change.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 v4l2src ! vcolorize refs=a.jpg ! videoconvert ! autovideosink
 * ]| A camera, colorized live from one picture.
 * |[
 * gst-launch-1.0 filesrc location=film.mkv ! decodebin ! vcolorize refs=a.jpg,b.jpg ! \
 *     videoconvert ! x264enc ! mp4mux ! filesink location=out.mp4
 * ]| An archive film colorized into a file, from two pictures.
 * |[
 * gst-launch-1.0 filesrc location=film.mkv ! decodebin ! vcolorize name=c ! videoconvert ! \
 *     autovideosink filesrc location=a.jpg ! decodebin ! videoconvert ! c.ref_0
 * ]| The reference through a pad.
 * |[
 * gst-launch-1.0 filesrc location=film.mkv ! decodebin ! vcolorize library=stills/ ! \
 *     videoconvert ! x264enc ! mp4mux ! filesink location=out.mp4
 * ]| Each shot colorized from its own still, picked from a folder.
 * |[
 * gst-launch-1.0 videotestsrc ! video/x-raw,format=GRAY8 ! vcolorize view=side-by-side ! \
 *     videoconvert ! autovideosink
 * ]| The input beside its colorization.
 */

#define gst_vcolorize_parent_class parent_class
G_DEFINE_TYPE (GstVColorize, gst_vcolorize, GST_TYPE_AGGREGATOR);
GST_ELEMENT_REGISTER_DEFINE (vcolorize, "vcolorize", GST_RANK_NONE, GST_TYPE_VCOLORIZE);

GType
gst_vcolorize_view_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { VC_VIEW_COLOUR, "The colorized video", "colour" },
    { VC_VIEW_SIDE_BY_SIDE, "The input (left) beside the colorized video: twice as wide",
      "side-by-side" },
    { VC_VIEW_CONFIDENCE, "How sure the network is of each pixel's colour (white: sure)",
      "confidence" },
    { 0, NULL, NULL },
  };
  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstVColorizeView", values));
  return type;
}

/* ---- the model file ---- */

/* The model that goes with the plugin, found from the plugin's own file so
 * that no environment variable is needed: for a plugin in the build tree,
 * the model copied into the build tree; for an installed plugin, the model
 * installed with it (looked up relative to the plugin first, so that an
 * installed tree that moved still finds its own). When none of them exists,
 * the installed path, which the error then names. */
static gchar *
default_model_path (GstVColorize *self)
{
  GstElementFactory *factory = gst_element_get_factory (GST_ELEMENT (self));
  GstPlugin *plugin = factory ? gst_plugin_feature_get_plugin (GST_PLUGIN_FEATURE (factory)) : NULL;
  const gchar *file = plugin ? gst_plugin_get_filename (plugin) : NULL;
  gchar *path = NULL;
  if (file) {
    g_autofree gchar *dir = g_path_get_dirname (file);
    const gchar *relative[] = { VCOLORIZE_MODEL_BUILD_PATH, VCOLORIZE_MODEL_RELATIVE_PATH };
    for (guint i = 0; i < G_N_ELEMENTS (relative) && !path; i++) {
      g_autofree gchar *candidate = g_build_filename (dir, relative[i], NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        path = g_canonicalize_filename (candidate, NULL);
    }
  }
  if (plugin)
    gst_object_unref (plugin);
  return path ? path : g_strdup (VCOLORIZE_MODEL_PATH);
}

/* ---- states ---- */

static gboolean
gst_vcolorize_start (GstAggregator *agg)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *model = NULL, *refs = NULL, *library = NULL;
  GST_OBJECT_LOCK (self);
  model = g_strdup (self->model);
  refs = g_strdup (self->refs);
  library = g_strdup (self->library);
  VcColorizerOptions options = {
    .device_index = self->device,
    .network_size = self->network_size,
    .frames_in_flight = self->frames_in_flight,
    .free_tag = (GDestroyNotify) gst_vcolorize_frame_free,
    .scene_lookahead = self->scene_lookahead,
    .profile = self->profile,
  };
  VcColorizerParams params = self->params;
  gst_vcolorize_qos_reset (&self->qos);
  GST_OBJECT_UNLOCK (self);
  if (!model)
    model = default_model_path (self);
  options.model_path = model;
  GST_INFO_OBJECT (self, "model %s", model);
  if (!g_file_test (model, G_FILE_TEST_EXISTS)) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
                       ("The model file \"%s\" does not exist: install vcolorize's model or set "
                        "the model property",
                        model),
                       (NULL));
    return FALSE;
  }

  VcColorizer *c = vc_colorizer_new (&options, &error);
  if (!c) {
    if (g_error_matches (error, VC_ERROR, VC_ERROR_MODEL))
      g_prefix_error (&error, "Not a usable vcolorize model: ");
    gst_vcolorize_post_error (self, error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_SETTINGS);
    return FALSE;
  }
  vc_colorizer_set_params (c, &params);
  guint n_refs = 0;
  if (!gst_vcolorize_load_property_refs (self, c, refs, &n_refs, &error)) {
    gst_vcolorize_post_error (self, error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
    vc_colorizer_free (c);
    return FALSE;
  }
  GPtrArray *names;
  if (!gst_vcolorize_load_library (self, c, library, &names, &error)) {
    g_ptr_array_unref (names);
    gst_vcolorize_post_error (self, error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
    vc_colorizer_free (c);
    return FALSE;
  }
  GST_INFO_OBJECT (self, "on %s with %u reference(s) from the refs property, %u in the library",
                   vc_colorizer_device_name (c), n_refs, names->len);
  GST_OBJECT_LOCK (self);
  g_free (self->device_name);
  self->device_name = g_strdup (vc_colorizer_device_name (c));
  self->preprocess = vc_colorizer_preprocesses (c);
  GST_OBJECT_UNLOCK (self);
  g_mutex_lock (&self->engine_lock);
  self->colorizer = c;
  self->n_property_refs = n_refs;
  g_mutex_unlock (&self->engine_lock);
  g_clear_pointer (&self->library_names, g_ptr_array_unref);
  self->library_names = names;
  self->has_in_info = self->configured = FALSE;
  self->pending_flow = GST_FLOW_OK;
  self->n_frames = 0;
  gst_vcolorize_tags_clear (&self->tags);
  return TRUE;
}

static gboolean
gst_vcolorize_stop (GstAggregator *agg)
{
  GstVColorize *self = GST_VCOLORIZE (agg);
  g_mutex_lock (&self->engine_lock);
  g_clear_pointer (&self->colorizer, vc_colorizer_free);
  self->n_property_refs = 0;
  g_mutex_unlock (&self->engine_lock);
  g_clear_pointer (&self->library_names, g_ptr_array_unref);
  self->has_in_info = self->configured = FALSE;
  gst_vcolorize_tags_clear (&self->tags);
  return TRUE;
}

/* A change of the refs property while running: a failure is a warning and
 * keeps the references loaded before. */
static void
reload_property_refs (GstVColorize *self)
{
  GST_OBJECT_LOCK (self);
  g_autofree gchar *refs = g_strdup (self->refs);
  GST_OBJECT_UNLOCK (self);
  g_autoptr (GError) error = NULL;
  g_mutex_lock (&self->engine_lock);
  if (self->colorizer && !gst_vcolorize_load_property_refs (self, self->colorizer, refs,
                                                            &self->n_property_refs, &error))
    GST_ELEMENT_WARNING (self, RESOURCE, READ, ("%s", error->message),
                         ("the references loaded before are kept"));
  g_mutex_unlock (&self->engine_lock);
}

/* ---- pads ---- */

/* Whether a sink pad of AGG is named NAME; with the object lock held. */
static gboolean
has_sink_pad_locked (GstAggregator *agg, const gchar *name)
{
  for (GList *l = GST_ELEMENT (agg)->sinkpads; l; l = l->next)
    if (g_strcmp0 (GST_PAD_NAME (l->data), name) == 0)
      return TRUE;
  return FALSE;
}

static GstAggregatorPad *
gst_vcolorize_create_new_pad (GstAggregator *agg, GstPadTemplate *templ, const gchar *req_name,
                              const GstCaps *caps)
{
  guint index = 0;
  gboolean ok = TRUE;
  GST_OBJECT_LOCK (agg);
  if (req_name && sscanf (req_name, "ref_%u", &index) == 1) {
    g_autofree gchar *name = g_strdup_printf ("ref_%u", index);
    ok = index < PROPERTY_REF_KEY && g_strcmp0 (name, req_name) == 0 &&
         !has_sink_pad_locked (agg, name);
  } else {
    /* one past the highest index in use */
    for (GList *l = GST_ELEMENT (agg)->sinkpads; l; l = l->next)
      if (GST_IS_VCOLORIZE_REF_PAD (l->data))
        index = MAX (index, GST_VCOLORIZE_REF_PAD (l->data)->index + 1);
    ok = index < PROPERTY_REF_KEY;
  }
  GST_OBJECT_UNLOCK (agg);
  if (!ok) {
    GST_WARNING_OBJECT (agg, "cannot make a reference pad named %s", req_name);
    return NULL;
  }
  g_autofree gchar *name = g_strdup_printf ("ref_%u", index);
  GstVColorizeRefPad *pad = g_object_new (GST_TYPE_VCOLORIZE_REF_PAD, "name", name, "direction",
                                          GST_PAD_SINK, "template", templ, NULL);
  pad->index = index;
  return GST_AGGREGATOR_PAD (pad);
}

static void
gst_vcolorize_release_pad (GstElement *element, GstPad *pad)
{
  GstVColorize *self = GST_VCOLORIZE (element);
  if (GST_IS_VCOLORIZE_REF_PAD (pad)) {
    g_mutex_lock (&self->engine_lock);
    if (self->colorizer)
      vc_colorizer_remove_reference (self->colorizer, GST_VCOLORIZE_REF_PAD (pad)->index);
    g_mutex_unlock (&self->engine_lock);
  }
  GST_ELEMENT_CLASS (parent_class)->release_pad (element, pad);
}

/* ---- properties ---- */

static void
set_params (GstVColorize *self, void (*change) (VcColorizerParams *, const GValue *),
            const GValue *value)
{
  GST_OBJECT_LOCK (self);
  change (&self->params, value);
  VcColorizerParams params = self->params;
  GST_OBJECT_UNLOCK (self);
  g_mutex_lock (&self->engine_lock);
  if (self->colorizer)
    vc_colorizer_set_params (self->colorizer, &params);
  g_mutex_unlock (&self->engine_lock);
}

static void
set_temporal (VcColorizerParams *p, const GValue *v)
{
  p->temporal = g_value_get_boolean (v);
}

static void
set_temporal_strength (VcColorizerParams *p, const GValue *v)
{
  p->temporal_strength = g_value_get_double (v);
}

static void
set_locality (VcColorizerParams *p, const GValue *v)
{
  p->locality = g_value_get_double (v);
}

static void
set_keep_reference (VcColorizerParams *p, const GValue *v)
{
  p->keep_reference = g_value_get_double (v);
}

static void
set_temporal_smoothing (VcColorizerParams *p, const GValue *v)
{
  p->temporal_smoothing = g_value_get_double (v);
}

static void
set_scene_threshold (VcColorizerParams *p, const GValue *v)
{
  p->scene_threshold = g_value_get_double (v);
}

static void
set_keyframe_threshold (VcColorizerParams *p, const GValue *v)
{
  p->keyframe_threshold = g_value_get_double (v);
}

static void
set_library_picks (VcColorizerParams *p, const GValue *v)
{
  p->library_picks = g_value_get_uint (v);
}

static void
set_library_max_difference (VcColorizerParams *p, const GValue *v)
{
  p->library_max_difference = g_value_get_double (v);
}

static void
gst_vcolorize_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstVColorize *self = GST_VCOLORIZE (object);
  switch (prop_id) {
  case PROP_REFS:
    GST_OBJECT_LOCK (self);
    g_free (self->refs);
    self->refs = g_value_dup_string (value);
    GST_OBJECT_UNLOCK (self);
    reload_property_refs (self);
    break;
  case PROP_LIBRARY:
    GST_OBJECT_LOCK (self);
    g_free (self->library);
    self->library = g_value_dup_string (value);
    GST_OBJECT_UNLOCK (self);
    break;
  case PROP_LIBRARY_PICKS:
    set_params (self, set_library_picks, value);
    break;
  case PROP_LIBRARY_MAX_DIFFERENCE:
    set_params (self, set_library_max_difference, value);
    break;
  case PROP_MODEL:
    GST_OBJECT_LOCK (self);
    g_free (self->model);
    self->model = g_value_dup_string (value);
    GST_OBJECT_UNLOCK (self);
    break;
  case PROP_DEVICE:
    GST_OBJECT_LOCK (self);
    self->device = g_value_get_int (value);
    GST_OBJECT_UNLOCK (self);
    break;
  case PROP_NETWORK_SIZE:
    GST_OBJECT_LOCK (self);
    /* sides are multiples of the alignment */
    self->network_size =
        g_value_get_uint (value) / VC_COLORIZER_NETWORK_ALIGN * VC_COLORIZER_NETWORK_ALIGN;
    GST_OBJECT_UNLOCK (self);
    break;
  case PROP_FRAMES_IN_FLIGHT:
    GST_OBJECT_LOCK (self);
    self->frames_in_flight = g_value_get_uint (value);
    GST_OBJECT_UNLOCK (self);
    break;
  case PROP_SCENE_LOOKAHEAD:
    GST_OBJECT_LOCK (self);
    self->scene_lookahead = g_value_get_uint (value);
    GST_OBJECT_UNLOCK (self);
    break;
  case PROP_TEMPORAL:
    set_params (self, set_temporal, value);
    break;
  case PROP_TEMPORAL_STRENGTH:
    set_params (self, set_temporal_strength, value);
    break;
  case PROP_LOCALITY:
    set_params (self, set_locality, value);
    break;
  case PROP_KEEP_REFERENCE:
    set_params (self, set_keep_reference, value);
    break;
  case PROP_TEMPORAL_SMOOTHING:
    set_params (self, set_temporal_smoothing, value);
    break;
  case PROP_SCENE_THRESHOLD:
    set_params (self, set_scene_threshold, value);
    break;
  case PROP_KEYFRAME_THRESHOLD:
    set_params (self, set_keyframe_threshold, value);
    break;
  case PROP_VIEW:
    GST_OBJECT_LOCK (self);
    self->view = g_value_get_enum (value);
    GST_OBJECT_UNLOCK (self);
    /* the output size may change: negotiate again before the next frame */
    gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (self));
    break;
  case PROP_QOS:
    GST_OBJECT_LOCK (self);
    self->qos_enabled = g_value_get_boolean (value);
    GST_OBJECT_UNLOCK (self);
    break;
  case PROP_PROFILE:
    GST_OBJECT_LOCK (self);
    self->profile = g_value_get_boolean (value);
    GST_OBJECT_UNLOCK (self);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    break;
  }
}

static void
gst_vcolorize_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GstVColorize *self = GST_VCOLORIZE (object);
  if (prop_id == PROP_MODEL && !self->model) {
    g_value_take_string (value, default_model_path (self));
    return;
  }
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
  case PROP_REFS:
    g_value_set_string (value, self->refs);
    break;
  case PROP_LIBRARY:
    g_value_set_string (value, self->library);
    break;
  case PROP_LIBRARY_PICKS:
    g_value_set_uint (value, self->params.library_picks);
    break;
  case PROP_LIBRARY_MAX_DIFFERENCE:
    g_value_set_double (value, self->params.library_max_difference);
    break;
  case PROP_MODEL:
    g_value_set_string (value, self->model);
    break;
  case PROP_DEVICE:
    g_value_set_int (value, self->device);
    break;
  case PROP_DEVICE_NAME:
    g_value_set_string (value, self->device_name);
    break;
  case PROP_NETWORK_SIZE:
    g_value_set_uint (value, self->network_size);
    break;
  case PROP_FRAMES_IN_FLIGHT:
    g_value_set_uint (value, self->frames_in_flight);
    break;
  case PROP_SCENE_LOOKAHEAD:
    g_value_set_uint (value, self->scene_lookahead);
    break;
  case PROP_TEMPORAL:
    g_value_set_boolean (value, self->params.temporal);
    break;
  case PROP_TEMPORAL_STRENGTH:
    g_value_set_double (value, self->params.temporal_strength);
    break;
  case PROP_LOCALITY:
    g_value_set_double (value, self->params.locality);
    break;
  case PROP_KEEP_REFERENCE:
    g_value_set_double (value, self->params.keep_reference);
    break;
  case PROP_TEMPORAL_SMOOTHING:
    g_value_set_double (value, self->params.temporal_smoothing);
    break;
  case PROP_SCENE_THRESHOLD:
    g_value_set_double (value, self->params.scene_threshold);
    break;
  case PROP_KEYFRAME_THRESHOLD:
    g_value_set_double (value, self->params.keyframe_threshold);
    break;
  case PROP_PREPROCESS:
    g_value_set_boolean (value, self->preprocess);
    break;
  case PROP_VIEW:
    g_value_set_enum (value, self->view);
    break;
  case PROP_QOS:
    g_value_set_boolean (value, self->qos_enabled);
    break;
  case PROP_PROFILE:
    g_value_set_boolean (value, self->profile);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_vcolorize_finalize (GObject *object)
{
  GstVColorize *self = GST_VCOLORIZE (object);
  g_free (self->refs);
  g_free (self->library);
  g_free (self->model);
  g_free (self->device_name);
  g_mutex_clear (&self->engine_lock);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

#define READY_PARAM (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)
#define LIVE_PARAM (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING)

static void
install_properties (GObjectClass *oc)
{
  const VcColorizerParams p = VC_COLORIZER_PARAMS_INIT;
  g_object_class_install_property (
      oc, PROP_REFS,
      g_param_spec_string ("refs", "Reference images",
                           "Comma-separated list of image files whose colours are used (any "
                           "format GStreamer decodes; the first picture of a video file; a "
                           "JPEG turned upright by its EXIF orientation). Attended together with "
                           "the images on the ref_%u pads; with none "
                           "at all the network colorizes on its own",
                           NULL, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_LIBRARY,
      g_param_spec_string ("library", "Reference library",
                           "A directory of pictures (its files that GStreamer decodes, by name) "
                           "or a comma-separated list of picture files, from which the pictures "
                           "that look most like each shot's first frame are attended to, "
                           "together with the references, for the whole shot: e.g. a colourised "
                           "still of each shot of a film. A vcolorize-library message names "
                           "them. Only a small picture of each is kept (about 30 KB); a picture is "
                           "decoded again when a shot picks it",
                           NULL, READY_PARAM));
  g_object_class_install_property (
      oc, PROP_LIBRARY_PICKS,
      g_param_spec_uint ("library-picks", "Library pictures per shot",
                         "How many of the library's pictures each shot attends to, at most (the "
                         "references and these together: 8 at most)",
                         0, VC_COLORIZER_MAX_REFERENCES, p.library_picks, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_LIBRARY_MAX_DIFFERENCE,
      g_param_spec_double ("library-max-difference", "Library match",
                           "A library picture is picked for a shot only when its difference to "
                           "the shot's first frame is below this: the scene-cut detection's "
                           "difference of their lightness (brightness, contrast and small "
                           "shifts aside): on the development clips 0.47 or more for other "
                           "pictures and mostly under 0.3 for frames of the same shot; 2 or "
                           "more: the nearest pictures, whatever they look like",
                           0.0, 4.0, p.library_max_difference, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_MODEL,
      g_param_spec_string ("model", "Model file",
                           "The network's model file (default: the model installed with the "
                           "plugin)",
                           NULL, READY_PARAM));
  g_object_class_install_property (
      oc, PROP_DEVICE,
      g_param_spec_int ("device", "Vulkan device",
                        "Index of the Vulkan device to run on (-1: the best one, a discrete "
                        "GPU first)",
                        -1, G_MAXINT, DEFAULT_DEVICE, READY_PARAM));
  g_object_class_install_property (
      oc, PROP_DEVICE_NAME,
      g_param_spec_string ("device-name", "Device name",
                           "Name of the Vulkan device in use (from PAUSED on)", NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      oc, PROP_NETWORK_SIZE,
      g_param_spec_uint ("network-size", "Network size",
                         "Short side of the resolution the network runs at, rounded down to a "
                         "multiple of 32, whatever the frame's size (smaller frames are "
                         "upscaled); the colour is upsampled to the frame's size guided by its "
                         "lightness",
                         VC_COLORIZER_MIN_NETWORK_SIZE, VC_COLORIZER_MAX_NETWORK_SIZE,
                         VC_COLORIZER_DEFAULT_NETWORK_SIZE, READY_PARAM));
  g_object_class_install_property (
      oc, PROP_FRAMES_IN_FLIGHT,
      g_param_spec_uint ("frames-in-flight", "Frames in flight",
                         "Frames on the GPU at once: more keeps the GPU busy, each adds a frame "
                         "of latency. Use 1 (and scene-lookahead=0) when each output must come "
                         "out before the next input goes in",
                         1, VC_COLORIZER_MAX_IN_FLIGHT, VC_COLORIZER_DEFAULT_IN_FLIGHT,
                         READY_PARAM));
  g_object_class_install_property (
      oc, PROP_SCENE_LOOKAHEAD,
      g_param_spec_uint ("scene-lookahead", "Scene look-ahead",
                         "Frames the scene-cut detection looks ahead before it decides on a "
                         "frame, so that a flash that is gone within them is no cut; each adds "
                         "a frame of latency (0: decided at once)",
                         0, VC_SHOT_MAX_LOOKAHEAD, VC_SHOT_DEFAULT_LOOKAHEAD, READY_PARAM));
  g_object_class_install_property (
      oc, PROP_TEMPORAL,
      g_param_spec_boolean ("temporal", "Temporal memory",
                            "Attend to the keyframe and the previous frame as well as the "
                            "references, for colours that stay stable from frame to frame",
                            p.temporal, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_TEMPORAL_STRENGTH,
      g_param_spec_double ("temporal-strength", "Temporal strength",
                           "How much the memory (keyframe and previous frame) weighs against the "
                           "references in the attention: its weights are multiplied by "
                           "strength / (1 - strength): 0.5 is the network as trained, 0 all but "
                           "ignores the memory and 1 the references; the default scored best on "
                           "the dev clips",
                           0.0, 1.0, p.temporal_strength, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_LOCALITY,
      g_param_spec_double ("locality", "Locality",
                           "How much nearer matches are preferred: the colours of a reference "
                           "are looked for near the same place in the frame, the memory's "
                           "nearer still, and a match further away wins only where it is "
                           "better by more than this (similarities are -1 .. 1). For references "
                           "that are frames of the same shot, e.g. a colourised keyframe of a "
                           "still or slow camera (0.1 is a good start); 0 looks anywhere, as "
                           "for a photo framed differently; -1: automatic, per frame: 0.1 "
                           "where most of the frame lines up with a reference (the same "
                           "lightness at the same place), 0 where little does",
                           -1.0, 1.0, p.locality, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_KEEP_REFERENCE,
      g_param_spec_double ("keep-reference", "Keep the reference's colours",
                           "How far, at full resolution, a pixel's colour is pulled towards the "
                           "reference's own at the same place where both have the same "
                           "lightness: where a still camera sees what it saw in a reference "
                           "of the same shot, the reference's colours are kept, sharp. The "
                           "reference is the one of the frame's aspect ratio that most of the "
                           "frame matches pixel for pixel; -1: automatic, per frame: 1 where "
                           "90 % or more of the frame matches, none below 75 %. A frame kept "
                           "from at strength s weighs the memory at temporal-strength x (1 - s). "
                           "0: off (no full-resolution copy of the references is kept on the "
                           "GPU)",
                           -1.0, 1.0, p.keep_reference, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_TEMPORAL_SMOOTHING,
      g_param_spec_double ("temporal-smoothing", "Temporal smoothing",
                           "How far, at full resolution, a pixel's colour is pulled towards the "
                           "previous output frame's where the luminance around it has not "
                           "changed: still regions keep their colour, moving ones are left "
                           "alone (part of the memory: off without temporal and after a cut; "
                           "0 turns it off)",
                           0.0, 1.0, p.temporal_smoothing, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_SCENE_THRESHOLD,
      g_param_spec_double ("scene-threshold", "Scene-cut threshold",
                           "A frame starts a new scene (the memory is cleared, a "
                           "vcolorize-scene-cut message posted) when its difference to the "
                           "previous frame (brightness and small shifts aside) exceeds this "
                           "many times the mean difference of the scene's last 30 frames, twice "
                           "that of the frames around it, and a floor; dissolves and fades are "
                           "cuts too. Higher: fewer cuts",
                           1.0, 100.0, p.scene_threshold, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_KEYFRAME_THRESHOLD,
      g_param_spec_double ("keyframe-threshold", "Keyframe threshold",
                           "A frame becomes the new keyframe (a vcolorize-keyframe message is "
                           "posted) when the SSIM between its thumbnail and the keyframe's "
                           "drops below this (0: only the first frame of a scene is a "
                           "keyframe; 1: every frame)",
                           0.0, 1.0, p.keyframe_threshold, LIVE_PARAM));
  g_object_class_install_property (oc, PROP_VIEW,
                                   g_param_spec_enum ("view", "View",
                                                      "What to output: the colorized video, the "
                                                      "input beside it, or the network's "
                                                      "confidence",
                                                      GST_TYPE_VCOLORIZE_VIEW, DEFAULT_VIEW,
                                                      LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_PREPROCESS,
      g_param_spec_boolean ("preprocess", "Preprocess",
                            "Whether the model cleans the lightness (noise, grain) with its "
                            "preprocessing network before colorizing (read from the model file "
                            "from PAUSED on); the output keeps the input's own lightness",
                            FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      oc, PROP_QOS,
      g_param_spec_boolean ("qos", "QoS",
                            "Drop frames that would reach the sink too late (from downstream's "
                            "QoS events)",
                            DEFAULT_QOS, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_PROFILE,
      g_param_spec_boolean ("profile", "Profile",
                            "Time every pass of each frame on the GPU and post it as an element "
                            "message \"vcolorize-profile\" per output frame: one field per pass "
                            "(upload, unpack, resize, clean, frame, store-*, prev, guided, pack, "
                            "download...) and gpu-total, in ms, with the frame's timestamp and "
                            "the device memory in use and at its peak, in bytes",
                            DEFAULT_PROFILE, READY_PARAM));
}

static void
gst_vcolorize_class_init (GstVColorizeClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GstElementClass *ec = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *ac = GST_AGGREGATOR_CLASS (klass);
  GST_DEBUG_CATEGORY_INIT (gst_vcolorize_debug, "vcolorize", 0, "video colorization");

  oc->set_property = gst_vcolorize_set_property;
  oc->get_property = gst_vcolorize_get_property;
  oc->finalize = gst_vcolorize_finalize;
  install_properties (oc);

  GstCaps *sink = gst_vcolorize_sink_template_caps ();
  GstCaps *ref = gst_vcolorize_ref_template_caps ();
  GstCaps *src = gst_vcolorize_src_template_caps ();
  gst_element_class_add_pad_template (
      ec, gst_pad_template_new_with_gtype ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, sink,
                                           GST_TYPE_AGGREGATOR_PAD));
  gst_element_class_add_pad_template (
      ec, gst_pad_template_new_with_gtype ("ref_%u", GST_PAD_SINK, GST_PAD_REQUEST, ref,
                                           GST_TYPE_VCOLORIZE_REF_PAD));
  gst_element_class_add_pad_template (
      ec, gst_pad_template_new_with_gtype ("src", GST_PAD_SRC, GST_PAD_ALWAYS, src,
                                           GST_TYPE_AGGREGATOR_PAD));
  gst_caps_unref (sink);
  gst_caps_unref (ref);
  gst_caps_unref (src);
  gst_element_class_set_static_metadata (
      ec, "Video colorizer", "Filter/Effect/Video",
      "Colorizes grayscale video from reference images with a neural network on the GPU "
      "(Vulkan). Posts an element message vcolorize-scene-cut at each scene cut and "
      "vcolorize-keyframe at each new keyframe, with the fields frame (guint64: the input "
      "frame's number since the start or the last flush), timestamp (its PTS), running-time "
      "and score (gdouble: the cut's difference over the scene's mean, or the SSIM to the "
      "keyframe before); a cut's also has gradual (a dissolve or fade)",
      "vcolorize developers");
  ec->release_pad = gst_vcolorize_release_pad;

  ac->start = gst_vcolorize_start;
  ac->stop = gst_vcolorize_stop;
  ac->create_new_pad = gst_vcolorize_create_new_pad;
  gst_vcolorize_stream_class_init (ac);

  gst_type_mark_as_plugin_api (GST_TYPE_VCOLORIZE_VIEW, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_VCOLORIZE_REF_PAD, 0);
}

static void
gst_vcolorize_init (GstVColorize *self)
{
  GstElement *element = GST_ELEMENT (self);
  const VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  GstPadTemplate *templ =
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (element), "sink");
  self->video_pad = g_object_new (GST_TYPE_AGGREGATOR_PAD, "name", "sink", "direction",
                                  GST_PAD_SINK, "template", templ, NULL);
  gst_element_add_pad (element, GST_PAD (self->video_pad));
  self->device = DEFAULT_DEVICE;
  self->network_size = VC_COLORIZER_DEFAULT_NETWORK_SIZE;
  self->frames_in_flight = VC_COLORIZER_DEFAULT_IN_FLIGHT;
  self->scene_lookahead = VC_SHOT_DEFAULT_LOOKAHEAD;
  self->params = params;
  self->view = DEFAULT_VIEW;
  self->qos_enabled = DEFAULT_QOS;
  self->profile = DEFAULT_PROFILE;
  gst_vcolorize_qos_reset (&self->qos);
  g_mutex_init (&self->engine_lock);
}
