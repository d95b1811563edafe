#version 450
// Frame bytes -> CIE L* (1×H×W) and optionally a*b* (2×H×W), one invocation
// per pixel. The frame is read as 32-bit words; the format's description
// (from the table in src/net/frame.c) comes in specialization constants, so
// every branch below on them is resolved when the pipeline is built.
#include "common.glsl"
#include "colour.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint W = 1;
layout(constant_id = 2) const uint H = 1;
layout(constant_id = 3) const uint MODEL = 0; // VcColourModel: gray, RGB, YUV
layout(constant_id = 4) const uint BPP = 1;   // bytes per pixel in plane 0
layout(constant_id = 5) const uint N_PLANES = 1;
layout(constant_id = 6) const uint R_BYTE = 0;
layout(constant_id = 7) const uint G_BYTE = 1;
layout(constant_id = 8) const uint B_BYTE = 2;
layout(constant_id = 9) const bool HAS_AB = true;
// YUV: VcYuvCoefficients, in code values of the format's depth
layout(constant_id = 10) const float KR = 0.299;
layout(constant_id = 11) const float KB = 0.114;
layout(constant_id = 12) const float Y_OFFSET = 16.0;
layout(constant_id = 13) const float Y_SCALE = 219.0;
layout(constant_id = 14) const float C_OFFSET = 128.0;
layout(constant_id = 15) const float C_SCALE = 224.0;
layout(constant_id = 16) const float MAX_CODE = 255.0;
// packed 4:2:2 (YUV, one plane): bytes of Y' (first pixel), Cb, Cr in a word
layout(constant_id = 17) const uint Y_BYTE = 0;
layout(constant_id = 18) const uint U_BYTE = 1;
layout(constant_id = 19) const uint V_BYTE = 3;
// planar 4:2:0: chroma rows alternate between the fields (VcFrameLayout.interlaced)
layout(constant_id = 20) const bool INTERLACED = false;
// formats with alpha: write alpha / 255 as L's channel 1 (byte A_BYTE)
layout(constant_id = 21) const bool WITH_ALPHA = false;
layout(constant_id = 22) const uint A_BYTE = 3;
// planar YUV: bits above a 2-byte sample (VcPixelFormatInfo.shift), log2 of
// the chroma subsampling across and down
layout(constant_id = 23) const uint SHIFT = 0;
layout(constant_id = 24) const uint SUB_X = 1;
layout(constant_id = 25) const uint SUB_Y = 1;
// v210 (VcPixelFormatInfo.v210): 6 pixels in 4 words of three 10-bit samples
layout(constant_id = 26) const bool V210 = false;

#define MODEL_GRAY 0
#define MODEL_RGB 1

layout(std430, binding = 0) readonly buffer Frame { uint frame[]; };
layout(std430, binding = 1) writeonly buffer L { svec4 l_data[]; };
layout(std430, binding = 2) writeonly buffer AB { svec4 ab_data[]; };

layout(push_constant) uniform Params {
  uint offset[3]; // in words
  uint stride[3]; // in words
  uint l_base, ab_base;
} p;

// The word holding byte BYTE of row ROW of PLANE.
uint frame_word(uint plane, uint row, uint byte)
{
  return frame[p.offset[plane] + row * p.stride[plane] + (byte >> 2)];
}

uint frame_byte(uint plane, uint row, uint byte)
{
  return bitfieldExtract(frame_word(plane, row, byte), int(byte & 3u) * 8, 8);
}

// A 16-bit channel of a pixel of 8 bytes (BPP == 8), at byte POS (even).
float channel16(uint x, uint y, uint pos)
{
  uint w = frame[p.offset[0] + y * p.stride[0] + 2 * x + (pos >> 2)];
  return float((w >> ((pos & 2u) * 8u)) & 0xffffu) / 65535.0;
}

vec3 rgb_pixel(uint x, uint y)
{
  if (BPP == 8)
    return vec3(channel16(x, y, R_BYTE), channel16(x, y, G_BYTE), channel16(x, y, B_BYTE));
  uvec3 c;
  if (BPP == 4) {
    uint w = frame[p.offset[0] + y * p.stride[0] + x];
    c = (uvec3(w) >> (uvec3(R_BYTE, G_BYTE, B_BYTE) * 8u)) & 255u;
  } else {
    uint b = x * BPP;
    c = uvec3(frame_byte(0, y, b + R_BYTE), frame_byte(0, y, b + G_BYTE),
              frame_byte(0, y, b + B_BYTE));
  }
  return vec3(c) / 255.0;
}

float gray_pixel(uint x, uint y)
{
  if (BPP == 1)
    return float(frame_byte(0, y, x)) / 255.0;
  // GRAY16_LE: a 2-byte-aligned half of a word
  return float(bitfieldExtract(frame_word(0, y, 2 * x), int(x & 1u) * 16, 16)) / 65535.0;
}

