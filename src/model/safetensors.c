/* vcolorize — reading safetensors files (see vc-safetensors.h). */
#include "vc-safetensors.h"
#include "vc-error.h"
#include "vc-json.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Tensor data is handed out in place, in the file's byte order. */
G_STATIC_ASSERT (G_BYTE_ORDER == G_LITTLE_ENDIAN);

#define DATA_ALIGN 8
#define MAX_INT (G_GINT64_CONSTANT (1) << 53)

struct _VcSafetensors {
  GBytes *bytes;   /* the whole file */
  guint8 *aligned; /* a copy of the data section if it was misaligned */
  VcJson *header;  /* owns the tensor names and metadata strings */
  const VcJson *metadata;
  VcStTensor *tensors;
  const VcStTensor **by_name; /* sorted by name, for vc_safetensors_find */
  guint n_tensors;
};

/* A tensor's place in the data section, for the layout check. */
typedef struct {
  guint64 begin, end;
  VcStTensor *tensor;
} Span;

static const struct {
  const char *name;
  guint size;
} dtypes[] = {
  [VC_DTYPE_F16] = { "F16", 2 },
  [VC_DTYPE_F32] = { "F32", 4 },
  [VC_DTYPE_I32] = { "I32", 4 },
};

const char *
vc_dtype_name (VcDtype dtype)
{
  g_return_val_if_fail ((guint) dtype < G_N_ELEMENTS (dtypes), "invalid");
  return dtypes[dtype].name;
}

guint
vc_dtype_size (VcDtype dtype)
{
  g_return_val_if_fail ((guint) dtype < G_N_ELEMENTS (dtypes), 0);
  return dtypes[dtype].size;
}

static gboolean G_GNUC_PRINTF (2, 3) fail (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VC_ERROR, VC_ERROR_MODEL, msg);
  return FALSE;
}

static char *
format_shape (const VcStTensor *t)
{
  GString *s = g_string_new ("[");
  for (guint i = 0; i < t->rank; i++)
    g_string_append_printf (s, "%s%" G_GUINT64_FORMAT, i ? ", " : "", t->shape[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static gboolean
parse_metadata (const VcJson *meta, GError **error)
{
  if (vc_json_type (meta) != VC_JSON_OBJECT)
    return fail (error, "\"__metadata__\" is a JSON %s, expected an object of strings",
                 vc_json_type_name (vc_json_type (meta)));
  for (guint i = 0; i < vc_json_size (meta); i++) {
    const VcJson *v = vc_json_member_value (meta, i);
    if (vc_json_type (v) != VC_JSON_STRING) {
      g_autofree char *key = vc_json_quote (vc_json_member_name (meta, i));
      return fail (error, "\"__metadata__\" member %s is a JSON %s, expected a string", key,
                   vc_json_type_name (vc_json_type (v)));
    }
  }
  return TRUE;
}

static gboolean
parse_dtype (const VcJson *obj, const char *what, VcStTensor *t, GError **error)
{
  const char *dtype = vc_json_get_string (obj, "dtype", what, error);
  if (!dtype)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++)
    if (strcmp (dtype, dtypes[i].name) == 0) {
      t->dtype = i;
      return TRUE;
    }
  g_autofree char *q = vc_json_quote (dtype);
  return fail (error, "%s: dtype %s is not supported (F16, F32 or I32)", what, q);
}

static gboolean
parse_shape (const VcJson *obj, const char *what, VcStTensor *t, GError **error)
{
  const VcJson *shape = vc_json_get_typed (obj, "shape", VC_JSON_ARRAY, what, error);
  if (!shape)
    return FALSE;
  if (vc_json_size (shape) > VC_SAFETENSORS_MAX_RANK)
    return fail (error, "%s: shape has %u dimensions, at most %d are supported", what,
                 vc_json_size (shape), VC_SAFETENSORS_MAX_RANK);
  t->rank = vc_json_size (shape);
  t->n_elements = 1;
  gboolean overflow = FALSE;
  for (guint i = 0; i < t->rank; i++) {
    g_autofree char *dim = g_strdup_printf ("%s: shape[%u]", what, i);
    gint64 d;
    if (!vc_json_to_int (vc_json_index (shape, i), 0, MAX_INT, dim, &d, error))
      return FALSE;
    t->shape[i] = d;
    overflow |= !g_uint64_checked_mul (&t->n_elements, t->n_elements, d);
  }
  guint64 n_bytes;
  if (overflow || !g_uint64_checked_mul (&n_bytes, t->n_elements, dtypes[t->dtype].size)) {
    g_autofree char *s = format_shape (t);
    return fail (error, "%s: shape %s is too large (its byte size overflows 64 bits)", what, s);
  }
  return TRUE;
}

/* Checks data_offsets against the tensor's size, the dtype's alignment and
 * DATA_LEN; the layout of all tensors is checked later. */
static gboolean
parse_offsets (const VcJson *obj, const char *what, guint64 data_len, VcStTensor *t, Span *span,
               GError **error)
{
  const VcJson *offsets = vc_json_get_typed (obj, "data_offsets", VC_JSON_ARRAY, what, error);
  if (!offsets)
    return FALSE;
  if (vc_json_size (offsets) != 2)
    return fail (error, "%s: data_offsets has %u elements, expected 2 (begin, end)", what,
                 vc_json_size (offsets));
  gint64 o[2];
  for (guint i = 0; i < 2; i++) {
    g_autofree char *name = g_strdup_printf ("%s: data_offsets[%u]", what, i);
    if (!vc_json_to_int (vc_json_index (offsets, i), 0, MAX_INT, name, &o[i], error))
      return FALSE;
  }
  guint size = dtypes[t->dtype].size;
  guint64 n_bytes = t->n_elements * size;
  span->begin = o[0];
  span->end = o[1];
  if (span->end < span->begin)
    return fail (
        error, "%s: data_offsets [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]: end is before begin",
        what, o[0], o[1]);
  if (span->end > data_len)
    return fail (error,
                 "%s: data_offsets [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                 "] run past the data section (%" G_GUINT64_FORMAT " bytes)",
                 what, o[0], o[1], data_len);
  if (span->end - span->begin != n_bytes) {
    g_autofree char *s = format_shape (t);
    return fail (error,
                 "%s: data_offsets [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                 "] hold %" G_GINT64_FORMAT " bytes, but %s %s needs %" G_GUINT64_FORMAT,
                 what, o[0], o[1], o[1] - o[0], dtypes[t->dtype].name, s, n_bytes);
  }
  if (span->begin % size)
    return fail (error,
                 "%s: data offset %" G_GINT64_FORMAT " is not a multiple of %u (the %s size)", what,
                 o[0], size, dtypes[t->dtype].name);
  t->n_bytes = n_bytes;
  return TRUE;
}

