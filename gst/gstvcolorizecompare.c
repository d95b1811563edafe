/* vcolorize — GstVColorizeCompare: frame-by-frame PSNR, MSE and SSIM of a
 * video against the true one, posted on the bus; the video passes through.
 *
 * The figures are those of tools/vc-quality.py, on 8-bit RGB, all three
 * channels together: MSE = mean (K - Q)², PSNR = 10 log10(255² / MSE), and
 * SSIM the mean over R, G, B and over the 11×11 windows wholly inside the
 * picture of SSIM with a gaussian window (σ 1.5), C1 = (0.01·255)²,
 * C2 = (0.03·255)². */
#include "gstvcolorizecompare.h"

#include "vcolorize-tags.h"

#include <gst/video/video.h>
#include <math.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_vcolorize_compare_debug);
#define GST_CAT_DEFAULT gst_vcolorize_compare_debug

#define RGB_CAPS                                                                                   \
  GST_VIDEO_CAPS_MAKE ("{ RGBx, BGRx, xRGB, xBGR, RGBA, BGRA, ARGB, ABGR, RGB, BGR }")
#define SSIM_WINDOW 11
#define DEFAULT_SSIM TRUE

enum { PROP_0, PROP_SSIM };

struct _GstVColorizeCompare {
  GstAggregator parent;
  GstAggregatorPad *video_pad, *truth_pad;
  gboolean ssim; /* property (object lock) */
  /* source pad task */
  GstVideoInfo video_info, truth_info;
  gboolean has_video_info, has_truth_info;
  guint64 n_frames;                /* video frames since the start or the last flush */
  guint64 n_compared, n_identical; /* frames compared; of them with MSE 0 */
  double sum_psnr, sum_ssim;       /* over compared frames (PSNR: finite ones) */
  guint64 n_ssim;
  GstVColorizeTags tags; /* the video's, not pushed yet */
  double taps[SSIM_WINDOW];
  /* SSIM's bands, from start to stop: the threads that compute all but the
   * first (NULL on a single core) and each band's ring of filtered rows */
  GThreadPool *ssim_pool;
  GMutex ssim_lock;
  GCond ssim_done;
  guint ssim_pending; /* bands pushed to the pool and not finished */
  double *ssim_rows;
  gsize ssim_rows_len;
};

/**
 * SECTION:element-vcolorizecompare
 * @title: vcolorizecompare
 *
 * Measures a video against the true one, frame by frame, for broadcast QA
 * or to score a colorization without leaving GStreamer. The video on `sink`
 * passes through to `src` untouched; each of its frames is paired with the
 * frame of the same running time on the `truth` pad (within half a frame;
 * a frame without one passes unmeasured). Both pads take packed 8-bit RGB
 * of one size.
 *
 * Per measured frame the element posts an element message
 * `vcolorize-compare` with `frame` (guint64), `timestamp` and
 * `running-time` (guint64), `psnr`, `mse` and, with #GstVColorizeCompare:ssim,
 * `ssim` (gdouble; 8-bit RGB, all three channels together; `psnr` is +inf
 * for identical frames). At the end of the stream `vcolorize-compare-summary`
 * gives `frames`, `identical`, `mean-psnr` (of the frames that differ) and
 * `mean-ssim`.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 -m filesrc location=gray.mkv ! decodebin ! videoconvert ! \
 *     vcolorize refs=ref.jpg ! videoconvert ! vcolorizecompare name=q ! fakesink \
 *     filesrc location=colour.mkv ! decodebin ! videoconvert ! q.truth
 * ]| A colorization scored against the colour original.
 */

G_DEFINE_TYPE (GstVColorizeCompare, gst_vcolorize_compare, GST_TYPE_AGGREGATOR);
GST_ELEMENT_REGISTER_DEFINE (vcolorizecompare, "vcolorizecompare", GST_RANK_NONE,
                             GST_TYPE_VCOLORIZE_COMPARE);

/* ---- the figures ---- */

/* The three colour channels of pixel X of a mapped row. */
typedef struct {
  const guint8 *data;
  gint stride, pstride;
  gint offset[3]; /* of R, G, B within a pixel */
} Rgb;

static Rgb
rgb_of (const GstVideoFrame *frame)
{
  Rgb r = { GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
            GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0),
            GST_VIDEO_FRAME_COMP_PSTRIDE (frame, 0),
            { 0 } };
  for (int c = 0; c < 3; c++)
    r.offset[c] = GST_VIDEO_FRAME_COMP_POFFSET (frame, c);
  return r;
}

