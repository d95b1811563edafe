/* vcolorize — buffers: device-local tensors and host-visible staging. */
#include "vc-vk-private.h"

static int
find_memory_type (const VcDevice *dev, guint32 type_bits, VkMemoryPropertyFlags required,
                  VkMemoryPropertyFlags preferred)
{
  const VkPhysicalDeviceMemoryProperties *mp = &dev->mem_props;
  int fallback = -1;
  for (guint32 i = 0; i < mp->memoryTypeCount; i++) {
    VkMemoryPropertyFlags f = mp->memoryTypes[i].propertyFlags;
    if (!(type_bits & (1u << i)) || (f & required) != required)
      continue;
    if ((f & preferred) == preferred)
      return i;
    if (fallback < 0)
      fallback = i;
  }
  return fallback;
}

static const char *
kind_name (VcBufferKind kind)
{
  return kind == VC_BUFFER_DEVICE   ? "device buffer"
         : kind == VC_BUFFER_UPLOAD ? "upload buffer"
                                    : "readback buffer";
}

static gboolean
reserve_memory (VcDevice *dev, guint64 size, VcBufferKind kind, GError **error)
{
  gboolean ok = TRUE;
  g_mutex_lock (&dev->memory_lock);
  if (dev->memory_budget && dev->memory_in_use + size > dev->memory_budget) {
    g_set_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY,
                 "Cannot allocate a %s of %.1f MiB: %.1f MiB of the %.1f MiB memory budget "
                 "are already in use",
                 kind_name (kind), size / 1048576.0, dev->memory_in_use / 1048576.0,
                 dev->memory_budget / 1048576.0);
    ok = FALSE;
  } else {
    dev->memory_in_use += size;
    dev->memory_peak = MAX (dev->memory_peak, dev->memory_in_use);
  }
  g_mutex_unlock (&dev->memory_lock);
  return ok;
}

static void
release_memory (VcDevice *dev, guint64 size)
{
  g_mutex_lock (&dev->memory_lock);
  dev->memory_in_use -= size;
  g_mutex_unlock (&dev->memory_lock);
}

VcBuffer *
vc_buffer_new (VcDevice *dev, VcBufferKind kind, guint64 size, GError **error)
{
  if (size == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "Cannot allocate an empty %s",
                 kind_name (kind));
    return NULL;
  }
  /* Storage buffers are read as vec4s, so keep sizes a multiple of 16. */
  size = (size + 15) & ~(guint64) 15;
  if (dev->max_allocation && size > dev->max_allocation) {
    g_set_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY,
                 "Cannot allocate a %s of %.1f MiB: '%s' allows at most %.1f MiB in one "
                 "allocation (lower the resolution?)",
                 kind_name (kind), size / 1048576.0, dev->props.deviceName,
                 dev->max_allocation / 1048576.0);
    return NULL;
  }
  if (!reserve_memory (dev, size, kind, error))
    return NULL;

  VcBuffer *buf = g_new0 (VcBuffer, 1);
  buf->dev = dev;
  buf->size = size;
  buf->kind = kind;

  VkBufferCreateInfo info = {
    .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
    .size = size,
    .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
             VK_BUFFER_USAGE_TRANSFER_DST_BIT |
             (dev->cpu_kernels ? VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT : 0),
    .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
  };
  if (!vc_vk_check (vkCreateBuffer (dev->device, &info, NULL, &buf->buffer), "vkCreateBuffer",
                    error))
    goto fail;

  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements (dev->device, buf->buffer, &req);
  VkMemoryPropertyFlags required = 0, preferred = 0;
  switch (kind) {
  case VC_BUFFER_DEVICE:
    preferred = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    break;
  case VC_BUFFER_UPLOAD:
    required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    break;
  case VC_BUFFER_READBACK:
    required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    preferred = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
    break;
  }
  int type = find_memory_type (dev, req.memoryTypeBits, required, preferred);
  if (type < 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_UNSUPPORTED, "'%s' has no memory type for a %s",
                 dev->props.deviceName, kind_name (kind));
    goto fail;
  }
  guint32 heap = dev->mem_props.memoryTypes[type].heapIndex;
  if (req.size > dev->mem_props.memoryHeaps[heap].size) {
    g_set_error (error, VC_ERROR, VC_ERROR_OUT_OF_MEMORY,
                 "Cannot allocate a %s of %.1f MiB: the memory heap of '%s' holds only "
                 "%.1f MiB",
                 kind_name (kind), req.size / 1048576.0, dev->props.deviceName,
                 dev->mem_props.memoryHeaps[heap].size / 1048576.0);
    goto fail;
  }
  VkMemoryAllocateInfo alloc = {
    .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
    .allocationSize = req.size,
    .memoryTypeIndex = type,
  };
  VkResult res = vkAllocateMemory (dev->device, &alloc, NULL, &buf->memory);
  if (res != VK_SUCCESS) {
    g_set_error (error, VC_ERROR,
                 res == VK_ERROR_OUT_OF_DEVICE_MEMORY || res == VK_ERROR_OUT_OF_HOST_MEMORY
                     ? VC_ERROR_OUT_OF_MEMORY
                     : VC_ERROR_VULKAN,
                 "Cannot allocate a %s of %.1f MiB on '%s': %s", kind_name (kind),
                 req.size / 1048576.0, dev->props.deviceName, vc_vk_result_string (res));
    goto fail;
  }
  if (!vc_vk_check (vkBindBufferMemory (dev->device, buf->buffer, buf->memory, 0),
                    "vkBindBufferMemory", error))
    goto fail;
  if (dev->mem_props.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
    if (!vc_vk_check (vkMapMemory (dev->device, buf->memory, 0, VK_WHOLE_SIZE, 0, &buf->mapped),
                      "vkMapMemory", error))
      goto fail;
  }
  return buf;

