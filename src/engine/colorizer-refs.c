/* vcolorize — the colorizer's references: set from any thread, snapshot
 * with each frame, encoded by the network when they change. */
#include "colorizer-private.h"

gboolean
vc_colorizer_check_picture (const VcVideoFormat *f, const char *what, guint64 max_pixels,
                            GError **error)
{
  if (!vc_pixel_format_info (f->format)) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s: unknown pixel format", what);
    return FALSE;
  }
  if (f->width == 0 || f->height == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "%s image of %u×%u pixels", what,
                 f->width, f->height);
    return FALSE;
  }
  if ((guint64) f->width * f->height > max_pixels) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "%s image of %u×%u pixels is larger than %.0f Mpx; scale it down", what, f->width,
                 f->height, max_pixels / 1048576.0);
    return FALSE;
  }
  return TRUE;
}

/* With the lock held: the slot of KEY, or a free one, or -1. */
static int
find_reference (VcColorizer *c, guint key, gboolean or_free)
{
  int free_slot = -1;
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++) {
    if (c->refs[i].used && c->refs[i].key == key)
      return (int) i;
    if (!c->refs[i].used && free_slot < 0)
      free_slot = (int) i;
  }
  return or_free ? free_slot : -1;
}

/* *R = a copy of FRAME (of FORMAT), in use, as KEY; or with THUMBNAIL_ONLY
 * only its thumbnail. */
static gboolean
make_reference (VcReference *r, guint key, const VcVideoFormat *format, const VcHostFrame *frame,
                gboolean thumbnail_only, GError **error)
{
  if (!vc_colorizer_check_picture (format, "reference", VC_COLORIZER_MAX_REFERENCE_PIXELS, error))
    return FALSE;
  VcFrameLayout layout;
  vc_colorizer_layout_from_format (&layout, format, format->width);
  gboolean made = thumbnail_only ? vc_reference_init_thumbnail (r, &layout, frame, error)
                                 : vc_reference_init (r, &layout, frame, error);
  if (!made)
    return FALSE;
  r->used = TRUE;
  r->key = key;
  return TRUE;
}

gboolean
vc_colorizer_set_reference (VcColorizer *c, guint key, const VcVideoFormat *format,
                            const VcHostFrame *frame, GError **error)
{
  VcReference made;
  if (!make_reference (&made, key, format, frame, FALSE, error))
    return FALSE;

  g_mutex_lock (&c->lock);
  int i = find_reference (c, key, TRUE);
  if (i >= 0) {
    vc_reference_clear (&c->refs[i]);
    made.generation = c->next_generation++;
    c->refs[i] = made;
  }
  g_mutex_unlock (&c->lock);
  if (i < 0) {
    vc_reference_clear (&made);
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "At most %d reference images can be used at once", VC_COLORIZER_MAX_REFERENCES);
    return FALSE;
  }
  return TRUE;
}

gboolean
vc_colorizer_remove_reference (VcColorizer *c, guint key)
{
  g_mutex_lock (&c->lock);
  int i = find_reference (c, key, FALSE);
  if (i >= 0)
    vc_reference_clear (&c->refs[i]);
  g_mutex_unlock (&c->lock);
  return i >= 0;
}

guint
vc_colorizer_n_references (VcColorizer *c)
{
  guint n = 0;
  g_mutex_lock (&c->lock);
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++)
    n += c->refs[i].used;
  g_mutex_unlock (&c->lock);
  return n;
}

void
vc_colorizer_snapshot_references (VcColorizer *c, VcReference *refs)
{
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++)
    vc_reference_copy (&refs[i], &c->refs[i]);
}

void
vc_colorizer_release_references (VcReference *refs)
{
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++)
    vc_reference_clear (&refs[i]);
}

/* Whether reference R may have its colours kept in the frames: of their
 * aspect ratio (the same grid of points). */
static gboolean
keeps_shape (const VcColorizer *c, const VcReference *r)
{
  return vc_reference_grid_fits (r, VC_REFERENCE_POINTS, c->points_width, c->points_height);
}

