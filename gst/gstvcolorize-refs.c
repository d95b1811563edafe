/* vcolorize — GstVColorize: references from the refs property and from the
 * ref_%u pads, and seeks, which reference pads take part in. */
#include "gstvcolorize-private.h"

#include "gstvcolorizerefpad.h"
#include "vcolorize-caps.h"
#include "vcolorize-image.h"

/* Hands a decoded picture (INFO, BUFFER) to the colorizer as reference KEY,
 * or as its colour hints where KEY is HINTS_KEY. */
#define HINTS_KEY G_MAXUINT
static gboolean
set_picture (VcColorizer *c, guint key, const GstVideoInfo *info, GstBuffer *buffer, GError **error)
{
  VcVideoFormat format;
  GstVideoFrame frame;
  if (!gst_vcolorize_video_format (info, &format, error))
    return FALSE;
  if (!gst_video_frame_map (&frame, info, buffer, GST_MAP_READ)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
                 "A %s buffer of %" G_GSIZE_FORMAT " bytes is too small for %d×%d %s",
                 key == HINTS_KEY ? "hints" : "reference", gst_buffer_get_size (buffer),
                 GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info),
                 GST_VIDEO_INFO_NAME (info));
    return FALSE;
  }
  VcHostFrame host = gst_vcolorize_host_frame (&frame);
  gboolean ok = key == HINTS_KEY ? vc_colorizer_set_hints (c, &format, &host, error)
                                 : vc_colorizer_set_reference (c, key, &format, &host, error);
  gst_video_frame_unmap (&frame);
  return ok;
}

/* Decodes the files of the refs property and makes them references
 * PROPERTY_REF_KEY + i, dropping those of an earlier value. All files are
 * decoded before any reference changes, so that a bad one changes nothing. */
gboolean
gst_vcolorize_load_property_refs (GstVColorize *self, VcColorizer *c, const gchar *refs,
                                  guint *n_loaded, GError **error)
{
  g_auto (GStrv) paths = g_strsplit (refs ? refs : "", ",", -1);
  g_autoptr (GPtrArray) samples =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (guint i = 0; paths[i]; i++)
    if (*g_strstrip (paths[i]))
      g_ptr_array_add (names, paths[i]);
  GST_DEBUG_OBJECT (self, "loading %u reference(s): %s", names->len, refs ? refs : "");
  g_autoptr (GstVColorizeDecoder) decoder = gst_vcolorize_decoder_new (
      (const gchar *const *) names->pdata, names->len, VC_COLORIZER_MAX_REFERENCE_PIXELS);
  for (guint i = 0; i < names->len; i++) {
    GstSample *sample = gst_vcolorize_decoder_next (decoder, error);
    if (!sample) {
      g_prefix_error (error, "Reference image ");
      return FALSE;
    }
    g_ptr_array_add (samples, sample);
  }
  for (guint i = 0; i < samples->len; i++) {
    GstSample *sample = g_ptr_array_index (samples, i);
    GstVideoInfo info;
    gboolean ok = gst_video_info_from_caps (&info, gst_sample_get_caps (sample));
    if (!ok)
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, "decoded to invalid caps");
    else
      ok = set_picture (c, PROPERTY_REF_KEY + i, &info, gst_sample_get_buffer (sample), error);
    if (!ok) {
      g_prefix_error (error, "Reference image \"%s\": ", (const char *) names->pdata[i]);
      return FALSE;
    }
  }
  for (guint i = samples->len; i < *n_loaded; i++)
    vc_colorizer_remove_reference (c, PROPERTY_REF_KEY + i);
  *n_loaded = samples->len;
  return TRUE;
}

typedef gboolean (*LoadFunc) (GstVColorize *self, VcColorizer *c, const gchar *value,
                              GError **error);

/* A change of a property while running: LOAD its VALUE (copied under the
 * object lock) into the colorizer; a failure is a warning that says what
 * is KEPT. */
static void
reload (GstVColorize *self, gchar *const *value, LoadFunc load, const char *kept)
{
  GST_OBJECT_LOCK (self);
  g_autofree gchar *copy = g_strdup (*value);
  GST_OBJECT_UNLOCK (self);
  g_autoptr (GError) error = NULL;
  g_mutex_lock (&self->engine_lock);
  if (self->colorizer && !load (self, self->colorizer, copy, &error))
    GST_ELEMENT_WARNING (self, RESOURCE, READ, ("%s", error->message), ("%s", kept));
  g_mutex_unlock (&self->engine_lock);
}

