/* vcolorize — the colorizer: grayscale frames in, colour frames out.
 *
 * A VcColorizer owns a Vulkan device, the network and its temporal memory.
 * Configure it for an input format and an output format, give it reference
 * images, then submit frames and receive the results in the same order.
 *
 * One frame's way: it is in a host-visible frame buffer, made there by the
 * caller (vc_colorizer_submit_buffer) or copied in (vc_colorizer_submit);
 * on the GPU it is copied to the device, unpacked to L* (full resolution),
 * resized with antialiasing to the network resolution, colorized by the
 * network (a*b* and a confidence map at the network resolution), its a*b*
 * upsampled to full resolution guided by the full-resolution L*, packed
 * into the output format and copied to a host-visible frame buffer, which
 * the caller reads in place (vc_colorizer_receive_frame) or has copied out
 * (vc_colorizer_receive). All of this but the first and last copies is one
 * command buffer per frame slot, recorded again only when the format, the
 * view or the set of attended sources changes; each of the two copies is a
 * small one of its own, recorded again when the slot's frame buffer is
 * another.
 *
 * Frames in flight: up to frames_in_flight frames are submitted before the
 * oldest is received, so the GPU has the next frame queued while the host
 * copies a result out. A frame's result is received when the
 * frames_in_flight-th frame after it is submitted (or on drain): the delay is
 * frames_in_flight - 1 frames plus the processing of one.
 *
 * Scene cuts and keyframes (vc-shot.h) are found on a small luminance
 * thumbnail of every frame, on the host. A cut forgets the temporal memory
 * before the frame that starts the new shot; a keyframe makes the frame the
 * memory's keyframe (the previous frame's memory is used for it). With a
 * scene look-ahead of N frames, a frame goes to the GPU only once the N
 * frames after it have been submitted (or on drain), so that a flash is not
 * taken for a cut: the delay grows by N frames. Each frame's result comes
 * back with what was found for it (VcShotResult).
 *
 * References are decoded images (any VcPixelFormat, up to
 * VC_COLORIZER_MAX_REFERENCE_PIXELS). They are encoded by the network once per
 * change, before the next submitted frame, and kept across configure() so
 * that a change of resolution re-encodes them without the caller's help.
 *
 * A library of pictures (seed 003's reference recommendation): at the
 * first frame of each shot the colorizer picks the library pictures that
 * look most like the frame (vc-library.h) and attends to them, together
 * with the references, for the whole shot. For a film whose shots each
 * have a colourised still (a colourist's keyframe), the library holds
 * them all and each shot gets its own.
 *
 * Thread safety: vc_colorizer_set_params, vc_colorizer_set_reference,
 * vc_colorizer_remove_reference, vc_colorizer_add_library_picture,
 * vc_colorizer_clear_library, vc_colorizer_reset_memory and
 * vc_colorizer_input_pool may be called from any thread at any time, and
 * frame pools and frame buffers used from any thread; everything else from
 * one thread at a time. */
#pragma once

#include "vc-frame.h"
#include "vc-shot.h"

G_BEGIN_DECLS

#define VC_COLORIZER_MAX_IN_FLIGHT 4
#define VC_COLORIZER_DEFAULT_IN_FLIGHT 2
/* Frames held at once: in flight, and waiting for their look-ahead. */
#define VC_COLORIZER_MAX_SLOTS (VC_COLORIZER_MAX_IN_FLIGHT + VC_SHOT_MAX_LOOKAHEAD)
#define VC_COLORIZER_MAX_REFERENCES 8
#define VC_COLORIZER_MAX_REFERENCE_PIXELS (64u * 1024 * 1024)
/* Pictures in the library at most: a still for each shot of a film (with a
 * loader only their thumbnails are held, about 23 KB each). */
#define VC_COLORIZER_MAX_LIBRARY 16384
#define VC_COLORIZER_MIN_NETWORK_SIZE 64
#define VC_COLORIZER_MAX_NETWORK_SIZE 1024
#define VC_COLORIZER_DEFAULT_NETWORK_SIZE 256
/* Network sides are multiples of this; the long side is at most
 * VC_COLORIZER_MAX_ASPECT times the short one. */
#define VC_COLORIZER_NETWORK_ALIGN 32
#define VC_COLORIZER_MAX_ASPECT 4

