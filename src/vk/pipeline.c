/* vcolorize — compute pipelines from embedded SPIR-V, and the on-disk
 * pipeline cache. */
#include "vc-vk-private.h"
#include "vc-shaders.h"

#include <glib/gstdio.h>

#define VC_MAX_SPEC 32
/* Threads that compile pipelines, at most (no more than the processors). */
#define VC_COMPILE_THREADS 8

/* With pipeline_lock held: waits until no pipeline is being compiled. */
static void
wait_compiled (VcDevice *dev)
{
  while (dev->compiler->pending)
    g_cond_wait (&dev->compiler->done, dev->pipeline_lock);
}

/* A cache file is used only if its header says it was written by this very
 * driver and device; anything else (truncated, foreign, garbage) is a miss. */
static gboolean
cache_header_matches (const VcDevice *dev, const guint8 *data, gsize len)
{
  if (len < 32)
    return FALSE;
  guint32 header_size, version, vendor, device;
  memcpy (&header_size, data, 4);
  memcpy (&version, data + 4, 4);
  memcpy (&vendor, data + 8, 4);
  memcpy (&device, data + 12, 4);
  return header_size >= 32 && header_size <= len &&
         version == VK_PIPELINE_CACHE_HEADER_VERSION_ONE && vendor == dev->props.vendorID &&
         device == dev->props.deviceID &&
         memcmp (data + 16, dev->props.pipelineCacheUUID, VK_UUID_SIZE) == 0;
}

gboolean
vc_pipeline_cache_open (VcDevice *dev, GError **error)
{
  g_autofree gchar *data = NULL;
  gsize len = 0;
  if (dev->pipeline_cache_path &&
      g_file_get_contents (dev->pipeline_cache_path, &data, &len, NULL) &&
      !cache_header_matches (dev, (const guint8 *) data, len)) {
    g_debug ("ignoring pipeline cache %s: not written by this device", dev->pipeline_cache_path);
    g_clear_pointer (&data, g_free);
    len = 0;
  }
  VkPipelineCacheCreateInfo info = {
    .sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO,
    .initialDataSize = data ? len : 0,
    .pInitialData = data,
  };
  if (vkCreatePipelineCache (dev->device, &info, NULL, &dev->pipeline_cache) == VK_SUCCESS)
    return TRUE;
  /* The driver rejected the data: start empty. */
  info.initialDataSize = 0;
  info.pInitialData = NULL;
  return vc_vk_check (vkCreatePipelineCache (dev->device, &info, NULL, &dev->pipeline_cache),
                      "vkCreatePipelineCache", error);
}

gboolean
vc_device_save_pipeline_cache (VcDevice *dev, GError **error)
{
  if (!dev->pipeline_cache_path || !dev->pipeline_cache)
    return TRUE;
  g_mutex_lock (dev->pipeline_lock);
  /* with every pipeline asked for so far in it */
  wait_compiled (dev);
  gsize len = 0;
  g_autofree guint8 *data = NULL;
  gboolean ok = vc_vk_check (vkGetPipelineCacheData (dev->device, dev->pipeline_cache, &len, NULL),
                             "vkGetPipelineCacheData", error);
  if (ok) {
    data = g_malloc (MAX (len, 1));
    ok = vc_vk_check (vkGetPipelineCacheData (dev->device, dev->pipeline_cache, &len, data),
                      "vkGetPipelineCacheData", error);
  }
  g_mutex_unlock (dev->pipeline_lock);
  if (!ok)
    return FALSE;
  g_autofree gchar *dir = g_path_get_dirname (dev->pipeline_cache_path);
  if (g_mkdir_with_parents (dir, 0755) != 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_VULKAN, "Cannot create the cache folder %s: %s", dir,
                 g_strerror (errno));
    return FALSE;
  }
  /* g_file_set_contents writes a temporary file and renames it: readers never
   * see half a cache. */
  return g_file_set_contents (dev->pipeline_cache_path, (const gchar *) data, len, error);
}

void
vc_pipeline_cache_close (VcDevice *dev)
{
  if (!dev->pipeline_cache)
    return;
  g_autoptr (GError) err = NULL;
  if (!vc_device_save_pipeline_cache (dev, &err))
    g_debug ("pipeline cache not saved: %s", err->message);
  vkDestroyPipelineCache (dev->device, dev->pipeline_cache, NULL);
  dev->pipeline_cache = VK_NULL_HANDLE;
}

static char *
pipeline_key (const VcDevice *dev, const VcPipelineDesc *desc)
{
  GString *key = g_string_new (desc->shader);
  g_string_append_printf (key, "|%d|%u|%u|%x|%u", dev->fp16, desc->n_bindings, desc->push_size,
                          desc->uniform_mask, desc->uniform_array);
  for (guint i = 0; i < desc->n_spec; i++)
    g_string_append_printf (key, "|%08x", desc->spec[i]);
  return g_string_free (key, FALSE);
}