static gboolean
load_refs (GstVColorize *self, VcColorizer *c, const gchar *refs, GError **error)
{
  return gst_vcolorize_load_property_refs (self, c, refs, &self->n_property_refs, error);
}

void
gst_vcolorize_reload_property_refs (GstVColorize *self)
{
  reload (self, &self->refs, load_refs, "the references loaded before are kept");
}

/* Takes the reference buffers of every ref pad (and the hints pad) that
 * are due at running time BEFORE (all of them when it is invalid): the last
 * one taken from a pad replaces that pad's reference (the colour hints). */
gboolean
gst_vcolorize_take_pad_references (GstVColorize *self, GstClockTime before)
{
  gboolean ok = TRUE;
  GList *pads = NULL;
  GST_OBJECT_LOCK (self);
  for (GList *l = GST_ELEMENT (self)->sinkpads; l; l = l->next)
    if (GST_IS_VCOLORIZE_REF_PAD (l->data))
      pads = g_list_prepend (pads, gst_object_ref (l->data));
  GST_OBJECT_UNLOCK (self);
  for (GList *l = pads; l && ok; l = l->next) {
    GstVColorizeRefPad *pad = l->data;
    GstAggregatorPad *agg_pad = l->data;
    GstBuffer *buf;
    while (ok && (buf = gst_aggregator_pad_peek_buffer (agg_pad))) {
      GstClockTime t =
          gst_segment_to_running_time (&agg_pad->segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
      if (GST_CLOCK_TIME_IS_VALID (before) && GST_CLOCK_TIME_IS_VALID (t) && t > before) {
        gst_buffer_unref (buf);
        break;
      }
      gst_aggregator_pad_drop_buffer (agg_pad);
      if (!gst_vcolorize_ref_pad_is_applied (pad, buf)) {
        g_autoptr (GError) error = NULL;
        GST_DEBUG_OBJECT (pad, "new %s %" GST_PTR_FORMAT, pad->hints ? "hints" : "reference", buf);
        ok = pad->has_info && set_picture (self->colorizer, pad->hints ? HINTS_KEY : pad->index,
                                           &pad->info, buf, &error);
        if (ok && pad->hints) {
          GST_OBJECT_LOCK (self);
          self->pad_hints = TRUE;
          GST_OBJECT_UNLOCK (self);
        }
        if (ok)
          gst_buffer_replace (&pad->applied, buf);
        else if (error)
          gst_vcolorize_post_error (self, error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT);
        else
          GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
                             ("%s received a buffer before caps", GST_PAD_NAME (pad)), (NULL));
      }
      gst_buffer_unref (buf);
    }
  }
  g_list_free_full (pads, gst_object_unref);
  return ok;
}

/* A reference pad whose stream has ended (a still image) is not asked to
 * seek: its picture stays. It is flushed here with the video's seek, as
 * GstAggregator flushes only once every sink pad is flushed, and ends again
 * after it. */
static void
flush_ended_reference (GstAggregatorPad *pad, guint32 seqnum)
{
  GstEvent *events[] = { gst_event_new_flush_start (), gst_event_new_flush_stop (TRUE), NULL,
                         gst_event_new_eos () };
  GstSegment segment;
  gst_segment_init (&segment, GST_FORMAT_TIME);
  events[2] = gst_event_new_segment (&segment);
  for (guint i = 0; i < G_N_ELEMENTS (events); i++) {
    gst_event_set_seqnum (events[i], seqnum);
    gst_pad_send_event (GST_PAD (pad), events[i]);
  }
}

