#version 450
// Attention of the frame's queries over the keys of one or more references
// (joint softmax over all active keys), flash-attention style:
//   s_j = q . k_j,  a_j = softmax_j((s_j - p_j) / tau + b_j),
//   out = sum_j a_j v_j,  conf = max_j s_j,
// with b_j = bias for the keys from bias_from on and 0 before (a weight for
// a group of sources: the temporal memory's strength), and p_j a locality
// penalty: the keys from grid_from on are grids shaped like the queries (one
// per source), and a key d cells away from its query loses
// w (1 - exp(-d^2 / (2 r^2))) of its score, with w and r of its group
// (before bias_from or from it on).
//
// A workgroup owns QB queries and has KS invocations per query ("slices");
// each of them takes its own KPT keys of every tile of KT = KS * KPT keys
// staged in shared memory (keys and values, converted to fp32), keeps its
// query and its running max m, weight sum l and value sums in registers
// (online softmax), and the KS partial results of a query are merged through
// shared memory at the end. The query is the fastest-varying part of the
// invocation index, so the lanes of a subgroup share a slice and read the
// same shared address (a broadcast). The value channels a dispatch handles are limited to VPB packs
// (registers); the host splits larger cv over several dispatches ("passes"),
// each of which recomputes the scores.
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(local_size_x_id = 0) in;                  // QB * KS
layout(constant_id = 1) const uint C = 4;        // query / key channels
layout(constant_id = 2) const uint VPB = 1;      // value packs per pass
layout(constant_id = 3) const uint QB = 32;      // queries per workgroup
layout(constant_id = 4) const uint KS = 8;       // invocations per query
layout(constant_id = 5) const uint KPT = 4;      // keys per invocation per tile
layout(constant_id = 6) const uint N = 1;        // queries (hq * wq)
layout(constant_id = 7) const float SCALE = 1.0; // log2(e) / tau
layout(constant_id = 8) const uint SH_SIZE = 1;  // vec4s of shared memory
layout(constant_id = 9) const uint RP = 1;       // value packs merged per round
layout(constant_id = 10) const uint WQ = 1;      // query (and key grid) width

const uint CP = (C + 3) / 4;
const uint KT = KS * KPT;
const uint INFO = CP + VPB; // row of a key's (y, x, near_k, near_w)
const uint ROW = INFO + 1;
const uint STRIDE = ROW | 1; // odd, so that stores of consecutive keys spread over the banks
const float NONE = -1e30;    // "no key yet": below any score, and exp2 of it is 0

layout(std430, binding = 0) readonly buffer Q { svec4 q_data[]; };
layout(std430, binding = 1) readonly buffer K { svec4 k_data[]; };
layout(std430, binding = 2) readonly buffer V { svec4 v_data[]; };
layout(std430, binding = 3) writeonly buffer O { svec4 o_data[]; };
layout(std430, binding = 4) writeonly buffer F { svec4 conf_data[]; };

layout(push_constant) uniform Params {
  uint q_base, q_plane;
  uint k_base, k_plane;
  uint v_base, v_plane; // this pass's first value pack
  uint o_base, o_plane; // this pass's first output pack
  uint f_base;
  uint n_keys;
  uint cv;              // value channels from this pass's first one on
  uint write_conf;
  uint bias_from;       // the first key with the bias
  float bias;           // b · tau: added to the scores of those keys
  uint grid_from;       // the first key on a grid
  float near_w0, near_w1; // locality weight before bias_from, from it on (0: none)
  float near_k0, near_k1; // log2(e) / (2 r^2) for the radius r of each
                          // (scalars: a vec2 would be aligned to 8 bytes)
} p;

// Per key: CP key packs, VPB value packs and its cell and locality
// parameters (INFO below), STRIDE vec4s apart. Reused at
// the end to merge the partial results of a query.
shared vec4 sh[SH_SIZE];

// A key's cell and the locality parameters of its group (no penalty off
// the grids).
vec4 key_info(uint key)
{
  if (key < p.grid_from)
    return vec4(0.0);
  uint cell = (key - p.grid_from) % N;
  bool late = key >= p.bias_from;
  return vec4(float(cell / WQ), float(cell % WQ), late ? p.near_k1 : p.near_k0,
              late ? p.near_w1 : p.near_w0);
}

