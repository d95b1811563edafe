/* vcolorize — output frames lent to the caller. */
#include "vc-output.h"

#include "vc-host-frame.h"

#include <string.h>

/* Frames given back and kept for reuse, at most: more than the frames in
 * flight, so that a consumer that holds a few does not make each frame
 * allocate. */
#define MAX_KEPT (VC_COLORIZER_MAX_SLOTS + 8)

struct _VcOutputPool {
  gint refs; /* the owner's and one per frame lent */
  VcDevice *dev;
  GMutex lock;     /* guards kept */
  GPtrArray *kept; /* VcOutputFrame*, given back */
};

struct _VcOutputFrame {
  VcOutputPool *pool;
  VcBuffer *buffer;
  guint64 id;   /* unique in the process */
  guint64 size; /* asked for (the buffer's may be rounded up) */
  VcFrameLayout layout;
};

static guint64 last_id;
G_LOCK_DEFINE_STATIC (last_id);

static void
frame_free (VcOutputFrame *frame)
{
  vc_buffer_free (frame->buffer);
  g_free (frame);
}

VcOutputPool *
vc_output_pool_new (VcDevice *dev)
{
  VcOutputPool *pool = g_new0 (VcOutputPool, 1);
  pool->refs = 1;
  pool->dev = vc_device_ref (dev);
  g_mutex_init (&pool->lock);
  pool->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) frame_free);
  return pool;
}

void
vc_output_pool_unref (VcOutputPool *pool)
{
  if (!pool || !g_atomic_int_dec_and_test (&pool->refs))
    return;
  g_ptr_array_unref (pool->kept);
  g_mutex_clear (&pool->lock);
  vc_device_free (pool->dev);
  g_free (pool);
}

VcOutputFrame *
vc_output_pool_acquire (VcOutputPool *pool, guint64 size, const VcFrameLayout *layout,
                        GError **error)
{
  VcOutputFrame *frame = NULL;
  g_mutex_lock (&pool->lock);
  for (guint i = pool->kept->len; i-- > 0;) {
    VcOutputFrame *f = g_ptr_array_index (pool->kept, i);
    if (f->size != size)
      g_ptr_array_remove_index_fast (pool->kept, i); /* frees it */
    else if (!frame)
      frame = g_ptr_array_steal_index_fast (pool->kept, i);
  }
  g_mutex_unlock (&pool->lock);
  if (!frame) {
    VcBuffer *buffer = vc_buffer_new (pool->dev, VC_BUFFER_READBACK, size, error);
    if (!buffer)
      return NULL;
    /* what the GPU does not write (padding) reads as zeros */
    memset (vc_buffer_map (buffer), 0, vc_buffer_size (buffer));
    frame = g_new0 (VcOutputFrame, 1);
    frame->buffer = buffer;
    G_LOCK (last_id);
    frame->id = ++last_id;
    G_UNLOCK (last_id);
    frame->size = size;
  }
  g_atomic_int_inc (&pool->refs);
  frame->pool = pool;
  frame->layout = *layout;
  return frame;
}

VcBuffer *
vc_output_frame_buffer (VcOutputFrame *frame)
{
  return frame->buffer;
}

guint64
vc_output_frame_id (const VcOutputFrame *frame)
{
  return frame->id;
}

guint8 *
vc_output_frame_data (VcOutputFrame *frame)
{
  return vc_buffer_map (frame->buffer);
}

gsize
vc_output_frame_size (const VcOutputFrame *frame)
{
  return (gsize) frame->size;
}

const VcFrameLayout *
vc_output_frame_layout (const VcOutputFrame *frame)
{
  return &frame->layout;
}

void
vc_output_frame_copy (VcOutputFrame *frame, const VcHostFrame *out)
{
  vc_host_frame_unpack (vc_buffer_map (frame->buffer), &frame->layout, out);
}

void
vc_output_frame_release (VcOutputFrame *frame)
{
  if (!frame)
    return;
  VcOutputPool *pool = g_steal_pointer (&frame->pool);
  g_mutex_lock (&pool->lock);
  gboolean keep = pool->kept->len < MAX_KEPT;
  if (keep)
    g_ptr_array_add (pool->kept, frame);
  g_mutex_unlock (&pool->lock);
  if (!keep)
    frame_free (frame);
  vc_output_pool_unref (pool);
}
