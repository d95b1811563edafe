/* vcolorize pipeline benchmark: runs
 *
 *   videotestsrc ! video/x-raw,format=GRAY8,WxH ! vcolorize refs=REF profile=true !
 *   video/x-raw,format=RGBA ! fakesink sync=false
 *
 * at several frame sizes and prints, per size, the frame rate
 * in steady state, the latency of a frame through the element, the GPU time
 * of each pass (from the element's vcolorize-profile messages), the peak
 * device memory the engine allocated and the peak resident memory of the
 * process.
 *
 * Each size runs in a child process of its own (this program again, with
 * --child), so that its peak memory is its own. */
#include "vc-colorizer.h"

#include <gst/gst.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_FPS 30
#define DEFAULT_SIZES "640x360,1280x720,1920x1080,3840x2160"
#define MAX_PASSES 32

static char *opt_sizes = NULL;
static int opt_frames = 100;
static int opt_warmup = 10;
static char *opt_format = NULL;
static char *opt_output = NULL;
static char *opt_pattern = NULL;
static int opt_network_size = VC_COLORIZER_DEFAULT_NETWORK_SIZE;
static int opt_device = -1;
static int opt_in_flight = VC_COLORIZER_DEFAULT_IN_FLIGHT;
static char *opt_model = NULL;
static char *opt_refs = NULL;
static char *opt_json = NULL;
static int opt_stall = 600;
static int opt_live = 0;
static char *opt_child = NULL;

static GOptionEntry entries[] = {
  { "sizes", 's', 0, G_OPTION_ARG_STRING, &opt_sizes,
    "Frame sizes, comma-separated WxH (default " DEFAULT_SIZES ")", "LIST" },
  { "frames", 'n', 0, G_OPTION_ARG_INT, &opt_frames, "Frames per size (default 100)", "N" },
  { "warmup", 'w', 0, G_OPTION_ARG_INT, &opt_warmup,
    "First frames of each size not counted (default 10; at most a third of the frames)", "N" },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    "Input format (default GRAY8; any the element reads, e.g. I420, P010_10LE, v210)", "FORMAT" },
  { "output", 'o', 0, G_OPTION_ARG_STRING, &opt_output,
    "Output format (default RGBA; any the element writes)", "FORMAT" },
  { "pattern", 0, 0, G_OPTION_ARG_STRING, &opt_pattern,
    "videotestsrc pattern (default ball: a moving ball)", "NAME" },
  { "network-size", 0, 0, G_OPTION_ARG_INT, &opt_network_size,
    "The element's network-size (default 256)", "N" },
  { "device", 'd', 0, G_OPTION_ARG_INT, &opt_device, "Vulkan device index (default: best)", "N" },
  { "frames-in-flight", 0, 0, G_OPTION_ARG_INT, &opt_in_flight,
    "The element's frames-in-flight (default 2)", "N" },
  { "model", 'm', 0, G_OPTION_ARG_FILENAME, &opt_model, "Model file (default: the element's own)",
    "FILE" },
  { "refs", 'r', 0, G_OPTION_ARG_FILENAME, &opt_refs,
    "Reference image (default: $VC_BENCH_REFS, else the bundled samples/vtest-ref.jpg)", "FILE" },
  { "live", 0, 0, G_OPTION_ARG_INT, &opt_live,
    "A live source at FPS frames per second instead of one as fast as the element takes "
    "them: the latency at that rate rather than under full load",
    "FPS" },
  { "json", 'j', 0, G_OPTION_ARG_FILENAME, &opt_json, "Also write the results to FILE as JSON",
    "FILE" },
  { "stall", 0, 0, G_OPTION_ARG_INT, &opt_stall,
    "Give a size up after S seconds without a frame (default 600)", "S" },
  { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_child, "Run one size", "WxH" },
  G_OPTION_ENTRY_NULL,
};

/* ---- one size (the child) ---- */

static int
source_fps (void)
{
  return opt_live > 0 ? opt_live : DEFAULT_FPS;
}

