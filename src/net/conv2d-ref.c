/* vcolorize — plain-C reference of the 2-D convolution, for the tests. */
#include "vc-conv2d.h"

#include <math.h>

static double
activate (VcActivation act, double v)
{
  switch (act) {
  case VC_ACT_ELU:
    return v > 0.0 ? v : expm1 (v);
  case VC_ACT_RELU:
    return v > 0.0 ? v : 0.0;
  case VC_ACT_TANH:
    return tanh (v);
  case VC_ACT_NONE:
  default:
    return v;
  }
}

static guint
clamp_coord (gint64 v, guint n)
{
  return (guint) CLAMP (v, 0, (gint64) n - 1);
}

void
vc_conv2d_ref (const VcConv2dDesc *d, const float *in, const float *weight, const float *bias,
               const float *residual, float *out)
{
  guint oh, ow, k = d->kernel, pad = d->kernel / 2;
  vc_conv2d_out_size (d, &oh, &ow);
  gsize in_plane = (gsize) d->h * d->w, out_plane = (gsize) oh * ow;
  for (guint co = 0; co < d->cout; co++)
    for (guint oy = 0; oy < oh; oy++)
      for (guint ox = 0; ox < ow; ox++) {
        double sum = bias ? bias[co] : 0.0;
        for (guint ci = 0; ci < d->cin; ci++) {
          const float *plane = in + ci * in_plane;
          const float *wk = weight + ((gsize) co * d->cin + ci) * k * k;
          for (guint ky = 0; ky < k; ky++) {
            guint iy = clamp_coord ((gint64) oy * d->stride + ky - pad, d->h);
            for (guint kx = 0; kx < k; kx++) {
              guint ix = clamp_coord ((gint64) ox * d->stride + kx - pad, d->w);
              sum += (double) wk[ky * k + kx] * plane[(gsize) iy * d->w + ix];
            }
          }
        }
        gsize o = co * out_plane + (gsize) oy * ow + ox;
        if (d->has_residual && residual)
          sum += residual[o];
        out[o] = (float) activate (d->act, sum);
      }
}
