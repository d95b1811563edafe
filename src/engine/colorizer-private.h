/* vcolorize — the colorizer's state, shared by its files: colorizer.c
 * (configuration and frames) and colorizer-refs.c (references). */
#pragma once

#include "vc-colorizer-net.h"
#include "vc-colorizer.h"
#include "vc-frame-buffer.h"
#include "vc-library.h"
#include "vc-plan.h"
#include "vc-reference.h"

G_BEGIN_DECLS

/* The temporal memory, as the network's memory slots hold it. */
typedef enum {
  MEMORY_EMPTY,    /* next frame starts a shot and becomes the keyframe */
  MEMORY_KEYFRAME, /* the keyframe is also the previous frame */
  MEMORY_FULL,     /* keyframe and a later previous frame */
} MemoryState;

/* A frame held by the colorizer, from submit to receive. */
typedef enum {
  SLOT_WAITING,   /* for its look-ahead: in its frame buffer, not on the GPU */
  SLOT_SUBMITTED, /* on the GPU */
  SLOT_FAILED,    /* its submission failed */
} SlotState;

typedef struct {
  gpointer tag;
  SlotState state;
  gboolean new_shot; /* the memory was reset before it */
  double aligned;    /* how much lines up with a reference */
  double still;      /* how much lines up pixel for pixel with reference still_ref */
  int still_ref;     /* index in refs; -1: none of the frame's aspect ratio */
  VcReference refs[VC_COLORIZER_MAX_REFERENCES]; /* as they were when it came */
  VcShotResult shot;
  /* its thumbnail's L* (slot_lightness) and its grid of points
   * (slot_points) were taken, to compare with references */
  gboolean has_lightness, has_points;
  gboolean picked; /* library pictures were picked for it: picks */
  VcLibraryPicks picks;
  VcFrameBuffer *input;  /* the frame, packed as the plan's input (not the slot's) */
  VcFrameBuffer *output; /* where its result goes, once submitted */
} Slot;

struct _VcColorizer {
  VcColorizerOptions options;
  char *model_path;
  VcDevice *dev;
  VcFramePool *inputs, *outputs;
  VcColorizerNet *net;
  VcPlan *plan;
  VcVideoFormat input, output;
  VcShot *shot;
  float *thumbnail, *thumb_lightness; /* the frame's luminance, and as L* */
  guint thumb_width, thumb_height;
  guint points_width, points_height;
  /* by slot: its frame's thumbnail as L*, and its grid of points
   * (vc_thumbnail_points) as L*, where needed: references or a library to
   * compare it with, and keeping their colours for the points */
  float *slot_lightness[VC_COLORIZER_MAX_SLOTS];
  float *slot_points[VC_COLORIZER_MAX_SLOTS];

  /* frames held: slots first, first + 1, ... (mod n_slots), of which the
   * last n_waiting wait for their look-ahead */
  guint n_slots, first, n_in_flight, n_waiting;
  Slot slots[VC_COLORIZER_MAX_SLOTS];
  /* by slot: the frame buffer frames are copied into (vc_colorizer_submit),
   * kept until the format changes, and the id of the output frame buffer
   * it had last (asked for again, so that the slot's copies stay as
   * recorded when results are copied out and given back at once) */
  VcFrameBuffer *staging[VC_COLORIZER_MAX_SLOTS];
  guint64 last_output[VC_COLORIZER_MAX_SLOTS];
  MemoryState memory;
  gboolean has_profile; /* of the frame received last */
  VcColorizerProfile profile;
  gboolean has_last_picks; /* the frame received last: its shot's picks */
  VcLibraryPicks last_picks;
  /* the library pictures the current shot attends to (picks), as they
   * were picked from library version picked_version, picked_count at most
   * (library_picks, or fewer where the references left fewer places);
   * none picked yet when !has_picks */
  gboolean has_picks;
  VcLibraryPicks picks;
  VcReference picked[VC_COLORIZER_MAX_REFERENCES];
  guint64 picked_version;
  guint picked_count;