// Planar YUV: sample X of row ROW of PLANE, a byte or (BPP == 2) the
// sample's bits of a 16-bit little-endian half word; with 2 planes, U and V
// interleave in plane 1 (V = sample 2·X + 1).
float yuv_sample(uint plane, uint row, uint x)
{
  if (BPP == 1)
    return float(frame_byte(plane, row, x));
  uint w = frame_word(plane, row, 2 * x);
  return float((bitfieldExtract(w, int(x & 1u) * 16, 16) >> SHIFT) & uint(MAX_CODE));
}

// Two planes: the U and V of chroma sample CX of row CY, from one word
// (U_BYTE 1: V comes first, NV21 and NV61).
vec2 uv_pair(uint cy, uint cx)
{
  uint w = frame_word(1, cy, 2 * BPP * cx);
  vec2 pair;
  if (BPP == 1) {
    int shift = int(cx & 1u) * 16;
    pair = vec2(bitfieldExtract(w, shift, 8), bitfieldExtract(w, shift + 8, 8));
  } else {
    uvec2 c = (uvec2(w, w >> 16) & 0xffffu) >> SHIFT;
    pair = vec2(c & uint(MAX_CODE));
  }
  return U_BYTE == 0 ? pair : pair.yx;
}

// v210: word and lowest bit of each pixel's Y' and of its pair's Cb, Cr (vc_v210_y…)
const uvec2 V210_Y[6] = uvec2[6](uvec2(0, 10), uvec2(1, 0), uvec2(1, 20), uvec2(2, 10),
                                 uvec2(3, 0), uvec2(3, 20));
const uvec2 V210_CB[3] = uvec2[3](uvec2(0, 0), uvec2(1, 10), uvec2(2, 20));
const uvec2 V210_CR[3] = uvec2[3](uvec2(0, 20), uvec2(2, 0), uvec2(3, 10));

float v210_sample(uint group, uvec2 s)
{
  return float((frame[group + s.x] >> s.y) & 0x3ffu);
}

// Planar: the chroma sample covering the pixel (vc_frame_chroma_row); packed 4:2:2: the word of
// the pixel's pair.
vec3 yuv_pixel(uint x, uint y)
{
  const vec4 range = vec4(Y_OFFSET, Y_SCALE, C_OFFSET, C_SCALE);
  if (V210) {
    uint group = p.offset[0] + y * p.stride[0] + (x / 6) * 4, j = x % 6;
    vec3 c = vec3(v210_sample(group, V210_Y[j]), v210_sample(group, V210_CB[j >> 1]),
                  v210_sample(group, V210_CR[j >> 1]));
    return vc_yuv_to_rgb(c, vec2(KR, KB), range);
  }
  if (N_PLANES == 1) {
    uint w = frame[p.offset[0] + y * p.stride[0] + (x >> 1)];
    uvec3 c = (uvec3(w) >> (uvec3(Y_BYTE + 2u * (x & 1u), U_BYTE, V_BYTE) * 8u)) & 255u;
    return vc_yuv_to_rgb(vec3(c), vec2(KR, KB), range);
  }
  float luma = yuv_sample(0, y, x);
  uint cx = x >> SUB_X;
  uint cy = SUB_Y == 0 ? y : INTERLACED ? (y >> 2) << 1 | (y & 1u) : y >> 1;
  vec2 uv;
  if (N_PLANES == 3)
    uv = vec2(yuv_sample(1, cy, cx), yuv_sample(2, cy, cx));
  else
    uv = uv_pair(cy, cx);
  return vc_yuv_to_rgb(vec3(luma, uv), vec2(KR, KB), range);
}

void main()
{
  uint i = vc_linear_id();
  if (i >= W * H)
    return;
  uint y = i / W, x = i - y * W;
  vec3 lab;
  if (MODEL == MODEL_GRAY)
    lab = vec3(vc_gray_to_l(gray_pixel(x, y)), 0.0, 0.0);
  else if (MODEL == MODEL_RGB)
    lab = vc_srgb_to_lab(rgb_pixel(x, y));
  else
    lab = vc_srgb_to_lab(yuv_pixel(x, y));
  float alpha = 0.0;
  if (WITH_ALPHA && BPP == 8)
    alpha = channel16(x, y, A_BYTE);
  else if (WITH_ALPHA)
    alpha = float((frame[p.offset[0] + y * p.stride[0] + x] >> (A_BYTE * 8u)) & 255u) / 255.0;
  l_data[p.l_base + i] = svec4(lab.x, alpha, 0.0, 0.0);
  if (HAS_AB)
    ab_data[p.ab_base + i] = svec4(lab.y, lab.z, 0.0, 0.0);
}
