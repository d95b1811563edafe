/* vcolorize — the Vulkan layer: devices, buffers, compute pipelines and
 * command streams. It knows nothing about networks.
 *
 * Thread safety: a VcDevice may be used from several threads for buffer and
 * pipeline creation (both are internally locked); a VcCmd belongs to one
 * thread at a time. */
#pragma once

#include <vulkan/vulkan.h>
#include "vc-error.h"

G_BEGIN_DECLS

typedef struct _VcDevice VcDevice;
typedef struct _VcBuffer VcBuffer;
typedef struct _VcPipeline VcPipeline;
typedef struct _VcCmd VcCmd;

/* ---- device ---- */

/* Which form of the kernels that have two: those for GPUs stage their
 * operands in shared memory; those for CPUs (lavapipe) read the weights a
 * whole SIMD group uses at once from uniform buffers, which a CPU loads once
 * for all lanes, where it loads shared and storage memory lane by lane. */
typedef enum {
  VC_KERNELS_AUTO, /* CPU kernels on a CPU device (that can bind 64 KiB uniform buffers) */
  VC_KERNELS_GPU,
  VC_KERNELS_CPU, /* where the device can run them; else the GPU ones */
} VcKernels;

typedef struct {
  int index;                       /* physical device index, -1 = best (discrete first) */
  gboolean force_fp32;             /* use fp32 storage even when fp16 is supported */
  const char *pipeline_cache_path; /* NULL: default file in the user cache dir */
  gboolean no_pipeline_cache;      /* neither read nor write an on-disk cache */
  VcKernels kernels;
} VcDeviceOptions;

#define VC_DEVICE_OPTIONS_INIT                                                                     \
  {                                                                                                \
    -1, FALSE, NULL, FALSE, VC_KERNELS_AUTO                                                        \
  }

/* Devices opened with equal options in one process share the Vulkan
 * instance, device and queue, the pipelines and the pipeline cache; each
 * has its own memory counters and budget. The shared part goes with the
 * last of them (which writes the cache; each of the others writes it when
 * freed too). */
VcDevice *vc_device_new (const VcDeviceOptions *options, GError **error);
/* Another reference to this user of the device (for what outlives its
 * owner, e.g. buffers handed to another thread); vc_device_free drops one,
 * the last one frees it. */
VcDevice *vc_device_ref (VcDevice *dev);
void vc_device_free (VcDevice *dev);

const char *vc_device_name (const VcDevice *dev);
gboolean vc_device_fp16 (const VcDevice *dev);   /* tensors stored as fp16 */
guint vc_device_elem_size (const VcDevice *dev); /* 2 or 4 bytes */
guint vc_device_subgroup_size (const VcDevice *dev);
/* The kernels for CPUs are used (see VcKernels). */
gboolean vc_device_cpu_kernels (const VcDevice *dev);
/* Bytes of a uniform buffer binding the CPU kernels use (64 KiB), and the
 * uniform buffers an array binding holds at most (lavapipe allows 15 per
 * stage); VC_UNIFORM_VEC4S and VC_UNIFORM_ARRAY in shaders/common.glsl. */
#define VC_UNIFORM_RANGE 65536
#define VC_UNIFORM_ARRAY 8
const VkPhysicalDeviceProperties *vc_device_properties (const VcDevice *dev);

/* Limit the device memory this device may allocate (0 = no limit beyond the
 * heap). Allocations past it fail with VC_ERROR_OUT_OF_MEMORY. */
void vc_device_set_memory_budget (VcDevice *dev, guint64 bytes);
guint64 vc_device_memory_in_use (const VcDevice *dev);
guint64 vc_device_memory_peak (const VcDevice *dev);

/* Writes the pipeline cache to disk now (also done by vc_device_free). */
gboolean vc_device_save_pipeline_cache (VcDevice *dev, GError **error);

/* Physical devices visible to Vulkan, as "index: name (type)" strings. */
GStrv vc_list_devices (GError **error);

/* ---- buffers ---- */

typedef enum {
  VC_BUFFER_DEVICE,  /* device-local: tensors, weights */
  VC_BUFFER_UPLOAD,  /* host-visible, written by the host (staging in) */
  VC_BUFFER_READBACK /* host-visible, cached, read by the host (staging out) */
} VcBufferKind;