typedef enum {
  VC_VIEW_COLOUR,       /* the colorized frame */
  VC_VIEW_SIDE_BY_SIDE, /* the input (left) and the colorized frame (right): twice as wide */
  VC_VIEW_CONFIDENCE,   /* the attention's confidence as gray: white = sure */
} VcView;

typedef struct {
  int device_index;       /* -1: the best device */
  const char *model_path; /* the network's model file */
  guint network_size;     /* short side of the network resolution */
  guint frames_in_flight; /* 1 .. VC_COLORIZER_MAX_IN_FLIGHT */
  /* Frees the tags of frames that are dropped (vc_colorizer_discard,
   * vc_colorizer_free); may be NULL. */
  GDestroyNotify free_tag;
  /* Frames of look-ahead for the scene-cut detection, 0 ..
   * VC_SHOT_MAX_LOOKAHEAD (0: decided at once; flashes may be taken for
   * cuts). */
  guint scene_lookahead;
  /* Time each pass of every frame on the GPU (vc_colorizer_last_profile).
   * Off, the command buffers hold no timestamps and nothing is read back. */
  gboolean profile;
} VcColorizerOptions;

/* Knobs that may change between frames. */
typedef enum {
  VC_HINTS_EVERY_FRAME,
  VC_HINTS_KEYFRAME,
} VcHintsMode;

typedef struct {
  gboolean temporal; /* attend to the keyframe and the previous frame */
  /* 0 .. 1: the weight of the memory against the references in the
   * attention: the keyframe's and previous frame's attention weights are
   * multiplied by S / (1 - S) (0.5: as the network was trained; 0 and 1 are
   * taken as VC_COLORIZER_MIN_STRENGTH from them: the memory or the
   * references all but ignored). The default, 0.2, scored best on the dev
   * clips (README, Temporal memory). */
  double temporal_strength;
  /* 0 .. 1: how much nearer matches are preferred in the attention: a
   * reference's colours are looked for near the same place in the frame
   * (within about VC_COLORIZER_REFERENCE_RADIUS of the short side), the
   * memory's within VC_COLORIZER_MEMORY_RADIUS; a far match wins only where
   * it is better by more than this in similarity (-1 .. 1). 0: anywhere
   * (as trained). For a reference that is a frame of the same shot.
   * Negative: automatic, per frame, from how much of the frame lines up
   * with a reference (its thumbnail's L* within
   * VC_COLORIZER_ALIGNED_TOLERANCE of the reference's at the same place):
   * 0 up to VC_COLORIZER_ALIGNED_LOW of it, VC_COLORIZER_AUTO_LOCALITY from
   * VC_COLORIZER_ALIGNED_HIGH on. */
  double locality;
  /* 0 .. 1: at full resolution, how far a pixel's colour is pulled towards
   * the reference's own at the same place where their L* is the same
   * (vc-steady.h with the reference for the previous frame: the weight is
   * this × exp (−ΔL*² / (2 VC_COLORIZER_KEEP_SIGMA²))). It keeps the
   * reference's colours, at full resolution, where a still camera sees what
   * it saw (a reference of the same shot). The reference is the one of the
   * frame's aspect ratio that most of the frame lines up with pixel for
   * pixel (the fraction of the frame's grid of points, vc-thumbnail.h,
   * within VC_COLORIZER_STILL_TOLERANCE of the reference's L*). Negative:
   * automatic, per frame, from that fraction: 0 up to
   * VC_COLORIZER_STILL_LOW, 1 from VC_COLORIZER_STILL_HIGH on, linear in
   * between. 0: off, and no full-resolution copy of the references is kept
   * on the GPU. A frame kept from at strength k weighs the memory in the
   * attention at temporal_strength × (1 − k): the reference it lines up
   * with is the better memory. */
  double keep_reference;
  /* 0 .. 1: at full resolution, how far a pixel's colour is pulled towards
   * the previous output frame's where the luminance around it has not
   * changed (vc-steady.h; a recursive filter of still regions). Part of
   * the memory: nothing without temporal, after a cut or a reset. */
  double temporal_smoothing;
  double scene_threshold;    /* scene cut when the frame difference exceeds this × its mean */
  double keyframe_threshold; /* new keyframe when the SSIM to the keyframe is below this */
  /* 0 .. VC_COLORIZER_MAX_REFERENCES: library pictures attended per shot,
   * at most as many as the references (set at the shot's first frame) leave
   * places for: VC_COLORIZER_MAX_REFERENCES in all */
  guint library_picks;
  /* A library picture is picked only when its difference to the shot's
   * first frame (vc_library_difference: as the scene detection's, about
   * 0.8 to 1.2 for unrelated pictures) is below this. */
  double library_max_difference;
  /* Colour hints (vc_colorizer_set_hints; vc-hints.h): their reach decays
   * by e every hints_spread pixels of the network's grid (σs, >= 1e-3),
   * and a change of hints_edge in L* counts as that far (σr, >= 1e-3). */
  double hints_spread;
  double hints_edge;
  /* Where the hints go: VC_HINTS_KEYFRAME, the first frame of each shot
   * and the first after the hints, this or their spread changed, which
   * becomes the shot's keyframe, encoded and weighed as a reference is: the
   * frames after take its colours wherever they moved (with temporal off:
   * every frame); VC_HINTS_EVERY_FRAME, each frame, where they are
   * painted. */
  VcHintsMode hints_mode;
} VcColorizerParams;

