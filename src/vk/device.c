/* vcolorize — Vulkan instance, physical-device selection and logical device. */
#include "vc-vk-private.h"

const char *
vc_vk_result_string (VkResult result)
{
  switch (result) {
  case VK_SUCCESS:
    return "success";
  case VK_NOT_READY:
    return "not ready";
  case VK_TIMEOUT:
    return "timeout";
  case VK_INCOMPLETE:
    return "incomplete";
  case VK_ERROR_OUT_OF_HOST_MEMORY:
    return "out of host memory";
  case VK_ERROR_OUT_OF_DEVICE_MEMORY:
    return "out of device memory";
  case VK_ERROR_INITIALIZATION_FAILED:
    return "initialization failed";
  case VK_ERROR_DEVICE_LOST:
    return "device lost";
  case VK_ERROR_MEMORY_MAP_FAILED:
    return "memory map failed";
  case VK_ERROR_LAYER_NOT_PRESENT:
    return "layer not present";
  case VK_ERROR_EXTENSION_NOT_PRESENT:
    return "extension not present";
  case VK_ERROR_FEATURE_NOT_PRESENT:
    return "feature not present";
  case VK_ERROR_INCOMPATIBLE_DRIVER:
    return "incompatible driver";
  case VK_ERROR_TOO_MANY_OBJECTS:
    return "too many objects";
  case VK_ERROR_FORMAT_NOT_SUPPORTED:
    return "format not supported";
  case VK_ERROR_FRAGMENTED_POOL:
    return "fragmented pool";
  case VK_ERROR_OUT_OF_POOL_MEMORY:
    return "out of pool memory";
  case VK_ERROR_INVALID_SHADER_NV:
    return "invalid shader";
  default:
    return "unknown error";
  }
}

gboolean
vc_vk_check (VkResult result, const char *what, GError **error)
{
  if (result >= 0)
    return TRUE;
  int code = VC_ERROR_VULKAN;
  if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY)
    code = VC_ERROR_OUT_OF_MEMORY;
  g_set_error (error, VC_ERROR, code, "%s failed: %s (VkResult %d)", what,
               vc_vk_result_string (result), result);
  return FALSE;
}

static VkInstance
create_instance (GError **error)
{
  VkApplicationInfo app = {
    .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
    .pApplicationName = "vcolorize",
    .pEngineName = "vcolorize",
    .apiVersion = VK_API_VERSION_1_1,
  };
  VkInstanceCreateInfo info = {
    .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
    .pApplicationInfo = &app,
  };
  VkInstance instance = VK_NULL_HANDLE;
  VkResult res = vkCreateInstance (&info, NULL, &instance);
  if (res == VK_ERROR_INCOMPATIBLE_DRIVER || res == VK_ERROR_INITIALIZATION_FAILED) {
    g_set_error (error, VC_ERROR, VC_ERROR_NO_DEVICE,
                 "No Vulkan driver could be loaded: %s. Install a Vulkan driver for your GPU, "
                 "or Mesa's lavapipe (Debian package mesa-vulkan-drivers) to run on the CPU",
                 vc_vk_result_string (res));
    return VK_NULL_HANDLE;
  }
  if (!vc_vk_check (res, "vkCreateInstance", error))
    return VK_NULL_HANDLE;
  return instance;
}

static GArray *
enumerate_physical (VkInstance instance, GError **error)
{
  guint32 n = 0;
  if (!vc_vk_check (vkEnumeratePhysicalDevices (instance, &n, NULL), "vkEnumeratePhysicalDevices",
                    error))
    return NULL;
  GArray *arr = g_array_sized_new (FALSE, TRUE, sizeof (VkPhysicalDevice), n);
  g_array_set_size (arr, n);
  if (n > 0 &&
      !vc_vk_check (vkEnumeratePhysicalDevices (instance, &n, (VkPhysicalDevice *) arr->data),
                    "vkEnumeratePhysicalDevices", error)) {
    g_array_unref (arr);
    return NULL;
  }
  g_array_set_size (arr, n);
  if (n == 0) {
    g_set_error (error, VC_ERROR, VC_ERROR_NO_DEVICE,
                 "No Vulkan device found. Install a Vulkan driver for your GPU, or Mesa's "
                 "lavapipe (Debian package mesa-vulkan-drivers) to run on the CPU");
    g_array_unref (arr);
    return NULL;
  }
  return arr;
}

static const char *
device_type_name (VkPhysicalDeviceType type)
{
  switch (type) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
    return "discrete GPU";
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
    return "integrated GPU";
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
    return "virtual GPU";
  case VK_PHYSICAL_DEVICE_TYPE_CPU:
    return "CPU";
  default:
    return "other";
  }
}

