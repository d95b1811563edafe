/* vcolorize — GstVColorize: the object — its documentation, pads, states
 * (the properties are in gstvcolorize-properties.c).
 *
 * The engine (VcColorizer) is created when the element goes to PAUSED and
 * freed when it goes back to READY; the stream side is in
 * gstvcolorize-stream.c. */
#include "gstvcolorize-private.h"

#include "gstvcolorizerefpad.h"
#include "vcolorize-caps.h"

#include <stdio.h>

GST_DEBUG_CATEGORY (gst_vcolorize_debug);

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
 * #GstVColorize:hints is a picture of colours painted on a transparent
 * layer: the output takes them on and near the painted pixels, within
 * their region of like lightness; on a shot's first frame, whose colours
 * the frames after take from it wherever they moved, or on every frame
 * (#GstVColorize:hints-mode). They may also come on the request pad
 * `hints`, in any raw video format (with alpha, or all of it is hints):
 * every buffer there replaces the hints from the frame at its time on (a
 * picture followed by EOS, or pictures timed for the frames they were
 * painted on); releasing the pad brings back the property's.
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
 *   each shot (and after the library, #GstVColorize:library-picks or the
 *   number of references changed): `frame`, `timestamp` and `running-time` as above, `pictures`
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

GType
gst_vcolorize_hints_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { VC_HINTS_EVERY_FRAME, "Every frame, where they are painted", "every-frame" },
    { VC_HINTS_KEYFRAME,
      "The first frame of each shot (and the first after the hints change), which the frames "
      "after attend to as to a reference: the colours follow what moves",
      "keyframe" },
    { 0, NULL, NULL },
  };
  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstVColorizeHintsMode", values));
  return type;
}

/* ---- the model file ---- */

/* The model that goes with the plugin, found from the plugin's own file so
 * that no environment variable is needed: for a plugin in the build tree,
 * the model copied into the build tree; for an installed plugin, the model
 * installed with it (looked up relative to the plugin first, so that an
 * installed tree that moved still finds its own). When none of them exists,
 * the installed path, which the error then names. */
gchar *
gst_vcolorize_default_model_path (GstVColorize *self)
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
  g_autofree gchar *model = NULL, *refs = NULL, *library = NULL, *hints = NULL;
  GST_OBJECT_LOCK (self);
  model = g_strdup (self->model);
  refs = g_strdup (self->refs);
  library = g_strdup (self->library);
  hints = g_strdup (self->hints);
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
    model = gst_vcolorize_default_model_path (self);
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
  if (!gst_vcolorize_load_hints (self, c, hints, &error)) {
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
  self->discont = FALSE;
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
  if (g_strcmp0 (GST_PAD_TEMPLATE_NAME_TEMPLATE (templ), "hints") == 0) {
    GST_OBJECT_LOCK (agg);
    ok = !has_sink_pad_locked (agg, "hints");
    GST_OBJECT_UNLOCK (agg);
    if (!ok) {
      GST_WARNING_OBJECT (agg, "there is a hints pad already");
      return NULL;
    }
    GstVColorizeRefPad *pad = g_object_new (GST_TYPE_VCOLORIZE_REF_PAD, "name", "hints",
                                            "direction", GST_PAD_SINK, "template", templ, NULL);
    pad->hints = TRUE;
    return GST_AGGREGATOR_PAD (pad);
  }
  GST_OBJECT_LOCK (agg);
  if (req_name && sscanf (req_name, "ref_%u", &index) == 1) {
    g_autofree gchar *name = g_strdup_printf ("ref_%u", index);
    ok = index < PROPERTY_REF_KEY && g_strcmp0 (name, req_name) == 0 &&
         !has_sink_pad_locked (agg, name);
  } else {
    /* one past the highest index in use */
    for (GList *l = GST_ELEMENT (agg)->sinkpads; l; l = l->next)
      if (GST_IS_VCOLORIZE_REF_PAD (l->data) && !GST_VCOLORIZE_REF_PAD (l->data)->hints)
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
  if (GST_IS_VCOLORIZE_REF_PAD (pad) && GST_VCOLORIZE_REF_PAD (pad)->hints) {
    /* its hints go; the hints property's come back */
    GST_OBJECT_LOCK (self);
    gboolean from_pad = self->pad_hints;
    GST_OBJECT_UNLOCK (self);
    if (from_pad)
      gst_vcolorize_reload_hints (self);
  } else if (GST_IS_VCOLORIZE_REF_PAD (pad)) {
    g_mutex_lock (&self->engine_lock);
    if (self->colorizer)
      vc_colorizer_remove_reference (self->colorizer, GST_VCOLORIZE_REF_PAD (pad)->index);
    g_mutex_unlock (&self->engine_lock);
  }
  GST_ELEMENT_CLASS (parent_class)->release_pad (element, pad);
}

static void
gst_vcolorize_finalize (GObject *object)
{
  GstVColorize *self = GST_VCOLORIZE (object);
  g_free (self->refs);
  g_free (self->library);
  g_free (self->hints);
  g_free (self->model);
  g_free (self->device_name);
  g_mutex_clear (&self->engine_lock);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_vcolorize_class_init (GstVColorizeClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GstElementClass *ec = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *ac = GST_AGGREGATOR_CLASS (klass);
  GST_DEBUG_CATEGORY_INIT (gst_vcolorize_debug, "vcolorize", 0, "video colorization");

  oc->finalize = gst_vcolorize_finalize;
  gst_vcolorize_install_properties (oc);

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
      ec, gst_pad_template_new_with_gtype ("hints", GST_PAD_SINK, GST_PAD_REQUEST, ref,
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
      "keyframe before); a cut's also has gradual (a dissolve or fade). With a library, "
      "vcolorize-library names the pictures picked for each shot",
      "vcolorize developers");
  ec->release_pad = gst_vcolorize_release_pad;

  ac->start = gst_vcolorize_start;
  ac->stop = gst_vcolorize_stop;
  ac->create_new_pad = gst_vcolorize_create_new_pad;
  gst_vcolorize_stream_class_init (ac);

  gst_type_mark_as_plugin_api (GST_TYPE_VCOLORIZE_VIEW, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_VCOLORIZE_HINTS_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_VCOLORIZE_REF_PAD, 0);
}

static void
gst_vcolorize_init (GstVColorize *self)
{
  GstElement *element = GST_ELEMENT (self);
  GstPadTemplate *templ =
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (element), "sink");
  self->video_pad = g_object_new (GST_TYPE_AGGREGATOR_PAD, "name", "sink", "direction",
                                  GST_PAD_SINK, "template", templ, NULL);
  gst_element_add_pad (element, GST_PAD (self->video_pad));
  gst_vcolorize_properties_init (self);
  gst_vcolorize_qos_reset (&self->qos);
  g_mutex_init (&self->engine_lock);
}