#define VC_COLORIZER_MIN_STRENGTH 1e-6

/* Gaussian radii of the locality, as fractions of the short side of the
 * frame: the references' colours may have moved more since (VcNetAttend). */
#define VC_COLORIZER_REFERENCE_RADIUS 0.1875
#define VC_COLORIZER_MEMORY_RADIUS 0.0625

/* The automatic locality (VcColorizerParams.locality < 0). */
#define VC_COLORIZER_AUTO_LOCALITY 0.1
#define VC_COLORIZER_ALIGNED_TOLERANCE 3.0 /* L* */
#define VC_COLORIZER_ALIGNED_LOW 0.6
#define VC_COLORIZER_ALIGNED_HIGH 0.9

/* Keeping the reference's colours (VcColorizerParams.keep_reference). */
#define VC_COLORIZER_KEEP_SIGMA 6.0f     /* L* */
#define VC_COLORIZER_KEEP_RADIUS 0       /* pixel by pixel */
#define VC_COLORIZER_STILL_TOLERANCE 4.0 /* L* */
#define VC_COLORIZER_STILL_LOW 0.75
#define VC_COLORIZER_STILL_HIGH 0.9

/* The default library_max_difference (README, Reference library). */
#define VC_COLORIZER_LIBRARY_MAX_DIFFERENCE 0.45
/* The default spread of colour hints (README, Colour hints). */
#define VC_COLORIZER_HINTS_SPREAD 96.0
#define VC_COLORIZER_HINTS_EDGE 16.0

#define VC_COLORIZER_PARAMS_INIT                                                                   \
  {                                                                                                \
    .temporal = TRUE, .temporal_strength = 0.2, .locality = -1.0, .keep_reference = -1.0,          \
    .temporal_smoothing = 0.5, .scene_threshold = 3.0, .keyframe_threshold = 0.4,                  \
    .library_picks = 1, .library_max_difference = VC_COLORIZER_LIBRARY_MAX_DIFFERENCE,             \
    .hints_spread = VC_COLORIZER_HINTS_SPREAD, .hints_edge = VC_COLORIZER_HINTS_EDGE,              \
    .hints_mode = VC_HINTS_KEYFRAME                                                                \
  }

/* A video format as the caller sees it; the engine chooses the packing of
 * frame buffers itself (vc_frame_layout_init). */
typedef struct {
  VcPixelFormat format;
  guint width, height;
  VcYuvMatrix matrix;  /* YUV only */
  gboolean full_range; /* YUV only */
  gboolean interlaced; /* two fields per frame: 4:2:0 chroma per field (VcFrameLayout) */
} VcVideoFormat;

/* A frame in host memory: the first byte and the row stride of each plane
 * (as many planes as the format has). */
typedef struct {
  guint8 *data[3];
  gsize stride[3];
} VcHostFrame;