static guint
frame_index (GstClockTime pts)
{
  return (guint) gst_util_uint64_scale_round (pts, source_fps (), GST_SECOND);
}

/* When each frame (by its index) entered the element and left it (0: it
 * did not), the CPU time the thread that pushed it had used then, and
 * whether frame 0 has left. */
typedef struct {
  guint n;
  gint64 *in_us, *out_us, *out_cpu_ns;
  gint first_out; /* atomic */
} Stamps;

/* CPU time of the calling thread, ns. */
static gint64
thread_cpu_ns (void)
{
  struct timespec ts;
  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* On the element's sink pad: a frame enters; on its source pad: it leaves. */
static GstPadProbeReturn
stamp (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Stamps *st = user_data;
  gboolean out = GST_PAD_DIRECTION (pad) == GST_PAD_SRC;
  guint i = frame_index (GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info)));
  if (i < st->n)
    (out ? st->out_us : st->in_us)[i] = g_get_monotonic_time ();
  /* the element's source pad task: all it does for a frame (submitting
   * it, taking a result, pushing it) is between two of its pushes */
  if (out && i < st->n)
    st->out_cpu_ns[i] = thread_cpu_ns ();
  if (out)
    g_atomic_int_set (&st->first_out, TRUE);
  return GST_PAD_PROBE_OK;
}

/* Live: the element sets itself up on the first frames (pipelines, the
 * network), which may take longer than many frame periods; the frames the
 * source makes meanwhile are dropped, so that it does not catch up in a
 * burst afterwards. The first frames in flight pass: the first result
 * comes out when they are in. */
static GstPadProbeReturn
drop_until_ready (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Stamps *st = user_data;
  guint i = frame_index (GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info)));
  if (i < (guint) opt_in_flight || g_atomic_int_get (&st->first_out))
    return GST_PAD_PROBE_OK;
  return GST_PAD_PROBE_DROP;
}

static void
probe (GstElement *element, const char *pad_name, GstPadProbeCallback callback, Stamps *st)
{
  GstPad *pad = gst_element_get_static_pad (element, pad_name);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, callback, st, NULL);
  gst_object_unref (pad);
}

/* Sums of the passes of the counted frames, in the order first seen. */
typedef struct {
  guint n_passes;
  char *names[MAX_PASSES];
  double sum[MAX_PASSES];
  guint count[MAX_PASSES];
  guint64 memory_peak;
} Passes;

static void
add_profile (Passes *p, const GstStructure *s)
{
  guint64 peak;
  if (gst_structure_get_uint64 (s, "gpu-memory-peak", &peak))
    p->memory_peak = MAX (p->memory_peak, peak);
  for (gint f = 0; f < gst_structure_n_fields (s); f++) {
    const char *name = gst_structure_nth_field_name (s, f);
    double ms;
    if (!gst_structure_get_double (s, name, &ms))
      continue;
    guint k = 0;
    while (k < p->n_passes && strcmp (p->names[k], name) != 0)
      k++;
    if (k == p->n_passes) {
      if (k == MAX_PASSES)
        continue;
      p->names[p->n_passes++] = g_strdup (name);
    }
    p->sum[k] += ms;
    p->count[k]++;
  }
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Peak resident memory of this process in bytes. */
static guint64
peak_rss (void)
{
  g_autofree char *status = NULL;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)) {
    const char *line = strstr (status, "VmHWM:");
    if (line)
      return g_ascii_strtoull (line + 6, NULL, 10) * 1024;
  }
  return 0;
}

/* --refs, else $VC_BENCH_REFS, else the sample of the source tree, else
 * vtest-ref.jpg beside this program (a bundle). */
