/* vcolorize tests — colour, with the trained model in the build tree
 * (models/vcolorize.safetensors; skipped without one): a gray frame whose
 * reference is the same picture in colour gets the reference's colours. */
#include "vc-gst-test.h"

#include "vc-colour.h"

#include <math.h>

#define W 96
#define H 64

/* A picture with colours all round the hue circle and a gradient of
 * lightness: planar L and ab. */
static void
picture (float *l, float *ab)
{
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++) {
      guint i = y * W + x;
      double hue = 2 * G_PI * (x / 24 + 4 * (y / 16)) / 16.0;
      l[i] = 35.0f + 40.0f * x / W;
      ab[i] = (float) (45 * cos (hue));
      ab[W * H + i] = (float) (45 * sin (hue));
    }
}

static GstBuffer *
pack (VcPixelFormat format, const float *l, const float *ab)
{
  VcFrameLayout layout;
  vc_frame_layout_init (&layout, format, W, H);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, vc_frame_layout_size (&layout), NULL);
  GstMapInfo map;
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  vc_pack_ref (&layout, l, ab, map.data);
  gst_buffer_unmap (buf, &map);
  return buf;
}

static void
test_colours_from_reference (void)
{
  GstElement *e = gst_element_factory_make ("vcolorize", NULL);
  g_autofree char *model = NULL;
  g_object_get (e, "model", &model, NULL);
  if (!g_file_test (model, G_FILE_TEST_EXISTS)) {
    gst_object_unref (e);
    g_test_skip ("no trained model in the build tree (models/vcolorize.safetensors)");
    return;
  }
  g_object_set (e, "network-size", 64, "frames-in-flight", 1, NULL);
  GstHarness *h = vc_gst_test_harness (e, "video/x-raw,format=RGBx",
                                       "video/x-raw,format=GRAY8,width=96,"
                                       "height=64,framerate=25/1");
  GstHarness *r = gst_harness_new_with_element (h->element, "ref_0", NULL);
  gst_harness_set_src_caps_str (r, "video/x-raw,format=RGBx,width=96,height=64,framerate=0/1");
  g_autofree float *l = g_new (float, W *H);
  g_autofree float *ab = g_new (float, 2 * W * H);
  g_autofree float *zero = g_new0 (float, 2 * W * H);
  picture (l, ab);
  g_assert_cmpint (gst_harness_push (r, pack (VC_PIXEL_FORMAT_RGBx, l, ab)), ==, GST_FLOW_OK);
  g_assert_true (gst_harness_push_event (r, gst_event_new_eos ()));
  g_assert_cmpint (gst_harness_push (h, pack (VC_PIXEL_FORMAT_GRAY8, l, zero)), ==, GST_FLOW_OK);
  GstBuffer *out = gst_harness_pull (h);

  VcFrameLayout layout;
  vc_frame_layout_init (&layout, VC_PIXEL_FORMAT_RGBx, W, H);
  g_autofree float *out_l = g_new (float, W *H);
  g_autofree float *out_ab = g_new (float, 2 * W * H);
  GstMapInfo map;
  gst_buffer_map (out, &map, GST_MAP_READ);
  vc_unpack_ref (&layout, map.data, out_l, out_ab);
  gst_buffer_unmap (out, &map);
  double err = 0, gray_err = 0;
  for (guint i = 0; i < W * H; i++) {
    err += hypot (out_ab[i] - ab[i], out_ab[W * H + i] - ab[W * H + i]) / (W * H);
    gray_err += hypot (ab[i], ab[W * H + i]) / (W * H);
  }
  g_test_message ("mean |dab| %.2f (gray: %.2f)", err, gray_err);
  /* far closer to the reference's colours than gray is */
  g_assert_cmpfloat (err, <, 0.35 * gray_err);
  gst_buffer_unref (out);
  gst_harness_teardown (r);
  gst_harness_teardown (h);
}

int
main (int argc, char **argv)
{
  vc_gst_test_init (&argc, &argv);
  g_test_add_func ("/element/colour/from-reference", test_colours_from_reference);
  return g_test_run ();
}
