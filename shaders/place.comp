#version 450
// A C×H×W tensor into columns X0 .. X0 + W - 1 of a C×H×OUT_W one (channels
// packed by 4); the other columns are not written.
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint PACKS = 1; // ceil(C / 4)
layout(constant_id = 2) const uint H = 1;
layout(constant_id = 3) const uint W = 1;
layout(constant_id = 4) const uint OUT_W = 1;
layout(constant_id = 5) const uint X0 = 0;

layout(std430, binding = 0) readonly buffer In { svec4 in_data[]; };
layout(std430, binding = 1) writeonly buffer Out { svec4 out_data[]; };

layout(push_constant) uniform Params {
  uint in_base, in_plane;
  uint out_base, out_plane;
} p;

void main()
{
  uint i = vc_linear_id();
  if (i >= PACKS * H * W)
    return;
  uint pack = i / (H * W), pix = i - pack * (H * W);
  uint y = pix / W, x = pix - y * W;
  out_data[p.out_base + pack * p.out_plane + y * OUT_W + X0 + x] =
      in_data[p.in_base + pack * p.in_plane + pix];
}
