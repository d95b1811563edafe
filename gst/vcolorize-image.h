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

G_END_DECLS
