#version 450
// CIE L* (1×H×W) and a*b* (2×H×W) -> v210 frame bytes (10-bit 4:2:2 of SDI:
// 6 pixels in 4 little-endian words of three 10-bit samples, see
// VcPixelFormatInfo.v210). One invocation makes one group: the 6 pixels'
// Y' and each pair's mean Cb and Cr; past the right edge the last column
// repeats; the 2 bits above each word's samples are 0.
#include "common.glsl"
#include "colour.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint W = 1;
layout(constant_id = 2) const uint H = 1;
layout(constant_id = 3) const float KR = 0.299;
layout(constant_id = 4) const float KB = 0.114;
layout(constant_id = 5) const float Y_OFFSET = 64.0;
layout(constant_id = 6) const float Y_SCALE = 876.0;
layout(constant_id = 7) const float C_OFFSET = 512.0;
layout(constant_id = 8) const float C_SCALE = 896.0;
layout(constant_id = 9) const float MAX_CODE = 1023.0;

const uint GROUPS = (W + 5) / 6; // per row

// word and lowest bit of each pixel's Y' and of its pair's Cb, Cr (vc_v210_y…)
const uvec2 V210_Y[6] = uvec2[6](uvec2(0, 10), uvec2(1, 0), uvec2(1, 20), uvec2(2, 10),
                                 uvec2(3, 0), uvec2(3, 20));
const uvec2 V210_CB[3] = uvec2[3](uvec2(0, 0), uvec2(1, 10), uvec2(2, 20));
const uvec2 V210_CR[3] = uvec2[3](uvec2(0, 20), uvec2(2, 0), uvec2(3, 10));

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
  return vc_rgb_to_yuv(vc_lab_to_srgb(lab), vec2(KR, KB),
                       vec4(Y_OFFSET, Y_SCALE, C_OFFSET, C_SCALE));
}

void main()
{
  uint i = vc_linear_id();
  if (i >= GROUPS * H)
    return;
  uint y = i / GROUPS, g = i - y * GROUPS;
  uint words[4] = uint[4](0u, 0u, 0u, 0u);
  for (uint pair = 0; pair < 3; pair++) {
    vec3 a = pixel_yuv(6 * g + 2 * pair, y), b = pixel_yuv(6 * g + 2 * pair + 1, y);
    vec2 chroma = 0.5 * (a.yz + b.yz);
    uvec2 s = V210_Y[2 * pair];
    words[s.x] |= vc_code(a.x, MAX_CODE) << s.y;
    s = V210_Y[2 * pair + 1];
    words[s.x] |= vc_code(b.x, MAX_CODE) << s.y;
    s = V210_CB[pair];
    words[s.x] |= vc_code(chroma.x, MAX_CODE) << s.y;
    s = V210_CR[pair];
    words[s.x] |= vc_code(chroma.y, MAX_CODE) << s.y;
  }
  uint base = p.offset[0] + y * p.stride[0] + 4 * g;
  for (uint k = 0; k < 4; k++)
    frame[base + k] = words[k];
}