static const char *
refs_path (void)
{
  if (!opt_refs && g_getenv ("VC_BENCH_REFS") && *g_getenv ("VC_BENCH_REFS"))
    opt_refs = g_strdup (g_getenv ("VC_BENCH_REFS"));
  if (!opt_refs && g_file_test (VC_PIPELINE_BENCH_REFS, G_FILE_TEST_IS_REGULAR))
    opt_refs = g_strdup (VC_PIPELINE_BENCH_REFS);
  if (!opt_refs) {
    g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *dir = self ? g_path_get_dirname (self) : g_strdup (".");
    opt_refs = g_build_filename (dir, "vtest-ref.jpg", NULL);
  }
  return opt_refs;
}

static gboolean
parse_size (const char *text, guint *w, guint *h)
{
  return sscanf (text, "%ux%u", w, h) == 2 && *w >= 16 && *h >= 16 && *w <= 16384 && *h <= 16384;
}

/* Builds the pipeline at WxH with the probes that stamp frames into ST;
 * *C: the vcolorize. */
static GstElement *
make_pipeline (guint w, guint h, Stamps *st, GstElement **c)
{
  g_autofree char *desc = g_strdup_printf (
      "videotestsrc name=src num-buffers=%d pattern=%s is-live=%s ! "
      "video/x-raw,format=%s,width=%u,height=%u,framerate=%d/1 ! "
      "vcolorize name=c profile=true network-size=%d device=%d frames-in-flight=%d ! "
      "video/x-raw,format=%s ! fakesink sync=false",
      opt_frames, opt_pattern, opt_live > 0 ? "true" : "false", opt_format, w, h, source_fps (),
      opt_network_size, opt_device, opt_in_flight, opt_output);
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);
  if (!pipeline) {
    g_printerr ("vc-pipeline-bench: %s: %s\n", desc, error->message);
    return NULL;
  }
  *c = gst_bin_get_by_name (GST_BIN (pipeline), "c");
  g_object_set (*c, "refs", refs_path (), NULL);
  if (opt_model)
    g_object_set (*c, "model", opt_model, NULL);
  probe (*c, "sink", stamp, st);
  probe (*c, "src", stamp, st);
  if (opt_live > 0) {
    GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    probe (src, "src", drop_until_ready, st);
    gst_object_unref (src);
  }
  return pipeline;
}

/* Runs PIPELINE to its end, adding the profiles of frames WARMUP.. to P. */
static gboolean
run_pipeline (GstElement *pipeline, guint w, guint h, guint warmup, Passes *p)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  gboolean ok = gst_element_set_state (pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE;
  gboolean eos = FALSE;
  while (ok && !eos) {
    GstMessage *msg =
        gst_bus_timed_pop_filtered (bus, (GstClockTime) opt_stall * GST_SECOND,
                                    GST_MESSAGE_ERROR | GST_MESSAGE_EOS | GST_MESSAGE_ELEMENT);
    if (!msg) {
      g_printerr ("vc-pipeline-bench: %ux%u: no frame in %d s, giving up\n", w, h, opt_stall);
      ok = FALSE;
      break;
    }
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      g_autoptr (GError) e = NULL;
      g_autofree char *debug = NULL;
      gst_message_parse_error (msg, &e, &debug);
      g_printerr ("vc-pipeline-bench: %ux%u: %s (%s)\n", w, h, e->message, debug ? debug : "");
      ok = FALSE;
    } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      eos = TRUE;
    } else if (gst_message_has_name (msg, "vcolorize-profile")) {
      const GstStructure *s = gst_message_get_structure (msg);
      guint64 pts;
      if (gst_structure_get_uint64 (s, "timestamp", &pts) && frame_index (pts) >= warmup)
        add_profile (p, s);
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  return ok;
}

