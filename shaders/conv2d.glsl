// 2-D convolution, 1×1 or 3×3, stride 1 or 2, replicated edges:
//   out = act(conv(in) + bias + residual)
//
// A workgroup computes an output tile of TX columns × TY*PY rows for G*P
// output packs. Invocation (tx, ty, g) owns column tx, rows ty*PY .. +PY-1
// and packs g*P .. +P-1: P*PY vec4 accumulators, so every input vec4 and
// every weight matrix read from shared memory feeds several FMAs. The input
// channels are walked in stages of CK packs: the input tile of a stage (with
// its halo, edges clamped) and its weights are copied into shared memory,
// converted to fp32, and all invocations accumulate from there. Stages are
// double-buffered: each invocation issues its global loads for the next
// stage into registers, accumulates the current one, then stores them, so
// the loads' latency hides behind the arithmetic and one barrier per stage
// suffices.
//
// Weights (see conv2d.c) are one mat4 per (out pack, in pack, tap) whose
// column j holds input channel j's weights for the four output channels,
// laid out [out pack][in pack][tap][column], padded with zeros to whole
// workgroup blocks, and followed by one bias vec4 per out pack.
//
// Padding channels (past CIN in the last input pack, past COUT in the last
// output pack) are ignored on input and written as zeros.
//
// The CPU kernel (VC_CPU_KERNEL, conv2d_cpu.comp) reads its weights
// elsewhere. A CPU runs a SIMD group's invocations as the lanes of vector
// instructions, and lavapipe loads shared and storage memory lane by lane,
// but a uniform buffer element at an index the same for all lanes once (and
// broadcasts it). So the weights come from uniform buffers: one dispatch per block of P
// output packs (G = 1), whose weights are bound at binding 1 as an array of
// up to VC_UNIFORM_ARRAY buffers of IPB input packs each (the biases follow
// those of the first; conv2d.c), and only the input tile goes through
// shared memory.
#include "common.glsl"
#extension GL_EXT_control_flow_attributes : require

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;
layout(constant_id = 3) const uint CIN = 1;
layout(constant_id = 4) const uint COUT = 1;
layout(constant_id = 5) const uint H = 1;
layout(constant_id = 6) const uint W = 1;
layout(constant_id = 7) const uint OH = 1;
layout(constant_id = 8) const uint OW = 1;
layout(constant_id = 9) const uint K = 3;     // kernel size, 1 or 3
layout(constant_id = 10) const uint S = 1;    // stride, 1 or 2
layout(constant_id = 11) const int ACT = VC_ACT_NONE;
layout(constant_id = 12) const bool HAS_RES = false;
layout(constant_id = 13) const uint P = 4;    // output packs per invocation, <= MAX_P
layout(constant_id = 14) const uint CK = 1;   // input packs per shared-memory stage
// Tile geometry: neighbouring outputs are OSTEP tile elements apart, and
// neighbouring tile elements TSTEP input pixels apart (3×3: OSTEP = S,
// TSTEP = 1; 1×1: OSTEP = 1, TSTEP = S, so a strided 1×1 loads no pixel
// it skips).
layout(constant_id = 15) const uint OSTEP = 1;
layout(constant_id = 16) const uint TSTEP = 1;
#if VC_CPU_KERNEL
layout(constant_id = 17) const uint IPB = 1; // input packs per weight buffer
#endif

#define PY 4       // output rows per invocation
#define MAX_P 4
#define MAX_ROWS 9 // (PY - 1) * OSTEP + K, at most

const uint CIN_PACKS = (CIN + 3) / 4;
const uint COUT_PACKS = (COUT + 3) / 4;
const uint TX = gl_WorkGroupSize.x;
const uint TY = gl_WorkGroupSize.y;
const uint G = gl_WorkGroupSize.z;
const uint NT = TX * TY * G;
const uint PAD = K / 2;
const uint KK = K * K;
const uint ROWS = (PY - 1) * OSTEP + K;
const uint IN_TW = (TX - 1) * OSTEP + K;
const uint IN_TH = (TY * PY - 1) * OSTEP + K;
const uint TILE = IN_TW * IN_TH;
const uint WBLOCK = KK * 4; // vec4s of one (out pack, in pack) weight block
const uint GP = G * P;
const uint OP_PAD = (COUT_PACKS + GP - 1) / GP * GP;
const uint IP_PAD = (CIN_PACKS + CK - 1) / CK * CK;
const uint BIAS_BASE = OP_PAD * IP_PAD * WBLOCK;