static int
device_type_rank (VkPhysicalDeviceType type)
{
  switch (type) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
    return 4;
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
    return 3;
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
    return 2;
  case VK_PHYSICAL_DEVICE_TYPE_CPU:
    return 1;
  default:
    return 0;
  }
}

static gboolean
find_compute_queue (VkPhysicalDevice phys, guint32 *family, guint *ts_bits)
{
  guint32 n = 0;
  vkGetPhysicalDeviceQueueFamilyProperties (phys, &n, NULL);
  g_autofree VkQueueFamilyProperties *fams = g_new0 (VkQueueFamilyProperties, MAX (n, 1));
  vkGetPhysicalDeviceQueueFamilyProperties (phys, &n, fams);
  for (guint32 i = 0; i < n; i++) {
    if (fams[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
      *family = i;
      *ts_bits = fams[i].timestampValidBits;
      return TRUE;
    }
  }
  return FALSE;
}

GStrv
vc_list_devices (GError **error)
{
  VkInstance instance = create_instance (error);
  if (!instance)
    return NULL;
  GArray *phys = enumerate_physical (instance, error);
  GStrv out = NULL;
  if (phys) {
    GPtrArray *names = g_ptr_array_new ();
    for (guint i = 0; i < phys->len; i++) {
      VkPhysicalDeviceProperties props;
      vkGetPhysicalDeviceProperties (g_array_index (phys, VkPhysicalDevice, i), &props);
      g_ptr_array_add (names, g_strdup_printf ("%u: %s (%s)", i, props.deviceName,
                                               device_type_name (props.deviceType)));
    }
    g_ptr_array_add (names, NULL);
    out = (GStrv) g_ptr_array_free (names, FALSE);
    g_array_unref (phys);
  }
  vkDestroyInstance (instance, NULL);
  return out;
}

/* Chooses dev->phys: device INDEX, or the best one for -1. Returns the
 * index chosen, or -1 with ERROR set. */
static int
select_physical (VcDevice *dev, int index, GError **error)
{
  GArray *phys = enumerate_physical (dev->instance, error);
  if (!phys)
    return -1;
  int chosen = -1;
  if (index >= 0) {
    if ((guint) index >= phys->len) {
      g_set_error (error, VC_ERROR, VC_ERROR_NO_DEVICE,
                   "Vulkan device %d does not exist: this system has %u device(s), "
                   "numbered from 0",
                   index, phys->len);
      g_array_unref (phys);
      return -1;
    }
    chosen = index;
  } else {
    int best_rank = -1;
    for (guint i = 0; i < phys->len; i++) {
      VkPhysicalDeviceProperties props;
      guint32 fam;
      guint bits;
      VkPhysicalDevice p = g_array_index (phys, VkPhysicalDevice, i);
      vkGetPhysicalDeviceProperties (p, &props);
      if (!find_compute_queue (p, &fam, &bits))
        continue;
      if (device_type_rank (props.deviceType) > best_rank) {
        best_rank = device_type_rank (props.deviceType);
        chosen = i;
      }
    }
  }
  if (chosen >= 0)
    dev->phys = g_array_index (phys, VkPhysicalDevice, chosen);
  g_array_unref (phys);
  if (chosen < 0)
    g_set_error (error, VC_ERROR, VC_ERROR_NO_DEVICE, "No Vulkan device has a compute queue");
  return chosen;
}

static gboolean
create_logical (VcDevice *dev, const VcDeviceOptions *options, GError **error)
{
  guint ts_bits = 0;
  if (!find_compute_queue (dev->phys, &dev->queue_family, &ts_bits)) {
    g_set_error (error, VC_ERROR, VC_ERROR_NO_DEVICE, "Vulkan device '%s' has no compute queue",
                 dev->props.deviceName);
    return FALSE;
  }
  dev->timestamps = ts_bits > 0 && dev->props.limits.timestampComputeAndGraphics;
  dev->timestamp_mask = ts_bits >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << ts_bits) - 1;
  dev->timestamp_period_ns = dev->props.limits.timestampPeriod;

  VkPhysicalDevice16BitStorageFeatures s16 = {
    .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES,
  };
  VkPhysicalDeviceFeatures2 f2 = {
    .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2,
    .pNext = &s16,
  };
  vkGetPhysicalDeviceFeatures2 (dev->phys, &f2);
  dev->fp16 = !options->force_fp32 && s16.storageBuffer16BitAccess;
  gboolean cpu = dev->props.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  dev->cpu_kernels =
      (options->kernels == VC_KERNELS_CPU || (options->kernels == VC_KERNELS_AUTO && cpu)) &&
      dev->props.limits.maxUniformBufferRange >= VC_UNIFORM_RANGE &&
      dev->props.limits.maxPerStageDescriptorUniformBuffers >= VC_UNIFORM_ARRAY &&
      f2.features.shaderUniformBufferArrayDynamicIndexing;

  VkPhysicalDeviceSubgroupProperties sub = {
    .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES,
  };
  VkPhysicalDeviceMaintenance3Properties m3 = {
    .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES,
    .pNext = &sub,
  };
  VkPhysicalDeviceProperties2 p2 = {
    .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
    .pNext = &m3,
  };
  vkGetPhysicalDeviceProperties2 (dev->phys, &p2);
  dev->subgroup_size = MAX (sub.subgroupSize, 1);
  dev->max_allocation = m3.maxMemoryAllocationSize;

  VkPhysicalDevice16BitStorageFeatures enable16 = {
    .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES,
    .storageBuffer16BitAccess = dev->fp16,
  };
  float prio = 1.0f;
  VkDeviceQueueCreateInfo q = {
    .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
    .queueFamilyIndex = dev->queue_family,
    .queueCount = 1,
    .pQueuePriorities = &prio,
  };
  VkPhysicalDeviceFeatures enabled = {
    .shaderUniformBufferArrayDynamicIndexing = dev->cpu_kernels,
  };
  VkDeviceCreateInfo info = {
    .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
    .pNext = &enable16,
    .pEnabledFeatures = &enabled,
    .queueCreateInfoCount = 1,
    .pQueueCreateInfos = &q,
  };
  if (!vc_vk_check (vkCreateDevice (dev->phys, &info, NULL, &dev->device), "vkCreateDevice", error))
    return FALSE;
  vkGetDeviceQueue (dev->device, dev->queue_family, 0, &dev->queue);

  VkCommandPoolCreateInfo pool = {
    .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
    .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
    .queueFamilyIndex = dev->queue_family,
  };
  return vc_vk_check (vkCreateCommandPool (dev->device, &pool, NULL, &dev->transfer_pool),
                      "vkCreateCommandPool", error);
}