/* The GPU time of one frame, pass by pass, in the order the passes ran.
 * Pass names: "upload" (input frame buffer to device), "unpack" (to L* at full
 * resolution), "resize" (L* to the network resolution), "clean" and "frame"
 * (the network's subgraphs: preprocessing, then encoder, attention and
 * decoder), "clear-prev" (a new shot), "store-keyframe" and "store-previous"
 * (the frame kept in the memory), "keyframe-source" and "encode-keyframe"
 * (a frame with keyframe hints kept as a reference is: its L* and a*b* to
 * the reference inputs, then encoded), "prev" (the next frame's
 * previous-frame input), "hints" (colour hints mixed into the network's
 * a*b*: before the memory keeps the frame with keyframe hints), "guided"
 * (a*b* upsampled to full resolution) or "confidence" (the
 * confidence view), "pack" (into the output format) and "download" (device
 * to the output frame buffer). A frame has the passes its sources and view need. */
#define VC_COLORIZER_MAX_PASSES 16

typedef struct {
  const char *name; /* static */
  double ms;
} VcColorizerPass;

typedef struct {
  guint n_passes;
  VcColorizerPass passes[VC_COLORIZER_MAX_PASSES];
  double total_ms; /* the sum of the passes: the frame's command buffer */
} VcColorizerProfile;

typedef struct _VcColorizer VcColorizer;

VcColorizer *vc_colorizer_new (const VcColorizerOptions *options, GError **error);
/* Waits for the GPU; frees the tags of frames still in flight. */
void vc_colorizer_free (VcColorizer *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VcColorizer, vc_colorizer_free)

const char *vc_colorizer_device_name (const VcColorizer *c);
/* Whether the model cleans the lightness (noise, grain) with its
 * preprocessing net before colorizing; the output keeps the input's own. */
gboolean vc_colorizer_preprocesses (const VcColorizer *c);
void vc_colorizer_set_params (VcColorizer *c, const VcColorizerParams *params);
void vc_colorizer_get_params (VcColorizer *c, VcColorizerParams *params);

/* The network resolution for a WIDTH×HEIGHT frame: short side network_size
 * (rounded down to the alignment) whatever the frame's size — a small frame
 * is upscaled, as in training, so the network sees objects at the scale it
 * learnt — aspect kept (up to VC_COLORIZER_MAX_ASPECT), both sides multiples
 * of VC_COLORIZER_NETWORK_ALIGN. */
void vc_colorizer_network_resolution (guint network_size, guint width, guint height,
                                      guint *net_width, guint *net_height);
/* The output size of VIEW for a WIDTH×HEIGHT input. */
void vc_colorizer_output_size (VcView view, guint width, guint height, guint *out_width,
                               guint *out_height);

/* (Re)builds everything that depends on the formats. Frames in flight must
 * have been received or discarded. OUTPUT must be a colour format of the
 * size vc_colorizer_output_size() gives. References and the temporal memory
 * are kept (the memory is reset when the size changes). */
gboolean vc_colorizer_configure (VcColorizer *c, const VcVideoFormat *input,
                                 const VcVideoFormat *output, VcView view, GError **error);
gboolean vc_colorizer_is_configured (const VcColorizer *c);
/* How output frames are packed (vc_frame_buffer_layout()); NULL before
 * the first configure(). */
const VcFrameLayout *vc_colorizer_output_layout (const VcColorizer *c);

/* Sets reference KEY (any number the caller chooses) to a copy of FRAME.
 * Fails for an empty or too large frame, or when
 * VC_COLORIZER_MAX_REFERENCES other keys are set. */
gboolean vc_colorizer_set_reference (VcColorizer *c, guint key, const VcVideoFormat *format,
                                     const VcHostFrame *frame, GError **error);
/* FALSE if KEY was not set. */
gboolean vc_colorizer_remove_reference (VcColorizer *c, guint key);
guint vc_colorizer_n_references (VcColorizer *c);

/* Colour hints: a picture (of any size: it is stretched over the frame)
 * whose opaque pixels give the a*b* wanted there; their lightness is not
 * used, and in a format without alpha every pixel is a hint. Each frame's
 * colours become the hints' on them and near them within regions of like
 * lightness, fading over VcColorizerParams.hints_spread network pixels and
 * stopped by edges (vc-hints.h), and stay the network's elsewhere. They
 * hold from the next frame submitted on, until cleared; with
 * VC_HINTS_EVERY_FRAME a hint belongs to a place in the picture, with
 * VC_HINTS_KEYFRAME to what is there in the keyframe. May be called from any
 * thread. Errors: INVALID_ARGUMENT (format, size), OUT_OF_MEMORY. */