/* Seeks the video, and the reference streams that have not ended. */
gboolean
gst_vcolorize_seek (GstVColorize *self, GstEvent *event)
{
  GstSeekFlags flags;
  gst_event_parse_seek (event, NULL, NULL, &flags, NULL, NULL, NULL, NULL);
  GList *ended = NULL, *streaming = NULL;
  GST_OBJECT_LOCK (self);
  for (GList *l = GST_ELEMENT (self)->sinkpads; l; l = l->next)
    if (GST_IS_VCOLORIZE_REF_PAD (l->data)) {
      gboolean is_ended = gst_aggregator_pad_is_eos (l->data);
      GList **list = is_ended ? &ended : &streaming;
      *list = g_list_prepend (*list, gst_object_ref (l->data));
    }
  GST_OBJECT_UNLOCK (self);

  gboolean ok = gst_pad_push_event (GST_PAD (self->video_pad), gst_event_ref (event));
  for (GList *l = streaming; l; l = l->next)
    gst_pad_push_event (GST_PAD (l->data), gst_event_ref (event));
  if (ok && (flags & GST_SEEK_FLAG_FLUSH))
    for (GList *l = ended; l; l = l->next)
      flush_ended_reference (l->data, gst_event_get_seqnum (event));
  g_list_free_full (ended, gst_object_unref);
  g_list_free_full (streaming, gst_object_unref);
  gst_event_unref (event);
  return ok;
}

/* A decoded library picture, mapped for the colorizer. */
typedef struct {
  GstSample *sample;
  GstVideoFrame frame;
} MappedPicture;

static void
mapped_picture_free (MappedPicture *m)
{
  gst_video_frame_unmap (&m->frame);
  gst_sample_unref (m->sample);
  g_free (m);
}

/* *PICTURE = SAMPLE (taken) mapped, freed by PICTURE's free function. */
static gboolean
map_picture (GstSample *sample, VcLibraryPicture *picture, GError **error)
{
  GstVideoInfo info;
  MappedPicture *m = g_new0 (MappedPicture, 1);
  m->sample = sample;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample))) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, "decoded to invalid caps");
  } else if (gst_vcolorize_video_format (&info, &picture->format, error)) {
    if (gst_video_frame_map (&m->frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ)) {
      picture->frame = gst_vcolorize_host_frame (&m->frame);
      picture->handle = m;
      picture->free = (GDestroyNotify) mapped_picture_free;
      return TRUE;
    }
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                 "the decoded picture cannot be read");
  }
  gst_sample_unref (sample);
  g_free (m);
  return FALSE;
}

gboolean
gst_vcolorize_load_hints (GstVColorize *self, VcColorizer *c, const gchar *hints, GError **error)
{
  GST_OBJECT_LOCK (self);
  self->pad_hints = FALSE;
  GST_OBJECT_UNLOCK (self);
  if (!hints || !*hints) {
    vc_colorizer_clear_hints (c);
    return TRUE;
  }
  GST_DEBUG_OBJECT (self, "loading colour hints %s", hints);
  GstSample *sample = gst_vcolorize_load_image (hints, VC_COLORIZER_MAX_HINTS_PIXELS, error);
  gboolean decoded = sample != NULL;
  VcLibraryPicture picture = { 0 };
  gboolean mapped = decoded && map_picture (sample, &picture, error);
  gboolean ok = mapped && vc_colorizer_set_hints (c, &picture.format, &picture.frame, error);
  if (mapped)
    picture.free (picture.handle);
  /* the loader's errors name the file; the mapping's and the engine's do not */
  if (!ok && decoded)
    g_prefix_error (error, "\"%s\": ", hints);
  if (!ok)
    g_prefix_error (error, "Colour hints ");
  return ok;
}

void
gst_vcolorize_reload_hints (GstVColorize *self)
{
  reload (self, &self->hints, gst_vcolorize_load_hints, "the colour hints before are kept");
}

/* The colorizer's VcLibraryLoad: decodes the picture's file again. A
 * failure (the file gone since) is a warning: the picture is passed over. */
static gboolean
load_library_picture (gpointer user_data, guint index, VcLibraryPicture *picture, GError **error)
{
  GstVColorize *self = user_data;
  const char *path = g_ptr_array_index (self->library_names, index);
  GST_DEBUG_OBJECT (self, "loading library picture %s again", path);
  GstSample *sample = gst_vcolorize_load_image (path, VC_COLORIZER_MAX_REFERENCE_PIXELS, error);
  if (sample && map_picture (sample, picture, error))
    return TRUE;
  GST_ELEMENT_WARNING (
      self, RESOURCE, READ,
      ("A library picture picked for a shot is passed over: %s", (*error)->message), (NULL));
  return FALSE;
}

