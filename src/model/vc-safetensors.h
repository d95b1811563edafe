/* vcolorize — reading safetensors files (the model container).
 *
 * Layout: 8-byte little-endian header length N; N bytes of JSON: an object
 * whose members are tensors { "dtype", "shape", "data_offsets": [begin, end] }
 * and an optional "__metadata__" object of string values; then the data,
 * offsets relative to its start.
 *
 * Everything is checked before anything is trusted: the header length
 * against the file size and a limit, the JSON (vc-json.h), each tensor's
 * dtype (F16, F32, I32 accepted), rank (<= 4) and dimensions, that its
 * byte size equals dtype size × element count (no overflow), that its
 * offsets lie inside the data and are aligned to the dtype, that tensors do
 * not overlap and, as the format requires, cover the data with no gap.
 * A bad file gives one GError (VC_ERROR_MODEL) naming the problem.
 *
 * Dimensions may be 0 (PyTorch writes empty tensors): such a tensor has no
 * elements, begin == end, and data points at (not into) its offset.
 * Dimensions and offsets are at most 2^53, the integers JSON numbers hold
 * exactly. Writers pad the header with spaces so that the data starts at a
 * multiple of 8 bytes; when the data section is not 8-byte aligned in memory
 * anyway (an unpadded header, or BYTES at an odd address) it is copied once
 * into an aligned buffer, so every tensor's data is aligned to its dtype.
 * Tensor data is used in place: the host must be little-endian. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VC_SAFETENSORS_MAX_HEADER (16u << 20)
#define VC_SAFETENSORS_MAX_RANK 4

typedef enum {
  VC_DTYPE_F16,
  VC_DTYPE_F32,
  VC_DTYPE_I32,
} VcDtype;

typedef struct {
  const char *name;
  VcDtype dtype;
  guint rank;
  guint64 shape[VC_SAFETENSORS_MAX_RANK];
  guint64 n_elements;
  const void *data; /* inside the file's bytes, aligned to the dtype's size */
  gsize n_bytes;
} VcStTensor;

typedef struct _VcSafetensors VcSafetensors;

/* Takes a reference on BYTES (the whole file) and keeps it. */
VcSafetensors *vc_safetensors_new (GBytes *bytes, GError **error);
/* Reads (maps) PATH; errors name the file. */
VcSafetensors *vc_safetensors_new_from_file (const char *path, GError **error);
void vc_safetensors_free (VcSafetensors *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VcSafetensors, vc_safetensors_free)

guint vc_safetensors_n_tensors (const VcSafetensors *st);
const VcStTensor *vc_safetensors_tensor (const VcSafetensors *st, guint i); /* file order */
const VcStTensor *vc_safetensors_find (const VcSafetensors *st, const char *name);
/* A "__metadata__" value, or NULL. */
const char *vc_safetensors_metadata (const VcSafetensors *st, const char *key);
/* The "__metadata__" members in file order: the key of member I (NULL when
 * I is out of range), and its value in *VALUE unless VALUE is NULL. */
guint vc_safetensors_n_metadata (const VcSafetensors *st);
const char *vc_safetensors_metadata_nth (const VcSafetensors *st, guint i, const char **value);

const char *vc_dtype_name (VcDtype dtype); /* "F16", "F32", "I32" */
guint vc_dtype_size (VcDtype dtype);

/* Converts a F16 or F32 tensor's n_elements elements to float. */
void vc_st_tensor_to_float (const VcStTensor *t, float *out);

G_END_DECLS
