/* vcolorize — passing a video's tags on through a GstAggregator, which eats
 * TAG events, in order with the video's frames. */
#pragma once

#include <gst/base/gstaggregator.h>

G_BEGIN_DECLS

/* TAG events not pushed yet, oldest first. Zero-filled is empty. */
typedef struct {
  GQueue queue;
} GstVColorizeTags;

/* Takes EVENT, which came before video frame BEFORE. */
void gst_vcolorize_tags_add (GstVColorizeTags *tags, GstEvent *event, guint64 before);
/* Pushes on AGG's source pad the tags that came before frame NUMBER
 * (G_MAXUINT64: all), once the pad has sent its stream-start, caps and
 * segment (GstAggregator sends them with the first buffer): until then a
 * tag would come before them, and waits. */
void gst_vcolorize_tags_push (GstVColorizeTags *tags, GstAggregator *agg, guint64 number);
void gst_vcolorize_tags_clear (GstVColorizeTags *tags);

G_END_DECLS
