/* vcolorize — decoding reference image files.
 *
 * A small pipeline, filesrc ! decodebin ! videoconvert ! videoflip ! RGBA !
 * appsink, is taken to PAUSED; the picture it prerolls is the image. A probe
 * answers the decoder's caps check with "no" when the picture is too large,
 * so that the decoder fails before it allocates the picture. videoflip turns
 * the picture upright: a JPEG's EXIF orientation (a camera held sideways) is
 * read here, other formats' from the tags their parsers send. */
#include "vcolorize-image.h"

#include <errno.h>
#include <gst/app/gstappsink.h>
#include <gst/tag/tag.h>
#include <gst/video/video.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  guint64 max_pixels;
  gint width, height; /* of a picture refused as too large */
} SizeCheck;

static GstPadProbeReturn
check_size (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  SizeCheck *check = user_data;
  GstQuery *query = GST_PAD_PROBE_INFO_QUERY (info);
  if (GST_QUERY_TYPE (query) != GST_QUERY_ACCEPT_CAPS)
    return GST_PAD_PROBE_OK;
  GstCaps *caps;
  gst_query_parse_accept_caps (query, &caps);
  GstStructure *s = gst_caps_get_structure (caps, 0);
  gint w = 0, h = 0;
  if (gst_structure_get_int (s, "width", &w) && gst_structure_get_int (s, "height", &h) &&
      (guint64) w * (guint64) h > check->max_pixels) {
    check->width = w;
    check->height = h;
    gst_query_set_accept_caps_result (query, FALSE);
    return GST_PAD_PROBE_HANDLED;
  }
  return GST_PAD_PROBE_OK;
}

/* Checks that PATH is a readable, non-empty file of a sane size. */
static gboolean
check_file (const char *path, GError **error)
{
  GStatBuf st;
  if (g_stat (path, &st) != 0) {
    int e = errno;
    g_set_error (error, GST_RESOURCE_ERROR,
                 e == ENOENT ? GST_RESOURCE_ERROR_NOT_FOUND : GST_RESOURCE_ERROR_OPEN_READ,
                 "\"%s\": %s", path, g_strerror (e));
    return FALSE;
  }
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ, "\"%s\" is not a file",
                 path);
    return FALSE;
  }
  if (g_access (path, R_OK) != 0) {
    int e = errno;
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
                 "\"%s\" cannot be read: %s", path, g_strerror (e));
    return FALSE;
  }
  if (st.st_size == 0) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, "\"%s\" is empty", path);
    return FALSE;
  }
  if (st.st_size > GST_VCOLORIZE_MAX_IMAGE_FILE_BYTES) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                 "\"%s\" is %.0f MiB; files over %d MiB are refused", path, st.st_size / 1048576.0,
                 (int) (GST_VCOLORIZE_MAX_IMAGE_FILE_BYTES >> 20));
    return FALSE;
  }
  return TRUE;
}

/* The transformation that turns a picture of EXIF orientation ORIENTATION
 * (GStreamer's GST_TAG_IMAGE_ORIENTATION names) upright. */
static GstVideoOrientationMethod
upright_method (const char *orientation)
{
  static const struct {
    const char *name;
    GstVideoOrientationMethod method;
  } methods[] = {
    { "rotate-0", GST_VIDEO_ORIENTATION_IDENTITY },
    { "rotate-90", GST_VIDEO_ORIENTATION_90R },
    { "rotate-180", GST_VIDEO_ORIENTATION_180 },
    { "rotate-270", GST_VIDEO_ORIENTATION_90L },
    { "flip-rotate-0", GST_VIDEO_ORIENTATION_HORIZ },
    { "flip-rotate-90", GST_VIDEO_ORIENTATION_UR_LL },
    { "flip-rotate-180", GST_VIDEO_ORIENTATION_VERT },
    { "flip-rotate-270", GST_VIDEO_ORIENTATION_UL_LR },
  };
  for (guint i = 0; orientation && i < G_N_ELEMENTS (methods); i++)
    if (strcmp (orientation, methods[i].name) == 0)
      return methods[i].method;
  return GST_VIDEO_ORIENTATION_AUTO;
}

