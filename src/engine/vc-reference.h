/* vcolorize — a reference image as the colorizer holds it: its pixels,
 * packed as vc_frame_layout_init packs them, and two small pictures of its
 * L* that frames are compared with to tell whether they line up with it:
 * its thumbnail (box averages, vc_thumbnail_lightness; the automatic
 * locality) and its grid of points (single pixels,
 * vc_thumbnail_points_lightness; keep-reference). All of it is immutable
 * once made and refcounted, so that a frame can hold the references as
 * they were when it came. */
#pragma once

#include "vc-colorizer.h"

G_BEGIN_DECLS

/* Which of a reference's L* pictures. */
typedef enum {
  VC_REFERENCE_THUMBNAIL, /* vc_thumbnail_size */
  VC_REFERENCE_POINTS,    /* vc_thumbnail_points_size */
  VC_REFERENCE_N_GRIDS,
} VcReferenceGrid;

typedef struct {
  GBytes *lightness; /* width × height floats, L* */
  guint width, height;
} VcLightnessGrid;

typedef struct {
  gboolean used;
  guint key;
  VcFrameLayout layout;
  GBytes *data;
  guint64 generation; /* set by the colorizer, bumped by every change */
  /* some pixel is more transparent than opaque: its colours are never kept
   * (keep-reference), and the network ignores its transparent parts */
  gboolean transparent;
  VcLightnessGrid grids[VC_REFERENCE_N_GRIDS];
} VcReference;

/* *R = FRAME packed as LAYOUT, with its L* pictures (used, key and
 * generation left to the caller). FALSE, with an OUT_OF_MEMORY error, when
 * the packed copy cannot be allocated. */
gboolean vc_reference_init (VcReference *r, const VcFrameLayout *layout, const VcHostFrame *frame,
                            GError **error);
/* *R = FRAME's thumbnail alone, without its pixels and its grid of points:
 * what a picture that is loaded again when used keeps (the library). */
gboolean vc_reference_init_thumbnail (VcReference *r, const VcFrameLayout *layout,
                                      const VcHostFrame *frame, GError **error);
/* Drops R's data; R is unused after. */
void vc_reference_clear (VcReference *r);
/* *DST = SRC, sharing its data (a reference taken). */
void vc_reference_copy (VcReference *dst, const VcReference *src);

/* Whether R's GRID has WIDTH×HEIGHT values: frames of R's aspect ratio
 * have (vc_thumbnail_size, vc_thumbnail_points_size). */
gboolean vc_reference_grid_fits (const VcReference *r, VcReferenceGrid grid, guint width,
                                 guint height);
/* The reference of the N in REFS whose GRID the most of the frame's VALUES
 * (WIDTH×HEIGHT, L*) are within TOLERANCE of, at the same place: its index,
 * and that fraction in *FRACTION; -1 and 0 when none is in use with a grid
 * of that size. */
int vc_reference_best_match (const VcReference *refs, guint n, VcReferenceGrid grid,
                             const float *values, guint width, guint height, double tolerance,
                             double *fraction);

G_END_DECLS