/* What the devices opened with the same options share (vc-vk-private.h). */
struct _VcDeviceCore {
  gint refs;       /* users; guarded by registry_lock */
  GPtrArray *keys; /* its keys in the registry: the options asked for, and with the index
                    * resolved (the same for an explicit index) */
  GMutex queue_lock, pipeline_lock;
  VcCompiler compiler;
  VcDevice proto; /* the shared fields, as each user's copy starts */
};

static GMutex registry_lock;
static GHashTable *registry; /* options key -> VcDeviceCore* */

static char *
options_key (const VcDeviceOptions *o)
{
  return g_strdup_printf ("%d|%d|%d|%d|%s", o->index, o->force_fp32, o->no_pipeline_cache,
                          (int) o->kernels, o->pipeline_cache_path ? o->pipeline_cache_path : "");
}

static void
core_destroy (VcDeviceCore *core)
{
  VcDevice *dev = &core->proto;
  if (dev->device) {
    vc_pipeline_compiler_stop (dev);
    vkDeviceWaitIdle (dev->device);
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init (&it, dev->pipelines);
    while (g_hash_table_iter_next (&it, NULL, &value))
      vc_pipeline_destroy (dev, value);
    vc_pipeline_cache_close (dev);
    if (dev->transfer_pool)
      vkDestroyCommandPool (dev->device, dev->transfer_pool, NULL);
    vkDestroyDevice (dev->device, NULL);
  }
  if (dev->instance)
    vkDestroyInstance (dev->instance, NULL);
  g_hash_table_unref (dev->pipelines);
  g_free (dev->pipeline_cache_path);
  g_mutex_clear (&core->queue_lock);
  g_mutex_clear (&core->pipeline_lock);
  g_cond_clear (&core->compiler.done);
  g_ptr_array_unref (core->keys);
  g_free (core);
}

static gboolean core_init (VcDeviceCore *core, const VcDeviceOptions *options, GError **error);

/* With registry_lock held: the core for OPTIONS (registered as KEY), new
 * or, where OPTIONS asks for the best device, the one already open on the
 * device that is (opened with its index): only an instance is made to find
 * it out. */
static VcDeviceCore *
core_open (const VcDeviceOptions *options, const char *key, GError **error)
{
  VcDeviceCore *core = g_new0 (VcDeviceCore, 1);
  g_mutex_init (&core->queue_lock);
  g_mutex_init (&core->pipeline_lock);
  core->keys = g_ptr_array_new_with_free_func (g_free);
  VcDevice *dev = &core->proto;
  dev->core = core;
  dev->queue_lock = &core->queue_lock;
  dev->pipeline_lock = &core->pipeline_lock;
  dev->pipelines = g_hash_table_new (g_str_hash, g_str_equal);
  g_cond_init (&core->compiler.done);
  dev->compiler = &core->compiler;

  int chosen = -1;
  dev->instance = create_instance (error);
  if (!dev->instance || (chosen = select_physical (dev, options->index, error)) < 0)
    goto fail;
  VcDeviceOptions resolved = *options;
  resolved.index = chosen;
  char *resolved_key = options_key (&resolved);
  VcDeviceCore *open = g_hash_table_lookup (registry, resolved_key);
  if (open) {
    core_destroy (core);
    core = open;
    g_free (resolved_key);
  } else if (!core_init (core, options, error)) {
    g_free (resolved_key);
    goto fail;
  } else {
    g_ptr_array_add (core->keys, resolved_key);
    g_hash_table_insert (registry, resolved_key, core);
  }
  if (!g_hash_table_contains (registry, key)) {
    char *alias = g_strdup (key);
    g_ptr_array_add (core->keys, alias);
    g_hash_table_insert (registry, alias, core);
  }
  return core;

fail:
  core_destroy (core);
  return NULL;
}

