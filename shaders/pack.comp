#version 450
// CIE L* (1×H×W) and a*b* (2×H×W) -> frame bytes of a gray or RGB format.
// Shaders may only write whole 32-bit words, so one invocation makes one
// group of PX pixels that fills whole words: 1 pixel of a 4-byte format,
// 1 pixel (2 words) of an 8-byte one (16-bit channels), 4 pixels (3 words) of
// RGB/BGR, 4 pixels of GRAY8, 2 of GRAY16_LE. Bytes of a row's last word past
// its last pixel are written as 0.
#include "common.glsl"
#include "colour.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint W = 1;
layout(constant_id = 2) const uint H = 1;
layout(constant_id = 3) const uint MODEL = 0; // VcColourModel: gray or RGB
layout(constant_id = 4) const uint BPP = 4;   // bytes per pixel
layout(constant_id = 5) const uint PX = 1;    // pixels per invocation
layout(constant_id = 6) const uint R_BYTE = 0;
layout(constant_id = 7) const uint G_BYTE = 1;
layout(constant_id = 8) const uint B_BYTE = 2;
layout(constant_id = 9) const bool HAS_X = true; // alpha or padding byte: 255
layout(constant_id = 10) const uint X_BYTE = 3;
// an alpha byte from L's channel 1 (in [0, 1]) instead
layout(constant_id = 11) const bool WITH_ALPHA = false;

#define MODEL_GRAY 0

const uint GROUPS = (W + PX - 1) / PX; // per row
const uint WORDS = PX * BPP / 4;       // per group, at most 3
const uint ROW_WORDS = (W * BPP + 3) / 4;

layout(std430, binding = 0) readonly buffer L { svec4 l_data[]; };
layout(std430, binding = 1) readonly buffer AB { svec4 ab_data[]; };
layout(std430, binding = 2) writeonly buffer Frame { uint frame[]; };

layout(push_constant) uniform Params {
  uint offset[3]; // in words; only plane 0 is used
  uint stride[3];
  uint l_base, ab_base;
} p;

void put_byte(inout uint words[3], uint pos, uint v)
{
  words[pos >> 2] |= v << ((pos & 3u) * 8u);
}

// Channel value V (in [0, 1]) at byte POS: 8 bits, or 16 (BPP == 8).
void put_channel(inout uint words[3], uint pos, float v)
{
  if (BPP == 8)
    words[pos >> 2] |= vc_quantize(v, 65535.0) << ((pos & 2u) * 8u);
  else
    put_byte(words, pos, vc_quantize(v, 255.0));
}

void main()
{
  uint i = vc_linear_id();
  if (i >= GROUPS * H)
    return;
  uint y = i / GROUPS, g = i - y * GROUPS;
  uint words[3] = uint[3](0u, 0u, 0u);
  for (uint j = 0; j < PX; j++) {
    uint x = g * PX + j;
    if (x >= W)
      break;
    uint t = y * W + x;
    vec2 l_alpha = vec2(l_data[p.l_base + t].xy);
    float l = l_alpha.x;
    if (MODEL == MODEL_GRAY) {
      uint v = vc_quantize(vc_l_to_gray(l), BPP == 1 ? 255.0 : 65535.0);
      words[0] |= v << (j * BPP * 8u);
    } else {
      vec3 rgb = vc_lab_to_srgb(vec3(l, vec2(ab_data[p.ab_base + t].xy)));
      uint pos = j * BPP;
      put_channel(words, pos + R_BYTE, rgb.r);
      put_channel(words, pos + G_BYTE, rgb.g);
      put_channel(words, pos + B_BYTE, rgb.b);
      if (HAS_X)
        put_channel(words, pos + X_BYTE, WITH_ALPHA ? l_alpha.y : 1.0);
    }
  }
  uint base = p.offset[0] + y * p.stride[0] + g * WORDS;
  for (uint k = 0; k < WORDS; k++)
    if (g * WORDS + k < ROW_WORDS)
      frame[base + k] = words[k];
}
