/* vcolorize — decoding reference image files with GStreamer's own decoders
 * (every format GStreamer reads, the first picture of a video file too). */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Larger files are refused before decoding. */
#define GST_VCOLORIZE_MAX_IMAGE_FILE_BYTES ((goffset) 512 * 1024 * 1024)
#define GST_VCOLORIZE_IMAGE_TIMEOUT (30 * GST_SECOND)

/* Decodes the first picture of PATH as RGBA, refusing pictures of more than
 * MAX_PIXELS pixels before they are decoded. Errors are in the
 * GST_RESOURCE_ERROR domain (NOT_FOUND, OPEN_READ, READ) with a message for
 * a person that starts with the quoted path (the caller says what the file
 * is for in front of it). */
GstSample *gst_vcolorize_load_image (const char *path, guint64 max_pixels, GError **error);

/* Decodes the files PATHS[0..N_PATHS-1] (gst_vcolorize_load_image) on up
 * to GST_VCOLORIZE_DECODE_THREADS threads (no more than the processors),
 * each a few files ahead of the one handed over next: at most that many
 * decoded pictures are held besides the caller's. */
#define GST_VCOLORIZE_DECODE_THREADS 4
typedef struct _GstVColorizeDecoder GstVColorizeDecoder;

GstVColorizeDecoder *gst_vcolorize_decoder_new (const gchar *const *paths, guint n_paths,
                                                guint64 max_pixels);
/* The picture of the next file, in PATHS' order, waiting until it is
 * decoded; NULL, with gst_vcolorize_load_image's error, where it cannot be.
 * Called once per file at most. */
GstSample *gst_vcolorize_decoder_next (GstVColorizeDecoder *d, GError **error);
/* Stops decoding (the files not started are not, those started are waited
 * for) and frees D. */
void gst_vcolorize_decoder_free (GstVColorizeDecoder *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstVColorizeDecoder, gst_vcolorize_decoder_free)

G_END_DECLS
