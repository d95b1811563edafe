#version 450
// Joint bilateral upsampling of C×IN_H×IN_W chroma guided by luminance at the
// output resolution OUT_H×OUT_W; the definition is in src/net/vc-guided.h.
// One invocation per output pixel of one channel pack (workgroup z). A
// workgroup first stages the low-resolution samples its windows cover in
// shared memory, unless that footprint is too large (strong downscales), in
// which case the windows read global memory directly.
#include "common.glsl"

layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(constant_id = 2) const uint IN_H = 1;
layout(constant_id = 3) const uint IN_W = 1;
layout(constant_id = 4) const uint OUT_H = 1;
layout(constant_id = 5) const uint OUT_W = 1;
layout(constant_id = 6) const int RADIUS = 2;
layout(constant_id = 7) const float SCALE_Y = 1.0;   // IN_H / OUT_H
layout(constant_id = 8) const float SCALE_X = 1.0;   // IN_W / OUT_W
// log2(e) / (2 sigma^2): the costs are exponents in base 2
layout(constant_id = 9) const float SPATIAL_K = 0.72;
layout(constant_id = 10) const float RANGE_K = 0.0072;
layout(constant_id = 11) const bool STAGED = true;
layout(constant_id = 12) const uint STAGE_H = 1; // staged footprint, rows
layout(constant_id = 13) const uint STAGE_W = 1; // and columns

layout(std430, binding = 0) readonly buffer AB { svec4 ab_data[]; };
layout(std430, binding = 1) readonly buffer LL { svec4 ll_data[]; };
layout(std430, binding = 2) readonly buffer LF { svec4 lf_data[]; };
layout(std430, binding = 3) writeonly buffer O { svec4 o_data[]; };

layout(push_constant) uniform Params {
  uint ab_base, ab_plane;
  uint ll_base, ll_plane;
  uint lf_base, lf_plane;
  uint o_base, o_plane;
} p;

shared vec4 s_ab[STAGE_H * STAGE_W];
shared float s_l[STAGE_H * STAGE_W];

uint ab_row; // first vec4 of this workgroup's channel pack of ab
int origin_y, origin_x; // low-resolution sample staged in s_ab[0]

// The low-resolution sample nearest output index dst: floor(dst↓ + 0.5).
int nearest(uint dst, float scale, uint n)
{
  return min(int((float(dst) + 0.5) * scale), int(n) - 1);
}

float low_l(int qy, int qx)
{
  if (STAGED)
    return s_l[uint(qy - origin_y) * STAGE_W + uint(qx - origin_x)];
  return float(ll_data[p.ll_base + uint(qy) * IN_W + uint(qx)].x);
}

vec4 low_ab(int qy, int qx)
{
  if (STAGED)
    return s_ab[uint(qy - origin_y) * STAGE_W + uint(qx - origin_x)];
  return vec4(ab_data[ab_row + uint(qy) * IN_W + uint(qx)]);
}

void stage()
{
  const uint n = STAGE_H * STAGE_W, step = gl_WorkGroupSize.x * gl_WorkGroupSize.y;
  for (uint k = gl_LocalInvocationIndex; k < n; k += step) {
    int qy = origin_y + int(k / STAGE_W), qx = origin_x + int(k % STAGE_W);
    if (qy >= 0 && qy < int(IN_H) && qx >= 0 && qx < int(IN_W)) {
      uint src = uint(qy) * IN_W + uint(qx);
      s_ab[k] = vec4(ab_data[ab_row + src]);
      s_l[k] = float(ll_data[p.ll_base + src].x);
    }
  }
  barrier();
}

void main()
{
  ab_row = p.ab_base + gl_WorkGroupID.z * p.ab_plane;
  uvec2 first = gl_WorkGroupID.xy * gl_WorkGroupSize.xy;
  origin_y = nearest(first.y, SCALE_Y, IN_H) - RADIUS;
  origin_x = nearest(first.x, SCALE_X, IN_W) - RADIUS;
  if (STAGED)
    stage();

  uint x = gl_GlobalInvocationID.x, y = gl_GlobalInvocationID.y;
  if (x >= OUT_W || y >= OUT_H)
    return;
  vec2 pos = (vec2(y, x) + 0.5) * vec2(SCALE_Y, SCALE_X) - 0.5;
  int cy = nearest(y, SCALE_Y, IN_H), cx = nearest(x, SCALE_X, IN_W);
  float lp = float(lf_data[p.lf_base + y * OUT_W + x].x);

  // Weights are 2^(shift - cost), the cost being the exponent of the
  // definition in base 2. The shift starts at the cost of the nearest sample
  // (weight 1, so the total never underflows) and moves down to a smaller
  // cost when one would otherwise give a weight over 2^64: no overflow
  // either, and for usual sigmas one exp2 per sample.
  float dy = float(cy) - pos.x, dx = float(cx) - pos.y, dl = lp - low_l(cy, cx);
  float shift = (dy * dy + dx * dx) * SPATIAL_K + dl * dl * RANGE_K;
  vec4 acc = vec4(0.0);
  float total = 0.0;
  // Fixed trip counts (unrolled for a constant RADIUS); samples outside the
  // grid read a clamped neighbour and get weight 0.
  for (int i = -RADIUS; i <= RADIUS; i++) {
    int qy = clamp(cy + i, 0, int(IN_H) - 1);
    dy = float(cy + i) - pos.x;
    float cost_y = dy * dy * SPATIAL_K;
    for (int j = -RADIUS; j <= RADIUS; j++) {
      int qx = clamp(cx + j, 0, int(IN_W) - 1);
      dx = float(cx + j) - pos.y;
      dl = lp - low_l(qy, qx);
      float cost = cost_y + dx * dx * SPATIAL_K + dl * dl * RANGE_K;
      bool inside = qy == cy + i && qx == cx + j;
      if (inside && shift - cost > 64.0) {
        float rescale = exp2(cost - shift);
        acc *= rescale;
        total *= rescale;
        shift = cost;
      }
      float w = inside ? exp2(shift - cost) : 0.0;
      acc += w * low_ab(qy, qx);
      total += w;
    }
  }
  o_data[p.o_base + gl_WorkGroupID.z * p.o_plane + y * OUT_W + x] = svec4(acc / total);
}
