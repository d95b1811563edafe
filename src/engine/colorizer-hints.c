/* vcolorize — the colorizer's colour hints: set from any thread as a
 * picture, kept small, brought to the network's resolution by the
 * streaming thread when they change. */
#include "colorizer-private.h"

#include "vc-colour.h"
#include "vc-host-frame.h"
#include "vc-thumbnail.h"

#include <math.h>
#include <string.h>

/* *PLANES (3 × *W × *H floats: a·m, b·m, m) = the hints of the packed
 * picture PACKED (LAYOUT), brought down to at most
 * VC_COLORIZER_HINTS_SIDE on the longer side by area averages. */
static gboolean
hint_planes (const VcFrameLayout *layout, const guint8 *packed, float **planes, guint *w, guint *h,
             GError **error)
{
  gsize n = (gsize) layout->width * layout->height;
  g_autofree float *full = g_try_new (float, 3 * n);
  if (!full) {
    g_set_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY,
                 "Cannot allocate %.0f MiB for the colour hints", 3.0 * n * 4 / 1048576.0);
    return FALSE;
  }
  /* only the pixels that are hints at all are converted (a painted layer
   * is mostly transparent), and in RGB a run of one colour once */
  vc_unpack_alpha_ref (layout, packed, full + 2 * n);
  const VcPixelFormatInfo *info = vc_pixel_format_info (layout->format);
  guint bpp = info->bytes_per_pixel;
  const guint8 *last = NULL;
  double lab[3] = { 0 };
  for (guint y = 0; y < layout->height; y++)
    for (guint x = 0; x < layout->width; x++) {
      gsize i = (gsize) y * layout->width + x;
      float m = full[2 * n + i];
      if (m > 0.0f) {
        const guint8 *px = packed + y * layout->stride[0] + (gsize) x * bpp;
        if (!(info->model == VC_COLOUR_RGB && last && memcmp (px, last, bpp) == 0))
          vc_lab_at_ref (layout, packed, x, y, lab);
        last = px;
      }
      full[i] = (float) lab[1] * m;
      full[n + i] = (float) lab[2] * m;
    }
  double scale = MIN (1.0, (double) VC_COLORIZER_HINTS_SIDE / MAX (layout->width, layout->height));
  *w = MAX ((guint) lround (layout->width * scale), 1u);
  *h = MAX ((guint) lround (layout->height * scale), 1u);
  gsize small = (gsize) *w * *h;
  *planes = g_new (float, 3 * small);
  for (guint k = 0; k < 3; k++)
    vc_thumbnail_resample (full + k * n, layout->width, layout->height, *planes + k * small, *w,
                           *h);
  return TRUE;
}

gboolean
vc_colorizer_set_hints (VcColorizer *c, const VcVideoFormat *format, const VcHostFrame *frame,
                        GError **error)
{
  if (!vc_colorizer_check_picture (format, "hints", VC_COLORIZER_MAX_HINTS_PIXELS, error))
    return FALSE;
  VcFrameLayout layout;
  vc_colorizer_layout_from_format (&layout, format, format->width);
  gsize size = vc_frame_layout_size (&layout);
  g_autofree guint8 *packed = g_try_malloc (size);
  if (!packed) {
    g_set_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY,
                 "Cannot allocate %.1f MiB for the colour hints", size / 1048576.0);
    return FALSE;
  }
  vc_host_frame_pack (frame, &layout, packed);
  float *planes;
  guint w, h;
  if (!hint_planes (&layout, packed, &planes, &w, &h, error))
    return FALSE;
  GBytes *hints = g_bytes_new_take (planes, (gsize) 3 * w * h * sizeof (float));
  g_mutex_lock (&c->lock);
  g_clear_pointer (&c->hints, g_bytes_unref);
  c->hints = hints;
  c->hints_width = w;
  c->hints_height = h;
  c->hints_generation++;
  g_mutex_unlock (&c->lock);
  return TRUE;
}

void
vc_colorizer_clear_hints (VcColorizer *c)
{
  g_mutex_lock (&c->lock);
  if (c->hints) {
    g_clear_pointer (&c->hints, g_bytes_unref);
    c->hints_generation++;
  }
  g_mutex_unlock (&c->lock);
}

gboolean
vc_colorizer_has_hints (VcColorizer *c)
{
  g_mutex_lock (&c->lock);
  gboolean has = c->hints != NULL;
  g_mutex_unlock (&c->lock);
  return has;
}

gboolean
vc_colorizer_apply_hints (VcColorizer *c, GError **error)
{
  g_mutex_lock (&c->lock);
  guint64 generation = c->hints_generation;
  g_autoptr (GBytes) hints = c->hints ? g_bytes_ref (c->hints) : NULL;
  guint w = c->hints_width, h = c->hints_height;
  g_mutex_unlock (&c->lock);
  if (generation == c->hints_applied)
    return TRUE;
  if (hints) {
    const VcPlanDesc *d = vc_plan_desc (c->plan);
    gsize n = (gsize) d->net_width * d->net_height;
    const float *planes = g_bytes_get_data (hints, NULL);
    g_autofree float *grid = g_new0 (float, 4 * n); /* the fourth plane unused */
    for (guint k = 0; k < 3; k++)
      vc_thumbnail_resample (planes + k * (gsize) w * h, w, h, grid + k * n, d->net_width,
                             d->net_height);
    if (!vc_plan_set_hints (c->plan, grid, error))
      return FALSE;
  }
  /* nothing of them in the confidence view */
  c->hints_on = hints != NULL && vc_plan_desc (c->plan)->view != VC_VIEW_CONFIDENCE;
  c->hints_fresh = TRUE;
  c->hints_applied = generation;
  return TRUE;
}

void
vc_colorizer_hints_free (VcColorizer *c)
{
  g_clear_pointer (&c->hints, g_bytes_unref);
}