static inline double
value (const Rgb *r, guint x, guint y, int c)
{
  return r->data[(gsize) y * r->stride + (gsize) x * r->pstride + r->offset[c]];
}

static double
mean_squared_error (const Rgb *q, const Rgb *k, guint w, guint h)
{
  double sum = 0.0;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      for (int c = 0; c < 3; c++) {
        double d = value (k, x, y, c) - value (q, x, y, c);
        sum += d * d;
      }
  return sum / (3.0 * w * h);
}

/* A band of SSIM's window positions: rows Y0 .. Y1 - 1 of the windows'
 * top rows, over the whole width, for the three channels. */
typedef struct {
  const Rgb *q, *k;
  guint w, h, y0, y1;
  const double *taps;
  double *rows; /* SSIM_WINDOW × 5 × (w - SSIM_WINDOW + 1) doubles of scratch */
  double sum;   /* of the band's SSIM values */
} SsimBand;

/* The window's rows are filtered across once each and kept in a ring of
 * SSIM_WINDOW rows. */
static void
ssim_band (SsimBand *b)
{
  const double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
  /* locals, so that the compiler knows the rows written alias none of them */
  const Rgb *q = b->q, *k = b->k;
  const double *taps = b->taps;
  guint ww = b->w - SSIM_WINDOW + 1, y0 = b->y0, y1 = b->y1;
  double *restrict rows = b->rows;
  double sum = 0.0;
  for (int c = 0; c < 3; c++)
    for (guint y = y0; y < y1 + SSIM_WINDOW - 1; y++) {
      /* row Y filtered across: the 5 maps a, b, a², b², ab */
      double *row = rows + (gsize) (y % SSIM_WINDOW) * 5 * ww;
      for (guint x = 0; x < ww; x++) {
        double m[5] = { 0 };
        for (guint i = 0; i < SSIM_WINDOW; i++) {
          double qa = value (q, x + i, y, c), kb = value (k, x + i, y, c), t = taps[i];
          m[0] += t * qa;
          m[1] += t * kb;
          m[2] += t * qa * qa;
          m[3] += t * kb * kb;
          m[4] += t * qa * kb;
        }
        for (int j = 0; j < 5; j++)
          row[(gsize) j * ww + x] = m[j];
      }
      if (y + 1 < y0 + SSIM_WINDOW)
        continue;
      /* the window of rows y - 10 .. y, down */
      guint top = y + 1 - SSIM_WINDOW;
      for (guint x = 0; x < ww; x++) {
        double m[5] = { 0 };
        for (guint i = 0; i < SSIM_WINDOW; i++) {
          const double *r = rows + (gsize) ((top + i) % SSIM_WINDOW) * 5 * ww;
          for (int j = 0; j < 5; j++)
            m[j] += taps[i] * r[(gsize) j * ww + x];
        }
        double va = m[2] - m[0] * m[0], vb = m[3] - m[1] * m[1], cov = m[4] - m[0] * m[1];
        sum += (2 * m[0] * m[1] + c1) * (2 * cov + c2) /
               ((m[0] * m[0] + m[1] * m[1] + c1) * (va + vb + c2));
      }
    }
  b->sum = sum;
}

/* A band on a thread of the pool. */
static void
ssim_band_pooled (gpointer band, gpointer user_data)
{
  GstVColorizeCompare *self = user_data;
  ssim_band (band);
  g_mutex_lock (&self->ssim_lock);
  if (--self->ssim_pending == 0)
    g_cond_signal (&self->ssim_done);
  g_mutex_unlock (&self->ssim_lock);
}

/* Window rows per band: enough that refiltering a band's first 10 rows
 * (which the band above filtered too) costs little. */
#define SSIM_BAND_ROWS 64
#define SSIM_MAX_BANDS 64

/* SSIM of Q against K (see the top of the file); the picture must be at
 * least SSIM_WINDOW in both directions. Bands of rows run on as many
 * threads as the machine has cores (this one and the pool's; a 1080p frame
 * took 350 ms on one); the bands' sums are added in order, so the figure
 * does not depend on timing. */
