#version 450
// L2 normalisation over channels, per pixel (F.normalize(x, dim=channels)):
//   out[c, p] = x[c, p] / max(sqrt(sum_c x[c, p]^2), eps)
// One invocation per pixel reads its channel packs twice (sum, then scale),
// so in and out may be the same tensor.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint C = 1;      // channels
layout(constant_id = 2) const uint PIXELS = 1; // H * W
layout(constant_id = 3) const float EPS = 1e-12;

const uint PACKS = (C + 3) / 4;

layout(std430, binding = 0) readonly buffer I { svec4 i_data[]; };
layout(std430, binding = 1) writeonly buffer O { svec4 o_data[]; };

layout(push_constant) uniform Params {
  uint i_base, i_plane;
  uint o_base, o_plane;
} p;

// Zeroes the padding lanes of the last pack, whatever the buffer holds there.
vec4 load_pack(uint pack, uint pix)
{
  return vc_real_channels(vec4(i_data[p.i_base + pack * p.i_plane + pix]), pack, C);
}

void main()
{
  uint pix = vc_linear_id();
  if (pix >= PIXELS)
    return;
  float sum = 0.0;
  for (uint k = 0; k < PACKS; k++) {
    vec4 v = load_pack(k, pix);
    sum += dot(v, v);
  }
  float inv = 1.0 / max(sqrt(sum), EPS);
  for (uint k = 0; k < PACKS; k++)
    o_data[p.o_base + k * p.o_plane + pix] = svec4(load_pack(k, pix) * inv);
}
