/* vcolorize — GstVColorize internals shared by its files:
 * gstvcolorize.c (the object: pads, states), gstvcolorize-properties.c,
 * gstvcolorize-stream.c (what runs in the source pad's task: aggregate,
 * negotiation, events) and gstvcolorize-refs.c (references, seeks). */
#pragma once

#include "gstvcolorize.h"

#include <gst/video/video.h>

#include "vc-colorizer.h"
#include "vcolorize-frames.h"
#include "vcolorize-qos.h"
#include "vcolorize-tags.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_vcolorize_debug);
#define GST_CAT_DEFAULT gst_vcolorize_debug

/* Reference keys in the colorizer: ref_N pads use N, the refs property
 * PROPERTY_REF_KEY + i. */
#define PROPERTY_REF_KEY 0x10000u

struct _GstVColorize {
  GstAggregator parent;
  GstAggregatorPad *video_pad;

  /* properties (object lock) */
  gchar *refs, *model, *device_name, *library, *hints;
  gint device;
  guint network_size, frames_in_flight, scene_lookahead;
  VcColorizerParams params;
  VcView view;
  gboolean qos_enabled;
  gboolean profile;    /* post vcolorize-profile messages (from READY on) */
  gboolean preprocess; /* the model's, known from start() on */
  GstVColorizeQos qos;

  /* Created in start(), freed in stop(); engine_lock orders that with
   * changes of the refs and hints properties made while running. */
  GMutex engine_lock;
  VcColorizer *colorizer;
  guint n_property_refs;
  gboolean pad_hints;       /* the hints came from the hints pad last (object lock) */
  GPtrArray *library_names; /* the library's pictures, by index: their files */

  /* stream state (source pad task) */
  GstVideoInfo in_info, out_info;
  gboolean has_in_info, configured;
  GstVideoInfo configured_in;
  VcView negotiating_view, configured_view;
  GstFlowReturn pending_flow;  /* of a drain done while handling an event */
  gboolean discont;            /* frames were dropped: the next output is a discontinuity */
  guint64 n_frames;            /* video buffers since the start or the last flush */
  gboolean negotiation_error;  /* posted during this negotiation */
  GstVColorizeTags tags;       /* the video pad's, not pushed yet */
  GstVColorizeLending lending; /* decided with downstream's allocation */
};

/* What the colorizer carries with each frame (its tag). */
typedef struct {
  GstBuffer *buffer;
  guint64 number; /* GstVColorize.n_frames when it came */
  GstClockTime running_time;
  gboolean in_place; /* went to the GPU from the buffer itself (vcolorize-frames.h) */
} GstVColorizeFrame;

void gst_vcolorize_frame_free (GstVColorizeFrame *frame);

/* Posts ERROR as an element error; see gstvcolorize-stream.c. */
void gst_vcolorize_post_error (GstVColorize *self, const GError *error, GQuark domain, gint code);
/* The model that goes with the plugin (gstvcolorize.c). */
gchar *gst_vcolorize_default_model_path (GstVColorize *self);
/* Installs the properties and their set/get functions; sets their defaults. */
void gst_vcolorize_install_properties (GObjectClass *oc);
void gst_vcolorize_properties_init (GstVColorize *self);
/* Loads the refs property's files again into the running colorizer (a
 * failure is a warning and keeps those loaded before). */
void gst_vcolorize_reload_property_refs (GstVColorize *self);
/* Decodes the files of REFS (comma-separated) into references
 * PROPERTY_REF_KEY + i of C; *N_LOADED: how many there were before, and are now. */
gboolean gst_vcolorize_load_property_refs (GstVColorize *self, VcColorizer *c, const gchar *refs,
                                           guint *n_loaded, GError **error);
/* Decodes the picture HINTS (NULL or "": none) into C's colour hints. */
gboolean gst_vcolorize_load_hints (GstVColorize *self, VcColorizer *c, const gchar *hints,
                                   GError **error);
/* Loads the hints property's picture again into the running colorizer (a
 * failure is a warning and keeps the hints before). */
void gst_vcolorize_reload_hints (GstVColorize *self);
/* Decodes the pictures of LIBRARY (a directory, or comma-separated files)
 * into C's library; *NAMES (always set): their files, by index. In a
 * directory, files that do not decode are passed over, with a warning. */
gboolean gst_vcolorize_load_library (GstVColorize *self, VcColorizer *c, const gchar *library,
                                     GPtrArray **names, GError **error);
/* Takes the reference buffers of the ref pads that are due at running time
 * BEFORE (all when invalid); FALSE after posting an error. */
gboolean gst_vcolorize_take_pad_references (GstVColorize *self, GstClockTime before);
/* Handles a SEEK event (taken) from downstream. */
gboolean gst_vcolorize_seek (GstVColorize *self, GstEvent *event);
void gst_vcolorize_update_latency (GstVColorize *self);
/* Sets up the GstAggregator virtual methods of gstvcolorize-stream.c. */
void gst_vcolorize_stream_class_init (GstAggregatorClass *klass);

G_END_DECLS