static double
structural_similarity (GstVColorizeCompare *self, const Rgb *q, const Rgb *k, guint w, guint h)
{
  guint ww = w - SSIM_WINDOW + 1, wh = h - SSIM_WINDOW + 1;
  guint n = CLAMP (wh / SSIM_BAND_ROWS, 1u, MIN ((guint) g_get_num_processors (), SSIM_MAX_BANDS));
  gsize per_band = (gsize) SSIM_WINDOW * 5 * ww;
  if (self->ssim_rows_len < n * per_band) {
    g_free (self->ssim_rows);
    self->ssim_rows_len = n * per_band;
    self->ssim_rows = g_new (double, self->ssim_rows_len);
  }
  SsimBand bands[SSIM_MAX_BANDS];
  for (guint i = 0; i < n; i++)
    bands[i] = (SsimBand){ q,
                           k,
                           w,
                           h,
                           (guint) ((guint64) wh * i / n),
                           (guint) ((guint64) wh * (i + 1) / n),
                           self->taps,
                           self->ssim_rows + i * per_band,
                           0.0 };
  for (guint i = 1; i < n; i++) {
    gboolean pushed = FALSE;
    if (self->ssim_pool) {
      g_mutex_lock (&self->ssim_lock);
      self->ssim_pending++;
      g_mutex_unlock (&self->ssim_lock);
      if (!(pushed = g_thread_pool_push (self->ssim_pool, &bands[i], NULL))) {
        g_mutex_lock (&self->ssim_lock);
        self->ssim_pending--;
        g_mutex_unlock (&self->ssim_lock);
      }
    }
    /* no thread to be had: this one does the band */
    if (!pushed)
      ssim_band (&bands[i]);
  }
  ssim_band (&bands[0]);
  g_mutex_lock (&self->ssim_lock);
  while (self->ssim_pending > 0)
    g_cond_wait (&self->ssim_done, &self->ssim_lock);
  g_mutex_unlock (&self->ssim_lock);
  double sum = 0.0;
  for (guint i = 0; i < n; i++)
    sum += bands[i].sum;
  return sum / (3.0 * ww * wh);
}

/* Compares video frame BUF (frame NUMBER) with TRUTH and posts the figures. */
static gboolean
compare (GstVColorizeCompare *self, GstBuffer *buf, GstBuffer *truth, guint64 number)
{
  guint w = GST_VIDEO_INFO_WIDTH (&self->video_info), h = GST_VIDEO_INFO_HEIGHT (&self->video_info);
  if (GST_VIDEO_INFO_WIDTH (&self->truth_info) != (gint) w ||
      GST_VIDEO_INFO_HEIGHT (&self->truth_info) != (gint) h) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
                       ("The true video is %d×%d but the video %u×%u: they must be of one size "
                        "(add videoscale before one of them?)",
                        GST_VIDEO_INFO_WIDTH (&self->truth_info),
                        GST_VIDEO_INFO_HEIGHT (&self->truth_info), w, h),
                       (NULL));
    return FALSE;
  }
  GstVideoFrame vf, tf;
  if (!gst_video_frame_map (&vf, &self->video_info, buf, GST_MAP_READ)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT, ("Invalid video buffer"), (NULL));
    return FALSE;
  }
  if (!gst_video_frame_map (&tf, &self->truth_info, truth, GST_MAP_READ)) {
    gst_video_frame_unmap (&vf);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT, ("Invalid buffer of the true video"), (NULL));
    return FALSE;
  }
  Rgb q = rgb_of (&vf), k = rgb_of (&tf);
  double mse = mean_squared_error (&q, &k, w, h);
  double psnr = mse > 0 ? 10.0 * log10 (255.0 * 255.0 / mse) : INFINITY;
  GST_OBJECT_LOCK (self);
  gboolean with_ssim = self->ssim && w >= SSIM_WINDOW && h >= SSIM_WINDOW;
  GST_OBJECT_UNLOCK (self);
  double ssim = with_ssim ? structural_similarity (self, &q, &k, w, h) : NAN;
  gst_video_frame_unmap (&vf);
  gst_video_frame_unmap (&tf);

  self->n_compared++;
  if (isfinite (psnr))
    self->sum_psnr += psnr;
  else
    self->n_identical++;
  if (with_ssim) {
    self->sum_ssim += ssim;
    self->n_ssim++;
  }
  GstClockTime pts = GST_BUFFER_PTS (buf);
  GstStructure *s = gst_structure_new (
      "vcolorize-compare", "frame", G_TYPE_UINT64, number, "timestamp", G_TYPE_UINT64, pts,
      "running-time", G_TYPE_UINT64,
      gst_segment_to_running_time (&self->video_pad->segment, GST_FORMAT_TIME, pts), "psnr",
      G_TYPE_DOUBLE, psnr, "mse", G_TYPE_DOUBLE, mse, NULL);
  if (with_ssim)
    gst_structure_set (s, "ssim", G_TYPE_DOUBLE, ssim, NULL);
  gst_element_post_message (GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
  return TRUE;
}