static gboolean
parse_tensor (const char *name, const VcJson *obj, guint64 data_len, VcStTensor *t, Span *span,
              GError **error)
{
  static const char *const fields[] = { "dtype", "shape", "data_offsets", NULL };
  g_autofree char *q = vc_json_quote (name);
  g_autofree char *what = g_strdup_printf ("tensor %s", q);
  if (vc_json_type (obj) != VC_JSON_OBJECT)
    return fail (error, "%s is a JSON %s, expected an object with dtype, shape and data_offsets",
                 what, vc_json_type_name (vc_json_type (obj)));
  for (guint i = 0; i < vc_json_size (obj); i++) {
    const char *field = vc_json_member_name (obj, i);
    if (!g_strv_contains (fields, field)) {
      g_autofree char *f = vc_json_quote (field);
      return fail (error, "%s: unknown field %s (expected dtype, shape and data_offsets)", what, f);
    }
  }
  t->name = name;
  span->tensor = t;
  return parse_dtype (obj, what, t, error) && parse_shape (obj, what, t, error) &&
         parse_offsets (obj, what, data_len, t, span, error);
}

static int
compare_spans (const void *a, const void *b)
{
  const Span *sa = a, *sb = b;
  if (sa->begin != sb->begin)
    return sa->begin < sb->begin ? -1 : 1;
  return (sa->end > sb->end) - (sa->end < sb->end);
}

/* The tensors, sorted by offset, must tile [0, DATA_LEN) exactly. */
static gboolean
check_layout (Span *spans, guint n, guint64 data_len, guint64 data_start, GError **error)
{
  qsort (spans, n, sizeof *spans, compare_spans);
  guint64 covered = 0;
  for (guint i = 0; i < n; i++) {
    if (spans[i].begin < covered) {
      g_autofree char *a = vc_json_quote (spans[i - 1].tensor->name);
      g_autofree char *b = vc_json_quote (spans[i].tensor->name);
      return fail (error,
                   "tensor %s [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                   ") overlaps tensor %s [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ")",
                   b, spans[i].begin, spans[i].end, a, spans[i - 1].begin, spans[i - 1].end);
    }
    if (spans[i].begin > covered) {
      g_autofree char *b = vc_json_quote (spans[i].tensor->name);
      return fail (error,
                   "data bytes [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                   ") (file bytes from %" G_GUINT64_FORMAT ") before tensor %s belong to no tensor",
                   covered, spans[i].begin, data_start + covered, b);
    }
    covered = spans[i].end;
  }
  if (covered < data_len)
    return fail (error,
                 "data bytes [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                 ") (file bytes from %" G_GUINT64_FORMAT ") at the end belong to no tensor",
                 covered, data_len, data_start + covered);
  return TRUE;
}