void
vc_pipeline_destroy (VcDevice *dev, VcPipeline *pipe)
{
  if (pipe->pipeline)
    vkDestroyPipeline (dev->device, pipe->pipeline, NULL);
  if (pipe->layout)
    vkDestroyPipelineLayout (dev->device, pipe->layout, NULL);
  if (pipe->set_layout)
    vkDestroyDescriptorSetLayout (dev->device, pipe->set_layout, NULL);
  g_clear_error (&pipe->error);
  g_free (pipe->key);
  g_free (pipe);
}

/* A pipeline of DESC with its layouts, not compiled yet. */
static VcPipeline *
pipeline_new (VcDevice *dev, const VcPipelineDesc *desc, GError **error)
{
  VcPipeline *pipe = g_new0 (VcPipeline, 1);
  pipe->n_bindings = desc->n_bindings;
  pipe->push_size = desc->push_size;
  pipe->uniform_mask = desc->uniform_mask;
  pipe->uniform_array = MAX (desc->uniform_array, 1);

  VkDescriptorSetLayoutBinding bindings[VC_MAX_BINDINGS];
  for (guint i = 0; i < desc->n_bindings; i++)
    bindings[i] = (VkDescriptorSetLayoutBinding){
      .binding = i,
      .descriptorType = vc_binding_type (pipe, i),
      .descriptorCount =
          vc_binding_type (pipe, i) == VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER ? pipe->uniform_array : 1,
      .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
    };
  VkDescriptorSetLayoutCreateInfo dsl = {
    .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
    .bindingCount = desc->n_bindings,
    .pBindings = bindings,
  };
  VkPushConstantRange range = { VK_SHADER_STAGE_COMPUTE_BIT, 0, desc->push_size };
  VkPipelineLayoutCreateInfo pl = {
    .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
    .setLayoutCount = 1,
    .pSetLayouts = &pipe->set_layout,
    .pushConstantRangeCount = desc->push_size ? 1 : 0,
    .pPushConstantRanges = &range,
  };
  if (vc_vk_check (vkCreateDescriptorSetLayout (dev->device, &dsl, NULL, &pipe->set_layout),
                   "vkCreateDescriptorSetLayout", error) &&
      vc_vk_check (vkCreatePipelineLayout (dev->device, &pl, NULL, &pipe->layout),
                   "vkCreatePipelineLayout", error))
    return pipe;
  vc_pipeline_destroy (dev, pipe);
  return NULL;
}

/* What compiling a pipeline takes: the core's handles (valid until the
 * compiler stops), the shader and a copy of the specialization constants. */
typedef struct {
  VkDevice device;
  VkPipelineCache cache;
  GMutex *lock;
  VcCompiler *compiler;
  VcPipeline *pipe;
  const VcShaderCode *code;
  guint32 spec[VC_MAX_SPEC];
  guint n_spec;
} Compile;

/* Compiles C->pipe's shader into C->pipe->pipeline; FALSE with ERROR. */
static gboolean
compile (const Compile *c, GError **error)
{
  VkShaderModuleCreateInfo sm = {
    .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
    .codeSize = c->code->size,
    .pCode = c->code->code,
  };
  VkShaderModule module = VK_NULL_HANDLE;
  if (!vc_vk_check (vkCreateShaderModule (c->device, &sm, NULL, &module), "vkCreateShaderModule",
                    error))
    return FALSE;
  VkSpecializationMapEntry entries[VC_MAX_SPEC];
  for (guint i = 0; i < c->n_spec; i++)
    entries[i] = (VkSpecializationMapEntry){ i, i * 4, 4 };
  VkSpecializationInfo spec = {
    .mapEntryCount = c->n_spec,
    .pMapEntries = entries,
    .dataSize = c->n_spec * 4,
    .pData = c->spec,
  };
  VkComputePipelineCreateInfo ci = {
    .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
    .stage = {
      .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
      .stage = VK_SHADER_STAGE_COMPUTE_BIT,
      .module = module,
      .pName = "main",
      .pSpecializationInfo = c->n_spec ? &spec : NULL,
    },
    .layout = c->pipe->layout,
  };
  /* the cache is internally synchronized: compiles may share it */
  VkResult res = vkCreateComputePipelines (c->device, c->cache, 1, &ci, NULL, &c->pipe->pipeline);
  vkDestroyShaderModule (c->device, module, NULL);
  return vc_vk_check (res, "vkCreateComputePipelines", error);
}

/* The pool's work: compiles C (taken), and says so. */
static void
compile_task (gpointer data, gpointer user_data)
{
  Compile *c = data;
  (void) user_data;
  GError *error = NULL;
  compile (c, &error);
  g_mutex_lock (c->lock);
  c->pipe->error = error;
  g_atomic_int_set (&c->pipe->state, error ? VC_PIPELINE_FAILED : VC_PIPELINE_COMPILED);
  c->compiler->pending--;
  g_cond_broadcast (&c->compiler->done);
  g_mutex_unlock (c->lock);
  g_free (c);
}

/* With pipeline_lock held: whether C can be compiled on the pool (started
 * at the first pipeline), which then owns it. */