/* Opens the device core_open() chose for CORE. */
static gboolean
core_init (VcDeviceCore *core, const VcDeviceOptions *options, GError **error)
{
  VcDevice *dev = &core->proto;
  vkGetPhysicalDeviceProperties (dev->phys, &dev->props);
  vkGetPhysicalDeviceMemoryProperties (dev->phys, &dev->mem_props);
  if (!create_logical (dev, options, error))
    return FALSE;
  if (!options->no_pipeline_cache) {
    if (options->pipeline_cache_path)
      dev->pipeline_cache_path = g_strdup (options->pipeline_cache_path);
    else
      dev->pipeline_cache_path =
          g_strdup_printf ("%s/vcolorize/pipelines-%04x-%04x-%s.bin", g_get_user_cache_dir (),
                           dev->props.vendorID, dev->props.deviceID, dev->fp16 ? "f16" : "f32");
  }
  return vc_pipeline_cache_open (dev, error);
}

VcDevice *
vc_device_new (const VcDeviceOptions *options, GError **error)
{
  VcDeviceOptions defaults = VC_DEVICE_OPTIONS_INIT;
  if (!options)
    options = &defaults;

  char *key = options_key (options);
  g_mutex_lock (&registry_lock);
  if (!registry)
    registry = g_hash_table_new (g_str_hash, g_str_equal);
  VcDeviceCore *core = g_hash_table_lookup (registry, key);
  if (!core)
    core = core_open (options, key, error);
  if (core)
    core->refs++;
  g_mutex_unlock (&registry_lock);
  g_free (key);
  if (!core)
    return NULL;

  VcDevice *dev = g_new (VcDevice, 1);
  *dev = core->proto;
  g_mutex_init (&dev->memory_lock);
  dev->memory_budget = dev->memory_in_use = dev->memory_peak = 0;
  dev->refs = 1;
  return dev;
}

VcDevice *
vc_device_ref (VcDevice *dev)
{
  g_atomic_int_inc (&dev->refs);
  return dev;
}

void
vc_device_free (VcDevice *dev)
{
  if (!dev || !g_atomic_int_dec_and_test (&dev->refs))
    return;
  VcDeviceCore *core = dev->core;
  g_mutex_lock (&registry_lock);
  gboolean last = --core->refs == 0;
  for (guint i = 0; last && i < core->keys->len; i++)
    g_hash_table_remove (registry, core->keys->pdata[i]);
  g_mutex_unlock (&registry_lock);
  if (last) {
    core_destroy (core); /* saves the pipeline cache */
  } else {
    /* what this user compiled is on disk when it stops, as if alone */
    g_autoptr (GError) err = NULL;
    if (!vc_device_save_pipeline_cache (dev, &err))
      g_debug ("pipeline cache not saved: %s", err->message);
  }
  g_mutex_clear (&dev->memory_lock);
  g_free (dev);
}

const char *
vc_device_name (const VcDevice *dev)
{
  return dev->props.deviceName;
}

gboolean
vc_device_fp16 (const VcDevice *dev)
{
  return dev->fp16;
}

guint
vc_device_elem_size (const VcDevice *dev)
{
  return dev->fp16 ? 2 : 4;
}

gboolean
vc_device_cpu_kernels (const VcDevice *dev)
{
  return dev->cpu_kernels;
}

guint
vc_device_subgroup_size (const VcDevice *dev)
{
  return dev->subgroup_size;
}

const VkPhysicalDeviceProperties *
vc_device_properties (const VcDevice *dev)
{
  return &dev->props;
}

void
vc_device_set_memory_budget (VcDevice *dev, guint64 bytes)
{
  g_mutex_lock (&dev->memory_lock);
  dev->memory_budget = bytes;
  g_mutex_unlock (&dev->memory_lock);
}

guint64
vc_device_memory_in_use (const VcDevice *dev)
{
  return dev->memory_in_use;
}

guint64
vc_device_memory_peak (const VcDevice *dev)
{
  return dev->memory_peak;
}
