/* vcolorize — passing a video's tags on through a GstAggregator. */
#include "vcolorize-tags.h"

typedef struct {
  GstEvent *event;
  guint64 before;
} Tag;

void
gst_vcolorize_tags_add (GstVColorizeTags *tags, GstEvent *event, guint64 before)
{
  Tag *tag = g_new (Tag, 1);
  *tag = (Tag){ event, before };
  g_queue_push_tail (&tags->queue, tag);
}

void
gst_vcolorize_tags_push (GstVColorizeTags *tags, GstAggregator *agg, guint64 number)
{
  GstPad *srcpad = GST_AGGREGATOR_SRC_PAD (agg);
  GstEvent *segment = gst_pad_get_sticky_event (srcpad, GST_EVENT_SEGMENT, 0);
  if (!segment)
    return;
  gst_event_unref (segment);
  Tag *tag;
  while ((tag = g_queue_peek_head (&tags->queue)) && tag->before <= number) {
    g_queue_pop_head (&tags->queue);
    GST_DEBUG_OBJECT (agg, "pushing %" GST_PTR_FORMAT, tag->event);
    gst_pad_push_event (srcpad, tag->event);
    g_free (tag);
  }
}

void
gst_vcolorize_tags_clear (GstVColorizeTags *tags)
{
  Tag *tag;
  while ((tag = g_queue_pop_head (&tags->queue))) {
    gst_event_unref (tag->event);
    g_free (tag);
  }
}