layout(std430, binding = 0) readonly buffer In { svec4 in_data[]; };
#if VC_CPU_KERNEL
// This dispatch's P output packs: in buffer e, their weight blocks for input
// packs e * IPB .. + IPB - 1 ([out pack][in pack][tap][column]); in buffer
// 0, after them, their biases.
layout(std140, binding = 1) uniform Wt { vec4 w[VC_UNIFORM_VEC4S]; } w_block[VC_UNIFORM_ARRAY];
#else
layout(std430, binding = 1) readonly buffer Wt { svec4 w_data[]; };
#endif
layout(std430, binding = 2) readonly buffer Res { svec4 r_data[]; };
layout(std430, binding = 3) writeonly buffer Out { svec4 o_data[]; };

layout(push_constant) uniform Params {
  uint in_base, in_plane;
  uint r_base, r_plane;
  uint o_base, o_plane;
#if VC_CPU_KERNEL
  uint op_first; // the dispatch's first output pack
#endif
} p;

// One stage: CK input tiles, then GP * CK weight blocks (GPU).
const uint STAGE_IN = CK * TILE;
#if VC_CPU_KERNEL
const uint STAGE = STAGE_IN;
#else
const uint STAGE = STAGE_IN + GP * CK * WBLOCK;
#endif
const uint N_STAGES = IP_PAD / CK;
// Stage elements an invocation moves; the first MAX_FETCH of them go through
// registers (enough for the tilings of large layers), the rest, in small
// workgroups, directly.
const uint FETCH = (STAGE + NT - 1) / NT;
#define MAX_FETCH 8

shared vec4 s_stage[2 * STAGE];

// Element E of stage ST: input packs ip0 .. ip0+CK-1 (ip0 = ST * CK) of the
// tile whose element (0, 0) is input pixel ORG (possibly outside the image:
// edges are replicated), then their weights for out packs op0 .. op0+GP-1.
vec4 stage_element(uint st, uint e, ivec2 org, uint op0)
{
  uint ip0 = st * CK;
#if !VC_CPU_KERNEL
  if (e >= STAGE_IN) {
    e -= STAGE_IN;
    uint lop = e / (CK * WBLOCK), rest = e % (CK * WBLOCK);
    return vec4(w_data[((op0 + lop) * IP_PAD + ip0) * WBLOCK + rest]);
  }
#endif
  uint lip = e / TILE, rc = e % TILE;
  int y = clamp(org.y + int((rc / IN_TW) * TSTEP), 0, int(H) - 1);
  int x = clamp(org.x + int((rc % IN_TW) * TSTEP), 0, int(W) - 1);
  uint ip = ip0 + lip;
  vec4 v = vec4(0.0);
  if (ip < CIN_PACKS)
    v = vec4(in_data[p.in_base + ip * p.in_plane + uint(y) * W + uint(x)]);
  return vc_real_channels(v, ip, CIN);
}

vec4 fetched[MAX_FETCH];

void fetch(uint st, ivec2 org, uint op0, uint lid)
{
  [[unroll]] for (uint k = 0; k < MAX_FETCH; k++) {
    uint e = lid + k * NT;
    if (k < FETCH && e < STAGE)
      fetched[k] = stage_element(st, e, org, op0);
  }
}

// Stores what fetch() loaded into buffer BUF, and moves the rest of stage ST
// directly.
void commit(uint st, uint buf, ivec2 org, uint op0, uint lid)
{
  [[unroll]] for (uint k = 0; k < MAX_FETCH; k++) {
    uint e = lid + k * NT;
    if (k < FETCH && e < STAGE)
      s_stage[buf * STAGE + e] = fetched[k];
  }
  for (uint e = lid + MAX_FETCH * NT; e < STAGE; e += NT)
    s_stage[buf * STAGE + e] = stage_element(st, e, org, op0);
}