gboolean
vc_colorizer_update_references (VcColorizer *c, const VcReference *refs, guint *n_refs,
                                GError **error)
{
  g_mutex_lock (&c->lock);
  gboolean keep = c->params.keep_reference != 0.0;
  g_mutex_unlock (&c->lock);
  guint n = 0;
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++) {
    const VcReference *r = &refs[i];
    if (!r->used)
      continue;
    guint slot = n++;
    /* a transparent pixel's colour is not the picture's: not kept */
    gboolean full = keep && keeps_shape (c, r) && !r->transparent;
    if (c->encoded[i] != r->generation || c->encoded_slot[i] != slot ||
        (full && !c->encoded_full[i])) {
      c->encoded[i] = 0;
      if (!vc_plan_encode_reference (c->plan, slot, &r->layout, g_bytes_get_data (r->data, NULL),
                                     r->transparent, full, error))
        return FALSE;
      c->encoded[i] = r->generation;
      c->encoded_slot[i] = slot;
      c->encoded_full[i] = full;
    }
  }
  /* the keyframe and previous frame slots follow the references: they moved */
  if (n != c->n_encoded)
    c->memory = MEMORY_EMPTY;
  c->n_encoded = n;
  *n_refs = n;
  return TRUE;
}

/* ---- the library ---- */

static GArray *
new_library (guint reserved)
{
  GArray *a = g_array_sized_new (FALSE, TRUE, sizeof (VcReference), reserved);
  g_array_set_clear_func (a, (GDestroyNotify) vc_reference_clear);
  return a;
}

gboolean
vc_colorizer_add_library_picture (VcColorizer *c, const VcVideoFormat *format,
                                  const VcHostFrame *frame, guint *index, GError **error)
{
  g_mutex_lock (&c->lock);
  gboolean loads = c->library_load != NULL;
  g_mutex_unlock (&c->lock);
  /* loaded again when picked: only what frames are compared with stays */
  VcReference made;
  if (!make_reference (&made, 0, format, frame, loads, error))
    return FALSE;

  g_mutex_lock (&c->lock);
  guint n = c->library ? c->library->len : 0;
  gboolean full = n >= VC_COLORIZER_MAX_LIBRARY;
  if (!full) {
    if (!c->library || c->library_shared) {
      /* a new array: the streaming thread may hold the old one */
      GArray *library = new_library (n + 1);
      for (guint i = 0; i < n; i++) {
        VcReference copy;
        vc_reference_copy (&copy, &g_array_index (c->library, VcReference, i));
        g_array_append_val (library, copy);
      }
      g_clear_pointer (&c->library, g_array_unref);
      c->library = library;
      c->library_shared = FALSE;
    }
    made.key = n;
    made.generation = c->next_generation++;
    g_array_append_val (c->library, made);
    c->library_version++;
  }
  g_mutex_unlock (&c->lock);
  if (full) {
    vc_reference_clear (&made);
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "The library holds at most %d pictures", VC_COLORIZER_MAX_LIBRARY);
    return FALSE;
  }
  *index = n;
  return TRUE;
}

void
vc_colorizer_set_library_loader (VcColorizer *c, VcLibraryLoad load, gpointer user_data)
{
  g_mutex_lock (&c->lock);
  c->library_load = load;
  c->library_load_data = user_data;
  g_mutex_unlock (&c->lock);
}

gboolean
vc_colorizer_load_library_picture (VcColorizer *c, const VcReference *entry, VcReference *out,
                                   GError **error)
{
  if (entry->data) {
    vc_reference_copy (out, entry);
    return TRUE;
  }
  g_mutex_lock (&c->lock);
  VcLibraryLoad load = c->library_load;
  gpointer data = c->library_load_data;
  g_mutex_unlock (&c->lock);
  if (!load) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "no library loader");
    return FALSE;
  }
  VcLibraryPicture picture = { 0 };
  gboolean ok = load (data, entry->key, &picture, error) &&
                make_reference (out, entry->key, &picture.format, &picture.frame, FALSE, error);
  if (picture.free)
    picture.free (picture.handle);
  if (ok)
    out->generation = entry->generation;
  return ok;
}

void
vc_colorizer_clear_library (VcColorizer *c)
{
  g_mutex_lock (&c->lock);
  if (c->library && c->library->len > 0) {
    g_clear_pointer (&c->library, g_array_unref);
    c->library_version++;
  }
  g_mutex_unlock (&c->lock);
}

guint
vc_colorizer_library_size (VcColorizer *c)
{
  g_mutex_lock (&c->lock);
  guint n = c->library ? c->library->len : 0;
  g_mutex_unlock (&c->lock);
  return n;
}

GArray *
vc_colorizer_library_snapshot (VcColorizer *c, guint64 *version)
{
  g_mutex_lock (&c->lock);
  if (!c->library)
    c->library = new_library (0);
  GArray *library = g_array_ref (c->library);
  c->library_shared = TRUE;
  *version = c->library_version;
  g_mutex_unlock (&c->lock);
  return library;
}

void
vc_colorizer_library_free (VcColorizer *c)
{
  g_clear_pointer (&c->library, g_array_unref);
  for (guint i = 0; i < VC_COLORIZER_MAX_REFERENCES; i++)
    vc_reference_clear (&c->picked[i]);
}
