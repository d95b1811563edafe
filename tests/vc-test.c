/* vcolorize tests — helpers shared by the op tests. */
#include "vc-test.h"

#include <math.h>

static VcDevice *devices[4];

VcDevice *
vc_test_device (guint variant)
{
  g_assert_cmpuint (variant, <, G_N_ELEMENTS (devices));
  VcTestPrecision precision = variant & 1;
  gboolean cpu = (variant & VC_TEST_CPU) != 0;
  if (!devices[variant]) {
    g_autoptr (GError) error = NULL;
    VcDeviceOptions opts = VC_DEVICE_OPTIONS_INIT;
    opts.force_fp32 = precision == VC_TEST_FP32;
    opts.no_pipeline_cache = TRUE;
    opts.kernels = cpu ? VC_KERNELS_CPU : VC_KERNELS_GPU;
    devices[variant] = vc_device_new (&opts, &error);
    g_assert_no_error (error);
  }
  if (precision == VC_TEST_FP16 && !vc_device_fp16 (devices[variant])) {
    g_test_skip ("device has no 16-bit storage");
    return NULL;
  }
  if (cpu && !vc_device_cpu_kernels (devices[variant])) {
    g_test_skip ("device cannot run the CPU kernels");
    return NULL;
  }
  return devices[variant];
}

void
vc_test_close_devices (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    g_clear_pointer (&devices[i], vc_device_free);
}

void
vc_test_round (VcDevice *dev, float *data, gsize n)
{
  for (gsize i = 0; i < n; i++)
    data[i] = vc_device_round (dev, data[i]);
}

float *
vc_test_random (VcDevice *dev, gsize n, float lo, float hi, guint32 seed)
{
  float *out = g_new (float, MAX (n, 1));
  guint32 s = seed * 2654435761u + 12345u;
  for (gsize i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    out[i] = lo + (hi - lo) * (float) ((s >> 8) / 16777216.0);
  }
  vc_test_round (dev, out, n);
  return out;
}

VcBuffer *
vc_test_tensor (VcDevice *dev, guint c, guint h, guint w, const float *data, VcTensor *out)
{
  g_autoptr (GError) error = NULL;
  VcBuffer *buf = vc_tensor_alloc (dev, c, h, w, out, &error);
  g_assert_no_error (error);
  if (data) {
    vc_tensor_upload (dev, out, data, &error);
    g_assert_no_error (error);
  }
  return buf;
}

float *
vc_test_download (VcDevice *dev, const VcTensor *t)
{
  g_autoptr (GError) error = NULL;
  float *out = g_new (float, (gsize) t->c * t->h * t->w);
  vc_tensor_download (dev, t, out, &error);
  g_assert_no_error (error);
  return out;
}

double
vc_test_max_abs_diff (const float *a, const float *b, gsize n)
{
  double m = 0.0;
  for (gsize i = 0; i < n; i++) {
    double d = fabs ((double) a[i] - b[i]);
    if (isnan (d))
      return INFINITY;
    m = MAX (m, d);
  }
  return m;
}

double
vc_test_max_abs (const float *a, gsize n)
{
  double m = 0.0;
  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs ((double) a[i]));
  return m;
}

void
vc_test_assert_close (const char *what, const float *got, const float *want, gsize n, double tol)
{
  gsize worst = 0;
  double worst_d = -1.0;
  for (gsize i = 0; i < n; i++) {
    double d = fabs ((double) got[i] - want[i]);
    if (isnan (d))
      d = INFINITY;
    if (d > worst_d) {
      worst_d = d;
      worst = i;
    }
  }
  if (g_test_verbose ())
    g_test_message ("%s: max abs error %.3g (tolerance %.3g) over %" G_GSIZE_FORMAT " values", what,
                    worst_d, tol, n);
  if (n > 0 && !(worst_d <= tol))
    g_error ("%s: element %" G_GSIZE_FORMAT " is %.6g, reference %.6g (error %.3g > "
             "tolerance %.3g)",
             what, worst, got[worst], want[worst], worst_d, tol);
}

static void
add_variants (const char *path, GTestDataFunc func, guint n)
{
  static const char *names[] = { "f32", "f16", "cpu/f32", "cpu/f16" };
  for (guint v = 0; v < n; v++) {
    g_autofree char *full = g_strdup_printf ("/%s%s", names[v], path);
    g_test_add_data_func (full, GINT_TO_POINTER (v), func);
  }
}

void
vc_test_add (const char *path, GTestDataFunc func)
{
  add_variants (path, func, 2);
}

void
vc_test_add_kernels (const char *path, GTestDataFunc func)
{
  add_variants (path, func, 4);
}
