#version 450
// Space-to-depth and depth-to-space by a factor R with PyTorch's channel
// order (F.pixel_unshuffle / F.pixel_shuffle): depth channel c·R² + dy·R + dx
// is pixel (dy, dx) of the R×R block of space channel c. out = scale · that.
// One invocation per output pixel and channel pack; each lane gathers its
// element from wherever it lies in the input; the padding lanes of the last
// pack are written as 0.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const bool TO_SPACE = false; // depth-to-space (else space-to-depth)
layout(constant_id = 2) const uint R = 1;
layout(constant_id = 3) const uint OUT_C = 1;
layout(constant_id = 4) const uint OUT_H = 1;
layout(constant_id = 5) const uint OUT_W = 1;
layout(constant_id = 6) const uint IN_W = 1;

const uint OUT_PACKS = (OUT_C + 3) / 4;

layout(std430, binding = 0) readonly buffer I { svec4 i_data[]; };
layout(std430, binding = 1) writeonly buffer O { svec4 o_data[]; };

layout(push_constant) uniform Params {
  uint i_base, i_plane;
  uint o_base, o_plane;
  float scale;
} p;

void main()
{
  const uint pixels = OUT_H * OUT_W;
  uint i = vc_linear_id();
  if (i >= OUT_PACKS * pixels)
    return;
  uint pack = i / pixels, pix = i % pixels;
  uint y = pix / OUT_W, x = pix % OUT_W;
  vec4 v = vec4(0.0);
  for (uint lane = 0; lane < 4; lane++) {
    uint co = pack * 4 + lane;
    if (co >= OUT_C)
      break;
    uint ci, sy, sx;
    if (TO_SPACE) {
      ci = co * R * R + (y % R) * R + x % R;
      sy = y / R;
      sx = x / R;
    } else {
      uint k = co % (R * R);
      ci = co / (R * R);
      sy = y * R + k / R;
      sx = x * R + k % R;
    }
    v[lane] = float(i_data[p.i_base + (ci / 4) * p.i_plane + sy * IN_W + sx][ci % 4]);
  }
  o_data[p.o_base + pack * p.o_plane + pix] = svec4(p.scale * v);
}
