#version 450
// out = scale * in + offset over the C channels of a C×H×W tensor (channels
// packed by 4); the padding lanes of the last pack are written as 0, so the
// offset never leaks into them (a concatenation's padding stays zero).
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint C = 1;      // channels
layout(constant_id = 2) const uint PIXELS = 1; // H * W

const uint PACKS = (C + 3) / 4;

layout(std430, binding = 0) readonly buffer I { svec4 i_data[]; };
layout(std430, binding = 1) writeonly buffer O { svec4 o_data[]; };

layout(push_constant) uniform Params {
  uint i_base, i_plane;
  uint o_base, o_plane;
  float scale, offset;
} p;

void main()
{
  uint i = vc_linear_id();
  if (i >= PACKS * PIXELS)
    return;
  uint pack = i / PIXELS, pix = i % PIXELS;
  vec4 v = p.scale * vec4(i_data[p.i_base + pack * p.i_plane + pix]) + p.offset;
  o_data[p.o_base + pack * p.o_plane + pix] = svec4(vc_real_channels(v, pack, C));
}