/* Runs the pipeline at WxH and prints the results as a key file. */
static int
run_child (guint w, guint h)
{
  guint n_frames = opt_frames, warmup = opt_warmup;
  Stamps st = { n_frames, g_new0 (gint64, n_frames), g_new0 (gint64, n_frames),
                g_new0 (gint64, n_frames), FALSE };
  Passes passes = { 0 };
  GstElement *c = NULL;
  GstElement *pipeline = make_pipeline (w, h, &st, &c);
  gint64 start = g_get_monotonic_time ();
  gboolean ok = pipeline && run_pipeline (pipeline, w, h, warmup, &passes);
  double wall_s = (g_get_monotonic_time () - start) / 1e6;
  g_autofree char *device = NULL;
  if (c) {
    g_object_get (c, "device-name", &device, NULL);
    gst_object_unref (c);
  }
  if (pipeline)
    gst_object_unref (pipeline);

  /* The counted frames: after the warm-up, before the last (which leaves at
   * the end of the stream, not after the next frame), those that went
   * through (live, some were dropped). */
  guint n = 0, first = 0, last = 0;
  g_autofree double *latency = g_new (double, n_frames);
  for (guint i = warmup; ok && i + 1 < n_frames; i++)
    if (st.in_us[i] && st.out_us[i]) {
      first = n ? first : i;
      last = i;
      latency[n++] = (st.out_us[i] - st.in_us[i]) / 1000.0;
    }
  if (ok && n < 2) {
    g_printerr ("vc-pipeline-bench: %ux%u: %u frames went through after the warm-up\n", w, h, n);
    ok = FALSE;
  }
  if (ok) {
    double mean = 0;
    for (guint i = 0; i < n; i++)
      mean += latency[i] / n;
    qsort (latency, n, sizeof *latency, cmp_double);
    guint nw, nh;
    vc_colorizer_network_resolution (opt_network_size, w, h, &nw, &nh);
    /* from the first counted frame out to the last */
    double span_s = (st.out_us[last] - st.out_us[first]) / 1e6;
    g_autoptr (GKeyFile) kf = g_key_file_new ();
    g_key_file_set_string (kf, "result", "device", device ? device : "");
    g_key_file_set_integer (kf, "result", "net-width", nw);
    g_key_file_set_integer (kf, "result", "net-height", nh);
    g_key_file_set_integer (kf, "result", "counted", n);
    g_key_file_set_double (kf, "result", "fps", span_s > 0 ? (n - 1) / span_s : 0);
    g_key_file_set_double (kf, "result", "latency-mean-ms", mean);
    g_key_file_set_double (kf, "result", "latency-p95-ms", latency[(guint) ceil (0.95 * n) - 1]);
    g_key_file_set_double (kf, "result", "wall-s", wall_s);
    g_key_file_set_double (kf, "result", "host-ms",
                           (st.out_cpu_ns[last] - st.out_cpu_ns[first]) / 1e6 / (last - first));
    g_key_file_set_uint64 (kf, "result", "gpu-memory-peak", passes.memory_peak);
    g_key_file_set_uint64 (kf, "result", "rss-peak", peak_rss ());
    g_key_file_set_string_list (kf, "result", "passes", (const char *const *) passes.names,
                                passes.n_passes);
    for (guint k = 0; k < passes.n_passes; k++)
      g_key_file_set_double (kf, "gpu-ms", passes.names[k], passes.sum[k] / passes.count[k]);
    g_autofree char *text = g_key_file_to_data (kf, NULL, NULL);
    fputs (text, stdout);
  }
  for (guint k = 0; k < passes.n_passes; k++)
    g_free (passes.names[k]);
  g_free (st.in_us);
  g_free (st.out_us);
  g_free (st.out_cpu_ns);
  return ok ? 0 : 1;
}

/* ---- all sizes (the parent) ---- */

typedef struct {
  guint width, height;
  GKeyFile *kf; /* NULL: failed */
} Result;

static double
get_double (GKeyFile *kf, const char *group, const char *key)
{
  return g_key_file_get_double (kf, group, key, NULL);
}

static guint64
get_u64 (GKeyFile *kf, const char *key)
{
  return g_key_file_get_uint64 (kf, "result", key, NULL);
}