void load_tile(uint tile0)
{
  for (uint e = gl_LocalInvocationID.x; e < KT * ROW; e += gl_WorkGroupSize.x) {
    uint j = e % KT, r = e / KT, key = tile0 + j;
    vec4 v = vec4(0.0);
    if (key < p.n_keys) {
      if (r < CP)
        v = vc_real_channels(vec4(k_data[p.k_base + r * p.k_plane + key]), r, C);
      else if (r == INFO)
        v = key_info(key);
      else if ((r - CP) * 4 < p.cv)
        v = vc_real_channels(vec4(v_data[p.v_base + (r - CP) * p.v_plane + key]), r - CP, p.cv);
    }
    sh[j * STRIDE + r] = v;
  }
}

void main()
{
  uint lid = gl_LocalInvocationID.x;
  // ks is the constant 0 when KS == 1, so that CPU compilers see uniform
  // shared addresses and load them once for all SIMD lanes
  uint qi = lid % QB, ks = KS == 1 ? 0 : lid / QB;
  uint query = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * QB + qi;
  bool live = query < N; // inactive invocations still take part in the barriers

  vec4 q[CP];
  [[unroll]] for (uint c = 0; c < CP; c++)
    q[c] = live ? vc_real_channels(vec4(q_data[p.q_base + c * p.q_plane + query]), c, C) : vec4(0.0);
  vec4 acc[VPB];
  [[unroll]] for (uint c = 0; c < VPB; c++)
    acc[c] = vec4(0.0);
  float m = NONE, l = 0.0;
  float raw_max = NONE; // of the scores without the bias, for conf
  bool local = p.near_w0 != 0.0 || p.near_w1 != 0.0; // uniform
  vec2 cell = vec2(float(query / WQ), float(query % WQ));

  uint j0 = ks * KPT;
  for (uint tile0 = 0; tile0 < p.n_keys; tile0 += KT) {
    barrier();
    load_tile(tile0);
    barrier();
    int valid = int(min(p.n_keys - tile0, KT)) - int(j0); // my keys in this tile
    if (valid <= 0)
      continue;
    float s[KPT];
    float tile_max = NONE;
    [[unroll]] for (uint t = 0; t < KPT; t++) {
      uint row = (j0 + t) * STRIDE;
      float d = 0.0;
      [[unroll]] for (uint c = 0; c < CP; c++)
        d += dot(q[c], sh[row + c]);
      bool key = int(t) < valid;
      raw_max = max(raw_max, key ? d : NONE);
      if (local) {
        vec4 info = sh[row + INFO];
        vec2 off = cell - info.xy;
        d += info.w * (exp2(-info.z * dot(off, off)) - 1.0);
      }
      s[t] = key ? d + (tile0 + j0 + t >= p.bias_from ? p.bias : 0.0) : NONE;
      tile_max = max(tile_max, s[t]);
    }
    float m_new = max(m, tile_max);
    float rescale = exp2((m - m_new) * SCALE);
    m = m_new;
    l *= rescale;
    [[unroll]] for (uint c = 0; c < VPB; c++)
      acc[c] *= rescale;
    [[unroll]] for (uint t = 0; t < KPT; t++) {
      uint row = (j0 + t) * STRIDE + CP;
      float a = exp2((s[t] - m) * SCALE);
      l += a;
      [[unroll]] for (uint c = 0; c < VPB; c++)
        acc[c] += a * sh[row + c];
    }
  }

  // Merge the KS partial softmaxes of each query.
  barrier();
  sh[lid] = vec4(m, l, raw_max, 0.0);
  barrier();
  float m_all = NONE, conf = NONE;
  [[unroll]] for (uint k = 0; k < KS; k++) {
    m_all = max(m_all, sh[k * QB + qi].x);
    conf = max(conf, sh[k * QB + qi].z);
  }
  float l_all = 0.0;
  [[unroll]] for (uint k = 0; k < KS; k++)
    l_all += sh[k * QB + qi].y * exp2((sh[k * QB + qi].x - m_all) * SCALE);
  float weight = exp2((m - m_all) * SCALE) / l_all;
  if (ks == 0 && live && p.write_conf != 0)
    conf_data[p.f_base + query] = svec4(conf, 0.0, 0.0, 0.0);

  [[unroll]] for (uint r0 = 0; r0 < VPB; r0 += RP) {
    barrier();
    [[unroll]] for (uint r = 0; r < RP; r++)
      if (r0 + r < VPB)
        sh[lid * RP + r] = acc[r0 + r] * weight;
    barrier();
    // invocation ks writes pack r0 + ks of query qi
    uint pack = r0 + ks;
    if (ks < RP && pack < VPB && pack * 4 < p.cv && live) {
      vec4 sum = vec4(0.0);
      [[unroll]] for (uint k = 0; k < KS; k++)
        sum += sh[(k * QB + qi) * RP + ks];
      o_data[p.o_base + pack * p.o_plane + query] = svec4(sum);
    }
  }
}
