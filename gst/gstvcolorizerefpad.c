/* vcolorize — reference pads. */
#include "gstvcolorizerefpad.h"

G_DEFINE_TYPE (GstVColorizeRefPad, gst_vcolorize_ref_pad, GST_TYPE_AGGREGATOR_PAD);

static void
gst_vcolorize_ref_pad_finalize (GObject *object)
{
  GstVColorizeRefPad *pad = GST_VCOLORIZE_REF_PAD (object);
  gst_clear_buffer (&pad->applied);
  G_OBJECT_CLASS (gst_vcolorize_ref_pad_parent_class)->finalize (object);
}

static void
gst_vcolorize_ref_pad_class_init (GstVColorizeRefPadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gst_vcolorize_ref_pad_finalize;
}

static void
gst_vcolorize_ref_pad_init (GstVColorizeRefPad *pad)
{
  gst_video_info_init (&pad->info);
}

gboolean
gst_vcolorize_ref_pad_is_applied (GstVColorizeRefPad *pad, GstBuffer *buffer)
{
  GstBuffer *a = pad->applied;
  if (!a || gst_buffer_n_memory (a) != gst_buffer_n_memory (buffer))
    return FALSE;
  for (guint i = 0; i < gst_buffer_n_memory (a); i++)
    if (gst_buffer_peek_memory (a, i) != gst_buffer_peek_memory (buffer, i))
      return FALSE;
  return TRUE;
}
