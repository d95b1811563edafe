#version 450
// CIE L* (1×H×W) and a*b* (2×H×W) -> Y'CbCr 4:2:0 frame bytes (I420, NV12).
// Shaders may only write whole 32-bit words, so one invocation makes a
// group of 2 rows × PX pixels whose chroma fills one word per chroma plane:
// PX = 8 for I420 (4 U samples, 4 V samples), 4 for NV12 (2 UV pairs), and
// the luma words above them. A chroma sample is the mean of the Y'CbCr of its
// 2×2 pixels, or, interlaced, of 2 pixels in each of two rows of its field
// (vc_frame_chroma_sources); past the right or bottom edge the last column,
// or the first of the two rows, repeats.
// Bytes of a row's last word past its end are written as 0.
#include "common.glsl"
#include "colour.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint W = 1;
layout(constant_id = 2) const uint H = 1;
layout(constant_id = 3) const uint N_PLANES = 3; // 3: I420, 2: NV12
layout(constant_id = 4) const uint PX = 8;       // 8: I420, 4: NV12
layout(constant_id = 5) const float KR = 0.299;
layout(constant_id = 6) const float KB = 0.114;
layout(constant_id = 7) const float Y_OFFSET = 16.0;
layout(constant_id = 8) const float Y_SCALE = 219.0;
layout(constant_id = 9) const float C_SCALE = 224.0;
// chroma rows alternate between the fields (VcFrameLayout.interlaced)
layout(constant_id = 10) const bool INTERLACED = false;

const uint LUMA_WORDS = PX / 4;        // per group and row
const uint GROUPS = (W + PX - 1) / PX; // per chroma row, = chroma words per row
const uint ROWS = (H + 1) / 2;
const uint ROW_WORDS = (W + 3) / 4; // luma words per row

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
  return vc_rgb_to_yuv(vc_lab_to_srgb(lab), vec2(KR, KB), vec3(Y_OFFSET, Y_SCALE, C_SCALE));
}

void main()
{
  uint i = vc_linear_id();
  if (i >= GROUPS * ROWS)
    return;
  uint cy = i / GROUPS, g = i - cy * GROUPS;
  uint luma[2][2] = uint[2][2](uint[2](0u, 0u), uint[2](0u, 0u));
  uint u = 0u, v = 0u;
  for (uint s = 0; s < PX / 2; s++) {
    if (g * PX + 2 * s >= W)
      break; // the rest of the words is row padding
    vec2 chroma = vec2(0.0);
    for (uint dy = 0; dy < 2; dy++)
      for (uint dx = 0; dx < 2; dx++) {
        uint col = 2 * s + dx, x = g * PX + col;
        vec3 yuv = pixel_yuv(x, 2 * cy + dy);
        if (INTERLACED) {
          uint first = (cy >> 1) << 2 | (cy & 1u), row = first + 2 * dy;
          chroma += pixel_yuv(x, row < H ? row : first).yz;
        } else {
          chroma += yuv.yz;
        }
        if (x < W)
          luma[dy][col >> 2] |= vc_code_byte(yuv.x) << ((col & 3u) * 8u);
      }
    uint cb = vc_code_byte(chroma.x * 0.25), cr = vc_code_byte(chroma.y * 0.25);
    if (N_PLANES == 3) {
      u |= cb << (s * 8u);
      v |= cr << (s * 8u);
    } else {
      u |= (cb | (cr << 8u)) << (s * 16u);
    }
  }
  for (uint dy = 0; dy < 2; dy++) {
    uint y = 2 * cy + dy;
    for (uint k = 0; k < LUMA_WORDS; k++)
      if (y < H && g * LUMA_WORDS + k < ROW_WORDS)
        frame[p.offset[0] + y * p.stride[0] + g * LUMA_WORDS + k] = luma[dy][k];
  }
  frame[p.offset[1] + cy * p.stride[1] + g] = u;
  if (N_PLANES == 3)
    frame[p.offset[2] + cy * p.stride[2] + g] = v;
}