fail:
  vc_buffer_free (buf);
  return NULL;
}

void
vc_buffer_free (VcBuffer *buf)
{
  if (!buf)
    return;
  VkDevice d = buf->dev->device;
  if (buf->mapped)
    vkUnmapMemory (d, buf->memory);
  if (buf->buffer)
    vkDestroyBuffer (d, buf->buffer, NULL);
  if (buf->memory)
    vkFreeMemory (d, buf->memory, NULL);
  release_memory (buf->dev, buf->size);
  g_free (buf);
}

guint64
vc_buffer_size (const VcBuffer *buf)
{
  return buf->size;
}

VkBuffer
vc_buffer_handle (const VcBuffer *buf)
{
  return buf->buffer;
}

void *
vc_buffer_map (VcBuffer *buf)
{
  return buf->mapped;
}

static gboolean
check_range (const VcBuffer *buf, guint64 offset, gsize size, GError **error)
{
  if (offset > buf->size || size > buf->size - offset) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "Range of %" G_GSIZE_FORMAT " bytes at offset %" G_GUINT64_FORMAT
                 " is outside a buffer of %" G_GUINT64_FORMAT " bytes",
                 size, offset, buf->size);
    return FALSE;
  }
  return TRUE;
}

gboolean
vc_buffer_write (VcBuffer *buf, guint64 offset, const void *data, gsize size, GError **error)
{
  if (!check_range (buf, offset, size, error))
    return FALSE;
  if (size == 0)
    return TRUE;
  if (buf->mapped) {
    memcpy ((guint8 *) buf->mapped + offset, data, size);
    return TRUE;
  }
  VcBuffer *staging = vc_buffer_new (buf->dev, VC_BUFFER_UPLOAD, size, error);
  if (!staging)
    return FALSE;
  memcpy (staging->mapped, data, size);
  gboolean ok = vc_device_copy_now (buf->dev, staging, 0, buf, offset, size, error);
  vc_buffer_free (staging);
  return ok;
}

gboolean
vc_buffer_read (VcBuffer *buf, guint64 offset, void *data, gsize size, GError **error)
{
  if (!check_range (buf, offset, size, error))
    return FALSE;
  if (size == 0)
    return TRUE;
  if (buf->mapped) {
    memcpy (data, (guint8 *) buf->mapped + offset, size);
    return TRUE;
  }
  VcBuffer *staging = vc_buffer_new (buf->dev, VC_BUFFER_READBACK, size, error);
  if (!staging)
    return FALSE;
  gboolean ok = vc_device_copy_now (buf->dev, buf, offset, staging, 0, size, error);
  if (ok)
    memcpy (data, staging->mapped, size);
  vc_buffer_free (staging);
  return ok;
}

gboolean
vc_device_copy_now (VcDevice *dev, VcBuffer *src, guint64 src_offset, VcBuffer *dst,
                    guint64 dst_offset, guint64 size, GError **error)
{
  VkCommandBuffer cb = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  gboolean ok = FALSE;

  g_mutex_lock (dev->queue_lock);
  VkCommandBufferAllocateInfo ai = {
    .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
    .commandPool = dev->transfer_pool,
    .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
    .commandBufferCount = 1,
  };
  if (!vc_vk_check (vkAllocateCommandBuffers (dev->device, &ai, &cb), "vkAllocateCommandBuffers",
                    error))
    goto out;
  VkFenceCreateInfo fi = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
  if (!vc_vk_check (vkCreateFence (dev->device, &fi, NULL, &fence), "vkCreateFence", error))
    goto out;
  VkCommandBufferBeginInfo bi = {
    .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
    .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
  };
  vkBeginCommandBuffer (cb, &bi);
  /* Earlier submissions on this queue may still write src or read dst. */
  VkMemoryBarrier before = {
    .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
    .srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
    .dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
  };
  vkCmdPipelineBarrier (cb, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
                        1, &before, 0, NULL, 0, NULL);
  VkBufferCopy region = { src_offset, dst_offset, size };
  vkCmdCopyBuffer (cb, src->buffer, dst->buffer, 1, &region);
  VkMemoryBarrier after = {
    .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
    .srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT,
    .dstAccessMask = VK_ACCESS_HOST_READ_BIT,
  };
  vkCmdPipelineBarrier (cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1,
                        &after, 0, NULL, 0, NULL);
  if (!vc_vk_check (vkEndCommandBuffer (cb), "vkEndCommandBuffer", error))
    goto out;
  VkSubmitInfo si = {
    .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
    .commandBufferCount = 1,
    .pCommandBuffers = &cb,
  };
  if (!vc_vk_check (vkQueueSubmit (dev->queue, 1, &si, fence), "vkQueueSubmit", error))
    goto out;
  ok = vc_vk_check (vkWaitForFences (dev->device, 1, &fence, VK_TRUE, UINT64_MAX),
                    "vkWaitForFences", error);
out:
  if (fence)
    vkDestroyFence (dev->device, fence, NULL);
  if (cb)
    vkFreeCommandBuffers (dev->device, dev->transfer_pool, 1, &cb);
  g_mutex_unlock (dev->queue_lock);
  return ok;
}
