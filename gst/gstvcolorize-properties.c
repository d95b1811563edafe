/* vcolorize — GstVColorize: its properties — their defaults, specs and
 * documentation (what gst-inspect-1.0 shows), and setting and reading them.
 * Knobs of the colorizer (VcColorizerParams) reach a running colorizer at
 * once; the others are taken when the element starts. */
#include "gstvcolorize-private.h"

#define DEFAULT_DEVICE -1
#define DEFAULT_VIEW VC_VIEW_COLOUR
#define DEFAULT_QOS TRUE
#define DEFAULT_PROFILE FALSE

enum {
  PROP_0,
  PROP_REFS,
  PROP_HINTS,
  PROP_HINTS_SPREAD,
  PROP_HINTS_EDGE,
  PROP_HINTS_MODE,
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
set_hints_spread (VcColorizerParams *p, const GValue *v)
{
  p->hints_spread = g_value_get_double (v);
}

static void
set_hints_edge (VcColorizerParams *p, const GValue *v)
{
  p->hints_edge = g_value_get_double (v);
}

static void
set_hints_mode (VcColorizerParams *p, const GValue *v)
{
  p->hints_mode = g_value_get_enum (v);
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
    gst_vcolorize_reload_property_refs (self);
    break;
  case PROP_HINTS:
    GST_OBJECT_LOCK (self);
    g_free (self->hints);
    self->hints = g_value_dup_string (value);
    GST_OBJECT_UNLOCK (self);
    gst_vcolorize_reload_hints (self);
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
  case PROP_HINTS_SPREAD:
    set_params (self, set_hints_spread, value);
    break;
  case PROP_HINTS_EDGE:
    set_params (self, set_hints_edge, value);
    break;
  case PROP_HINTS_MODE:
    set_params (self, set_hints_mode, value);
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
    g_value_take_string (value, gst_vcolorize_default_model_path (self));
    return;
  }
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
  case PROP_REFS:
    g_value_set_string (value, self->refs);
    break;
  case PROP_HINTS:
    g_value_set_string (value, self->hints);
    break;
  case PROP_LIBRARY:
    g_value_set_string (value, self->library);
    break;
  case PROP_LIBRARY_PICKS:
    g_value_set_uint (value, self->params.library_picks);
    break;
  case PROP_HINTS_SPREAD:
    g_value_set_double (value, self->params.hints_spread);
    break;
  case PROP_HINTS_EDGE:
    g_value_set_double (value, self->params.hints_edge);
    break;
  case PROP_HINTS_MODE:
    g_value_set_enum (value, self->params.hints_mode);
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

#define READY_PARAM (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)
#define LIVE_PARAM (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING)

void
gst_vcolorize_install_properties (GObjectClass *oc)
{
  oc->set_property = gst_vcolorize_set_property;
  oc->get_property = gst_vcolorize_get_property;
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
      oc, PROP_HINTS,
      g_param_spec_string ("hints", "Colour hints",
                           "A picture of colour hints (e.g. a PNG): colours painted over a frame "
                           "on a transparent layer, stretched over the frame. The output takes "
                           "their a*b* (not their lightness) on them and near them within the "
                           "region of like lightness (see hints-spread and hints-edge); "
                           "elsewhere the colours stay the network's. A picture without alpha is "
                           "hints everywhere. Which frames take them: hints-mode. Pictures may "
                           "also come on the hints pad, each replacing the hints at its time",
                           NULL, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_HINTS_SPREAD,
      g_param_spec_double ("hints-spread", "Reach of colour hints",
                           "How far colour hints reach within a region: their weight falls by e "
                           "every this many pixels of the network's picture (256 pixels on its "
                           "short side at the default network-size)",
                           1.0, 1024.0, p.hints_spread, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_HINTS_EDGE,
      g_param_spec_double ("hints-edge", "Colour hints' edges",
                           "How much a change of lightness stops colour hints: a change of this "
                           "much in L* (0-100) counts as hints-spread pixels. Lower keeps a hint "
                           "on the thing it was painted on; higher lets it cross edges",
                           0.5, 200.0, p.hints_edge, LIVE_PARAM));
  g_object_class_install_property (
      oc, PROP_HINTS_MODE,
      g_param_spec_enum ("hints-mode", "Colour hints' frames",
                         "Which frames take the colour hints: the first frame of each shot and "
                         "the first after the hints (or how they apply) change, which the frames "
                         "after attend to as to a reference, so that the colours follow what "
                         "moves (paint them on that frame; with temporal off, every frame); or "
                         "every frame, where a hint stays where it is painted (a still camera)",
                         GST_TYPE_VCOLORIZE_HINTS_MODE, p.hints_mode, LIVE_PARAM));
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

void
gst_vcolorize_properties_init (GstVColorize *self)
{
  const VcColorizerParams params = VC_COLORIZER_PARAMS_INIT;
  self->device = DEFAULT_DEVICE;
  self->network_size = VC_COLORIZER_DEFAULT_NETWORK_SIZE;
  self->frames_in_flight = VC_COLORIZER_DEFAULT_IN_FLIGHT;
  self->scene_lookahead = VC_SHOT_DEFAULT_LOOKAHEAD;
  self->params = params;
  self->view = DEFAULT_VIEW;
  self->qos_enabled = DEFAULT_QOS;
  self->profile = DEFAULT_PROFILE;
}