static gboolean
compile_later (VcDevice *dev, Compile *c)
{
  VcCompiler *compiler = dev->compiler;
  if (!compiler->pool && !compiler->no_pool) {
    guint threads = MIN (g_get_num_processors (), VC_COMPILE_THREADS);
    if (threads > 1)
      compiler->pool = g_thread_pool_new (compile_task, NULL, (gint) threads, TRUE, NULL);
    compiler->no_pool = !compiler->pool;
  }
  if (!compiler->pool)
    return FALSE;
  compiler->pending++;
  /* an exclusive pool has its threads: pushing does not fail */
  g_thread_pool_push (compiler->pool, c, NULL);
  return TRUE;
}

/* With pipeline_lock held: compiles PIPE, of DESC and CODE, on the pool;
 * or now, where there is none (then FALSE, with ERROR, if it fails). */
static gboolean
start_compile (VcDevice *dev, VcPipeline *pipe, const VcShaderCode *code,
               const VcPipelineDesc *desc, GError **error)
{
  Compile *c = g_new (Compile, 1);
  *c = (Compile){
    .device = dev->device,
    .cache = dev->pipeline_cache,
    .lock = dev->pipeline_lock,
    .compiler = dev->compiler,
    .pipe = pipe,
    .code = code,
    .n_spec = desc->n_spec,
  };
  memcpy (c->spec, desc->spec, desc->n_spec * sizeof (guint32));
  g_clear_error (&pipe->error);
  g_atomic_int_set (&pipe->state, VC_PIPELINE_COMPILING);
  if (compile_later (dev, c))
    return TRUE;
  gboolean ok = compile (c, &pipe->error);
  g_free (c);
  g_atomic_int_set (&pipe->state, ok ? VC_PIPELINE_COMPILED : VC_PIPELINE_FAILED);
  if (!ok)
    g_propagate_error (error, g_error_copy (pipe->error));
  return ok;
}

gboolean
vc_pipeline_wait (VcDevice *dev, VcPipeline *pipe, GError **error)
{
  /* compiled stays compiled: no lock needed to see it */
  if (g_atomic_int_get (&pipe->state) == VC_PIPELINE_COMPILED)
    return TRUE;
  g_mutex_lock (dev->pipeline_lock);
  while (pipe->state == VC_PIPELINE_COMPILING)
    g_cond_wait (&dev->compiler->done, dev->pipeline_lock);
  gboolean ok = pipe->state == VC_PIPELINE_COMPILED;
  if (!ok)
    g_propagate_error (error, g_error_copy (pipe->error));
  g_mutex_unlock (dev->pipeline_lock);
  return ok;
}

void
vc_pipeline_compiler_stop (VcDevice *dev)
{
  g_mutex_lock (dev->pipeline_lock);
  GThreadPool *pool = g_steal_pointer (&dev->compiler->pool);
  dev->compiler->no_pool = TRUE;
  wait_compiled (dev);
  g_mutex_unlock (dev->pipeline_lock);
  if (pool)
    g_thread_pool_free (pool, FALSE, TRUE);
}

VcPipeline *
vc_pipeline_get (VcDevice *dev, const VcPipelineDesc *desc, GError **error)
{
  if (desc->n_bindings > VC_MAX_BINDINGS || desc->n_spec > VC_MAX_SPEC) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "Pipeline '%s' has too many bindings or specialization constants", desc->shader);
    return NULL;
  }
  if (desc->push_size > 128 || desc->push_size > dev->props.limits.maxPushConstantsSize ||
      desc->push_size % 4) {
    g_set_error (error, VC_ERROR, VC_ERROR_UNSUPPORTED,
                 "Pipeline '%s' needs %u bytes of push constants; '%s' allows %u", desc->shader,
                 desc->push_size, dev->props.deviceName,
                 MIN (128u, dev->props.limits.maxPushConstantsSize));
    return NULL;
  }
  if (desc->uniform_mask && !dev->cpu_kernels) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "Pipeline '%s' binds uniform buffers, which only a device with CPU kernels has",
                 desc->shader);
    return NULL;
  }
  if (desc->uniform_array > VC_UNIFORM_ARRAY) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
                 "Pipeline '%s' binds arrays of %u uniform buffers; at most %u", desc->shader,
                 desc->uniform_array, VC_UNIFORM_ARRAY);
    return NULL;
  }
  const VcShaderCode *code = vc_shader_lookup (desc->shader, dev->fp16);
  if (!code) {
    g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT, "No shader named '%s'", desc->shader);
    return NULL;
  }

  char *key = pipeline_key (dev, desc);
  g_mutex_lock (dev->pipeline_lock);
  VcPipeline *pipe = g_hash_table_lookup (dev->pipelines, key);
  /* a new one is compiled, and one that failed (out of memory, say) again */
  gboolean to_compile = pipe && pipe->state == VC_PIPELINE_FAILED;
  if (!pipe && (pipe = pipeline_new (dev, desc, error))) {
    pipe->key = g_steal_pointer (&key);
    g_hash_table_insert (dev->pipelines, pipe->key, pipe);
    to_compile = TRUE;
  }
  if (to_compile && !start_compile (dev, pipe, code, desc, error))
    pipe = NULL;
  g_mutex_unlock (dev->pipeline_lock);
  g_free (key);
  return pipe;
}
