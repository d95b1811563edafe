#version 450
// Colour hints spread through regions of like lightness; the definition is
// in src/net/vc-hints.h. MODE 0 filters each row of the hints (a·m, b·m, m,
// and m again for the reach) into the fp32 scratch grid with the edge-aware
// recursive filters, forwards and backwards (one invocation per row; FIRST
// reads the hints tensor, else the scratch grid itself); MODE 1 does the same
// down each column; MODE 2 mixes the hints' colour into ab by their reach
// (one invocation per pixel).
#include "common.glsl"

layout(local_size_x = 64) in;
layout(constant_id = 0) const uint H = 1;
layout(constant_id = 1) const uint W = 1;
layout(constant_id = 2) const uint MODE = 0;

layout(std430, binding = 0) buffer AB { svec4 ab_data[]; };
layout(std430, binding = 1) readonly buffer L { svec4 l_data[]; };
layout(std430, binding = 2) readonly buffer S { svec4 hint_data[]; };
layout(std430, binding = 3) buffer G { vec4 grid[]; };

layout(push_constant) uniform Params {
  uint ab_base, ab_plane;
  uint l_base, l_plane;
  uint hint_base, hint_plane;
  float log_a; // ln of this pass's feedback at distance 1
  uint first;  // 1: the rows read the hints tensor
  float ratio; // sigma_spatial / sigma_range
  float log_r; // -1 / sigma_spatial: the reach's decay
} p;

// L at index I averaged over its 3×3 neighbourhood (within the grid): fine
// texture hardly adds to the distances, an edge counts whole (the steps of
// a blurred edge add up to it).
float lightness(uint i)
{
  int y = int(i / W), x = int(i % W);
  float sum = 0.0;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++) {
      uint yy = uint(clamp(y + dy, 0, int(H) - 1)), xx = uint(clamp(x + dx, 0, int(W) - 1));
      sum += float(l_data[p.l_base + yy * W + xx].x);
    }
  return sum / 9.0;
}

vec4 source(uint i)
{
  if (p.first != 0u)
    return vec3(hint_data[p.hint_base + i].xyz).xyzz;
  return grid[i];
}

// The next sample J of a line from the one before it (of the next sample's
// own value V, at distance D): a weighted mean for the sums, a decayed
// maximum for the reach.
vec4 step_to(vec4 j, vec4 v, float d)
{
  float c = exp(p.log_a * d);
  return vec4(v.xyz + c * (j.xyz - v.xyz), max(v.w, exp(p.log_r * d) * j.w));
}

// One line of N samples, the first at index START, STEP apart: forwards,
// then backwards over what the forward pass left.
void filter_line(uint start, uint step, uint n)
{
  vec4 j = source(start);
  grid[start] = j;
  float lp = lightness(start);
  for (uint k = 1u; k < n; k++) {
    uint i = start + k * step;
    float li = lightness(i);
    j = step_to(j, source(i), 1.0 + p.ratio * abs(li - lp));
    grid[i] = j;
    lp = li;
  }
  for (uint k = n - 1u; k > 0u; k--) {
    uint i = start + (k - 1u) * step;
    float li = lightness(i);
    j = step_to(j, grid[i], 1.0 + p.ratio * abs(lp - li));
    grid[i] = j;
    lp = li;
  }
}

void main()
{
  uint id = gl_GlobalInvocationID.x;
  if (MODE == 0u) {
    if (id < H)
      filter_line(id * W, 1u, W);
  } else if (MODE == 1u) {
    if (id < W)
      filter_line(id, W, H);
  } else if (id < H * W) {
    vec4 g = grid[id];
    if (g.z > 1e-30) {
      vec4 ab = vec4(ab_data[p.ab_base + id]);
      ab.xy = mix(ab.xy, g.xy / g.z, min(g.w, 1.0));
      ab_data[p.ab_base + id] = svec4(ab);
    }
  }
}
