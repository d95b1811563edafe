// Shared definitions for every vcolorize compute shader.
//
// Tensors live in storage buffers, channels packed by four: element (c, y, x)
// of a tensor with H×W pixels is component c % 4 of the vec4 at
//   base + (c / 4) * plane + y * W + x
// where `base` and `plane` (in vec4 units) come in push constants, so a tensor
// can be a view into a larger buffer (a channel slice of a concatenation, or a
// run of keys among the keys of several sources).
//
// VC_FP16 selects 16-bit storage; arithmetic is always 32-bit.

#extension GL_GOOGLE_include_directive : require

#if VC_FP16
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define sfloat float16_t
#define svec4 f16vec4
#else
#define sfloat float
#define svec4 vec4
#endif

#ifndef VC_CPU_KERNEL
#define VC_CPU_KERNEL 0
#endif
// vec4s of a uniform buffer binding of the CPU kernels (VC_UNIFORM_RANGE)
#define VC_UNIFORM_VEC4S 4096
// uniform buffers in an array binding of the CPU kernels, at most (VC_UNIFORM_ARRAY)
#define VC_UNIFORM_ARRAY 8

// Zeroes the components of V (channel pack PACK) at or past channel N: the
// padding channels of a tensor may hold anything, even NaN.
vec4 vc_real_channels(vec4 v, uint pack, uint n)
{
  return mix(vec4(0.0), v, lessThan(uvec4(pack * 4) + uvec4(0, 1, 2, 3), uvec4(n)));
}

#define VC_ACT_NONE 0
#define VC_ACT_ELU 1
#define VC_ACT_RELU 2
#define VC_ACT_TANH 3

vec4 vc_activate(vec4 v, int act)
{
  if (act == VC_ACT_ELU)
    return mix(exp(min(v, vec4(0.0))) - 1.0, v, greaterThan(v, vec4(0.0)));
  if (act == VC_ACT_RELU)
    return max(v, vec4(0.0));
  if (act == VC_ACT_TANH) {
    // tanh via exp, clamped so exp never overflows
    vec4 e = exp(-2.0 * clamp(abs(v), 0.0, 20.0));
    return sign(v) * (1.0 - e) / (1.0 + e);
  }
  return v;
}

// Linear invocation index of a dispatch laid out by vc_linear_groups().
uint vc_linear_id()
{
  return gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x +
         gl_GlobalInvocationID.x;
}
