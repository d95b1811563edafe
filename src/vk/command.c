/* vcolorize — command streams: recorded once, submitted many times.
 *
 * Descriptor sets come from pools owned by the stream; they live as long as
 * the recording. Barriers are inserted only where a dispatch depends on the
 * memory an earlier one wrote (read-after-write, write-after-read/write). */
#include "vc-vk-private.h"

#define SETS_PER_POOL 256
#define MAX_TIMESTAMPS 512

struct _VcCmd {
  VcDevice *dev;
  VkCommandPool pool;
  VkCommandBuffer cb;
  VkFence fence;
  GArray *desc_pools;  /* VkDescriptorPool */
  GHashTable *written; /* VcBuffer* written since the last barrier */
  GHashTable *read;    /* VcBuffer* read since the last barrier */
  VkQueryPool queries;
  guint n_timestamps;
  guint64 *ts_values;
  guint n_dispatches;
  GError *deferred; /* first failure while recording, reported by vc_cmd_end */
  gboolean recording, recorded, pending;
};

VcCmd *
vc_cmd_new (VcDevice *dev, GError **error)
{
  VcCmd *cmd = g_new0 (VcCmd, 1);
  cmd->dev = dev;
  cmd->desc_pools = g_array_new (FALSE, FALSE, sizeof (VkDescriptorPool));
  cmd->written = g_hash_table_new (NULL, NULL);
  cmd->read = g_hash_table_new (NULL, NULL);

  VkCommandPoolCreateInfo pi = {
    .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
    .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
    .queueFamilyIndex = dev->queue_family,
  };
  if (!vc_vk_check (vkCreateCommandPool (dev->device, &pi, NULL, &cmd->pool), "vkCreateCommandPool",
                    error))
    goto fail;
  VkCommandBufferAllocateInfo ai = {
    .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
    .commandPool = cmd->pool,
    .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
    .commandBufferCount = 1,
  };
  if (!vc_vk_check (vkAllocateCommandBuffers (dev->device, &ai, &cmd->cb),
                    "vkAllocateCommandBuffers", error))
    goto fail;
  VkFenceCreateInfo fi = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
  if (!vc_vk_check (vkCreateFence (dev->device, &fi, NULL, &cmd->fence), "vkCreateFence", error))
    goto fail;
  if (dev->timestamps) {
    VkQueryPoolCreateInfo qi = {
      .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
      .queryType = VK_QUERY_TYPE_TIMESTAMP,
      .queryCount = MAX_TIMESTAMPS,
    };
    if (!vc_vk_check (vkCreateQueryPool (dev->device, &qi, NULL, &cmd->queries),
                      "vkCreateQueryPool", error))
      goto fail;
    cmd->ts_values = g_new0 (guint64, MAX_TIMESTAMPS);
  }
  return cmd;

fail:
  vc_cmd_free (cmd);
  return NULL;
}

void
vc_cmd_free (VcCmd *cmd)
{
  if (!cmd)
    return;
  VkDevice d = cmd->dev->device;
  if (cmd->pending)
    vkWaitForFences (d, 1, &cmd->fence, VK_TRUE, UINT64_MAX);
  for (guint i = 0; i < cmd->desc_pools->len; i++)
    vkDestroyDescriptorPool (d, g_array_index (cmd->desc_pools, VkDescriptorPool, i), NULL);
  if (cmd->queries)
    vkDestroyQueryPool (d, cmd->queries, NULL);
  if (cmd->fence)
    vkDestroyFence (d, cmd->fence, NULL);
  if (cmd->pool)
    vkDestroyCommandPool (d, cmd->pool, NULL);
  g_array_unref (cmd->desc_pools);
  g_hash_table_unref (cmd->written);
  g_hash_table_unref (cmd->read);
  g_free (cmd->ts_values);
  g_clear_error (&cmd->deferred);
  g_free (cmd);
}

static void full_barrier (VcCmd *cmd);