#define VC_COLORIZER_MAX_HINTS_PIXELS (3840u * 2160)
/* the hints are kept at most this many pixels on their longer side */
#define VC_COLORIZER_HINTS_SIDE 512
gboolean vc_colorizer_set_hints (VcColorizer *c, const VcVideoFormat *format,
                                 const VcHostFrame *frame, GError **error);
void vc_colorizer_clear_hints (VcColorizer *c);
gboolean vc_colorizer_has_hints (VcColorizer *c);

/* A library picture handed over by a VcLibraryLoad: FRAME (of FORMAT)
 * stays valid until the colorizer calls FREE (HANDLE) (if FREE is not
 * NULL), which it does once it has copied the picture. */
typedef struct {
  VcVideoFormat format;
  VcHostFrame frame;
  gpointer handle;
  GDestroyNotify free;
} VcLibraryPicture;

/* Loads library picture INDEX (as vc_colorizer_add_library_picture gave it)
 * when it is picked, on the thread that submits frames. On failure the
 * picture is passed over for that shot. */
typedef gboolean (*VcLibraryLoad) (gpointer user_data, guint index, VcLibraryPicture *picture,
                                   GError **error);

/* With a loader, the library keeps only a small picture of each picture
 * added (to compare frames with: 30 KB for 16:9) and loads a picture again
 * when a shot picks it; without, it holds each picture whole. Set it
 * before adding pictures. */
void vc_colorizer_set_library_loader (VcColorizer *c, VcLibraryLoad load, gpointer user_data);

/* Adds a copy of FRAME to the library as picture *INDEX (0, 1, ... in the
 * order added). Fails as vc_colorizer_set_reference does, and when the
 * library holds VC_COLORIZER_MAX_LIBRARY pictures. The next frame picks
 * again. */
gboolean vc_colorizer_add_library_picture (VcColorizer *c, const VcVideoFormat *format,
                                           const VcHostFrame *frame, guint *index, GError **error);
/* Empties the library; the next frame picks again (none). */
void vc_colorizer_clear_library (VcColorizer *c);
guint vc_colorizer_library_size (VcColorizer *c);

/* The library pictures picked for a shot, nearest first. */
typedef struct {
  guint n;
  guint index[VC_COLORIZER_MAX_REFERENCES]; /* as vc_colorizer_add_library_picture gave */
  double difference[VC_COLORIZER_MAX_REFERENCES];
  /* the nearest picture, picked or not (-1 and G_MAXDOUBLE: the library
   * is empty) */
  int nearest;
  double nearest_difference;
} VcLibraryPicks;

/* Whether library pictures were picked for the frame received last (the
 * first of a shot, or the first after the library or library_picks
 * changed), and which in *PICKS (may be NULL): those that loaded. */
gboolean vc_colorizer_last_picks (const VcColorizer *c, VcLibraryPicks *picks);

/* The next frame submitted starts a new shot: the temporal memory and the
 * scene detection's history are forgotten (frames submitted before are
 * decided without the frames after). */
void vc_colorizer_reset_memory (VcColorizer *c);

/* Frames submitted and not received: on the GPU or waiting for their
 * look-ahead. Full at frames_in_flight + scene_lookahead. */
guint vc_colorizer_n_in_flight (const VcColorizer *c);
gboolean vc_colorizer_is_full (const VcColorizer *c);
/* The tag of the frame the next receive gives; NULL when none is in flight. */
gpointer vc_colorizer_oldest_tag (const VcColorizer *c);
/* Copies FRAME (the configured input format) into a frame buffer, finds
 * its thumbnail and submits the work of the frames whose look-ahead is
 * complete; TAG comes back with its result. Fails when full. On failure
 * FRAME is not taken (TAG stays the caller's), and the next frame starts a
 * shot. */
gboolean vc_colorizer_submit (VcColorizer *c, const VcHostFrame *frame, gpointer tag,
                              GError **error);
/* Waits for the oldest frame in flight (submitting it first if it still
 * waits for its look-ahead) and copies its result into OUT (the configured
 * output format), and into SHOT (may be NULL) what the scene detection found
 * for it. Sets *TAG (owned by the caller) even on failure. Fails when
 * nothing is in flight. */
