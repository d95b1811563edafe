#version 450
// The rows the CPU attention kernel (attention_cpu.comp) reads its keys
// from: key j's CP key packs, then its VP value packs, as fp32 vec4s (ROW of
// them), KC keys per chunk, CHUNK vec4s from one chunk to the next (each
// chunk is one uniform buffer binding). Padding channels are zeroed.
#include "common.glsl"

layout(local_size_x = 64) in;
layout(constant_id = 0) const uint C = 4;     // key channels
layout(constant_id = 1) const uint VP = 1;    // value packs
layout(constant_id = 2) const uint KC = 1;    // keys per chunk
layout(constant_id = 3) const uint CHUNK = 1; // vec4s from a chunk to the next

const uint CP = (C + 3) / 4;
const uint ROW = CP + VP;

layout(std430, binding = 0) readonly buffer K { svec4 k_data[]; };
layout(std430, binding = 1) readonly buffer V { svec4 v_data[]; };
layout(std430, binding = 2) writeonly buffer R { vec4 rows[]; };

layout(push_constant) uniform Params {
  uint k_base, k_plane;
  uint v_base, v_plane;
  uint n_keys;
  uint cv; // value channels
} p;

void main()
{
  uint e = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64 + gl_LocalInvocationID.x;
  uint key = e / ROW, r = e % ROW;
  if (key >= p.n_keys)
    return;
  vec4 v;
  if (r < CP)
    v = vc_real_channels(vec4(k_data[p.k_base + r * p.k_plane + key]), r, C);
  else
    v = vc_real_channels(vec4(v_data[p.v_base + (r - CP) * p.v_plane + key]), r - CP, p.cv);
  rows[(key / KC) * CHUNK + (key % KC) * ROW + r] = v;
}