gboolean
vc_cmd_begin (VcCmd *cmd, GError **error)
{
  if (cmd->pending && !vc_cmd_wait (cmd, G_MAXUINT64, error))
    return FALSE;
  VkDevice d = cmd->dev->device;
  if (!vc_vk_check (vkResetCommandBuffer (cmd->cb, 0), "vkResetCommandBuffer", error))
    return FALSE;
  for (guint i = 0; i < cmd->desc_pools->len; i++)
    vkResetDescriptorPool (d, g_array_index (cmd->desc_pools, VkDescriptorPool, i), 0);
  cmd->n_timestamps = 0;
  cmd->n_dispatches = 0;
  g_clear_error (&cmd->deferred);
  g_hash_table_remove_all (cmd->written);
  g_hash_table_remove_all (cmd->read);

  VkCommandBufferBeginInfo bi = { .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO };
  if (!vc_vk_check (vkBeginCommandBuffer (cmd->cb, &bi), "vkBeginCommandBuffer", error))
    return FALSE;
  if (cmd->queries)
    vkCmdResetQueryPool (cmd->cb, cmd->queries, 0, MAX_TIMESTAMPS);
  /* Submissions to one queue may overlap: order this one after the work of
   * every earlier one, which may have written or still read our buffers. */
  full_barrier (cmd);
  cmd->recording = TRUE;
  cmd->recorded = FALSE;
  return TRUE;
}

/* Descriptor sets are taken from the pools in order, SETS_PER_POOL each;
 * pools made by an earlier recording are reset and reused. */
static VkDescriptorSet
alloc_set (VcCmd *cmd, VkDescriptorSetLayout layout)
{
  static const VkDescriptorPoolSize sizes[] = {
    { VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, SETS_PER_POOL * 16 },
    { VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, SETS_PER_POOL * VC_UNIFORM_ARRAY },
  };
  VkDevice d = cmd->dev->device;
  guint index = cmd->n_dispatches / SETS_PER_POOL;
  if (index >= cmd->desc_pools->len) {
    VkDescriptorPoolCreateInfo pi = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
      .maxSets = SETS_PER_POOL,
      .poolSizeCount = cmd->dev->cpu_kernels ? 2 : 1,
      .pPoolSizes = sizes,
    };
    VkDescriptorPool pool;
    if (vkCreateDescriptorPool (d, &pi, NULL, &pool) != VK_SUCCESS)
      return VK_NULL_HANDLE;
    g_array_append_val (cmd->desc_pools, pool);
  }
  VkDescriptorSetAllocateInfo ai = {
    .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
    .descriptorPool = g_array_index (cmd->desc_pools, VkDescriptorPool, index),
    .descriptorSetCount = 1,
    .pSetLayouts = &layout,
  };
  VkDescriptorSet set = VK_NULL_HANDLE;
  if (vkAllocateDescriptorSets (d, &ai, &set) != VK_SUCCESS)
    return VK_NULL_HANDLE;
  return set;
}

static void
full_barrier (VcCmd *cmd)
{
  VkMemoryBarrier mb = {
    .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
    .srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
    .dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                     VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT |
                     (cmd->dev->cpu_kernels ? VK_ACCESS_UNIFORM_READ_BIT : 0),
  };
  VkPipelineStageFlags stages =
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
  vkCmdPipelineBarrier (cmd->cb, stages, stages, 0, 1, &mb, 0, NULL, 0, NULL);
  g_hash_table_remove_all (cmd->written);
  g_hash_table_remove_all (cmd->read);
}

static void
track_access (VcCmd *cmd, VcBuffer *const *bufs, const gboolean *writes, guint n)
{
  gboolean hazard = FALSE;
  for (guint i = 0; i < n && !hazard; i++) {
    if (g_hash_table_contains (cmd->written, bufs[i]))
      hazard = TRUE;
    else if (writes[i] && g_hash_table_contains (cmd->read, bufs[i]))
      hazard = TRUE;
  }
  if (hazard)
    full_barrier (cmd);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (writes[i] ? cmd->written : cmd->read, bufs[i]);
}

void
vc_cmd_dispatch (VcCmd *cmd, VcPipeline *pipe, const VcBinding *bindings, const void *push,
                 guint gx, guint gy, guint gz)
{
  vc_cmd_dispatch_ranges (cmd, pipe, bindings, NULL, push, gx, gy, gz);
}

