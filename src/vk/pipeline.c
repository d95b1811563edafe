/* vcolorize — compute pipelines from embedded SPIR-V, and the on-disk
 * pipeline cache. */
#include "vc-vk-private.h"
#include "vc-shaders.h"

#include <glib/gstdio.h>

#define VC_MAX_SPEC 32

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
  g_free (pipe->key);
  g_free (pipe);
}

static VcPipeline *
pipeline_create (VcDevice *dev, const VcPipelineDesc *desc, const VcShaderCode *code,
                 GError **error)
{
  VcPipeline *pipe = g_new0 (VcPipeline, 1);
  pipe->n_bindings = desc->n_bindings;
  pipe->push_size = desc->push_size;
  pipe->uniform_mask = desc->uniform_mask;
  pipe->uniform_array = MAX (desc->uniform_array, 1);
  VkShaderModule module = VK_NULL_HANDLE;

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
  if (!vc_vk_check (vkCreateDescriptorSetLayout (dev->device, &dsl, NULL, &pipe->set_layout),
                    "vkCreateDescriptorSetLayout", error))
    goto fail;

  VkPushConstantRange range = { VK_SHADER_STAGE_COMPUTE_BIT, 0, desc->push_size };
  VkPipelineLayoutCreateInfo pl = {
    .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
    .setLayoutCount = 1,
    .pSetLayouts = &pipe->set_layout,
    .pushConstantRangeCount = desc->push_size ? 1 : 0,
    .pPushConstantRanges = &range,
  };
  if (!vc_vk_check (vkCreatePipelineLayout (dev->device, &pl, NULL, &pipe->layout),
                    "vkCreatePipelineLayout", error))
    goto fail;

  VkShaderModuleCreateInfo sm = {
    .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
    .codeSize = code->size,
    .pCode = code->code,
  };
  if (!vc_vk_check (vkCreateShaderModule (dev->device, &sm, NULL, &module), "vkCreateShaderModule",
                    error))
    goto fail;

  VkSpecializationMapEntry entries[VC_MAX_SPEC];
  for (guint i = 0; i < desc->n_spec; i++)
    entries[i] = (VkSpecializationMapEntry){ i, i * 4, 4 };
  VkSpecializationInfo spec = {
    .mapEntryCount = desc->n_spec,
    .pMapEntries = entries,
    .dataSize = desc->n_spec * 4,
    .pData = desc->spec,
  };
  VkComputePipelineCreateInfo ci = {
    .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
    .stage = {
      .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
      .stage = VK_SHADER_STAGE_COMPUTE_BIT,
      .module = module,
      .pName = "main",
      .pSpecializationInfo = desc->n_spec ? &spec : NULL,
    },
    .layout = pipe->layout,
  };
  VkResult res =
      vkCreateComputePipelines (dev->device, dev->pipeline_cache, 1, &ci, NULL, &pipe->pipeline);
  vkDestroyShaderModule (dev->device, module, NULL);
  if (!vc_vk_check (res, "vkCreateComputePipelines", error))
    goto fail;
  return pipe;

fail:
  vc_pipeline_destroy (dev, pipe);
  return NULL;
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
  if (!pipe) {
    pipe = pipeline_create (dev, desc, code, error);
    if (pipe) {
      pipe->key = key;
      key = NULL;
      g_hash_table_insert (dev->pipelines, pipe->key, pipe);
    }
  }
  g_mutex_unlock (dev->pipeline_lock);
  g_free (key);
  return pipe;
}