gboolean vc_colorizer_receive (VcColorizer *c, const VcHostFrame *out, gpointer *tag,
                               VcShotResult *shot, GError **error);

/* Frames without a copy on the host. A VcFrameBuffer is a frame in
 * host-visible memory of the engine's (vc_frame_layout_padded_size() bytes
 * of a layout, GStreamer's default for its format), which the GPU reads or
 * writes directly. Frame buffers come from pools (VcFramePool: refcounted,
 * thread-safe) and go back to them when released, from any thread, also
 * after vc_colorizer_free(); a pool keeps a few to reuse.
 *
 * Output: vc_colorizer_receive_frame() lends the buffer the GPU copied a
 * result into; the caller may hold it as long as it likes (each one held is
 * a frame of memory). Input: a producer writes a frame into a buffer of
 * vc_colorizer_input_pool() and vc_colorizer_submit_buffer() takes it as
 * it is. */
typedef struct _VcFrameBuffer VcFrameBuffer;
typedef struct _VcFramePool VcFramePool;

/* Frame buffers given back that a pool keeps for reuse, at most: more than
 * the frames in flight, so that a consumer (or an upstream pool) that holds
 * a few does not make each frame allocate. */
#define VC_FRAME_POOL_MAX_KEPT (VC_COLORIZER_MAX_SLOTS + 8)

/* vc_colorizer_receive() without the copy: *OUT (the caller's on success,
 * else NULL) holds the result, in the configured output format. */
gboolean vc_colorizer_receive_frame (VcColorizer *c, VcFrameBuffer **out, gpointer *tag,
                                     VcShotResult *shot, GError **error);
/* A new reference to the pool of input frames (any thread). */
VcFramePool *vc_colorizer_input_pool (VcColorizer *c);
/* vc_colorizer_submit() of a frame already in a frame buffer of the input
 * pool, with no copy. Its layout must be the configured input's (format,
 * size, planes; vc_colorizer_takes_buffer), else INVALID_ARGUMENT. FRAME
 * stays the caller's and must be kept, unchanged, until the frame is
 * received or discarded. */
gboolean vc_colorizer_submit_buffer (VcColorizer *c, VcFrameBuffer *frame, gpointer tag,
                                     GError **error);
gboolean vc_colorizer_takes_buffer (const VcColorizer *c, const VcFrameBuffer *frame);

VcFramePool *vc_frame_pool_ref (VcFramePool *pool);
/* Frame buffers out keep the pool until released. */
void vc_frame_pool_unref (VcFramePool *pool);
/* A frame buffer for LAYOUT (which its layout says): one given back or a
 * new one (zero-filled); those kept of another size are freed. */
VcFrameBuffer *vc_frame_pool_acquire (VcFramePool *pool, const VcFrameLayout *layout,
                                      GError **error);
guint8 *vc_frame_buffer_data (VcFrameBuffer *frame);
/* Bytes at vc_frame_buffer_data(): vc_frame_layout_padded_size() of the
 * layout. */
gsize vc_frame_buffer_size (const VcFrameBuffer *frame);
const VcFrameLayout *vc_frame_buffer_layout (const VcFrameBuffer *frame);
/* Copies FRAME's picture into OUT (its format). */
void vc_frame_buffer_copy (VcFrameBuffer *frame, const VcHostFrame *out);
/* Gives FRAME back to its pool; any thread, at any time. */
void vc_frame_buffer_release (VcFrameBuffer *frame);
/* Waits for the frames in flight and drops them (their tags are freed);
 * the next frame starts a shot. */
void vc_colorizer_discard (VcColorizer *c);

/* With options.profile: the GPU time of each pass of the frame received
 * last, from timestamp queries written between the passes of its command
 * buffer. FALSE when profiling is off, the device has no timestamp queries
 * or no frame has been received since the last configure(). */
gboolean vc_colorizer_last_profile (const VcColorizer *c, VcColorizerProfile *profile);
/* Bytes of device memory (device-local buffers, and host-visible frame
 * buffers, also those lent out) the colorizer has allocated now, and at
 * most since it was created. Driver-internal memory (pipelines, command
 * buffers) is not counted. */
guint64 vc_colorizer_memory_in_use (const VcColorizer *c);
guint64 vc_colorizer_memory_peak (const VcColorizer *c);

G_END_DECLS
