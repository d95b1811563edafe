/* vcolorize — placing a C×H×W tensor into columns X0 .. X0 + W - 1 of a
 * wider C×H×OUT_W one (side-by-side pictures); the other columns are left
 * as they are. */
#pragma once

#include "vc-op.h"

G_BEGIN_DECLS

typedef struct {
  guint c, h, w;
  guint out_w, x0; /* x0 + w <= out_w */
} VcPlaceDesc;

typedef struct _VcPlace VcPlace;

VcPlace *vc_place_new (VcDevice *dev, const VcPlaceDesc *desc, GError **error);
gboolean vc_place_record (VcPlace *op, VcCmd *cmd, const VcTensor *in, const VcTensor *out,
                          GError **error);
void vc_place_free (VcPlace *op);

/* IN planar C×H×W, OUT planar C×H×OUT_W. */
void vc_place_ref (const VcPlaceDesc *desc, const float *in, float *out);

G_END_DECLS
