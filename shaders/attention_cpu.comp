#version 450
// Attention, the kernel for CPUs: what attention.comp computes (see there
// and vc-attention.h), shaped for lavapipe. A CPU runs a SIMD group of
// invocations as the lanes of vector instructions, and lavapipe loads shared
// and storage memory lane by lane, but a uniform buffer element at an index
// the same for all lanes once. So each invocation owns one query and all
// lanes read each key together from a uniform buffer: the keys and values
// are first copied into rows (attention_rows_cpu.comp), KC keys per chunk
// of at most 64 KiB, and a dispatch of this kernel binds up to
// VC_UNIFORM_ARRAY chunks at binding 1. An invocation runs the online
// softmax over their keys, one at a time (fastest on lavapipe, and the
// quickest to compile), and carries its running max m, weight sum l, raw
// maximum and value sums from one dispatch to the next in a state buffer
// (planes of N vec4s: (m, l, raw max), then the sums); the last dispatch
// writes the output and the confidence. No shared memory, no barrier. Value
// channels are split over passes as in the GPU kernel: VPB packs from row
// element V0 on.
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint C = 4;        // query / key channels
layout(constant_id = 2) const uint VPB = 1;      // value packs per pass
layout(constant_id = 3) const uint VP = 1;       // value packs in a row
layout(constant_id = 4) const uint KC = 1;       // keys per chunk
layout(constant_id = 5) const uint N = 1;        // queries (hq * wq)
layout(constant_id = 6) const float SCALE = 1.0; // log2(e) / tau
layout(constant_id = 7) const uint WQ = 1;       // query (and key grid) width

const uint CP = (C + 3) / 4;
const uint ROW = CP + VP;
const float NONE = -1e30; // "no key yet": below any score, and exp2 of it is 0

#define FIRST_DISPATCH 1u
#define LAST_DISPATCH 2u
#define WRITE_CONF 4u

layout(std430, binding = 0) readonly buffer Q { svec4 q_data[]; };
layout(std140, binding = 1) uniform Rows { vec4 r[VC_UNIFORM_VEC4S]; } rows[VC_UNIFORM_ARRAY];
layout(std430, binding = 2) buffer S { vec4 state[]; };
layout(std430, binding = 3) writeonly buffer O { svec4 o_data[]; };
layout(std430, binding = 4) writeonly buffer F { svec4 conf_data[]; };

layout(push_constant) uniform Params {
  uint q_base, q_plane;
  uint o_base, o_plane; // this pass's first output pack
  uint f_base;
  uint key0;            // the index of the dispatch's first key
  uint n;               // its keys (in ceil(n / KC) chunks)
  uint v0;              // this pass's first value pack in a row
  uint cv;              // value channels from this pass's first one on
  uint flags;
  uint bias_from;       // the first key with the bias
  float bias;           // b · tau: added to the scores of those keys
  uint grid_from;       // the first key on a grid
  float near_w0, near_w1; // locality weight before bias_from, from it on (0: none)
  float near_k0, near_k1; // log2(e) / (2 r^2) for the radius r of each
} p;

void main()
{
  uint query = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * gl_WorkGroupSize.x +
               gl_LocalInvocationID.x;
  if (query >= N)
    return;

  vec4 q[CP];
  [[unroll]] for (uint c = 0; c < CP; c++)
    q[c] = vc_real_channels(vec4(q_data[p.q_base + c * p.q_plane + query]), c, C);
  vec4 acc[VPB];
  float m = NONE, l = 0.0, raw_max = NONE;
  if ((p.flags & FIRST_DISPATCH) != 0) {
    [[unroll]] for (uint c = 0; c < VPB; c++)
      acc[c] = vec4(0.0);
  } else {
    vec4 s = state[query];
    m = s.x;
    l = s.y;
    raw_max = s.z;
    [[unroll]] for (uint c = 0; c < VPB; c++)
      acc[c] = state[(1 + c) * N + query];
  }
  bool local = p.near_w0 != 0.0 || p.near_w1 != 0.0; // uniform
  vec2 cell = vec2(float(query / WQ), float(query % WQ));

  for (uint b = 0; b * KC < p.n; b++) {
    uint n = min(KC, p.n - b * KC);
    for (uint j = 0; j < n; j++) {
      uint row = j * ROW, key = p.key0 + b * KC + j;
      float d = 0.0;
      [[unroll]] for (uint c = 0; c < CP; c++)
        d += dot(q[c], rows[b].r[row + c]);
      raw_max = max(raw_max, d);
      bool late = key >= p.bias_from;
      if (local && key >= p.grid_from) {
        uint kc = (key - p.grid_from) % N;
        vec2 off = cell - vec2(float(kc / WQ), float(kc % WQ));
        d += (late ? p.near_w1 : p.near_w0) *
             (exp2(-(late ? p.near_k1 : p.near_k0) * dot(off, off)) - 1.0);
      }
      d += late ? p.bias : 0.0;
      float m_new = max(m, d);
      float rescale = exp2((m - m_new) * SCALE), a = exp2((d - m_new) * SCALE);
      m = m_new;
      l = l * rescale + a;
      row += p.v0;
      [[unroll]] for (uint c = 0; c < VPB; c++)
        acc[c] = acc[c] * rescale + a * rows[b].r[row + c];
    }
  }

  if ((p.flags & LAST_DISPATCH) == 0) {
    state[query] = vec4(m, l, raw_max, 0.0);
    [[unroll]] for (uint c = 0; c < VPB; c++)
      state[(1 + c) * N + query] = acc[c];
    return;
  }
  if ((p.flags & WRITE_CONF) != 0)
    conf_data[p.f_base + query] = svec4(raw_max, 0.0, 0.0, 0.0);
  float weight = 1.0 / l;
  [[unroll]] for (uint c = 0; c < VPB; c++)
    if (c * 4 < p.cv)
      o_data[p.o_base + c * p.o_plane + query] = svec4(acc[c] * weight);
}
