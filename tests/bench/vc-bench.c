/* vcolorize engine benchmark: times every op and a representative stack on
 * one Vulkan device and prints ms, GFLOP/s and GB/s per case.
 *
 * Links only the engine (no GStreamer), so it runs on a machine that has a
 * GPU driver and the Vulkan loader and nothing else. GPU time comes from
 * timestamp queries around the recorded work; wall-clock time of
 * submit+wait is printed beside it. */
#include "bench.h"
#include "bench-cases.h"

#include <math.h>
#include <stdio.h>

static int opt_device = -1;
static gboolean opt_fp32 = FALSE;
static int opt_iters = 20;
static double opt_seconds = 5.0;
static char *opt_only = NULL;
static gboolean opt_list = FALSE;
static int opt_shrink = 1;
static char *opt_kernels = NULL;

static GOptionEntry entries[] = {
  { "device", 'd', 0, G_OPTION_ARG_INT, &opt_device, "Vulkan device index (default: best)", "N" },
  { "fp32", 0, 0, G_OPTION_ARG_NONE, &opt_fp32, "Store tensors as fp32 even if fp16 works", NULL },
  { "iters", 'n', 0, G_OPTION_ARG_INT, &opt_iters, "Most timed runs per case (default 20)", "N" },
  { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &opt_seconds,
    "Stop timing a case after S seconds, once it has one run (default 5)", "S" },
  { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only, "Run only cases whose name contains S", "S" },
  { "list", 'l', 0, G_OPTION_ARG_NONE, &opt_list, "List the Vulkan devices and exit", NULL },
  { "shrink", 0, 0, G_OPTION_ARG_INT, &opt_shrink,
    "Divide every case's width and height by N: a quick check that each case runs (the "
    "figures are not the benchmark's; default 1)",
    "N" },
  { "kernels", 0, 0, G_OPTION_ARG_STRING, &opt_kernels,
    "Which kernels of the ops that have two: gpu, cpu (where the device can run them) or auto "
    "(default: cpu on a CPU device)",
    "K" },
  G_OPTION_ENTRY_NULL,
};

void
bench_check (GError *error)
{
  if (error) {
    g_printerr ("vc-bench: %s\n", error->message);
    exit (1);
  }
}

double
bench_tensor_bytes (BenchCase *bc, guint c, guint h, guint w)
{
  return (double) vc_tensor_bytes (bc->dev, c, h, w);
}

VcTensor
bench_tensor (BenchCase *bc, guint c, guint h, guint w)
{
  GError *error = NULL;
  VcTensor t;
  VcBuffer *buf = vc_tensor_alloc (bc->dev, c, h, w, &t, &error);
  bench_check (error);
  g_ptr_array_add (bc->buffers, buf);
  gsize n = vc_buffer_size (buf);
  g_autofree guint8 *zeros = g_malloc0 (n);
  vc_buffer_write (buf, 0, zeros, n, &error);
  bench_check (error);
  return t;
}

VcTensor
bench_tensor_random (BenchCase *bc, guint c, guint h, guint w, float lo, float hi)
{
  VcTensor t = bench_tensor (bc, c, h, w);
  gsize n = (gsize) c * h * w;
  g_autofree float *data = g_new (float, n);
  guint32 s = 0x9e3779b9u ^ n;
  for (gsize i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    data[i] = lo + (hi - lo) * (float) ((s >> 8) / 16777216.0);
  }
  GError *error = NULL;
  vc_tensor_upload (bc->dev, &t, data, &error);
  bench_check (error);
  return t;
}

