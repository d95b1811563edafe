/* vcolorize — reference images and how frames line up with them (see
 * vc-reference.h). */
#include "vc-reference.h"

#include "vc-host-frame.h"
#include "vc-thumbnail.h"

typedef void (*SizeFunc) (guint width, guint height, guint *grid_width, guint *grid_height);
typedef void (*LightnessFunc) (const VcFrameLayout *layout, const guint8 *frame, float *out,
                               guint grid_width, guint grid_height);

static const struct {
  SizeFunc size;
  LightnessFunc lightness;
} grid_kinds[VC_REFERENCE_N_GRIDS] = {
  [VC_REFERENCE_THUMBNAIL] = { vc_thumbnail_size, vc_thumbnail_lightness },
  [VC_REFERENCE_POINTS] = { vc_thumbnail_points_size, vc_thumbnail_points_lightness },
};

/* R's GRID, of the picture PACKED as LAYOUT. */
static void
compute_grid (VcReference *r, VcReferenceGrid g, const VcFrameLayout *layout, const guint8 *packed)
{
  VcLightnessGrid *grid = &r->grids[g];
  grid_kinds[g].size (layout->width, layout->height, &grid->width, &grid->height);
  gsize n = (gsize) grid->width * grid->height;
  float *values = g_new (float, n);
  grid_kinds[g].lightness (layout, packed, values, grid->width, grid->height);
  grid->lightness = g_bytes_new_take (values, n * sizeof (float));
}

/* FRAME packed as LAYOUT, in new memory; NULL, with an error, when it
 * cannot be allocated. */
static guint8 *
pack_frame (const VcFrameLayout *layout, const VcHostFrame *frame, GError **error)
{
  gsize size = vc_frame_layout_size (layout);
  guint8 *packed = g_try_malloc0 (size);
  if (!packed) {
    g_set_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY,
                 "Cannot allocate %.1f MiB for a reference image", size / 1048576.0);
    return NULL;
  }
  vc_host_frame_pack (frame, layout, packed);
  return packed;
}

gboolean
vc_reference_init (VcReference *r, const VcFrameLayout *layout, const VcHostFrame *frame,
                   GError **error)
{
  guint8 *packed = pack_frame (layout, frame, error);
  if (!packed)
    return FALSE;
  *r = (VcReference){ .layout = *layout };
  for (guint g = 0; g < VC_REFERENCE_N_GRIDS; g++)
    compute_grid (r, g, layout, packed);
  r->transparent = vc_frame_any_clear (layout, packed);
  r->data = g_bytes_new_take (packed, vc_frame_layout_size (layout));
  return TRUE;
}

gboolean
vc_reference_init_thumbnail (VcReference *r, const VcFrameLayout *layout, const VcHostFrame *frame,
                             GError **error)
{
  *r = (VcReference){ .layout = *layout };
  if (vc_pixel_format_info (layout->format)->n_planes == 1) {
    /* the frame's one plane read where it is */
    VcFrameLayout in_place = *layout;
    in_place.offset[0] = 0;
    in_place.stride[0] = (guint) frame->stride[0];
    compute_grid (r, VC_REFERENCE_THUMBNAIL, &in_place, frame->data[0]);
    return TRUE;
  }
  g_autofree guint8 *packed = pack_frame (layout, frame, error);
  if (!packed)
    return FALSE;
  compute_grid (r, VC_REFERENCE_THUMBNAIL, layout, packed);
  return TRUE;
}

void
vc_reference_clear (VcReference *r)
{
  g_clear_pointer (&r->data, g_bytes_unref);
  for (guint g = 0; g < VC_REFERENCE_N_GRIDS; g++)
    g_clear_pointer (&r->grids[g].lightness, g_bytes_unref);
  r->used = FALSE;
}

void
vc_reference_copy (VcReference *dst, const VcReference *src)
{
  *dst = *src;
  if (dst->data)
    g_bytes_ref (dst->data);
  for (guint g = 0; g < VC_REFERENCE_N_GRIDS; g++)
    if (dst->grids[g].lightness)
      g_bytes_ref (dst->grids[g].lightness);
}

gboolean
vc_reference_grid_fits (const VcReference *r, VcReferenceGrid grid, guint width, guint height)
{
  return r->grids[grid].width == width && r->grids[grid].height == height;
}

int
vc_reference_best_match (const VcReference *refs, guint n, VcReferenceGrid grid,
                         const float *values, guint width, guint height, double tolerance,
                         double *fraction)
{
  int best = -1;
  *fraction = 0.0;
  for (guint i = 0; i < n; i++) {
    const VcReference *r = &refs[i];
    if (!r->used || !vc_reference_grid_fits (r, grid, width, height))
      continue;
    double f = vc_thumbnail_aligned (values, g_bytes_get_data (r->grids[grid].lightness, NULL),
                                     (gsize) width * height, tolerance);
    if (best < 0 || f > *fraction) {
      best = (int) i;
      *fraction = f;
    }
  }
  return best;
}