static void
post_summary (GstVColorizeCompare *self)
{
  guint64 finite = self->n_compared - self->n_identical;
  GstStructure *s = gst_structure_new (
      "vcolorize-compare-summary", "frames", G_TYPE_UINT64, self->n_compared, "identical",
      G_TYPE_UINT64, self->n_identical, "mean-psnr", G_TYPE_DOUBLE,
      finite ? self->sum_psnr / finite : (self->n_compared ? INFINITY : NAN), NULL);
  if (self->n_ssim)
    gst_structure_set (s, "mean-ssim", G_TYPE_DOUBLE, self->sum_ssim / self->n_ssim, NULL);
  gst_element_post_message (GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
}

/* ---- GstAggregator ---- */

/* Half a frame of the video: how far apart a video and a true frame may be
 * to be the same frame. */
static GstClockTime
tolerance (GstVColorizeCompare *self, GstBuffer *buf)
{
  if (GST_BUFFER_DURATION_IS_VALID (buf))
    return GST_BUFFER_DURATION (buf) / 2;
  const GstVideoInfo *info = &self->video_info;
  if (GST_VIDEO_INFO_FPS_N (info) > 0)
    return gst_util_uint64_scale_int (GST_SECOND / 2, GST_VIDEO_INFO_FPS_D (info),
                                      GST_VIDEO_INFO_FPS_N (info));
  return GST_MSECOND;
}

static GstClockTime
running_time (GstAggregatorPad *pad, GstBuffer *buf)
{
  return gst_segment_to_running_time (&pad->segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
}

/* The true frame of BUF's time, or NULL; drops the true frames before it. */
static GstBuffer *
true_frame_for (GstVColorizeCompare *self, GstBuffer *buf)
{
  GstClockTime t = running_time (self->video_pad, buf), tol = tolerance (self, buf);
  GstBuffer *truth;
  while ((truth = gst_aggregator_pad_peek_buffer (self->truth_pad))) {
    GstClockTime tt = running_time (self->truth_pad, truth);
    if (!GST_CLOCK_TIME_IS_VALID (t) || !GST_CLOCK_TIME_IS_VALID (tt) || tt + tol >= t) {
      if (GST_CLOCK_TIME_IS_VALID (t) && GST_CLOCK_TIME_IS_VALID (tt) && tt > t + tol) {
        gst_buffer_unref (truth); /* a later frame: none for this one */
        return NULL;
      }
      return truth;
    }
    gst_buffer_unref (truth);
    gst_aggregator_pad_drop_buffer (self->truth_pad);
  }
  return NULL;
}

static GstFlowReturn
gst_vcolorize_compare_aggregate (GstAggregator *agg, gboolean timeout)
{
  GstVColorizeCompare *self = GST_VCOLORIZE_COMPARE (agg);
  GstBuffer *buf = gst_aggregator_pad_peek_buffer (self->video_pad);
  if (!buf) {
    if (gst_aggregator_pad_is_eos (self->video_pad)) {
      post_summary (self);
      gst_vcolorize_tags_push (&self->tags, agg, G_MAXUINT64);
      gst_vcolorize_tags_clear (&self->tags);
      return GST_FLOW_EOS;
    }
    return GST_FLOW_OK;
  }
  gst_aggregator_selected_samples (agg, GST_BUFFER_PTS (buf), GST_BUFFER_DTS (buf),
                                   GST_BUFFER_DURATION (buf), NULL);
  guint64 number = self->n_frames++;
  GstBuffer *truth = self->has_truth_info ? true_frame_for (self, buf) : NULL;
  gboolean ok = TRUE;
  if (truth) {
    ok = compare (self, buf, truth, number);
    gst_buffer_unref (truth);
    gst_aggregator_pad_drop_buffer (self->truth_pad);
  } else {
    GST_LOG_OBJECT (self, "no true frame for %" GST_PTR_FORMAT, buf);
  }
  gst_aggregator_pad_drop_buffer (self->video_pad);
  if (!ok) {
    gst_buffer_unref (buf);
    return GST_FLOW_ERROR;
  }
  /* the video, untouched */
  gst_vcolorize_tags_push (&self->tags, agg, number);
  GstFlowReturn ret = gst_aggregator_finish_buffer (agg, buf);
  gst_vcolorize_tags_push (&self->tags, agg, number);
  return ret;
}

static gboolean
gst_vcolorize_compare_sink_event (GstAggregator *agg, GstAggregatorPad *pad, GstEvent *event)
{
  GstVColorizeCompare *self = GST_VCOLORIZE_COMPARE (agg);
  gboolean video = pad == self->video_pad;
  switch (GST_EVENT_TYPE (event)) {
  case GST_EVENT_CAPS: {
    GstCaps *caps;
    gst_event_parse_caps (event, &caps);
    GstVideoInfo *info = video ? &self->video_info : &self->truth_info;
    if (!gst_video_info_from_caps (info, caps)) {
      GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("Invalid caps on %s", GST_PAD_NAME (pad)),
                         ("%" GST_PTR_FORMAT, caps));
      gst_event_unref (event);
      return FALSE;
    }
    if (video) {
      self->has_video_info = TRUE;
      gst_aggregator_set_src_caps (agg, caps);
    } else {
      self->has_truth_info = TRUE;
    }
    break;
  }
  case GST_EVENT_SEGMENT:
    if (video) {
      const GstSegment *segment;
      gst_event_parse_segment (event, &segment);
      gst_aggregator_update_segment (agg, segment);
    }
    break;
  case GST_EVENT_TAG:
    if (video) { /* GstAggregator eats tags: the video's go on with it */
      gst_vcolorize_tags_add (&self->tags, event, self->n_frames);
      return TRUE;
    }
    break;
  default:
    break;
  }
  return GST_AGGREGATOR_CLASS (gst_vcolorize_compare_parent_class)->sink_event (agg, pad, event);
}

static GstFlowReturn
gst_vcolorize_compare_flush (GstAggregator *agg)
{
  GstVColorizeCompare *self = GST_VCOLORIZE_COMPARE (agg);
  self->n_frames = 0;
  gst_vcolorize_tags_clear (&self->tags);
  return GST_FLOW_OK;
}

static gboolean
gst_vcolorize_compare_start (GstAggregator *agg)
{
  GstVColorizeCompare *self = GST_VCOLORIZE_COMPARE (agg);
  self->has_video_info = self->has_truth_info = FALSE;
  self->n_frames = self->n_compared = self->n_identical = self->n_ssim = 0;
  self->sum_psnr = self->sum_ssim = 0.0;
  guint workers = g_get_num_processors () - 1;
  if (workers > 0)
    self->ssim_pool = g_thread_pool_new (ssim_band_pooled, self, (gint) workers, TRUE, NULL);
  return TRUE;
}

static gboolean
gst_vcolorize_compare_stop (GstAggregator *agg)
{
  GstVColorizeCompare *self = GST_VCOLORIZE_COMPARE (agg);
  gst_vcolorize_tags_clear (&self->tags);
  if (self->ssim_pool)
    g_thread_pool_free (g_steal_pointer (&self->ssim_pool), FALSE, TRUE);
  g_clear_pointer (&self->ssim_rows, g_free);
  self->ssim_rows_len = 0;
  return TRUE;
}

static void
gst_vcolorize_compare_finalize (GObject *object)
{
  GstVColorizeCompare *self = GST_VCOLORIZE_COMPARE (object);
  g_mutex_clear (&self->ssim_lock);
  g_cond_clear (&self->ssim_done);
  G_OBJECT_CLASS (gst_vcolorize_compare_parent_class)->finalize (object);
}

/* ---- GObject ---- */

static void
gst_vcolorize_compare_set_property (GObject *object, guint id, const GValue *value,
                                    GParamSpec *pspec)
{
  GstVColorizeCompare *self = GST_VCOLORIZE_COMPARE (object);
  switch (id) {
  case PROP_SSIM:
    GST_OBJECT_LOCK (self);
    self->ssim = g_value_get_boolean (value);
    GST_OBJECT_UNLOCK (self);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
  }
}

static void
gst_vcolorize_compare_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  GstVColorizeCompare *self = GST_VCOLORIZE_COMPARE (object);
  switch (id) {
  case PROP_SSIM:
    GST_OBJECT_LOCK (self);
    g_value_set_boolean (value, self->ssim);
    GST_OBJECT_UNLOCK (self);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
  }
}

