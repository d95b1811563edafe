#version 450
// 2-D convolution, the kernel for CPUs: see conv2d.glsl.
#define VC_CPU_KERNEL 1
#include "conv2d.glsl"
