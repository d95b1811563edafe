#version 450
// Bilinear resize of C×IN_H×IN_W to C×OUT_H×OUT_W with PyTorch's conventions:
// F.interpolate(mode='bilinear', align_corners=False), and with ANTIALIAS
// its antialias=True variant (a triangle filter whose support grows with the
// downscale factor, weights normalised per axis). One invocation per output
// pixel and channel pack.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint PACKS = 1; // ceil(C / 4)
layout(constant_id = 2) const uint IN_H = 1;
layout(constant_id = 3) const uint IN_W = 1;
layout(constant_id = 4) const uint OUT_H = 1;
layout(constant_id = 5) const uint OUT_W = 1;
layout(constant_id = 6) const float SCALE_Y = 1.0; // IN_H / OUT_H
layout(constant_id = 7) const float SCALE_X = 1.0; // IN_W / OUT_W
layout(constant_id = 8) const bool ANTIALIAS = false;

layout(std430, binding = 0) readonly buffer I { svec4 i_data[]; };
layout(std430, binding = 1) writeonly buffer O { svec4 o_data[]; };

layout(push_constant) uniform Params {
  uint i_base, i_plane;
  uint o_base, o_plane;
} p;

// Plain bilinear taps along one axis: source index i0, its neighbour i1
// (clamped to the edge) and the weight of i1.
void bilinear_axis(uint dst, float scale, uint n, out uint i0, out uint i1, out float l1)
{
  float src = max(scale * (float(dst) + 0.5) - 0.5, 0.0);
  i0 = min(uint(src), n - 1);
  i1 = min(i0 + 1, n - 1);
  l1 = clamp(src - float(i0), 0.0, 1.0);
}

vec4 bilinear(uint row, uint y, uint x)
{
  uint y0, y1, x0, x1;
  float ly, lx;
  bilinear_axis(y, SCALE_Y, IN_H, y0, y1, ly);
  bilinear_axis(x, SCALE_X, IN_W, x0, x1, lx);
  vec4 a = vec4(i_data[row + y0 * IN_W + x0]), b = vec4(i_data[row + y0 * IN_W + x1]);
  vec4 c = vec4(i_data[row + y1 * IN_W + x0]), d = vec4(i_data[row + y1 * IN_W + x1]);
  return mix(mix(a, b, lx), mix(c, d, lx), ly);
}

// Antialiased taps along one axis (PyTorch's _upsample_aa weights): the
// source range [lo, lo + n) around `center` and the sum of the weights.
struct AaAxis {
  int lo, n;
  float center, inv_support, total;
};

float aa_weight(AaAxis a, int j)
{
  return max(0.0, 1.0 - abs((float(a.lo + j) - a.center + 0.5) * a.inv_support));
}

AaAxis aa_axis(uint dst, float scale, uint n)
{
  // Upscaled axes keep the bilinear support of one source pixel; then these
  // weights are exactly the bilinear ones.
  float support = max(scale, 1.0);
  AaAxis a;
  a.center = scale * (float(dst) + 0.5);
  a.inv_support = 1.0 / support;
  a.lo = max(int(a.center - support + 0.5), 0);
  int hi = min(int(a.center + support + 0.5), int(n));
  a.n = clamp(hi - a.lo, 0, 2 * int(ceil(support)) + 1);
  a.total = 0.0;
  for (int j = 0; j < a.n; j++)
    a.total += aa_weight(a, j);
  return a;
}

vec4 antialiased(uint row, uint y, uint x)
{
  AaAxis ay = aa_axis(y, SCALE_Y, IN_H), ax = aa_axis(x, SCALE_X, IN_W);
  vec4 acc = vec4(0.0);
  for (int j = 0; j < ay.n; j++) {
    uint src = row + uint(ay.lo + j) * IN_W + uint(ax.lo);
    vec4 line = vec4(0.0);
    for (int i = 0; i < ax.n; i++)
      line += aa_weight(ax, i) * vec4(i_data[src + i]);
    acc += aa_weight(ay, j) * line;
  }
  float total = ay.total * ax.total;
  return total != 0.0 ? acc / total : acc;
}

void main()
{
  const uint pixels = OUT_H * OUT_W;
  uint i = vc_linear_id();
  if (i >= PACKS * pixels)
    return;
  uint pack = i / pixels, pix = i % pixels;
  uint y = pix / OUT_W, x = pix % OUT_W;
  uint row = p.i_base + pack * p.i_plane;
  vec4 v = ANTIALIAS ? antialiased(row, y, x) : bilinear(row, y, x);
  o_data[p.o_base + pack * p.o_plane + pix] = svec4(v);
}
