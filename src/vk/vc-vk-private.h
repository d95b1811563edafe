/* vcolorize — internals shared by the files of the Vulkan layer. */
#pragma once

#include <errno.h>
#include <string.h>
#include "vc-vk.h"

typedef struct _VcDeviceCore VcDeviceCore;

/* Compiles pipelines on a pool of threads (pipeline.c), one per core: a
 * pipeline is handed out at once and compiled while the next are asked
 * for; a dispatch waits for it. */
typedef struct {
  GThreadPool *pool; /* NULL until the first pipeline, and where no thread starts */
  gboolean no_pool;  /* tried, none: pipelines are compiled when asked for */
  guint pending;     /* pipelines queued or compiling */
  GCond done;        /* with pipeline_lock: pending went down */
} VcCompiler;

/* A device as one user (a colorizer, a test) holds it. Devices opened with
 * the same options in one process share one Vulkan instance and device,
 * its queue, its pipelines and their cache (a VcDeviceCore, refcounted,
 * in device.c): every field down to pipeline_cache_path is the core's, the
 * same in each, and the locks are the core's. The memory counters and the
 * budget are each user's own. */
struct _VcDevice {
  VcDeviceCore *core;
  VkInstance instance;
  VkPhysicalDevice phys;
  VkDevice device;
  VkQueue queue;
  guint32 queue_family;
  GMutex *queue_lock; /* guards queue submission and transfer_pool */
  VkCommandPool transfer_pool;

  VkPhysicalDeviceProperties props;
  VkPhysicalDeviceMemoryProperties mem_props;
  guint64 max_allocation;
  guint subgroup_size;
  gboolean fp16;
  gboolean cpu_kernels; /* see VcKernels */
  gboolean timestamps;
  guint64 timestamp_mask; /* the valid bits of a timestamp */
  double timestamp_period_ns;

  GMutex *pipeline_lock; /* guards pipelines, pipeline_cache use and compiler */
  GHashTable *pipelines; /* key string -> VcPipeline* */
  VcCompiler *compiler;
  VkPipelineCache pipeline_cache;
  char *pipeline_cache_path; /* NULL: no on-disk cache */

  gint refs; /* this user's: vc_device_ref */

  GMutex memory_lock; /* guards the counters below */
  guint64 memory_budget, memory_in_use, memory_peak;
};

struct _VcBuffer {
  VcDevice *dev;
  VkBuffer buffer;
  VkDeviceMemory memory;
  guint64 size;
  VcBufferKind kind;
  void *mapped;
};

/* A pipeline's compile: a failed one is compiled again when asked for
 * again; a compiled one stays so. */
typedef enum {
  VC_PIPELINE_COMPILING,
  VC_PIPELINE_COMPILED,
  VC_PIPELINE_FAILED,
} VcPipelineState;

struct _VcPipeline {
  char *key;
  VkDescriptorSetLayout set_layout;
  VkPipelineLayout layout;
  VkPipeline pipeline; /* once compiled */
  gint state;          /* a VcPipelineState, atomic; set with pipeline_lock held */
  GError *error;       /* why it failed; guarded by pipeline_lock */
  guint n_bindings;
  guint push_size;
  guint uniform_mask;  /* as in VcPipelineDesc */
  guint uniform_array; /* descriptors in each uniform binding, >= 1 */
};

#define VC_MAX_BINDINGS 16 /* of a pipeline, at most */

static inline VkDescriptorType
vc_binding_type (const VcPipeline *pipe, guint binding)
{
  return pipe->uniform_mask & (1u << binding) ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER
                                              : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
}

/* Sets *error from a failed Vulkan call; returns FALSE if result is an error. */
gboolean vc_vk_check (VkResult result, const char *what, GError **error);
const char *vc_vk_result_string (VkResult result);

void vc_pipeline_destroy (VcDevice *dev, VcPipeline *pipe);
/* Waits until PIPE is compiled; FALSE, with why, if it could not be. */
gboolean vc_pipeline_wait (VcDevice *dev, VcPipeline *pipe, GError **error);
/* Waits for the pipelines being compiled and stops the compiler's threads
 * (before the device is destroyed). */
void vc_pipeline_compiler_stop (VcDevice *dev);
gboolean vc_pipeline_cache_open (VcDevice *dev, GError **error);
void vc_pipeline_cache_close (VcDevice *dev);

/* Runs a one-off command buffer that copies between buffers; waits for it. */
gboolean vc_device_copy_now (VcDevice *dev, VcBuffer *src, guint64 src_offset, VcBuffer *dst,
                             guint64 dst_offset, guint64 size, GError **error);