void
vc_cmd_dispatch_ranges (VcCmd *cmd, VcPipeline *pipe, const VcBinding *bindings,
                        const VcBindRange *ranges, const void *push, guint gx, guint gy, guint gz)
{
  g_return_if_fail (cmd->recording);
  if (cmd->deferred || !vc_pipeline_wait (cmd->dev, pipe, &cmd->deferred))
    return;
  VkDescriptorSet set = alloc_set (cmd, pipe->set_layout);
  if (!set) {
    g_set_error (&cmd->deferred, VC_ERROR, VC_ERROR_OUT_OF_MEMORY,
                 "Cannot allocate a descriptor set for dispatch %u", cmd->n_dispatches);
    return;
  }
  cmd->n_dispatches++;

  /* one entry of BINDINGS and RANGES per descriptor: an array binding
   * takes several */
  VkDescriptorBufferInfo infos[VC_MAX_BINDINGS * VC_UNIFORM_ARRAY];
  VkWriteDescriptorSet writes[VC_MAX_BINDINGS];
  VcBuffer *bufs[VC_MAX_BINDINGS * VC_UNIFORM_ARRAY];
  gboolean wflags[VC_MAX_BINDINGS * VC_UNIFORM_ARRAY];
  const VkPhysicalDeviceLimits *lim = &cmd->dev->props.limits;
  guint n = 0;
  for (guint i = 0; i < pipe->n_bindings; i++) {
    gboolean uniform = vc_binding_type (pipe, i) == VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
    guint count = uniform ? pipe->uniform_array : 1;
    writes[i] = (VkWriteDescriptorSet){
      .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
      .dstSet = set,
      .dstBinding = i,
      .descriptorCount = count,
      .descriptorType = vc_binding_type (pipe, i),
      .pBufferInfo = &infos[n],
    };
    for (guint e = 0; e < count; e++, n++) {
      const VcBinding *b = &bindings[n];
      guint64 offset = ranges ? ranges[n].offset : 0;
      guint64 range = ranges && ranges[n].size ? ranges[n].size
                                               : b->buffer->size - MIN (offset, b->buffer->size);
      if (offset + range > b->buffer->size || range == 0 ||
          (uniform &&
           (range > lim->maxUniformBufferRange || offset % lim->minUniformBufferOffsetAlignment))) {
        g_set_error (&cmd->deferred, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                     "Dispatch %u binds bytes %" G_GUINT64_FORMAT "..+%" G_GUINT64_FORMAT
                     " of a %" G_GUINT64_FORMAT "-byte buffer at binding %u[%u], which it cannot",
                     cmd->n_dispatches, offset, range, b->buffer->size, i, e);
        return;
      }
      infos[n] = (VkDescriptorBufferInfo){ b->buffer->buffer, offset, range };
      bufs[n] = b->buffer;
      wflags[n] = b->write;
    }
  }
  vkUpdateDescriptorSets (cmd->dev->device, pipe->n_bindings, writes, 0, NULL);
  track_access (cmd, bufs, wflags, n);

  vkCmdBindPipeline (cmd->cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipe->pipeline);
  vkCmdBindDescriptorSets (cmd->cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipe->layout, 0, 1, &set, 0,
                           NULL);
  if (pipe->push_size)
    vkCmdPushConstants (cmd->cb, pipe->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, pipe->push_size,
                        push);
  if (gx && gy && gz)
    vkCmdDispatch (cmd->cb, gx, gy, gz);
}

void
vc_cmd_copy (VcCmd *cmd, VcBuffer *src, guint64 src_offset, VcBuffer *dst, guint64 dst_offset,
             guint64 size)
{
  g_return_if_fail (cmd->recording);
  VcBuffer *bufs[2] = { src, dst };
  gboolean writes[2] = { FALSE, TRUE };
  track_access (cmd, bufs, writes, 2);
  VkBufferCopy region = { src_offset, dst_offset, size };
  vkCmdCopyBuffer (cmd->cb, src->buffer, dst->buffer, 1, &region);
}