/* Runs this program with --child WxH and the same options. */
static GKeyFile *
run_size (guint w, guint h)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (self));
  g_ptr_array_add (argv, g_strdup_printf ("--child=%ux%u", w, h));
  g_ptr_array_add (argv, g_strdup_printf ("--frames=%d", opt_frames));
  g_ptr_array_add (argv, g_strdup_printf ("--warmup=%d", opt_warmup));
  g_ptr_array_add (argv, g_strdup_printf ("--format=%s", opt_format));
  g_ptr_array_add (argv, g_strdup_printf ("--output=%s", opt_output));
  g_ptr_array_add (argv, g_strdup_printf ("--pattern=%s", opt_pattern));
  g_ptr_array_add (argv, g_strdup_printf ("--network-size=%d", opt_network_size));
  g_ptr_array_add (argv, g_strdup_printf ("--device=%d", opt_device));
  g_ptr_array_add (argv, g_strdup_printf ("--frames-in-flight=%d", opt_in_flight));
  g_ptr_array_add (argv, g_strdup_printf ("--stall=%d", opt_stall));
  g_ptr_array_add (argv, g_strdup_printf ("--live=%d", opt_live));
  g_ptr_array_add (argv, g_strdup_printf ("--refs=%s", refs_path ()));
  if (opt_model)
    g_ptr_array_add (argv, g_strdup_printf ("--model=%s", opt_model));
  g_ptr_array_add (argv, NULL);
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  /* the child's errors go straight to our stderr */
  gboolean spawned = g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_CHILD_INHERITS_STDERR,
                                   NULL, NULL, &out, NULL, &status, &error);
  g_ptr_array_unref (argv);
  if (!spawned) {
    g_printerr ("vc-pipeline-bench: %s\n", error->message);
    return NULL;
  }
  GKeyFile *kf = g_key_file_new ();
  if (!g_spawn_check_wait_status (status, NULL) ||
      !g_key_file_load_from_data (kf, out, -1, G_KEY_FILE_NONE, NULL)) {
    g_key_file_free (kf);
    return NULL;
  }
  return kf;
}

static void
print_table (Result *results, guint n)
{
  g_autofree char *device = NULL;
  for (guint i = 0; i < n && !device; i++)
    if (results[i].kf)
      device = g_key_file_get_string (results[i].kf, "result", "device", NULL);
  g_autofree char *source =
      opt_live > 0 ? g_strdup_printf ("live at %d fps", opt_live) : g_strdup ("as fast as taken");
  printf ("vcolorize on %s: videotestsrc pattern=%s %s (%s) to %s, refs=%s, network-size %d, "
          "frames-in-flight %d; %d frames per size, counted from frame %d to the last but one\n",
          device ? device : "?", opt_pattern, opt_format, source, opt_output, refs_path (),
          opt_network_size, opt_in_flight, opt_frames, opt_warmup);
  printf ("%-10s %-9s %8s %11s %11s %11s %9s %9s %9s %8s\n", "size", "network", "fps", "latency ms",
          "p95 ms", "GPU ms", "host ms", "GPU MiB", "RSS MiB", "wall s");
  for (guint i = 0; i < n; i++) {
    GKeyFile *kf = results[i].kf;
    g_autofree char *size = g_strdup_printf ("%ux%u", results[i].width, results[i].height);
    if (!kf) {
      printf ("%-10s failed (see above)\n", size);
      continue;
    }
    g_autofree char *net = g_strdup_printf ("%ux%u", (guint) get_u64 (kf, "net-width"),
                                            (guint) get_u64 (kf, "net-height"));
    printf ("%-10s %-9s %8.2f %11.2f %11.2f %11.2f %9.2f %9.1f %9.1f %8.1f\n", size, net,
            get_double (kf, "result", "fps"), get_double (kf, "result", "latency-mean-ms"),
            get_double (kf, "result", "latency-p95-ms"), get_double (kf, "gpu-ms", "gpu-total"),
            get_double (kf, "result", "host-ms"), get_u64 (kf, "gpu-memory-peak") / 1048576.0,
            get_u64 (kf, "rss-peak") / 1048576.0, get_double (kf, "result", "wall-s"));
  }

  /* GPU time per pass: one row per pass, one column per size */
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++) {
    if (!results[i].kf)
      continue;
    g_auto (GStrv) passes =
        g_key_file_get_string_list (results[i].kf, "result", "passes", NULL, NULL);
    for (guint k = 0; passes && passes[k]; k++)
      if (!g_ptr_array_find_with_equal_func (names, passes[k], g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (passes[k]));
  }
  printf ("\nGPU time per pass, ms (mean over the counted frames)\n%-16s", "pass");
  for (guint i = 0; i < n; i++) {
    g_autofree char *size = g_strdup_printf ("%ux%u", results[i].width, results[i].height);
    printf (" %10s", size);
  }
  printf ("\n");
  for (guint k = 0; k < names->len; k++) {
    printf ("%-16s", (const char *) names->pdata[k]);
    for (guint i = 0; i < n; i++) {
      GKeyFile *kf = results[i].kf;
      if (kf && g_key_file_has_key (kf, "gpu-ms", names->pdata[k], NULL))
        printf (" %10.3f", get_double (kf, "gpu-ms", names->pdata[k]));
      else
        printf (" %10s", "-");
    }
    printf ("\n");
  }
  g_ptr_array_unref (names);
}