/* The JSON header of a file of SIZE bytes; *HEADER_LEN is its length. */
static VcJson *
parse_header (const guint8 *data, gsize size, guint64 *header_len, GError **error)
{
  if (size < 8) {
    fail (error, "file is %" G_GSIZE_FORMAT " bytes, too short for a safetensors file (at least 8)",
          size);
    return NULL;
  }
  guint64 n;
  memcpy (&n, data, 8);
  n = GUINT64_FROM_LE (n);
  if (n == 0) {
    fail (error, "header length (file bytes 0-7) is 0, expected the length of a JSON object");
    return NULL;
  }
  if (n > VC_SAFETENSORS_MAX_HEADER) {
    fail (error, "header length %" G_GUINT64_FORMAT " (file bytes 0-7) is over the limit of %u", n,
          VC_SAFETENSORS_MAX_HEADER);
    return NULL;
  }
  if (n > size - 8) {
    fail (error,
          "header length %" G_GUINT64_FORMAT
          " (file bytes 0-7) runs past the end of the file (%" G_GSIZE_FORMAT
          " bytes, so at most %" G_GSIZE_FORMAT ")",
          n, size, size - 8);
    return NULL;
  }
  VcJson *header = vc_json_parse ((const char *) data + 8, n, error);
  if (!header) {
    g_prefix_error (error, "header (JSON from file byte 8): ");
    return NULL;
  }
  if (vc_json_type (header) != VC_JSON_OBJECT) {
    fail (error, "header is a JSON %s, expected an object",
          vc_json_type_name (vc_json_type (header)));
    vc_json_free (header);
    return NULL;
  }
  *header_len = n;
  return header;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp ((*(const VcStTensor *const *) a)->name, (*(const VcStTensor *const *) b)->name);
}

/* The data section, copied if it is not aligned in memory. */
static const guint8 *
aligned_data (VcSafetensors *st, const guint8 *data, gsize len)
{
  if ((guintptr) data % DATA_ALIGN == 0)
    return data;
  /* g_malloc's blocks are aligned for any type, so to 8 at least; one
   * byte at least, so that even empty data has an address. */
  st->aligned = g_malloc (MAX (len, 1));
  memcpy (st->aligned, data, len);
  return st->aligned;
}

static gboolean
parse_tensors (VcSafetensors *st, const guint8 *file, gsize size, guint64 header_len,
               GError **error)
{
  const VcJson *h = st->header;
  guint64 data_start = 8 + header_len, data_len = size - data_start;
  st->metadata = vc_json_get (h, "__metadata__");
  if (st->metadata && !parse_metadata (st->metadata, error))
    return FALSE;
  st->n_tensors = vc_json_size (h) - (st->metadata != NULL);
  st->tensors = g_new0 (VcStTensor, st->n_tensors);
  g_autofree Span *spans = g_new (Span, st->n_tensors);
  guint k = 0;
  for (guint i = 0; i < vc_json_size (h); i++) {
    const char *name = vc_json_member_name (h, i);
    if (strcmp (name, "__metadata__") == 0)
      continue;
    if (!parse_tensor (name, vc_json_member_value (h, i), data_len, &st->tensors[k], &spans[k],
                       error))
      return FALSE;
    k++;
  }
  if (!check_layout (spans, st->n_tensors, data_len, data_start, error))
    return FALSE;
  const guint8 *data = aligned_data (st, file + data_start, data_len);
  for (guint i = 0; i < st->n_tensors; i++)
    spans[i].tensor->data = data + spans[i].begin;
  st->by_name = g_new (const VcStTensor *, st->n_tensors);
  for (guint i = 0; i < st->n_tensors; i++)
    st->by_name[i] = &st->tensors[i];
  qsort (st->by_name, st->n_tensors, sizeof *st->by_name, compare_names);
  return TRUE;
}

