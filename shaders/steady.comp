#version 450
// Motion-adaptive recursive filter of chroma (src/net/vc-steady.h): where
// the luminance around a pixel is what it was in the previous frame, the
// chroma moves towards the previous frame's. One invocation per pixel of one
// channel pack (workgroup z).
#include "common.glsl"

layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(constant_id = 2) const uint H = 1;
layout(constant_id = 3) const uint W = 1;
layout(constant_id = 4) const int RADIUS = 1;
// log2(e) / (2 sigma^2): the weight is 2^(-d * K) with d the mean squared
// difference of L over the window
layout(constant_id = 5) const float K = 0.18;

layout(std430, binding = 0) readonly buffer L { svec4 l_data[]; };
layout(std430, binding = 1) readonly buffer LP { svec4 lp_data[]; };
layout(std430, binding = 2) readonly buffer AB { svec4 ab_data[]; };
layout(std430, binding = 3) readonly buffer ABP { svec4 abp_data[]; };
layout(std430, binding = 4) writeonly buffer O { svec4 o_data[]; };

layout(push_constant) uniform Params {
  uint l_base, l_plane;
  uint lp_base, lp_plane;
  uint ab_base, ab_plane;
  uint abp_base, abp_plane;
  uint o_base, o_plane;
  float strength;
} p;

void main()
{
  uint x = gl_GlobalInvocationID.x, y = gl_GlobalInvocationID.y;
  if (x >= W || y >= H)
    return;
  uint pix = y * W + x, pack = gl_WorkGroupID.z;
  vec4 ab = vec4(ab_data[p.ab_base + pack * p.ab_plane + pix]);
  if (p.strength > 0.0) {
    // the window clamped to the picture: samples outside are left out
    int y0 = max(int(y) - RADIUS, 0), y1 = min(int(y) + RADIUS, int(H) - 1);
    int x0 = max(int(x) - RADIUS, 0), x1 = min(int(x) + RADIUS, int(W) - 1);
    float sum = 0.0;
    for (int qy = y0; qy <= y1; qy++)
      for (int qx = x0; qx <= x1; qx++) {
        uint q = uint(qy) * W + uint(qx);
        float d = float(l_data[p.l_base + q].x) - float(lp_data[p.lp_base + q].x);
        sum += d * d;
      }
    float g = p.strength * exp2(-sum / float((y1 - y0 + 1) * (x1 - x0 + 1)) * K);
    ab += g * (vec4(abp_data[p.abp_base + pack * p.abp_plane + pix]) - ab);
  }
  o_data[p.o_base + pack * p.o_plane + pix] = svec4(ab);
}