void main()
{
#if VC_CPU_KERNEL
  // G is 1; a constant g keeps the weight indices uniform
  uint tx = gl_LocalInvocationID.x, ty = gl_LocalInvocationID.y, g = 0;
#else
  uint tx = gl_LocalInvocationID.x, ty = gl_LocalInvocationID.y, g = gl_LocalInvocationID.z;
#endif
  uint lid = gl_LocalInvocationIndex;
  uint ox = gl_WorkGroupID.x * TX + tx;
  uint oy0 = gl_WorkGroupID.y * TY * PY + ty * PY;
#if VC_CPU_KERNEL
  uint op0 = p.op_first;
#else
  uint op0 = gl_WorkGroupID.z * GP;
#endif
  ivec2 org = ivec2(gl_WorkGroupID.xy * uvec2(TX, TY * PY) * S) - int(PAD);

  vec4 acc[MAX_P][PY];
  [[unroll]] for (uint j = 0; j < MAX_P; j++)
    [[unroll]] for (uint i = 0; i < PY; i++)
      acc[j][i] = vec4(0.0);

  fetch(0, org, op0, lid);
  commit(0, 0, org, op0, lid);
  barrier();
  for (uint st = 0; st < N_STAGES; st++) {
    uint buf = st % 2;
    bool more = st + 1 < N_STAGES;
    if (more)
      fetch(st + 1, org, op0, lid);
    for (uint lip = 0; lip < CK; lip++) {
      for (uint kx = 0; kx < K; kx++) {
        // the tile column under tap kx, for all rows this invocation needs
        vec4 col[MAX_ROWS];
        uint base = buf * STAGE + lip * TILE + ty * PY * OSTEP * IN_TW + tx * OSTEP + kx;
        [[unroll]] for (uint r = 0; r < ROWS; r++)
          col[r] = s_stage[base + r * IN_TW];
        [[unroll]] for (uint ky = 0; ky < K; ky++) {
          [[unroll]] for (uint j = 0; j < P; j++) {
#if VC_CPU_KERNEL
            uint ip = st * CK + lip, e = ip / IPB;
            uint wi = ((j * IPB + ip % IPB) * KK + ky * K + kx) * 4;
            mat4 m = mat4(w_block[e].w[wi], w_block[e].w[wi + 1], w_block[e].w[wi + 2],
                          w_block[e].w[wi + 3]);
#else
            uint wi = buf * STAGE + STAGE_IN + (((g * P + j) * CK + lip) * KK + ky * K + kx) * 4;
            mat4 m = mat4(s_stage[wi], s_stage[wi + 1], s_stage[wi + 2], s_stage[wi + 3]);
#endif
            [[unroll]] for (uint i = 0; i < PY; i++)
              acc[j][i] += m * col[i * OSTEP + ky];
          }
        }
      }
    }
    if (more)
      commit(st + 1, 1 - buf, org, op0, lid);
    barrier();
  }

  if (ox >= OW)
    return;
  [[unroll]] for (uint j = 0; j < P; j++) {
    uint pack = op0 + g * P + j;
    if (pack >= COUT_PACKS)
      break;
#if VC_CPU_KERNEL
    vec4 bias = w_block[0].w[P * IPB * WBLOCK + j];
#else
    vec4 bias = vec4(w_data[BIAS_BASE + pack]);
#endif
    [[unroll]] for (uint i = 0; i < PY; i++) {
      uint oy = oy0 + i;
      if (oy >= OH)
        break;
      uint pix = oy * OW + ox;
      vec4 v = acc[j][i] + bias;
      if (HAS_RES)
        v += vec4(r_data[p.r_base + pack * p.r_plane + pix]);
      v = vc_real_channels(vc_activate(v, ACT), pack, COUT);
      o_data[p.o_base + pack * p.o_plane + pix] = svec4(v);
    }
  }
}