  GMutex lock; /* guards the fields below */
  VcColorizerParams params;
  gboolean reset_memory;
  VcReference refs[VC_COLORIZER_MAX_REFERENCES];
  guint64 next_generation;
  /* the library: an array of VcReference, and its version. Once a
   * snapshot has been taken of it (library_shared), it is never changed
   * but replaced, so that the streaming thread can hold one; until then a
   * picture is appended in place (loading a large library stays linear) */
  GArray *library;
  guint64 library_version;
  gboolean library_shared;
  VcLibraryLoad library_load; /* NULL: the library holds its pictures whole */
  gpointer library_load_data;
  /* the colour hints (vc_colorizer_set_hints): a·m, b·m and m, 3 planes of
   * hints_width × hints_height, never changed (replaced); NULL: none; and
   * their generation, bumped by each change */
  GBytes *hints;
  guint hints_width, hints_height;
  guint64 hints_generation;

  /* streaming thread only: the generation each reference was encoded at for
   * the current network resolution (0: not encoded), the memory slot it was
   * encoded into, and how many references the memory holds */
  guint64 encoded[VC_COLORIZER_MAX_REFERENCES];
  guint encoded_slot[VC_COLORIZER_MAX_REFERENCES];
  gboolean encoded_full[VC_COLORIZER_MAX_REFERENCES]; /* with a full-resolution copy */
  guint n_encoded;
  /* the generation of the hints the plan has, and whether there are any;
   * whether they changed since the frame before, and how that frame took
   * them (mode, spread) */
  guint64 hints_applied;
  gboolean hints_on;
  gboolean hints_fresh;
  VcHintsMode hints_mode;
  float hints_spread, hints_edge;
  /* the keyframe is a frame with hints, encoded as a reference; the shot
   * had its keyframe hints */
  gboolean keyframe_source;
  gboolean shot_hinted;
};

/* Checks a picture of F handed to the colorizer (WHAT: "reference"): a
 * known format, not empty, at most MAX_PIXELS. */
gboolean vc_colorizer_check_picture (const VcVideoFormat *f, const char *what, guint64 max_pixels,
                                     GError **error);
/* What SLOT's frame (attending to N_REFS references) does besides its
 * pixels, from the memory's state, what the scene detection found for it
 * and the hints (colorizer-frame.c); updates the memory's state. */
void vc_colorizer_next_frame (VcColorizer *c, guint n_refs, const Slot *slot, VcPlanFrame *frame);
/* Brings the colour hints set last to the plan, if they changed. */
gboolean vc_colorizer_apply_hints (VcColorizer *c, GError **error);
void vc_colorizer_hints_free (VcColorizer *c);
/* LAYOUT for frames of F, WIDTH wide (its YUV matrix, range, interlacing). */
void vc_colorizer_layout_from_format (VcFrameLayout *layout, const VcVideoFormat *f, guint width);
/* With the lock held: REFS = the references as they are now. */
void vc_colorizer_snapshot_references (VcColorizer *c, VcReference *refs);
void vc_colorizer_release_references (VcReference *refs);
/* Encodes the references (as a frame saw them) that changed since they were
 * last encoded, packed into memory slots 0 .. *N_REFS - 1 as the network
 * wants them, with a full-resolution copy where their colours may be kept. */
gboolean vc_colorizer_update_references (VcColorizer *c, const VcReference *refs, guint *n_refs,
                                         GError **error);
/* The library as it is now (a reference to it; never NULL) and its
 * version. */
GArray *vc_colorizer_library_snapshot (VcColorizer *c, guint64 *version);
/* *OUT = library picture ENTRY whole: a reference to it, or loaded again
 * with the library's loader. */
gboolean vc_colorizer_load_library_picture (VcColorizer *c, const VcReference *entry,
                                            VcReference *out, GError **error);
/* Frees the library and the pictures picked from it. */
void vc_colorizer_library_free (VcColorizer *c);

G_END_DECLS
