// Colour conversions shared by the frame shaders, in fp32. The same maths in
// double is in src/net/colour-ref.c.
//
// sRGB (IEC 61966-2-1) with its exact piecewise transfer, CIE 1976 L*a*b*
// relative to the D65 white (0.95047, 1.0, 1.08883). The RGB <-> XYZ
// matrices are derived from the sRGB primaries and that white, so that
// R' = G' = B' = 1 maps to a* = b* = 0.

const vec3 VC_WHITE = vec3(0.95047, 1.0, 1.08883);
const float VC_LAB_EPSILON = 216.0 / 24389.0;
const float VC_LAB_KAPPA = 24389.0 / 27.0;

// Column-major: the first vec3 is the first column.
const mat3 VC_RGB_TO_XYZ = mat3(
  0.412456439089692, 0.212672851405622, 0.0193338955823293,
  0.357576077643909, 0.715152155287818, 0.119192025881303,
  0.180437483266399, 0.0721749933065596, 0.950304078536368);
const mat3 VC_XYZ_TO_RGB = mat3(
  3.24045416211411, -0.969266030505187, 0.0556434309591147,
  -1.53713851279772, 1.87601084544669, -0.204025913516754,
  -0.498531409556016, 0.0415560175303498, 1.05722518822318);

// sRGB-encoded [0, 1] -> linear.
vec3 vc_srgb_to_linear(vec3 c)
{
  vec3 hi = pow((c + 0.055) / 1.055, vec3(2.4));
  return mix(hi, c / 12.92, lessThanEqual(c, vec3(0.04045)));
}

// Linear -> sRGB-encoded, not clamped.
vec3 vc_linear_to_srgb(vec3 c)
{
  vec3 hi = 1.055 * pow(max(c, vec3(0.0)), vec3(1.0 / 2.4)) - 0.055;
  return mix(hi, 12.92 * c, lessThanEqual(c, vec3(0.0031308)));
}

// The CIE f(t) and its inverse.
vec3 vc_lab_f(vec3 t)
{
  vec3 lo = (VC_LAB_KAPPA * t + 16.0) / 116.0;
  return mix(lo, pow(max(t, vec3(0.0)), vec3(1.0 / 3.0)), greaterThan(t, vec3(VC_LAB_EPSILON)));
}

vec3 vc_lab_f_inv(vec3 f)
{
  vec3 f3 = f * f * f;
  return mix((116.0 * f - 16.0) / VC_LAB_KAPPA, f3, greaterThan(f3, vec3(VC_LAB_EPSILON)));
}

// sRGB-encoded R'G'B' in [0, 1] -> (L*, a*, b*).
vec3 vc_srgb_to_lab(vec3 rgb)
{
  vec3 f = vc_lab_f(VC_RGB_TO_XYZ * vc_srgb_to_linear(rgb) / VC_WHITE);
  return vec3(116.0 * f.y - 16.0, 500.0 * (f.x - f.y), 200.0 * (f.y - f.z));
}

// sRGB-encoded gray in [0, 1] -> L* (a* = b* = 0).
float vc_gray_to_l(float v)
{
  return 116.0 * vc_lab_f(vc_srgb_to_linear(vec3(v))).x - 16.0;
}

// (L*, a*, b*) -> sRGB-encoded R'G'B', out-of-gamut values clamped to [0, 1].
vec3 vc_lab_to_srgb(vec3 lab)
{
  float fy = (lab.x + 16.0) / 116.0;
  vec3 f = vec3(fy + lab.y / 500.0, fy, fy - lab.z / 200.0);
  vec3 lin = VC_XYZ_TO_RGB * (vc_lab_f_inv(f) * VC_WHITE);
  return clamp(vc_linear_to_srgb(lin), 0.0, 1.0);
}

// L* -> sRGB-encoded gray of that lightness, clamped to [0, 1].
float vc_l_to_gray(float l)
{
  vec3 y = vc_lab_f_inv(vec3((l + 16.0) / 116.0));
  return clamp(vc_linear_to_srgb(y).x, 0.0, 1.0);
}

// Y'CbCr code values <-> R'G'B' in [0, 1]. K = (kr, kb);
// RANGE = (y_offset, y_scale, c_offset, c_scale), see VcYuvCoefficients.
vec3 vc_yuv_to_rgb(vec3 yuv, vec2 k, vec4 range)
{
  float y = (yuv.x - range.x) / range.y;
  vec2 pbr = (yuv.yz - range.z) / range.w;
  float r = y + 2.0 * (1.0 - k.x) * pbr.y;
  float b = y + 2.0 * (1.0 - k.y) * pbr.x;
  float g = (y - k.x * r - k.y * b) / (1.0 - k.x - k.y);
  return clamp(vec3(r, g, b), 0.0, 1.0);
}

// Unrounded code values.
vec3 vc_rgb_to_yuv(vec3 rgb, vec2 k, vec4 range)
{
  float y = dot(rgb, vec3(k.x, 1.0 - k.x - k.y, k.y));
  float pb = (rgb.b - y) / (2.0 * (1.0 - k.y));
  float pr = (rgb.r - y) / (2.0 * (1.0 - k.x));
  return vec3(range.x + range.y * y, range.z + range.w * vec2(pb, pr));
}

// [0, 1] -> 0 .. max, rounded to nearest.
uint vc_quantize(float v, float max_value)
{
  return uint(clamp(v, 0.0, 1.0) * max_value + 0.5);
}

// Code value -> 0 .. max, rounded to nearest.
uint vc_code(float v, float max_code)
{
  return uint(clamp(v + 0.5, 0.0, max_code));
}

uint vc_code_byte(float v)
{
  return vc_code(v, 255.0);
}
