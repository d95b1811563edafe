#version 450
// CIE L* (1×H×W) and a*b* (2×H×W) -> planar Y'CbCr frame bytes: 4:2:0,
// 4:2:2 or 4:4:4, 8-bit or 10-bit samples, chroma in 2 planes (U and V
// interleaved: NV12, P010_10LE) or 3 (I420, Y42B, Y444, I420_10LE…).
// Shaders may only write whole 32-bit words, so one invocation makes a group
// of the pixels whose chroma fills one word per chroma plane: CS chroma
// samples (4 / BPP with 3 planes, 2 / BPP with 2) of 2^SUB_X × 2^SUB_Y
// pixels each, and the luma words of those pixels. A chroma sample is the
// mean of the Y'CbCr of its pixels, for interlaced 4:2:0 of 2 pixels in each
// of two rows of its field (vc_frame_chroma_sources); past the right or
// bottom edge the last column, or the first row of the sample, repeats.
// Bytes of a row's last word past its end are written as 0.
#include "common.glsl"
#include "colour.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint W = 1;
layout(constant_id = 2) const uint H = 1;
layout(constant_id = 3) const uint N_PLANES = 3; // 3: U and V apart, 2: interleaved
layout(constant_id = 4) const uint BPP = 1;      // bytes per sample
layout(constant_id = 5) const float KR = 0.299;
layout(constant_id = 6) const float KB = 0.114;
layout(constant_id = 7) const float Y_OFFSET = 16.0;
layout(constant_id = 8) const float Y_SCALE = 219.0;
layout(constant_id = 9) const float C_OFFSET = 128.0;
layout(constant_id = 10) const float C_SCALE = 224.0;
layout(constant_id = 11) const float MAX_CODE = 255.0;
// 4:2:0: chroma rows alternate between the fields (VcFrameLayout.interlaced)
layout(constant_id = 12) const bool INTERLACED = false;
layout(constant_id = 13) const uint SHIFT = 0; // bits above a 2-byte sample
layout(constant_id = 14) const uint SUB_X = 1; // log2 of the chroma subsampling
layout(constant_id = 15) const uint SUB_Y = 1;
// two planes: V before U in a pair (NV21, NV61)
layout(constant_id = 16) const bool SWAP_UV = false;

const uint CS = (N_PLANES == 3 ? 4 : 2) / BPP; // chroma samples per word
const uint SX = 1u << SUB_X, SY = 1u << SUB_Y;  // pixels per chroma sample
const uint PX = CS * SX;                        // pixels per group and row
const uint LUMA_WORDS = PX * BPP / 4;           // per group and row
const uint GROUPS = (W + PX - 1) / PX;          // per chroma row, = chroma words per row
const uint ROWS = (H + SY - 1) / SY;            // chroma rows
const uint ROW_WORDS = (W * BPP + 3) / 4;       // luma words per row

layout(std430, binding = 0) readonly buffer L { svec4 l_data[]; };
layout(std430, binding = 1) readonly buffer AB { svec4 ab_data[]; };
layout(std430, binding = 2) writeonly buffer Frame { uint frame[]; };

layout(push_constant) uniform Params {
  uint offset[3]; // in words
  uint stride[3];
  uint l_base, ab_base;
} p;

vec3 pixel_yuv(uint x, uint y)
{
  uint t = min(y, H - 1) * W + min(x, W - 1);
  vec3 lab = vec3(float(l_data[p.l_base + t].x), vec2(ab_data[p.ab_base + t].xy));
  return vc_rgb_to_yuv(vc_lab_to_srgb(lab), vec2(KR, KB),
                       vec4(Y_OFFSET, Y_SCALE, C_OFFSET, C_SCALE));
}

// A code value as the bits of its sample.
uint sample_bits(float v)
{
  return vc_code(v, MAX_CODE) << SHIFT;
}

void main()
{
  uint i = vc_linear_id();
  if (i >= GROUPS * ROWS)
    return;
  uint cy = i / GROUPS, g = i - cy * GROUPS;
  uint luma[2][2] = uint[2][2](uint[2](0u, 0u), uint[2](0u, 0u));
  uint u = 0u, v = 0u;
  const uint bits = BPP * 8u;
  for (uint s = 0; s < CS; s++) {
    if (g * PX + s * SX >= W)
      break; // the rest of the words is row padding
    vec2 chroma = vec2(0.0);
    for (uint dy = 0; dy < SY; dy++)
      for (uint dx = 0; dx < SX; dx++) {
        uint col = s * SX + dx, x = g * PX + col;
        vec3 yuv = pixel_yuv(x, SY * cy + dy);
        if (SUB_Y == 1 && INTERLACED) {
          uint first = (cy >> 1) << 2 | (cy & 1u), row = first + 2 * dy;
          chroma += pixel_yuv(x, row < H ? row : first).yz;
        } else {
          chroma += yuv.yz;
        }
        if (x < W) {
          uint bit = col * bits;
          luma[dy][bit >> 5] |= sample_bits(yuv.x) << (bit & 31u);
        }
      }
    chroma /= float(SX * SY);
    uint cb = sample_bits(chroma.x), cr = sample_bits(chroma.y);
    if (N_PLANES == 3) {
      u |= cb << (s * bits);
      v |= cr << (s * bits);
    } else {
      uint first = SWAP_UV ? cr : cb, second = SWAP_UV ? cb : cr;
      u |= (first | (second << bits)) << (s * 2u * bits);
    }
  }
  for (uint dy = 0; dy < SY; dy++) {
    uint y = SY * cy + dy;
    for (uint k = 0; k < LUMA_WORDS; k++)
      if (y < H && g * LUMA_WORDS + k < ROW_WORDS)
        frame[p.offset[0] + y * p.stride[0] + g * LUMA_WORDS + k] = luma[dy][k];
  }
  frame[p.offset[1] + cy * p.stride[1] + g] = u;
  if (N_PLANES == 3)
    frame[p.offset[2] + cy * p.stride[2] + g] = v;
}