void
bench_own (BenchCase *bc, GDestroyNotify free_func, gpointer op)
{
  g_ptr_array_add (bc->frees, free_func);
  g_ptr_array_add (bc->frees, op);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void
run_case (VcDevice *dev, const BenchCaseInfo *info)
{
  BenchCase bc = { .dev = dev, .shrink = (guint) opt_shrink };
  bc.buffers = g_ptr_array_new_with_free_func ((GDestroyNotify) vc_buffer_free);
  bc.frees = g_ptr_array_new ();
  GError *error = NULL;
  VcCmd *cmd = vc_cmd_new (dev, &error);
  bench_check (error);
  vc_cmd_begin (cmd, &error);
  int t0 = vc_cmd_timestamp (cmd);
  info->record (&bc, cmd);
  int t1 = vc_cmd_timestamp (cmd);
  vc_cmd_end (cmd, &error);
  bench_check (error);

  /* Warm-up: the first runs compile shaders and fault memory in. A second
   * one only where a run is quick. */
  for (int i = 0; i < 2; i++) {
    gint64 start = g_get_monotonic_time ();
    vc_cmd_run (cmd, &error);
    bench_check (error);
    if (g_get_monotonic_time () - start > G_USEC_PER_SEC)
      break;
  }
  double *gpu = g_new (double, opt_iters), *wall = g_new (double, opt_iters);
  int runs = 0;
  gint64 budget_start = g_get_monotonic_time ();
  while (runs < opt_iters &&
         (runs == 0 || g_get_monotonic_time () - budget_start < opt_seconds * G_USEC_PER_SEC)) {
    gint64 start = g_get_monotonic_time ();
    vc_cmd_submit (cmd, &error);
    vc_cmd_wait (cmd, G_MAXUINT64, &error);
    bench_check (error);
    wall[runs] = (g_get_monotonic_time () - start) / 1000.0;
    gpu[runs] = t0 >= 0 ? vc_cmd_elapsed_ns (cmd, t0, t1) / 1e6 : wall[runs];
    runs++;
  }
  double ms = median (gpu, runs), wall_ms = median (wall, runs);
  printf ("%-21s %-38s %10.3f %10.3f %9.1f %8.1f %5u %5d\n", info->name, bc.shape, ms, wall_ms,
          bc.flops / (ms * 1e6), bc.bytes / (ms * 1e6), vc_cmd_n_dispatches (cmd), runs);
  fflush (stdout);
  g_free (gpu);
  g_free (wall);
  vc_cmd_free (cmd);
  for (guint i = 0; i < bc.frees->len; i += 2)
    ((GDestroyNotify) bc.frees->pdata[i]) (bc.frees->pdata[i + 1]);
  g_ptr_array_unref (bc.frees);
  g_ptr_array_unref (bc.buffers);
}

static gboolean
case_selected (const BenchCaseInfo *info)
{
  return !opt_only || strstr (info->name, opt_only);
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- time the vcolorize engine's ops");
  g_option_context_add_main_entries (ctx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("vc-bench: %s\n", error->message);
    return 2;
  }
  if (opt_iters < 1)
    opt_iters = 1;
  if (opt_shrink < 1 || opt_shrink > 8) {
    g_printerr ("vc-bench: --shrink must be 1 to 8, not %d\n", opt_shrink);
    return 2;
  }
  if (opt_list) {
    g_auto (GStrv) names = vc_list_devices (&error);
    bench_check (error);
    for (guint i = 0; names[i]; i++)
      printf ("%s\n", names[i]);
    return 0;
  }
  guint n_selected = 0;
  for (const BenchCaseInfo *info = bench_cases; info->name; info++)
    n_selected += case_selected (info);
  if (n_selected == 0) {
    g_printerr ("vc-bench: no case name contains \"%s\"; the cases are:", opt_only);
    for (const BenchCaseInfo *info = bench_cases; info->name; info++)
      g_printerr (" %s", info->name);
    g_printerr ("\n");
    return 2;
  }
  VcDeviceOptions opts = VC_DEVICE_OPTIONS_INIT;
  opts.index = opt_device;
  opts.force_fp32 = opt_fp32;
  if (!opt_kernels || g_str_equal (opt_kernels, "auto"))
    opts.kernels = VC_KERNELS_AUTO;
  else if (g_str_equal (opt_kernels, "gpu"))
    opts.kernels = VC_KERNELS_GPU;
  else if (g_str_equal (opt_kernels, "cpu"))
    opts.kernels = VC_KERNELS_CPU;
  else {
    g_printerr ("vc-bench: --kernels is gpu, cpu or auto, not \"%s\"\n", opt_kernels);
    return 2;
  }
  VcDevice *dev = vc_device_new (&opts, &error);
  bench_check (error);
  const VkPhysicalDeviceProperties *props = vc_device_properties (dev);
  printf ("device: %s (driver %u.%u.%u, Vulkan %u.%u), storage %s, %s kernels, subgroup %u; "
          "median of the timed runs\n",
          vc_device_name (dev), VK_VERSION_MAJOR (props->driverVersion),
          VK_VERSION_MINOR (props->driverVersion), VK_VERSION_PATCH (props->driverVersion),
          VK_VERSION_MAJOR (props->apiVersion), VK_VERSION_MINOR (props->apiVersion),
          vc_device_fp16 (dev) ? "fp16" : "fp32", vc_device_cpu_kernels (dev) ? "CPU" : "GPU",
          vc_device_subgroup_size (dev));
  printf ("%-21s %-38s %10s %10s %9s %8s %5s %5s\n", "case", "shape", "gpu ms", "wall ms",
          "GFLOP/s", "GB/s", "disp", "runs");
  for (const BenchCaseInfo *info = bench_cases; info->name; info++)
    if (case_selected (info))
      run_case (dev, info);
  printf ("device memory peak: %.1f MiB\n", vc_device_memory_peak (dev) / 1048576.0);
  vc_device_free (dev);
  return 0;
}