int
vc_cmd_timestamp (VcCmd *cmd)
{
  g_return_val_if_fail (cmd->recording, -1);
  if (!cmd->queries || cmd->n_timestamps >= MAX_TIMESTAMPS)
    return -1;
  vkCmdWriteTimestamp (cmd->cb, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, cmd->queries,
                       cmd->n_timestamps);
  return cmd->n_timestamps++;
}

gboolean
vc_cmd_end (VcCmd *cmd, GError **error)
{
  g_return_val_if_fail (cmd->recording, FALSE);
  /* Make every write visible to the host once the fence signals. */
  VkMemoryBarrier mb = {
    .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
    .srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
    .dstAccessMask = VK_ACCESS_HOST_READ_BIT,
  };
  vkCmdPipelineBarrier (cmd->cb,
                        VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                        VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &mb, 0, NULL, 0, NULL);
  cmd->recording = FALSE;
  if (cmd->deferred) {
    vkEndCommandBuffer (cmd->cb);
    g_propagate_error (error, g_steal_pointer (&cmd->deferred));
    return FALSE;
  }
  if (!vc_vk_check (vkEndCommandBuffer (cmd->cb), "vkEndCommandBuffer", error))
    return FALSE;
  cmd->recorded = TRUE;
  return TRUE;
}

gboolean
vc_cmd_submit (VcCmd *cmd, GError **error)
{
  if (!cmd->recorded) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "Nothing recorded to submit");
    return FALSE;
  }
  if (cmd->pending && !vc_cmd_wait (cmd, G_MAXUINT64, error))
    return FALSE;
  VcDevice *dev = cmd->dev;
  vkResetFences (dev->device, 1, &cmd->fence);
  VkSubmitInfo si = {
    .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
    .commandBufferCount = 1,
    .pCommandBuffers = &cmd->cb,
  };
  g_mutex_lock (dev->queue_lock);
  VkResult res = vkQueueSubmit (dev->queue, 1, &si, cmd->fence);
  g_mutex_unlock (dev->queue_lock);
  if (!vc_vk_check (res, "vkQueueSubmit", error))
    return FALSE;
  cmd->pending = TRUE;
  return TRUE;
}

gboolean
vc_cmd_wait (VcCmd *cmd, guint64 timeout_ns, GError **error)
{
  if (!cmd->pending)
    return TRUE;
  VkResult res = vkWaitForFences (cmd->dev->device, 1, &cmd->fence, VK_TRUE, timeout_ns);
  if (res == VK_TIMEOUT) {
    g_set_error (error, VC_ERROR, VC_ERROR_VULKAN, "GPU work did not finish in %.3f s",
                 timeout_ns / 1e9);
    return FALSE;
  }
  if (!vc_vk_check (res, "vkWaitForFences", error))
    return FALSE;
  cmd->pending = FALSE;
  if (cmd->n_timestamps)
    vkGetQueryPoolResults (cmd->dev->device, cmd->queries, 0, cmd->n_timestamps,
                           cmd->n_timestamps * sizeof (guint64), cmd->ts_values, sizeof (guint64),
                           VK_QUERY_RESULT_64_BIT);
  return TRUE;
}

gboolean
vc_cmd_run (VcCmd *cmd, GError **error)
{
  return (!cmd->recording || vc_cmd_end (cmd, error)) && vc_cmd_submit (cmd, error) &&
         vc_cmd_wait (cmd, G_MAXUINT64, error);
}

double
vc_cmd_elapsed_ns (VcCmd *cmd, int from_slot, int to_slot)
{
  if (from_slot < 0 || to_slot < 0 || (guint) to_slot >= cmd->n_timestamps ||
      (guint) from_slot >= cmd->n_timestamps)
    return -1.0;
  /* the counter has timestampValidBits bits and may wrap between the two */
  guint64 mask = cmd->dev->timestamp_mask;
  guint64 ticks = (cmd->ts_values[to_slot] - cmd->ts_values[from_slot]) & mask;
  /* a later slot read before an earlier one (should not happen): no time */
  if (ticks > mask / 2)
    return 0.0;
  return (double) ticks * cmd->dev->timestamp_period_ns;
}

guint
vc_cmd_n_dispatches (const VcCmd *cmd)
{
  return cmd->n_dispatches;
}