/* The EXIF orientation of a JPEG file, as videoflip's method;
 * GST_VIDEO_ORIENTATION_AUTO for another file or one without it. The EXIF
 * segment (APP1) comes before the picture, within the first segments. */
static GstVideoOrientationMethod
jpeg_orientation (const char *path)
{
  enum { HEAD = 2 * 65536 };
  g_autofree guint8 *head = g_malloc (HEAD);
  FILE *f = fopen (path, "rb");
  if (!f)
    return GST_VIDEO_ORIENTATION_AUTO;
  size_t n = fread (head, 1, HEAD, f);
  fclose (f);
  if (n < 4 || head[0] != 0xff || head[1] != 0xd8)
    return GST_VIDEO_ORIENTATION_AUTO;
  GstVideoOrientationMethod method = GST_VIDEO_ORIENTATION_AUTO;
  size_t pos = 2;
  /* marker segments: 0xff, the marker, a 16-bit length that counts itself */
  while (pos + 4 <= n && head[pos] == 0xff) {
    guint marker = head[pos + 1];
    if (marker == 0xda || marker == 0xd9)
      break; /* the picture starts, or the file ends */
    size_t len = (size_t) head[pos + 2] << 8 | head[pos + 3];
    if (len < 2 || pos + 2 + len > n)
      break;
    const guint8 *data = head + pos + 4;
    if (marker == 0xe1 && len >= 2 + 6 + 8 && memcmp (data, "Exif\0\0", 6) == 0) {
      GstBuffer *tiff = gst_buffer_new_memdup (data + 6, len - 2 - 6);
      GstTagList *tags = gst_tag_list_from_exif_buffer_with_tiff_header (tiff);
      gst_buffer_unref (tiff);
      g_autofree char *orientation = NULL;
      if (tags && gst_tag_list_get_string (tags, GST_TAG_IMAGE_ORIENTATION, &orientation))
        method = upright_method (orientation);
      if (tags)
        gst_tag_list_unref (tags);
      break;
    }
    pos += 2 + len;
  }
  return method;
}

static GstElement *
build_pipeline (const char *path, SizeCheck *check, GError **error)
{
  GstElement *pipeline = gst_parse_launch (
      "filesrc name=src ! decodebin ! videoconvert name=convert ! videoflip name=flip ! "
      "video/x-raw,format=RGBA ! appsink name=sink sync=false",
      error);
  if (!pipeline)
    return NULL;
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *convert = gst_bin_get_by_name (GST_BIN (pipeline), "convert");
  GstElement *flip = gst_bin_get_by_name (GST_BIN (pipeline), "flip");
  g_object_set (src, "location", path, NULL);
  /* AUTO (no EXIF orientation here) follows the tags of the stream */
  g_object_set (flip, "video-direction", jpeg_orientation (path), NULL);
  gst_object_unref (flip);
  GstPad *pad = gst_element_get_static_pad (convert, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM, check_size, check, NULL);
  gst_object_unref (pad);
  gst_object_unref (convert);
  gst_object_unref (src);
  return pipeline;
}

/* Waits until PIPELINE prerolled, failed or ran out of time. */
static gboolean
wait_preroll (GstElement *pipeline, const char *path, const SizeCheck *check, GError **error)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg =
      gst_bus_timed_pop_filtered (bus, GST_VCOLORIZE_IMAGE_TIMEOUT,
                                  GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  gst_object_unref (bus);
  gboolean ok = msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ASYNC_DONE;
  if (check->width) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                 "\"%s\" is %d×%d pixels; images over %.0f Mpx are refused "
                 "(scale it down)",
                 path, check->width, check->height, check->max_pixels / 1048576.0);
    ok = FALSE;
  } else if (!msg) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                 "\"%s\" was not decoded within %d s", path,
                 (int) (GST_VCOLORIZE_IMAGE_TIMEOUT / GST_SECOND));
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) gst_error = NULL;
    gst_message_parse_error (msg, &gst_error, NULL);
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, "\"%s\" cannot be decoded: %s",
                 path, gst_error->message);
  } else if (!ok) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, "\"%s\" holds no picture",
                 path);
  }
  if (msg)
    gst_message_unref (msg);
  return ok;
}