/* The files of LIBRARY: the files of a directory (not its hidden ones nor
 * its subdirectories), by name, or a comma-separated list of files. */
static GPtrArray *
library_files (const gchar *library, gboolean *is_dir, GError **error)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  *is_dir = g_file_test (library, G_FILE_TEST_IS_DIR);
  if (!*is_dir) {
    g_auto (GStrv) paths = g_strsplit (library, ",", -1);
    for (guint i = 0; paths[i]; i++)
      if (*g_strstrip (paths[i]))
        g_ptr_array_add (files, g_strdup (paths[i]));
    return files;
  }
  g_autoptr (GError) dir_error = NULL;
  GDir *dir = g_dir_open (library, 0, &dir_error);
  if (!dir) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ, "%s", dir_error->message);
    g_ptr_array_unref (files);
    return NULL;
  }
  const gchar *name;
  while ((name = g_dir_read_name (dir))) {
    g_autofree gchar *path = g_build_filename (library, name, NULL);
    if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (files, g_steal_pointer (&path));
  }
  g_dir_close (dir);
  return files;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

gboolean
gst_vcolorize_load_library (GstVColorize *self, VcColorizer *c, const gchar *library,
                            GPtrArray **names, GError **error)
{
  *names = g_ptr_array_new_with_free_func (g_free);
  if (!library || !*library)
    return TRUE;
  /* the colorizer keeps a small picture of each, and has the element
   * decode a picture again when a shot picks it */
  vc_colorizer_set_library_loader (c, load_library_picture, self);
  gboolean is_dir;
  g_autoptr (GPtrArray) files = library_files (library, &is_dir, error);
  if (!files) {
    g_prefix_error (error, "Library \"%s\": ", library);
    return FALSE;
  }
  if (is_dir)
    g_ptr_array_sort (files, compare_paths);
  g_autoptr (GString) skipped = g_string_new (NULL);
  guint n_skipped = 0;
  GST_DEBUG_OBJECT (self, "loading %u library picture(s)", files->len);
  g_autoptr (GstVColorizeDecoder) decoder = gst_vcolorize_decoder_new (
      (const gchar *const *) files->pdata, files->len, VC_COLORIZER_MAX_REFERENCE_PIXELS);
  for (guint i = 0; i < files->len; i++) {
    const gchar *path = files->pdata[i];
    g_autoptr (GError) file_error = NULL;
    g_autoptr (GstSample) sample = gst_vcolorize_decoder_next (decoder, &file_error);
    VcLibraryPicture picture = { 0 };
    guint index;
    gboolean mapped = sample && map_picture (gst_sample_ref (sample), &picture, &file_error);
    if (mapped && (*names)->len == VC_COLORIZER_MAX_LIBRARY) {
      picture.free (picture.handle);
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                   "Library \"%s\" holds more than %d pictures, the most it takes (\"%s\" is one "
                   "too many): make a library for each part of the film",
                   library, VC_COLORIZER_MAX_LIBRARY, path);
      return FALSE;
    }
    gboolean ok = mapped && vc_colorizer_add_library_picture (c, &picture.format, &picture.frame,
                                                              &index, &file_error);
    if (mapped)
      picture.free (picture.handle);
    if (ok) {
      g_ptr_array_add (*names, g_strdup (path));
      continue;
    }
    /* in a directory, files that are not pictures are passed over; the
     * engine's errors (the library full, memory) are not */
    if (!is_dir || file_error->domain == VC_ERROR) {
      if (sample) /* the engine's error: it does not name the file */
        g_prefix_error (&file_error, "\"%s\": ", path);
      g_propagate_prefixed_error (error, g_steal_pointer (&file_error), "Library picture ");
      return FALSE;
    }
    GST_INFO_OBJECT (self, "not a library picture: %s", file_error->message);
    g_string_append_printf (skipped, "%s%s", n_skipped++ ? ", " : "", path);
  }
  if ((*names)->len == 0) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
                 "Library \"%s\" holds no picture that can be decoded", library);
    return FALSE;
  }
  if (n_skipped)
    GST_ELEMENT_WARNING (self, RESOURCE, READ,
                         ("%u file(s) of the library \"%s\" are not pictures and were passed over",
                          n_skipped, library),
                         ("%s", skipped->str));
  return TRUE;
}