static void
gst_vcolorize_compare_class_init (GstVColorizeCompareClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GstElementClass *ec = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *ac = GST_AGGREGATOR_CLASS (klass);
  GST_DEBUG_CATEGORY_INIT (gst_vcolorize_compare_debug, "vcolorizecompare", 0, "video comparison");
  oc->set_property = gst_vcolorize_compare_set_property;
  oc->get_property = gst_vcolorize_compare_get_property;
  oc->finalize = gst_vcolorize_compare_finalize;
  g_object_class_install_property (
      oc, PROP_SSIM,
      g_param_spec_boolean (
          "ssim", "SSIM",
          "Also compute SSIM (11×11 gaussian windows): about 330 "
          "multiply-adds per pixel on the CPU, a few hundred ms for a "
          "1920×1080 frame; off, PSNR and MSE only (a few ms)",
          DEFAULT_SSIM, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));

  GstCaps *caps = gst_caps_from_string (RGB_CAPS);
  gst_element_class_add_pad_template (
      ec, gst_pad_template_new_with_gtype ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, caps,
                                           GST_TYPE_AGGREGATOR_PAD));
  gst_element_class_add_pad_template (
      ec, gst_pad_template_new_with_gtype ("truth", GST_PAD_SINK, GST_PAD_ALWAYS, caps,
                                           GST_TYPE_AGGREGATOR_PAD));
  gst_element_class_add_pad_template (
      ec, gst_pad_template_new_with_gtype ("src", GST_PAD_SRC, GST_PAD_ALWAYS, caps,
                                           GST_TYPE_AGGREGATOR_PAD));
  gst_caps_unref (caps);
  gst_element_class_set_static_metadata (
      ec, "Video comparison", "Filter/Analyzer/Video",
      "Compares a video with the true one, frame by frame (the frame of the same running time "
      "on the truth pad), and posts an element message vcolorize-compare per frame with the "
      "fields frame (guint64), timestamp, running-time, psnr, mse and ssim (gdouble: 8-bit RGB, "
      "as tools/vc-quality.py; psnr is +inf for identical frames) and, at the end of the "
      "stream, vcolorize-compare-summary with frames, identical, mean-psnr (of the frames that "
      "differ) and mean-ssim. The video passes through untouched",
      "vcolorize developers");

  ac->aggregate = gst_vcolorize_compare_aggregate;
  ac->sink_event = gst_vcolorize_compare_sink_event;
  ac->flush = gst_vcolorize_compare_flush;
  ac->start = gst_vcolorize_compare_start;
  ac->stop = gst_vcolorize_compare_stop;
}