GstSample *
gst_vcolorize_load_image (const char *path, guint64 max_pixels, GError **error)
{
  if (!check_file (path, error))
    return NULL;
  SizeCheck check = { max_pixels, 0, 0 };
  GstElement *pipeline = build_pipeline (path, &check, error);
  if (!pipeline)
    return NULL;
  GstSample *sample = NULL;
  if (gst_element_set_state (pipeline, GST_STATE_PAUSED) != GST_STATE_CHANGE_FAILURE &&
      wait_preroll (pipeline, path, &check, error)) {
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
    sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 0);
    gst_object_unref (sink);
    if (!sample)
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, "\"%s\" holds no picture",
                   path);
  } else if (error && !*error) {
    wait_preroll (pipeline, path, &check, error);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return sample;
}

/* ---- decoding many files ---- */

typedef struct {
  gchar *path;
  GstSample *sample; /* or error, once done */
  GError *error;
  gboolean done;
} DecodedFile;

struct _GstVColorizeDecoder {
  GThreadPool *pool;
  GMutex lock; /* guards the files' results */
  GCond done;
  guint64 max_pixels;
  DecodedFile *files;
  guint n_files, next, queued, ahead;
};

static void
decode_file (gpointer data, gpointer user_data)
{
  DecodedFile *file = data;
  GstVColorizeDecoder *d = user_data;
  GError *error = NULL;
  GstSample *sample = gst_vcolorize_load_image (file->path, d->max_pixels, &error);
  g_mutex_lock (&d->lock);
  file->sample = sample;
  file->error = error;
  file->done = TRUE;
  g_cond_broadcast (&d->done);
  g_mutex_unlock (&d->lock);
}

/* Queues the files up to AHEAD after the next one to be handed over. */
static void
queue_files (GstVColorizeDecoder *d)
{
  /* an exclusive pool has its threads already: pushing does not fail */
  while (d->queued < d->n_files && d->queued < d->next + d->ahead)
    g_thread_pool_push (d->pool, &d->files[d->queued++], NULL);
}

GstVColorizeDecoder *
gst_vcolorize_decoder_new (const gchar *const *paths, guint n_paths, guint64 max_pixels)
{
  GstVColorizeDecoder *d = g_new0 (GstVColorizeDecoder, 1);
  g_mutex_init (&d->lock);
  g_cond_init (&d->done);
  d->max_pixels = max_pixels;
  d->n_files = n_paths;
  d->files = g_new0 (DecodedFile, n_paths);
  for (guint i = 0; i < n_paths; i++)
    d->files[i].path = g_strdup (paths[i]);
  d->ahead = MIN ((guint) g_get_num_processors (), GST_VCOLORIZE_DECODE_THREADS);
  /* no threads (none could be started, or a single file): each file is
   * decoded when it is asked for */
  if (n_paths > 1 && d->ahead > 1)
    d->pool = g_thread_pool_new (decode_file, d, (gint) d->ahead, TRUE, NULL);
  if (d->pool)
    queue_files (d);
  return d;
}

GstSample *
gst_vcolorize_decoder_next (GstVColorizeDecoder *d, GError **error)
{
  g_return_val_if_fail (d->next < d->n_files, NULL);
  DecodedFile *file = &d->files[d->next];
  if (!d->pool)
    decode_file (file, d);
  d->next++;
  g_mutex_lock (&d->lock);
  while (!file->done)
    g_cond_wait (&d->done, &d->lock);
  GstSample *sample = g_steal_pointer (&file->sample);
  GError *file_error = g_steal_pointer (&file->error);
  g_mutex_unlock (&d->lock);
  if (d->pool)
    queue_files (d);
  if (!sample)
    g_propagate_error (error, file_error);
  return sample;
}

void
gst_vcolorize_decoder_free (GstVColorizeDecoder *d)
{
  /* the files not started are dropped, those being decoded waited for */
  if (d->pool)
    g_thread_pool_free (d->pool, TRUE, TRUE);
  for (guint i = 0; i < d->n_files; i++) {
    g_free (d->files[i].path);
    g_clear_pointer (&d->files[i].sample, gst_sample_unref);
    g_clear_error (&d->files[i].error);
  }
  g_free (d->files);
  g_cond_clear (&d->done);
  g_mutex_clear (&d->lock);
  g_free (d);
}
