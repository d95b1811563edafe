#version 450
// 2-D convolution, the kernel for GPUs: see conv2d.glsl.
#include "conv2d.glsl"