static void
gst_vcolorize_compare_init (GstVColorizeCompare *self)
{
  GstElementClass *ec = GST_ELEMENT_GET_CLASS (self);
  self->video_pad = GST_AGGREGATOR_PAD (
      g_object_new (GST_TYPE_AGGREGATOR_PAD, "name", "sink", "direction", GST_PAD_SINK, "template",
                    gst_element_class_get_pad_template (ec, "sink"), NULL));
  gst_element_add_pad (GST_ELEMENT (self), GST_PAD (self->video_pad));
  self->truth_pad = GST_AGGREGATOR_PAD (
      g_object_new (GST_TYPE_AGGREGATOR_PAD, "name", "truth", "direction", GST_PAD_SINK, "template",
                    gst_element_class_get_pad_template (ec, "truth"), NULL));
  gst_element_add_pad (GST_ELEMENT (self), GST_PAD (self->truth_pad));
  self->ssim = DEFAULT_SSIM;
  g_mutex_init (&self->ssim_lock);
  g_cond_init (&self->ssim_done);
  double sum = 0.0;
  for (int i = 0; i < SSIM_WINDOW; i++) {
    double x = i - SSIM_WINDOW / 2;
    self->taps[i] = exp (-x * x / (2 * 1.5 * 1.5));
    sum += self->taps[i];
  }
  for (int i = 0; i < SSIM_WINDOW; i++)
    self->taps[i] /= sum;
}