static void
json_string (GString *s, const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_printf (s, "\\%c", *p);
    else if ((guchar) *p < 0x20)
      g_string_append_printf (s, "\\u%04x", *p);
    else
      g_string_append_c (s, *p);
  }
  g_string_append_c (s, '"');
}

static gboolean
write_json (Result *results, guint n, const char *path)
{
  GString *s = g_string_new ("{\n  \"format\": ");
  json_string (s, opt_format);
  g_string_append (s, ",\n  \"output\": ");
  json_string (s, opt_output);
  g_string_append (s, ",\n  \"pattern\": ");
  json_string (s, opt_pattern);
  g_string_append (s, ",\n  \"refs\": ");
  json_string (s, refs_path ());
  g_string_append (s, ",\n  \"model\": ");
  if (opt_model)
    json_string (s, opt_model);
  else
    g_string_append (s, "null");
  g_string_append_printf (s,
                          ",\n  \"network_size\": %d,\n  \"frames_in_flight\": %d,\n"
                          "  \"frames\": %d,\n  \"warmup\": %d,\n  \"live_fps\": %d,\n"
                          "  \"results\": [",
                          opt_network_size, opt_in_flight, opt_frames, opt_warmup, opt_live);
  for (guint i = 0; i < n; i++) {
    GKeyFile *kf = results[i].kf;
    g_string_append_printf (s, "%s\n    {\"width\": %u, \"height\": %u", i ? "," : "",
                            results[i].width, results[i].height);
    if (!kf) {
      g_string_append (s, ", \"error\": true}");
      continue;
    }
    g_autofree char *device = g_key_file_get_string (kf, "result", "device", NULL);
    g_string_append (s, ", \"device\": ");
    json_string (s, device ? device : "");
    g_string_append_printf (
        s,
        ", \"net_width\": %u, \"net_height\": %u, \"frames_counted\": %u,\n"
        "     \"fps\": %.4f, \"latency_ms\": {\"mean\": %.4f, \"p95\": %.4f},\n"
        "     \"host_ms\": %.4f, \"gpu_memory_peak_bytes\": %" G_GUINT64_FORMAT
        ", \"rss_peak_bytes\": %" G_GUINT64_FORMAT ", \"wall_s\": %.3f,\n     \"gpu_ms\": {",
        (guint) get_u64 (kf, "net-width"), (guint) get_u64 (kf, "net-height"),
        (guint) get_u64 (kf, "counted"), get_double (kf, "result", "fps"),
        get_double (kf, "result", "latency-mean-ms"), get_double (kf, "result", "latency-p95-ms"),
        get_double (kf, "result", "host-ms"), get_u64 (kf, "gpu-memory-peak"),
        get_u64 (kf, "rss-peak"), get_double (kf, "result", "wall-s"));
    g_auto (GStrv) passes = g_key_file_get_string_list (kf, "result", "passes", NULL, NULL);
    for (guint k = 0; passes && passes[k]; k++) {
      g_string_append (s, k ? ", " : "");
      json_string (s, passes[k]);
      g_string_append_printf (s, ": %.4f", get_double (kf, "gpu-ms", passes[k]));
    }
    g_string_append (s, "}}");
  }
  g_string_append (s, "\n  ]\n}\n");
  g_autoptr (GError) error = NULL;
  gboolean ok = g_file_set_contents (path, s->str, s->len, &error);
  if (!ok)
    g_printerr ("vc-pipeline-bench: %s\n", error->message);
  g_string_free (s, TRUE);
  return ok;
}

