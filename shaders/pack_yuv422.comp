#version 450
// CIE L* (1×H×W) and a*b* (2×H×W) -> packed Y'CbCr 4:2:2 frame bytes (YUY2,
// UYVY, YVYU: the formats of SDI playout cards and webcams). One invocation
// makes one pair of pixels, one 32-bit word: both pixels' Y' and the mean of
// their Cb and Cr, at the byte positions the format puts them; past the right
// edge the last column repeats.
#include "common.glsl"
#include "colour.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint W = 1;
layout(constant_id = 2) const uint H = 1;
layout(constant_id = 3) const uint Y_BYTE = 0; // the first pixel's Y'; the second's is 2 after
layout(constant_id = 4) const uint U_BYTE = 1;
layout(constant_id = 5) const uint V_BYTE = 3;
layout(constant_id = 6) const float KR = 0.299;
layout(constant_id = 7) const float KB = 0.114;
layout(constant_id = 8) const float Y_OFFSET = 16.0;
layout(constant_id = 9) const float Y_SCALE = 219.0;
layout(constant_id = 10) const float C_OFFSET = 128.0;
layout(constant_id = 11) const float C_SCALE = 224.0;
layout(constant_id = 12) const float MAX_CODE = 255.0;

const uint PAIRS = (W + 1) / 2; // per row, = words per row

layout(std430, binding = 0) readonly buffer L { svec4 l_data[]; };
layout(std430, binding = 1) readonly buffer AB { svec4 ab_data[]; };
layout(std430, binding = 2) writeonly buffer Frame { uint frame[]; };

layout(push_constant) uniform Params {
  uint offset[3]; // in words; only plane 0 is used
  uint stride[3];
  uint l_base, ab_base;
} p;

vec3 pixel_yuv(uint x, uint y)
{
  uint t = y * W + min(x, W - 1);
  vec3 lab = vec3(float(l_data[p.l_base + t].x), vec2(ab_data[p.ab_base + t].xy));
  return vc_rgb_to_yuv(vc_lab_to_srgb(lab), vec2(KR, KB), vec4(Y_OFFSET, Y_SCALE, C_OFFSET, C_SCALE));
}

void main()
{
  uint i = vc_linear_id();
  if (i >= PAIRS * H)
    return;
  uint y = i / PAIRS, pair = i - y * PAIRS;
  vec3 a = pixel_yuv(2 * pair, y), b = pixel_yuv(2 * pair + 1, y);
  vec2 chroma = 0.5 * (a.yz + b.yz);
  uint word = (vc_code_byte(a.x) << (Y_BYTE * 8u)) | (vc_code_byte(b.x) << ((Y_BYTE + 2u) * 8u)) |
              (vc_code_byte(chroma.x) << (U_BYTE * 8u)) | (vc_code_byte(chroma.y) << (V_BYTE * 8u));
  frame[p.offset[0] + y * p.stride[0] + pair] = word;
}
