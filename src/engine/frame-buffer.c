/* vcolorize — frame buffers in host-visible memory of the engine's. */
#include "vc-frame-buffer.h"

#include "vc-host-frame.h"

#include <string.h>

struct _VcFramePool {
  gint refs; /* its owners' and one per frame out */
  VcDevice *dev;
  GMutex lock;     /* guards kept */
  GPtrArray *kept; /* VcFrameBuffer*, given back */
};

struct _VcFrameBuffer {
  VcFramePool *pool;
  VcBuffer *buffer;
  guint64 id;   /* unique in the process */
  guint64 size; /* asked for (the buffer's may be rounded up) */
  VcFrameLayout layout;
};

static guint64 last_id;
G_LOCK_DEFINE_STATIC (last_id);

static void
frame_free (VcFrameBuffer *frame)
{
  vc_buffer_free (frame->buffer);
  g_free (frame);
}

VcFramePool *
vc_frame_pool_new (VcDevice *dev)
{
  VcFramePool *pool = g_new0 (VcFramePool, 1);
  pool->refs = 1;
  pool->dev = vc_device_ref (dev);
  g_mutex_init (&pool->lock);
  pool->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) frame_free);
  return pool;
}

void
vc_frame_pool_unref (VcFramePool *pool)
{
  if (!pool || !g_atomic_int_dec_and_test (&pool->refs))
    return;
  g_ptr_array_unref (pool->kept);
  g_mutex_clear (&pool->lock);
  vc_device_free (pool->dev);
  g_free (pool);
}

VcFramePool *
vc_frame_pool_ref (VcFramePool *pool)
{
  g_atomic_int_inc (&pool->refs);
  return pool;
}

VcFrameBuffer *
vc_frame_pool_acquire_like (VcFramePool *pool, const VcFrameLayout *layout, guint64 like,
                            GError **error)
{
  if (!vc_frame_layout_check (layout, "frame buffer", error))
    return NULL;
  guint64 size = vc_frame_layout_padded_size (layout);
  VcFrameBuffer *frame = NULL;
  g_mutex_lock (&pool->lock);
  for (guint i = pool->kept->len; i-- > 0;)
    if (((VcFrameBuffer *) g_ptr_array_index (pool->kept, i))->size != size)
      g_ptr_array_remove_index_fast (pool->kept, i); /* frees it */
  /* LIKE, else the one given back last */
  guint chosen = pool->kept->len;
  for (guint i = 0; i < pool->kept->len; i++)
    if (((VcFrameBuffer *) g_ptr_array_index (pool->kept, i))->id == like)
      chosen = i;
  if (chosen == pool->kept->len && chosen > 0)
    chosen--;
  if (chosen < pool->kept->len)
    frame = g_ptr_array_steal_index_fast (pool->kept, chosen);
  g_mutex_unlock (&pool->lock);
  if (!frame) {
    VcBuffer *buffer = vc_buffer_new (pool->dev, VC_BUFFER_READBACK, size, error);
    if (!buffer)
      return NULL;
    /* what the GPU does not write (padding) reads as zeros */
    memset (vc_buffer_map (buffer), 0, vc_buffer_size (buffer));
    frame = g_new0 (VcFrameBuffer, 1);
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

VcFrameBuffer *
vc_frame_pool_acquire (VcFramePool *pool, const VcFrameLayout *layout, GError **error)
{
  return vc_frame_pool_acquire_like (pool, layout, 0, error);
}

VcBuffer *
vc_frame_buffer_buffer (VcFrameBuffer *frame)
{
  return frame->buffer;
}

guint64
vc_frame_buffer_id (const VcFrameBuffer *frame)
{
  return frame->id;
}

guint8 *
vc_frame_buffer_data (VcFrameBuffer *frame)
{
  return vc_buffer_map (frame->buffer);
}

gsize
vc_frame_buffer_size (const VcFrameBuffer *frame)
{
  return (gsize) frame->size;
}

const VcFrameLayout *
vc_frame_buffer_layout (const VcFrameBuffer *frame)
{
  return &frame->layout;
}

VcHostFrame
vc_frame_buffer_host (VcFrameBuffer *frame)
{
  VcHostFrame host;
  memset (&host, 0, sizeof host);
  guint8 *data = vc_buffer_map (frame->buffer);
  for (guint p = 0; p < frame->layout.n_planes && p < 3; p++) {
    host.data[p] = data + frame->layout.offset[p];
    host.stride[p] = frame->layout.stride[p];
  }
  return host;
}

void
vc_frame_buffer_copy (VcFrameBuffer *frame, const VcHostFrame *out)
{
  vc_host_frame_unpack (vc_buffer_map (frame->buffer), &frame->layout, out);
}

void
vc_frame_buffer_release (VcFrameBuffer *frame)
{
  if (!frame)
    return;
  VcFramePool *pool = g_steal_pointer (&frame->pool);
  g_mutex_lock (&pool->lock);
  gboolean keep = pool->kept->len < VC_FRAME_POOL_MAX_KEPT;
  if (keep)
    g_ptr_array_add (pool->kept, frame);
  g_mutex_unlock (&pool->lock);
  if (!keep)
    frame_free (frame);
  vc_frame_pool_unref (pool);
}