int
main (int argc, char **argv)
{
  /* the plugin of this build tree, unless told otherwise */
  if (!g_getenv ("GST_PLUGIN_PATH"))
    g_setenv ("GST_PLUGIN_PATH", VC_PIPELINE_BENCH_PLUGIN_DIR, TRUE);
  g_autoptr (GOptionContext) ctx =
      g_option_context_new ("- time vcolorize in a pipeline at several frame sizes");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("vc-pipeline-bench: %s\n", error->message);
    return 2;
  }
  if (!opt_format)
    opt_format = g_strdup ("GRAY8");
  if (!opt_output)
    opt_output = g_strdup ("RGBA");
  if (!opt_pattern)
    opt_pattern = g_strdup ("ball");
  VcPixelFormat in_format = vc_pixel_format_from_string (opt_format);
  VcPixelFormat out_format = vc_pixel_format_from_string (opt_output);
  if (in_format == VC_PIXEL_FORMAT_UNKNOWN) {
    g_printerr ("vc-pipeline-bench: --format: the element does not read %s\n", opt_format);
    return 2;
  }
  if (out_format == VC_PIXEL_FORMAT_UNKNOWN ||
      vc_pixel_format_info (out_format)->model == VC_COLOUR_GRAY) {
    g_printerr ("vc-pipeline-bench: --output: the element does not write %s\n", opt_output);
    return 2;
  }
  if (opt_frames < 4) {
    g_printerr ("vc-pipeline-bench: --frames must be at least 4\n");
    return 2;
  }
  opt_warmup = CLAMP (opt_warmup, 0, opt_frames / 3);
  opt_in_flight = CLAMP (opt_in_flight, 1, VC_COLORIZER_MAX_IN_FLIGHT);

  guint w, h;
  if (opt_child) {
    if (!parse_size (opt_child, &w, &h))
      return 2;
    gst_init (NULL, NULL);
    return run_child (w, h);
  }

  if (!g_file_test (refs_path (), G_FILE_TEST_IS_REGULAR)) {
    g_printerr ("vc-pipeline-bench: the reference image %s does not exist (--refs)\n",
                refs_path ());
    return 2;
  }
  g_auto (GStrv) sizes = g_strsplit (opt_sizes ? opt_sizes : DEFAULT_SIZES, ",", -1);
  guint n = g_strv_length (sizes);
  g_autofree Result *results = g_new0 (Result, n);
  for (guint i = 0; i < n; i++)
    if (!parse_size (sizes[i], &results[i].width, &results[i].height)) {
      g_printerr ("vc-pipeline-bench: not a frame size: \"%s\" (WxH)\n", sizes[i]);
      return 2;
    }
  gboolean ok = TRUE;
  for (guint i = 0; i < n; i++) {
    g_printerr ("vc-pipeline-bench: %ux%u, %d frames...\n", results[i].width, results[i].height,
                opt_frames);
    results[i].kf = run_size (results[i].width, results[i].height);
    ok &= results[i].kf != NULL;
  }
  print_table (results, n);
  if (opt_json)
    ok &= write_json (results, n, opt_json);
  for (guint i = 0; i < n; i++)
    if (results[i].kf)
      g_key_file_free (results[i].kf);
  return ok ? 0 : 1;
}