VcBuffer *vc_buffer_new (VcDevice *dev, VcBufferKind kind, guint64 size, GError **error);
void vc_buffer_free (VcBuffer *buf);
guint64 vc_buffer_size (const VcBuffer *buf);
VkBuffer vc_buffer_handle (const VcBuffer *buf);
/* Host pointer of an UPLOAD or READBACK buffer (mapped for its lifetime);
 * NULL for DEVICE buffers unless the memory happens to be host-visible. */
void *vc_buffer_map (VcBuffer *buf);
/* Copies between host memory and any buffer; waits for completion. */
gboolean vc_buffer_write (VcBuffer *buf, guint64 offset, const void *data, gsize size,
                          GError **error);
gboolean vc_buffer_read (VcBuffer *buf, guint64 offset, void *data, gsize size, GError **error);

/* ---- compute pipelines ---- */

typedef struct {
  const char *shader;  /* name in shaders/meson.build */
  guint n_bindings;    /* buffers at bindings 0..n-1 */
  guint push_size;     /* bytes of push constants, <= 128 */
  const guint32 *spec; /* specialization constants 0..n_spec-1 (32-bit each) */
  guint n_spec;
  guint uniform_mask;  /* bindings (bit i: binding i) that are uniform buffers, not storage
                        * buffers; only on a device with CPU kernels */
  guint uniform_array; /* each of them an array of that many (0: one), at most
                        * VC_UNIFORM_ARRAY */
} VcPipelineDesc;

/* Pipelines are owned by the device and shared: identical descriptions
 * return the same pipeline. Never free the result. It is compiled on the
 * device's threads while the caller goes on (where the machine has more than
 * one processor): the first dispatch that records it waits for it, and a
 * compile that failed is that recording's error. */
VcPipeline *vc_pipeline_get (VcDevice *dev, const VcPipelineDesc *desc, GError **error);

/* ---- command streams ---- */

typedef struct {
  VcBuffer *buffer;
  gboolean write;
} VcBinding;

/* The part of a buffer a binding sees; size 0: from offset to the end. */
typedef struct {
  guint64 offset, size;
} VcBindRange;

VcCmd *vc_cmd_new (VcDevice *dev, GError **error);
void vc_cmd_free (VcCmd *cmd);
/* Starts (re)recording; drops what was recorded before. A recording starts
 * with a barrier, so that what it records runs after the work of every
 * earlier submission to the queue. */
gboolean vc_cmd_begin (VcCmd *cmd, GError **error);
/* Records a dispatch. A barrier is inserted automatically when a binding
 * touches a buffer an earlier dispatch wrote (or writes one it read). */
void vc_cmd_dispatch (VcCmd *cmd, VcPipeline *pipe, const VcBinding *bindings, const void *push,
                      guint gx, guint gy, guint gz);
/* The same, binding only part of each buffer: RANGES has one per binding.
 * A uniform buffer's range must not exceed the device's limit, and start at
 * a multiple of its alignment; else the recording fails. A binding that is
 * an array takes as many consecutive entries of BINDINGS and RANGES. */
void vc_cmd_dispatch_ranges (VcCmd *cmd, VcPipeline *pipe, const VcBinding *bindings,
                             const VcBindRange *ranges, const void *push, guint gx, guint gy,
                             guint gz);
void vc_cmd_copy (VcCmd *cmd, VcBuffer *src, guint64 src_offset, VcBuffer *dst, guint64 dst_offset,
                  guint64 size);
/* Records a GPU timestamp; returns its slot or -1 if timestamps are unsupported
 * or all slots are used. */
int vc_cmd_timestamp (VcCmd *cmd);
gboolean vc_cmd_end (VcCmd *cmd, GError **error);
/* Submits what was recorded; can be called again for the same recording once
 * the previous submission finished. */
gboolean vc_cmd_submit (VcCmd *cmd, GError **error);
/* Waits for the last submission; timeout in ns (G_MAXUINT64: forever). */
gboolean vc_cmd_wait (VcCmd *cmd, guint64 timeout_ns, GError **error);
gboolean vc_cmd_run (VcCmd *cmd, GError **error); /* end + submit + wait */
/* Nanoseconds between two timestamp slots of the last finished submission
 * (-1 for a slot that was not recorded). */
double vc_cmd_elapsed_ns (VcCmd *cmd, int from_slot, int to_slot);
guint vc_cmd_n_dispatches (const VcCmd *cmd);

G_END_DECLS
