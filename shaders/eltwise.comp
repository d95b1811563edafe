#version 450
// out = alpha * a + beta * b, elementwise over C×H×W (channels packed by 4).
// With beta = 0 it copies or scales a (and may move it into a channel slice
// of a larger tensor).
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint PACKS = 1;  // ceil(C / 4)
layout(constant_id = 2) const uint PIXELS = 1; // H * W
layout(constant_id = 3) const bool HAS_B = true;

layout(std430, binding = 0) readonly buffer A { svec4 a_data[]; };
layout(std430, binding = 1) readonly buffer B { svec4 b_data[]; };
layout(std430, binding = 2) writeonly buffer O { svec4 o_data[]; };

layout(push_constant) uniform Params {
  uint a_base, a_plane;
  uint b_base, b_plane;
  uint o_base, o_plane;
  float alpha, beta;
} p;

void main()
{
  uint i = vc_linear_id();
  if (i >= PACKS * PIXELS)
    return;
  uint pack = i / PIXELS, pix = i % PIXELS;
  vec4 v = p.alpha * vec4(a_data[p.a_base + pack * p.a_plane + pix]);
  if (HAS_B)
    v += p.beta * vec4(b_data[p.b_base + pack * p.b_plane + pix]);
  o_data[p.o_base + pack * p.o_plane + pix] = svec4(v);
}
