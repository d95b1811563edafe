/* The Vulkan layer: device selection, memory limits, pipelines, the on-disk
 * pipeline cache and re-submitted command streams. */
#include "vc-test.h"
#include "vc-eltwise.h"

#include <glib/gstdio.h>

static VcDevice *
open_device (const char *cache_path, GError **error)
{
  VcDeviceOptions opts = VC_DEVICE_OPTIONS_INIT;
  opts.pipeline_cache_path = cache_path;
  opts.no_pipeline_cache = cache_path == NULL;
  return vc_device_new (&opts, error);
}

static void
test_open (void)
{
  g_autoptr (GError) error = NULL;
  VcDevice *dev = open_device (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vc_device_name (dev), !=, "");
  g_assert_cmpuint (vc_device_subgroup_size (dev), >=, 1);
  g_test_message ("device: %s, fp16 storage: %d, subgroup %u", vc_device_name (dev),
                  vc_device_fp16 (dev), vc_device_subgroup_size (dev));
  vc_device_free (dev);

  g_auto (GStrv) names = vc_list_devices (&error);
  g_assert_no_error (error);
  g_assert_nonnull (names[0]);
}

static void
test_bad_index (void)
{
  g_autoptr (GError) error = NULL;
  VcDeviceOptions opts = VC_DEVICE_OPTIONS_INIT;
  opts.index = 99;
  opts.no_pipeline_cache = TRUE;
  g_assert_null (vc_device_new (&opts, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_NO_DEVICE);
  g_assert_nonnull (strstr (error->message, "99 does not exist"));
}

static void
test_memory_budget (void)
{
  g_autoptr (GError) error = NULL;
  VcDevice *dev = open_device (NULL, &error);
  vc_device_set_memory_budget (dev, 1 << 20);
  VcBuffer *small = vc_buffer_new (dev, VC_BUFFER_DEVICE, 512 << 10, &error);
  g_assert_no_error (error);
  g_assert_null (vc_buffer_new (dev, VC_BUFFER_DEVICE, 768 << 10, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY);
  g_assert_nonnull (strstr (error->message, "memory budget"));
  g_clear_error (&error);
  g_assert_cmpuint (vc_device_memory_in_use (dev), ==, 512 << 10);
  vc_buffer_free (small);
  g_assert_cmpuint (vc_device_memory_in_use (dev), ==, 0);
  g_assert_cmpuint (vc_device_memory_peak (dev), ==, 512 << 10);
  vc_device_free (dev);
}

/* Far more than any device has: the engine must say so, not crash. */
static void
test_huge_allocation (void)
{
  g_autoptr (GError) error = NULL;
  VcDevice *dev = open_device (NULL, &error);
  g_assert_null (vc_buffer_new (dev, VC_BUFFER_DEVICE, G_GUINT64_CONSTANT (1) << 50, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  VcTensor t;
  g_assert_null (vc_tensor_alloc (dev, 1 << 16, 1 << 16, 1 << 16, &t, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);
  g_assert_null (vc_buffer_new (dev, VC_BUFFER_UPLOAD, 0, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (vc_device_memory_in_use (dev), ==, 0);
  vc_device_free (dev);
}

static void
test_buffer_io (void)
{
  g_autoptr (GError) error = NULL;
  VcDevice *dev = open_device (NULL, &error);
  guint8 data[100], back[100];
  for (guint i = 0; i < sizeof data; i++)
    data[i] = i * 7;
  for (int kind = VC_BUFFER_DEVICE; kind <= VC_BUFFER_READBACK; kind++) {
    VcBuffer *buf = vc_buffer_new (dev, kind, 256, &error);
    g_assert_no_error (error);
    g_assert_true (vc_buffer_write (buf, 40, data, sizeof data, &error));
    g_assert_true (vc_buffer_read (buf, 40, back, sizeof back, &error));
    g_assert_cmpmem (data, sizeof data, back, sizeof back);
    g_assert_false (vc_buffer_write (buf, 200, data, sizeof data, &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (vc_buffer_read (buf, G_MAXUINT64 - 4, back, 8, &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    vc_buffer_free (buf);
  }
  vc_device_free (dev);
}

static void
test_pipeline_errors (void)
{
  g_autoptr (GError) error = NULL;
  VcDevice *dev = open_device (NULL, &error);
  VcPipelineDesc bad_name = { "no-such-shader", 1, 0, NULL, 0, 0, 0 };
  g_assert_null (vc_pipeline_get (dev, &bad_name, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  VcPipelineDesc big_push = { "eltwise", 3, 256, NULL, 0, 0, 0 };
  g_assert_null (vc_pipeline_get (dev, &big_push, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "push constants"));
  vc_device_free (dev);
}

/* Records one dispatch of PIPE binding RANGES of BUF and returns whether
 * the recording ends well. */
static gboolean
record_ranges (VcDevice *dev, VcPipeline *pipe, VcBuffer *buf, const VcBindRange *ranges,
               GError **error)
{
  VcCmd *cmd = vc_cmd_new (dev, error);
  g_assert_nonnull (cmd);
  VcBinding bind[] = { { buf, FALSE }, { buf, FALSE }, { buf, FALSE }, { buf, TRUE } };
  guint32 push[7] = { 0 };
  gboolean ok = vc_cmd_begin (cmd, error);
  vc_cmd_dispatch_ranges (cmd, pipe, bind, ranges, push, 1, 1, 1);
  ok = ok && vc_cmd_end (cmd, error);
  vc_cmd_free (cmd);
  return ok;
}

/* The kernels option: GPU kernels everywhere on request; CPU kernels on a
 * CPU device by default and on request where it can bind 64 KiB uniform
 * buffers; uniform buffer bindings only with them, in range and aligned. */
static void
test_kernels (void)
{
  g_autoptr (GError) error = NULL;
  VcDeviceOptions opts = VC_DEVICE_OPTIONS_INIT;
  opts.no_pipeline_cache = TRUE;
  VcDevice *dev = vc_device_new (&opts, &error);
  g_assert_no_error (error);
  const VkPhysicalDeviceProperties *props = vc_device_properties (dev);
  gboolean can = props->limits.maxUniformBufferRange >= VC_UNIFORM_RANGE;
  guint64 align = props->limits.minUniformBufferOffsetAlignment;
  g_assert_true (vc_device_cpu_kernels (dev) ==
                 (can && props->deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU));
  vc_device_free (dev);

  VcPipelineDesc uniform = { "conv2d_cpu", 4, 7 * 4, NULL, 0, 1u << 1, 0 };
  opts.kernels = VC_KERNELS_GPU;
  dev = vc_device_new (&opts, &error);
  g_assert_no_error (error);
  g_assert_false (vc_device_cpu_kernels (dev));
  g_assert_null (vc_pipeline_get (dev, &uniform, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  vc_device_free (dev);

  opts.kernels = VC_KERNELS_CPU;
  dev = vc_device_new (&opts, &error);
  g_assert_no_error (error);
  g_assert_true (vc_device_cpu_kernels (dev) == can);
  if (!can) {
    vc_device_free (dev);
    g_test_skip ("the device cannot bind 64 KiB uniform buffers");
    return;
  }
  VcPipeline *pipe = vc_pipeline_get (dev, &uniform, &error);
  g_assert_no_error (error);
  VcBuffer *buf = vc_buffer_new (dev, VC_BUFFER_DEVICE, 2 * VC_UNIFORM_RANGE, &error);
  g_assert_no_error (error);
  VcBindRange good[] = { { 0, 0 }, { align, VC_UNIFORM_RANGE }, { 0, 64 }, { 64, 64 } };
  gboolean ok = record_ranges (dev, pipe, buf, good, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  const VcBindRange bad[][4] = {
    { { 0, 0 }, { 0, VC_UNIFORM_RANGE + 16 }, { 0, 0 }, { 0, 0 } },      /* too long a uniform */
    { { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },                          /* the same, to the end */
    { { 0, 0 }, { 0, 16 }, { 0, 0 }, { 2 * VC_UNIFORM_RANGE - 8, 16 } }, /* past the end */
    { { 2 * VC_UNIFORM_RANGE, 0 }, { 0, 16 }, { 0, 0 }, { 0, 0 } },      /* nothing left */
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_assert_false (record_ranges (dev, pipe, buf, bad[i], &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  if (align > 1) {
    VcBindRange unaligned[] = { { 0, 0 }, { align / 2, 16 }, { 0, 0 }, { 0, 0 } };
    g_assert_false (record_ranges (dev, pipe, buf, unaligned, &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  vc_buffer_free (buf);
  vc_device_free (dev);
}

/* Identical descriptions share one pipeline. */
static void
test_pipeline_dedup (void)
{
  g_autoptr (GError) error = NULL;
  VcDevice *dev = open_device (NULL, &error);
  guint32 spec_a[] = { 64, 2, 10, 1 }, spec_b[] = { 64, 2, 11, 1 };
  VcPipelineDesc a = { "eltwise", 3, 32, spec_a, 4, 0, 0 },
                 b = { "eltwise", 3, 32, spec_b, 4, 0, 0 };
  VcPipeline *pa = vc_pipeline_get (dev, &a, &error);
  g_assert_nonnull (pa);
  g_assert_true (vc_pipeline_get (dev, &a, &error) == pa);
  g_assert_true (vc_pipeline_get (dev, &b, &error) != pa);
  vc_device_free (dev);
}

static void
make_pipeline (VcDevice *dev)
{
  g_autoptr (GError) error = NULL;
  VcEltwiseDesc desc = { 4, 3, 3, 1, 1, TRUE };
  VcEltwise *op = vc_eltwise_new (dev, &desc, &error);
  g_assert_no_error (error);
  vc_eltwise_free (op);
}

/* A new temporary folder for pipeline caches (GLib's own name pattern). */
static char *
cache_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp (NULL, &error);
  g_assert_no_error (error);
  return dir;
}

/* The pipeline cache file at PATH, which must be there, with at least a
 * header: its bytes and *LEN. */
static char *
read_cache (const char *path, gsize *len)
{
  char *data = NULL;
  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  g_assert_cmpuint (*len, >=, 32);
  return data;
}

/* Pipelines asked for one after another are compiled on the device's
 * threads meanwhile: each dispatch waits for its own and computes what it
 * should, from an empty cache and from a full one. A device freed while its
 * pipelines compile waits for them and writes them to its cache. */
static void
test_pipeline_parallel (void)
{
  enum { N = 12 };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = cache_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.bin", NULL);
  for (guint round = 0; round < 2; round++) {
    VcDevice *dev = open_device (path, &error);
    g_assert_no_error (error);
    VcEltwise *ops[N];
    VcBuffer *bufs[N];
    VcTensor ts[N];
    float *xs[N];
    /* other sizes: other specialization constants, other pipelines */
    for (guint i = 0; i < N; i++) {
      VcEltwiseDesc desc = { 4, 1 + i, 7, 1.0f + i, 0.0f, FALSE };
      ops[i] = vc_eltwise_new (dev, &desc, &error);
      g_assert_no_error (error);
      xs[i] = vc_test_random (dev, 4 * (1 + i) * 7, -1, 1, i);
      bufs[i] = vc_test_tensor (dev, 4, 1 + i, 7, xs[i], &ts[i]);
    }
    VcCmd *cmd = vc_cmd_new (dev, &error);
    g_assert_true (vc_cmd_begin (cmd, &error));
    for (guint i = 0; i < N; i++)
      g_assert_true (vc_eltwise_record (ops[i], cmd, &ts[i], NULL, &ts[i], &error));
    g_assert_true (vc_cmd_end (cmd, &error));
    g_assert_true (vc_cmd_submit (cmd, &error));
    g_assert_true (vc_cmd_wait (cmd, G_MAXUINT64, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < N; i++) {
      guint n = 4 * (1 + i) * 7;
      g_autofree float *got = vc_test_download (dev, &ts[i]);
      for (guint k = 0; k < n; k++)
        xs[i][k] *= 1.0f + i;
      vc_test_assert_close ("x*(1+i)", got, xs[i], n, 0.02); /* fp16: 1e-3 relative */
      g_free (xs[i]);
      vc_buffer_free (bufs[i]);
      vc_eltwise_free (ops[i]);
    }
    vc_cmd_free (cmd);
    vc_device_free (dev);
  }

  g_autofree char *other = g_build_filename (dir, "other.bin", NULL);
  VcDevice *dev = open_device (other, &error);
  for (guint i = 0; i < N; i++) {
    VcEltwiseDesc desc = { 4, 20 + i, 7, 2.0f, 0.0f, FALSE };
    vc_eltwise_free (vc_eltwise_new (dev, &desc, &error));
    g_assert_no_error (error);
  }
  vc_device_free (dev);
  gsize saved_len;
  g_free (read_cache (other, &saved_len));
  g_remove (other);
  g_remove (path);
  g_rmdir (dir);
}

/* A bad cache file is a miss: the device opens, and the file is replaced
 * by a good one when the device closes. */
static void
test_pipeline_cache (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = cache_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "cache.bin", NULL);

  VcDevice *dev = open_device (path, &error); /* no file yet */
  g_assert_no_error (error);
  make_pipeline (dev);
  vc_device_free (dev);
  gsize good_len;
  g_autofree char *good = read_cache (path, &good_len);

  const char garbage[] = "this is not a pipeline cache at all, not even close";
  guint8 flipped[64];
  memcpy (flipped, good, MIN (good_len, sizeof flipped));
  flipped[20] ^= 0xff; /* wrong UUID */
  struct {
    const void *data;
    gsize len;
  } bad[] = {
    { garbage, sizeof garbage },
    { good, 20 },
    { flipped, MIN (good_len, sizeof flipped) },
    { "", 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_assert_true (g_file_set_contents (path, bad[i].data, bad[i].len, NULL));
    dev = open_device (path, &error);
    g_assert_no_error (error);
    make_pipeline (dev);
    vc_device_free (dev);
    g_autofree char *now = NULL;
    gsize now_len = 0;
    g_assert_true (g_file_get_contents (path, &now, &now_len, NULL));
    g_assert_cmpmem (now, 32, good, 32); /* a valid header again */
  }
  g_remove (path);
  g_autofree char *sub = g_path_get_dirname (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

/* A stream recorded once and submitted many times on DEV: x ← 2x, five
 * times (SEED: the data). */
static void
double_five_times (VcDevice *dev, guint32 seed)
{
  g_autoptr (GError) error = NULL;
  guint n = 4 * 9 * 7;
  g_autofree float *x = vc_test_random (dev, n, -1, 1, seed);
  VcTensor t;
  VcBuffer *buf = vc_test_tensor (dev, 4, 9, 7, x, &t);
  VcEltwiseDesc desc = { 4, 9, 7, 2.0f, 0.0f, FALSE };
  VcEltwise *op = vc_eltwise_new (dev, &desc, &error);
  VcCmd *cmd = vc_cmd_new (dev, &error);
  g_assert_no_error (error);
  g_assert_true (vc_cmd_begin (cmd, &error));
  int t0 = vc_cmd_timestamp (cmd);
  g_assert_true (vc_eltwise_record (op, cmd, &t, NULL, &t, &error));
  int t1 = vc_cmd_timestamp (cmd);
  g_assert_true (vc_cmd_end (cmd, &error));
  for (int i = 0; i < 5; i++) {
    g_assert_true (vc_cmd_submit (cmd, &error));
    g_assert_true (vc_cmd_wait (cmd, G_MAXUINT64, &error));
  }
  g_assert_cmpuint (vc_cmd_n_dispatches (cmd), ==, 1);
  if (t0 >= 0)
    g_assert_cmpfloat (vc_cmd_elapsed_ns (cmd, t0, t1), >=, 0.0);
  g_autofree float *got = vc_test_download (dev, &t);
  for (guint i = 0; i < n; i++)
    x[i] *= 32.0f;
  vc_test_assert_close ("x*32", got, x, n, 0);
  vc_cmd_free (cmd);
  vc_eltwise_free (op);
  vc_buffer_free (buf);
}

static void
test_resubmit (void)
{
  g_autoptr (GError) error = NULL;
  VcDevice *dev = open_device (NULL, &error);
  double_five_times (dev, 3);
  vc_device_free (dev);
}

/* A user of a shared device, in a thread of its own. */
static gpointer
shared_user (gpointer data)
{
  g_autoptr (GError) error = NULL;
  VcDevice *dev = open_device (NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 8; i++)
    double_five_times (dev, GPOINTER_TO_UINT (data) + i);
  vc_device_free (dev);
  return NULL;
}

/* Devices opened with the same options share the Vulkan device and its
 * pipelines, and count their memory apart; other options get their own;
 * the shared device outlives any one user, and users in several threads
 * work on it at once. */
static void
test_shared (void)
{
  g_autoptr (GError) error = NULL;
  VcDevice *a = open_device (NULL, &error), *b = open_device (NULL, &error);
  g_assert_no_error (error);
  guint32 spec[] = { 64, 2, 10, 1 };
  VcPipelineDesc desc = { "eltwise", 3, 32, spec, 4, 0, 0 };
  VcPipeline *pa = vc_pipeline_get (a, &desc, &error);
  g_assert_nonnull (pa);
  g_assert_true (vc_pipeline_get (b, &desc, &error) == pa);

  VcBuffer *buf = vc_buffer_new (a, VC_BUFFER_DEVICE, 256 << 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vc_device_memory_in_use (a), ==, 256 << 10);
  g_assert_cmpuint (vc_device_memory_in_use (b), ==, 0);
  vc_device_set_memory_budget (b, 128 << 10);
  g_assert_null (vc_buffer_new (b, VC_BUFFER_DEVICE, 192 << 10, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);
  VcBuffer *more = vc_buffer_new (a, VC_BUFFER_DEVICE, 192 << 10, &error);
  g_assert_no_error (error);
  vc_buffer_free (more);
  vc_buffer_free (buf);

  VcDeviceOptions fp32 = VC_DEVICE_OPTIONS_INIT;
  fp32.no_pipeline_cache = TRUE;
  fp32.force_fp32 = TRUE;
  VcDevice *c = vc_device_new (&fp32, &error);
  g_assert_no_error (error);
  g_assert_false (vc_device_fp16 (c));
  g_assert_true (vc_pipeline_get (c, &desc, &error) != pa);
  vc_device_free (c);

  vc_device_free (a);
  double_five_times (b, 5); /* after the first user is gone */
  GThread *threads[3];
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("vc-shared-user", shared_user, GUINT_TO_POINTER (100 * i));
  double_five_times (b, 7);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  vc_device_free (b);
}

static VcDevice *
open_index (int index)
{
  g_autoptr (GError) error = NULL;
  VcDeviceOptions opts = VC_DEVICE_OPTIONS_INIT;
  opts.index = index;
  opts.no_pipeline_cache = TRUE;
  VcDevice *dev = vc_device_new (&opts, &error);
  g_assert_no_error (error);
  return dev;
}

static VcPipeline *
eltwise_pipeline (VcDevice *dev)
{
  static const guint32 spec[] = { 64, 2, 10, 1 };
  VcPipelineDesc desc = { "eltwise", 3, 32, spec, 4, 0, 0 };
  g_autoptr (GError) error = NULL;
  VcPipeline *pipe = vc_pipeline_get (dev, &desc, &error);
  g_assert_no_error (error);
  return pipe;
}

/* Asking for the best device (index -1) shares the device opened by its
 * index, whichever is opened first, and no other. */
static void
test_shared_best (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) devices = vc_list_devices (&error);
  g_assert_no_error (error);
  VcDevice *best = open_index (-1);
  int best_index = -1;
  for (int i = 0; devices[i]; i++) {
    VcDevice *dev = open_index (i);
    if (eltwise_pipeline (dev) == eltwise_pipeline (best)) {
      g_assert_cmpint (best_index, ==, -1);
      best_index = i;
    }
    vc_device_free (dev);
  }
  g_assert_cmpint (best_index, >=, 0);
  vc_device_free (best);

  VcDevice *by_index = open_index (best_index);
  best = open_index (-1);
  g_assert_true (eltwise_pipeline (best) == eltwise_pipeline (by_index));
  vc_device_free (by_index);
  vc_device_free (best);
}

static void
test_half (void)
{
  g_assert_cmpuint (vc_float_to_half (1.0f), ==, 0x3c00);
  g_assert_cmpuint (vc_float_to_half (-2.0f), ==, 0xc000);
  g_assert_cmpuint (vc_float_to_half (65504.0f), ==, 0x7bff);
  g_assert_cmpuint (vc_float_to_half (1e6f), ==, 0x7c00);
  g_assert_cmpuint (vc_float_to_half (5.96046448e-8f), ==, 0x0001);
  g_assert_cmpuint (vc_float_to_half (1.0f + 1.0f / 2048), ==, 0x3c00); /* tie to even */
  g_assert_cmpuint (vc_float_to_half (1.0f + 3.0f / 2048), ==, 0x3c02);
  for (guint32 h = 0; h < 0x7c00; h++)
    g_assert_cmpuint (vc_float_to_half (vc_half_to_float (h)), ==, h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/device/open", test_open);
  g_test_add_func ("/device/bad-index", test_bad_index);
  g_test_add_func ("/memory/budget", test_memory_budget);
  g_test_add_func ("/memory/huge-allocation", test_huge_allocation);
  g_test_add_func ("/buffer/io", test_buffer_io);
  g_test_add_func ("/pipeline/errors", test_pipeline_errors);
  g_test_add_func ("/pipeline/dedup", test_pipeline_dedup);
  g_test_add_func ("/pipeline/kernels", test_kernels);
  g_test_add_func ("/pipeline/cache", test_pipeline_cache);
  g_test_add_func ("/pipeline/parallel", test_pipeline_parallel);
  g_test_add_func ("/cmd/resubmit", test_resubmit);
  g_test_add_func ("/device/shared", test_shared);
  g_test_add_func ("/device/shared-best", test_shared_best);
  g_test_add_func ("/tensor/half", test_half);
  return g_test_run ();
}