VcSafetensors *
vc_safetensors_new (GBytes *bytes, GError **error)
{
  gsize size;
  const guint8 *file = g_bytes_get_data (bytes, &size);
  guint64 header_len;
  VcJson *header = parse_header (file, size, &header_len, error);
  if (!header)
    return NULL;
  g_autoptr (VcSafetensors) st = g_new0 (VcSafetensors, 1);
  st->bytes = g_bytes_ref (bytes);
  st->header = header;
  if (!parse_tensors (st, file, size, header_len, error))
    return NULL;
  return g_steal_pointer (&st);
}

/* Maps PATH after checking it is a regular file, with errors naming it. */
static GBytes *
map_file (const char *path, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    int e = errno;
    fail (error, "%s: cannot open: %s", path, g_strerror (e));
    return NULL;
  }
  GBytes *bytes = NULL;
  struct stat sb;
  if (fstat (fd, &sb) != 0) {
    int e = errno;
    fail (error, "%s: cannot stat: %s", path, g_strerror (e));
  } else if (S_ISDIR (sb.st_mode)) {
    fail (error, "%s: is a directory, not a safetensors file", path);
  } else if (!S_ISREG (sb.st_mode)) {
    fail (error, "%s: is not a regular file", path);
  } else {
    g_autoptr (GError) local = NULL;
    GMappedFile *mapped = g_mapped_file_new_from_fd (fd, FALSE, &local);
    if (mapped) {
      bytes = g_mapped_file_get_bytes (mapped);
      g_mapped_file_unref (mapped);
    } else {
      fail (error, "%s: cannot map: %s", path, local->message);
    }
  }
  close (fd);
  return bytes;
}

VcSafetensors *
vc_safetensors_new_from_file (const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = map_file (path, error);
  if (!bytes)
    return NULL;
  VcSafetensors *st = vc_safetensors_new (bytes, error);
  if (!st)
    g_prefix_error (error, "%s: ", path);
  return st;
}

void
vc_safetensors_free (VcSafetensors *st)
{
  if (!st)
    return;
  g_free (st->by_name);
  g_free (st->tensors);
  vc_json_free (st->header);
  g_free (st->aligned);
  g_bytes_unref (st->bytes);
  g_free (st);
}

guint
vc_safetensors_n_tensors (const VcSafetensors *st)
{
  return st->n_tensors;
}

const VcStTensor *
vc_safetensors_tensor (const VcSafetensors *st, guint i)
{
  return i < st->n_tensors ? &st->tensors[i] : NULL;
}

static int
compare_key (const void *key, const void *t)
{
  return strcmp (key, (*(const VcStTensor *const *) t)->name);
}

const VcStTensor *
vc_safetensors_find (const VcSafetensors *st, const char *name)
{
  const VcStTensor *const *t =
      bsearch (name, st->by_name, st->n_tensors, sizeof *st->by_name, compare_key);
  return t ? *t : NULL;
}

const char *
vc_safetensors_metadata (const VcSafetensors *st, const char *key)
{
  return vc_json_string (vc_json_get (st->metadata, key));
}

guint
vc_safetensors_n_metadata (const VcSafetensors *st)
{
  return vc_json_size (st->metadata);
}

const char *
vc_safetensors_metadata_nth (const VcSafetensors *st, guint i, const char **value)
{
  if (value)
    *value = vc_json_string (vc_json_member_value (st->metadata, i));
  return vc_json_member_name (st->metadata, i);
}

static float
half_to_float (guint16 h)
{
  guint32 sign = (guint32) (h >> 15) << 31, exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
  if (exp == 0) {
    /* Zero or subnormal: mant × 2^-24, exact in float. */
    float f = ldexpf ((float) mant, -24);
    return sign ? -f : f;
  }
  if (exp == 31)
    bits = sign | 0x7f800000u | (mant << 13); /* infinity or NaN, payload kept */
  else
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  float f;
  memcpy (&f, &bits, sizeof f);
  return f;
}

void
vc_st_tensor_to_float (const VcStTensor *t, float *out)
{
  g_return_if_fail (t->dtype == VC_DTYPE_F16 || t->dtype == VC_DTYPE_F32);
  if (t->dtype == VC_DTYPE_F32) {
    memcpy (out, t->data, t->n_bytes);
    return;
  }
  const guint16 *h = t->data;
  for (guint64 i = 0; i < t->n_elements; i++)
    out[i] = half_to_float (h[i]);
}
