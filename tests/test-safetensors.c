/* The safetensors reader: valid files built here, every truncation and
 * single-bit flip of a small file, hand-crafted malicious files, and files
 * on disk. Files live in exact-size heap buffers so that ASan sees any read
 * past the end.
 *
 * `test-safetensors --write-corpus DIR` writes the fuzzing seed corpus
 * (tests/fuzz/corpus/safetensors) from the same cases. */
#include "vc-safetensors.h"
#include "vc-error.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  const char *name, *dtype;
  guint rank;
  guint64 shape[4];
} TestTensor;

/* Element I of the Kth tensor: exact in F16, F32 and I32. */
static float
value (guint k, guint64 i)
{
  return (float) ((gint64) (i % 17) - 8) * 0.5f + (float) k;
}

/* Exact for values that F16 holds exactly as normal numbers or zero. */
static guint16
to_half (float f)
{
  guint32 b;
  memcpy (&b, &f, 4);
  if ((b & 0x7fffffff) == 0)
    return b >> 16;
  return ((b >> 16) & 0x8000) | ((((b >> 23) & 0xff) - 112) << 10) | ((b >> 13) & 0x3ff);
}

/* The file: 8-byte length, HEADER padded with spaces so that the data
 * starts at a multiple of PAD, then DATA. */
static GBytes *
assemble (const char *header, gsize len, const void *data, gsize data_len, guint pad)
{
  gsize padded = len;
  while ((8 + padded) % pad)
    padded++;
  GByteArray *f = g_byte_array_new ();
  guint64 le = GUINT64_TO_LE (padded);
  g_byte_array_append (f, (const guint8 *) &le, 8);
  g_byte_array_append (f, (const guint8 *) header, len);
  for (gsize i = len; i < padded; i++)
    g_byte_array_append (f, (const guint8 *) " ", 1);
  g_byte_array_append (f, data, data_len);
  return g_byte_array_free_to_bytes (f);
}

static GBytes *
build (const TestTensor *tensors, guint n, const char *metadata, guint pad)
{
  g_autoptr (GString) h = g_string_new ("{");
  g_autoptr (GByteArray) data = g_byte_array_new ();
  if (metadata)
    g_string_append_printf (h, "\"__metadata__\":%s", metadata);
  for (guint k = 0; k < n; k++) {
    const TestTensor *t = &tensors[k];
    guint64 count = 1;
    g_string_append_printf (h, "%s\"%s\":{\"dtype\":\"%s\",\"shape\":[", h->len > 1 ? "," : "",
                            t->name, t->dtype);
    for (guint i = 0; i < t->rank; i++) {
      g_string_append_printf (h, "%s%" G_GUINT64_FORMAT, i ? "," : "", t->shape[i]);
      count *= t->shape[i];
    }
    guint begin = data->len;
    for (guint64 i = 0; i < count; i++) {
      float f = value (k, i);
      gint32 v = (gint32) i - 3;
      guint16 half = to_half (f);
      if (t->dtype[0] == 'I')
        g_byte_array_append (data, (const guint8 *) &v, 4);
      else if (strcmp (t->dtype, "F16") == 0)
        g_byte_array_append (data, (const guint8 *) &half, 2);
      else
        g_byte_array_append (data, (const guint8 *) &f, 4);
    }
    g_string_append_printf (h, "],\"data_offsets\":[%u,%u]}", begin, data->len);
  }
  g_string_append_c (h, '}');
  return assemble (h->str, h->len, data->data, data->len, pad);
}

/* A file from a hand-written header and DATA_LEN zero bytes, unpadded. */
static GBytes *
build_raw (const char *header, gsize data_len)
{
  g_autofree guint8 *zeros = g_malloc0 (data_len + 1);
  return assemble (header, strlen (header), zeros, data_len, 1);
}

/* Parses the first LEN bytes of FILE from an exact-size copy. */
static VcSafetensors *
load (GBytes *file, gsize len, GError **error)
{
  g_autoptr (GBytes) copy = g_bytes_new (g_bytes_get_data (file, NULL), len);
  return vc_safetensors_new (copy, error);
}

/* In data order, each offset a multiple of its dtype's size. */
static const TestTensor basic[] = {
  { "w", "F32", 2, { 2, 3 } },     { "idx", "I32", 1, { 3 } }, { "s", "F32", 0, { 0 } },
  { "empty", "F32", 2, { 0, 3 } }, { "h", "F16", 1, { 5 } },   { "4d", "F16", 4, { 1, 2, 1, 2 } },
};
static const char basic_metadata[] = "{\"format\":\"pt\",\"note\":\"\\u00e9\"}";

static void
check_basic (const VcSafetensors *st)
{
  g_assert_cmpuint (vc_safetensors_n_tensors (st), ==, G_N_ELEMENTS (basic));
  for (guint k = 0; k < G_N_ELEMENTS (basic); k++) {
    const VcStTensor *t = vc_safetensors_tensor (st, k);
    g_assert_true (vc_safetensors_find (st, basic[k].name) == t);
    g_assert_cmpstr (t->name, ==, basic[k].name);
    g_assert_cmpstr (vc_dtype_name (t->dtype), ==, basic[k].dtype);
    g_assert_cmpuint (t->rank, ==, basic[k].rank);
    guint64 count = 1;
    for (guint i = 0; i < t->rank; i++)
      count *= basic[k].shape[i];
    g_assert_cmpmem (t->shape, t->rank * 8, basic[k].shape, t->rank * 8);
    g_assert_cmpuint (t->n_elements, ==, count);
    g_assert_cmpuint (t->n_bytes, ==, count * vc_dtype_size (t->dtype));
    g_assert_cmpuint ((guintptr) t->data % vc_dtype_size (t->dtype), ==, 0);
    if (t->dtype == VC_DTYPE_I32) {
      for (guint64 i = 0; i < count; i++)
        g_assert_cmpint (((const gint32 *) t->data)[i], ==, (gint32) i - 3);
      continue;
    }
    g_autofree float *f = g_new (float, count + 1);
    vc_st_tensor_to_float (t, f);
    for (guint64 i = 0; i < count; i++)
      g_assert_cmpfloat (f[i], ==, value (k, i));
  }
  g_assert_null (vc_safetensors_tensor (st, G_N_ELEMENTS (basic)));
  g_assert_null (vc_safetensors_find (st, "nope"));
  g_assert_null (vc_safetensors_find (st, "__metadata__"));
  g_assert_cmpstr (vc_safetensors_metadata (st, "format"), ==, "pt");
  g_assert_null (vc_safetensors_metadata (st, "nope"));
  g_assert_cmpuint (vc_safetensors_n_metadata (st), ==, 2);
  const char *v;
  g_assert_cmpstr (vc_safetensors_metadata_nth (st, 1, &v), ==, "note");
  g_assert_cmpstr (v, ==, "\xc3\xa9");
  g_assert_null (vc_safetensors_metadata_nth (st, 2, &v));
  g_assert_null (v);
}

static void
test_valid (void)
{
  g_autoptr (GError) error = NULL;
  for (guint pad = 1; pad <= 8; pad++) {
    g_autoptr (GBytes) file = build (basic, G_N_ELEMENTS (basic), basic_metadata, pad);
    g_autoptr (VcSafetensors) st = load (file, g_bytes_get_size (file), &error);
    g_assert_no_error (error);
    check_basic (st);
  }

  /* Data at an odd address in memory is copied to an aligned buffer. */
  g_autoptr (GBytes) file = build (basic, G_N_ELEMENTS (basic), basic_metadata, 8);
  gsize size = g_bytes_get_size (file);
  g_autofree guint8 *odd = g_malloc (size + 1);
  memcpy (odd + 1, g_bytes_get_data (file, NULL), size);
  g_autoptr (GBytes) odd_bytes = g_bytes_new_static (odd + 1, size);
  g_autoptr (VcSafetensors) st = vc_safetensors_new (odd_bytes, &error);
  g_assert_no_error (error);
  check_basic (st);
  g_assert_true ((const guint8 *) vc_safetensors_tensor (st, 0)->data < odd ||
                 (const guint8 *) vc_safetensors_tensor (st, 0)->data > odd + size);

  /* No tensors at all, no metadata, and file order unlike data order. */
  static const char *const headers[] = {
    "{}",
    "{\"__metadata__\":{}}",
    (" {\"b\": {\"data_offsets\": [4, 8], \"shape\": [1], \"dtype\": \"I32\"},\n"
     "  \"a\": {\"dtype\": \"I32\", \"shape\": [], \"data_offsets\": [0, 4]}} "),
    "{\"z\":{\"dtype\":\"F16\",\"shape\":[-0, 3],\"data_offsets\":[0,0]}}",
  };
  const gsize data_len[] = { 0, 0, 8, 0 };
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++) {
    g_autoptr (GBytes) f = build_raw (headers[i], data_len[i]);
    g_autoptr (VcSafetensors) s = load (f, g_bytes_get_size (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vc_safetensors_n_tensors (s), ==, i < 2 ? 0 : i == 2 ? 2 : 1);
    g_assert_null (vc_safetensors_metadata (s, "x"));
  }
  g_autoptr (GBytes) f = build_raw (headers[2], 8);
  g_autoptr (VcSafetensors) s = load (f, g_bytes_get_size (f), &error);
  const VcStTensor *b = vc_safetensors_tensor (s, 0), *a = vc_safetensors_find (s, "a");
  g_assert_cmpstr (b->name, ==, "b");
  g_assert_true ((const guint8 *) b->data == (const guint8 *) a->data + 4);
  g_assert_cmpuint (a->rank, ==, 0);
  g_assert_cmpuint (a->n_elements, ==, 1);
}

/* Many tensors: layout check and lookup stay O(n log n). */
static void
test_many (void)
{
  const guint n = 20000;
  g_autofree TestTensor *t = g_new0 (TestTensor, n);
  g_auto (GStrv) names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++) {
    names[i] = g_strdup_printf ("layer%u.weight", (i * 7919u) % n);
    t[i] = (TestTensor){ names[i], "F32", 1, { 1 } };
  }
  g_autoptr (GBytes) file = build (t, n, NULL, 8);
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (VcSafetensors) st = load (file, g_bytes_get_size (file), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_assert_true (vc_safetensors_find (st, names[i]) == vc_safetensors_tensor (st, i));
  g_test_message ("%u tensors loaded and found in %.0f ms", n,
                  (g_get_monotonic_time () - t0) / 1e3);
}

static void
test_half (void)
{
  static const struct {
    guint16 h;
    float f;
  } cases[] = {
    { 0x0000, 0.0f },      { 0x0001, 0x1p-24f },  { 0x03ff, 0x3ffp-24f },
    { 0x8001, -0x1p-24f }, { 0x0400, 0x1p-14f },  { 0x3c00, 1.0f },
    { 0xc000, -2.0f },     { 0x7bff, 65504.0f },  { 0x3555, 0.333251953125f },
    { 0x7c00, INFINITY },  { 0xfc00, -INFINITY },
  };
  guint16 h[G_N_ELEMENTS (cases) + 3];
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    h[i] = cases[i].h;
  h[G_N_ELEMENTS (cases)] = 0x8000;
  h[G_N_ELEMENTS (cases) + 1] = 0x7e00;
  h[G_N_ELEMENTS (cases) + 2] = 0xfd01;
  VcStTensor t = { "h", VC_DTYPE_F16, 1, { G_N_ELEMENTS (h) }, G_N_ELEMENTS (h), h, sizeof h };
  float f[G_N_ELEMENTS (h)];
  vc_st_tensor_to_float (&t, f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat (f[i], ==, cases[i].f);
  g_assert_true (f[G_N_ELEMENTS (cases)] == 0 && signbit (f[G_N_ELEMENTS (cases)]));
  g_assert_true (isnan (f[G_N_ELEMENTS (cases) + 1]));
  g_assert_true (isnan (f[G_N_ELEMENTS (cases) + 2]) && signbit (f[G_N_ELEMENTS (cases) + 2]));
}

#include "safetensors-cases.h"

static void
test_malicious (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++) {
    g_autoptr (GBytes) file = build_raw (bad_cases[i].header, bad_cases[i].data_len);
    g_autoptr (GError) error = NULL;
    g_autoptr (VcSafetensors) st = load (file, g_bytes_get_size (file), &error);
    if (st)
      g_error ("%s: loaded, but should fail with \"%s\"", bad_cases[i].name, bad_cases[i].message);
    g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
    g_test_message ("%s: %s", bad_cases[i].name, error->message);
    if (!strstr (error->message, bad_cases[i].message))
      g_error ("%s: message \"%s\" lacks \"%s\"", bad_cases[i].name, error->message,
               bad_cases[i].message);
  }
}

/* Files whose first 8 bytes are the problem. */
static GBytes *
build_length (guint64 header_len, gsize size)
{
  guint8 *f = g_malloc0 (MAX (size, 8));
  guint64 le = GUINT64_TO_LE (header_len);
  memcpy (f, &le, 8);
  if (size > 9)
    memcpy (f + 8, "{}", 2);
  return g_bytes_new_take (f, size);
}

static const struct {
  const char *name;
  guint64 header_len;
  gsize size;
  const char *message;
} length_cases[] = {
  { "len-huge", G_MAXUINT64, 16, "header length 18446744073709551615 (file bytes 0-7) is over" },
  { "len-over-limit", VC_SAFETENSORS_MAX_HEADER + 1ull, 64, "is over the limit of 16777216" },
  { "len-past-end", 9, 16,
    "header length 9 (file bytes 0-7) runs past the end of the file (16 "
    "bytes, so at most 8)" },
  { "len-zero", 0, 16, "header length (file bytes 0-7) is 0" },
  { "len-short", 2, 7, "file is 7 bytes, too short for a safetensors file" },
  { "len-not-json", 4, 16, "header (JSON from file byte 8): invalid JSON at byte 2" },
};

static void
test_header_length (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (length_cases); i++) {
    g_autoptr (GBytes) file = build_length (length_cases[i].header_len, length_cases[i].size);
    g_autoptr (GError) error = NULL;
    g_assert_null (load (file, g_bytes_get_size (file), &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
    g_test_message ("%s: %s", length_cases[i].name, error->message);
    if (!strstr (error->message, length_cases[i].message))
      g_error ("%s: message \"%s\" lacks \"%s\"", length_cases[i].name, error->message,
               length_cases[i].message);
  }
}

static const TestTensor small[] = {
  { "b", "F32", 2, { 1, 2 } },
  { "a", "F16", 1, { 3 } },
};

static void
test_truncations (void)
{
  g_autoptr (GBytes) file = build (small, G_N_ELEMENTS (small), "{\"k\":\"v\"}", 8);
  gsize size = g_bytes_get_size (file);
  for (gsize len = 0; len <= size; len++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (VcSafetensors) st = load (file, len, &error);
    if (len == size) {
      g_assert_no_error (error);
      g_assert_cmpuint (vc_safetensors_n_tensors (st), ==, 2);
    } else {
      g_assert_null (st);
      g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
    }
  }
}

/* Every single-bit flip of a small file loads with tensors inside the
 * data, or fails with VC_ERROR_MODEL. */
static void
test_bit_flips (void)
{
  g_autoptr (GBytes) file = build (small, G_N_ELEMENTS (small), "{\"k\":\"v\"}", 8);
  gsize size = g_bytes_get_size (file);
  guint loaded = 0;
  for (gsize bit = 0; bit < size * 8; bit++) {
    g_autofree guint8 *f = g_memdup2 (g_bytes_get_data (file, NULL), size);
    f[bit / 8] ^= 1u << (bit % 8);
    g_autoptr (GBytes) bytes = g_bytes_new_static (f, size);
    g_autoptr (GError) error = NULL;
    g_autoptr (VcSafetensors) st = vc_safetensors_new (bytes, &error);
    if (!st) {
      g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
      continue;
    }
    loaded++;
    guint64 total = 0;
    for (guint i = 0; i < vc_safetensors_n_tensors (st); i++) {
      const VcStTensor *t = vc_safetensors_tensor (st, i);
      const guint8 *d = t->data;
      g_assert_cmpuint (t->n_bytes, ==, t->n_elements * vc_dtype_size (t->dtype));
      if (d >= f && d <= f + size)
        g_assert_cmpuint (t->n_bytes, <=, (gsize) (f + size - d));
      total += t->n_bytes;
    }
    g_assert_cmpuint (total, <=, size);
  }
  g_test_message ("%u of %" G_GSIZE_FORMAT " bit flips still load", loaded, size * 8);
}

static void
test_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vc-st-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *good = g_build_filename (dir, "good.safetensors", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.safetensors", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.safetensors", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.safetensors", NULL);
  g_autoptr (GBytes) file = build (basic, G_N_ELEMENTS (basic), basic_metadata, 8);
  g_assert_true (
      g_file_set_contents (good, g_bytes_get_data (file, NULL), g_bytes_get_size (file), NULL));
  g_assert_true (g_file_set_contents (bad, g_bytes_get_data (file, NULL), 20, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  g_autoptr (VcSafetensors) st = vc_safetensors_new_from_file (good, &error);
  g_assert_no_error (error);
  check_basic (st);

  const struct {
    const char *path, *message;
  } cases[] = {
    { missing, ": cannot open: No such file or directory" },
    { dir, ": is a directory, not a safetensors file" },
    { "/dev/null", "/dev/null: is not a regular file" },
    { empty, ": file is 0 bytes, too short" },
    { bad, ": header length" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) e = NULL;
    g_assert_null (vc_safetensors_new_from_file (cases[i].path, &e));
    g_assert_error (e, VC_ERROR, VC_ERROR_MODEL);
    g_test_message ("%s", e->message);
    g_assert_true (g_str_has_prefix (e->message, cases[i].path));
    if (!strstr (e->message, cases[i].message))
      g_error ("message \"%s\" lacks \"%s\"", e->message, cases[i].message);
  }

  /* Root reads anything, so only check this as another user. */
  g_assert_cmpint (g_chmod (bad, 0), ==, 0);
  if (geteuid () != 0) {
    g_autoptr (GError) e = NULL;
    g_assert_null (vc_safetensors_new_from_file (bad, &e));
    g_assert_error (e, VC_ERROR, VC_ERROR_MODEL);
    g_assert_nonnull (strstr (e->message, ": cannot open: Permission denied"));
  }
  g_assert_cmpint (g_remove (good), ==, 0);
  g_assert_cmpint (g_remove (bad), ==, 0);
  g_assert_cmpint (g_remove (empty), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
write_file (const char *dir, const char *name, GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    g_error ("%s", error->message);
}

/* The seed corpus for tests/fuzz: valid files, every malicious case, and
 * plain JSON for the fuzz target's JSON pass. */
static int
write_corpus (const char *dir)
{
  static const char *const json[] = {
    "{\"n\": null, \"t\": [true, false], \"x\": -0.5e-3, \"s\": \"\\u00e9\\ud83d\\ude00\\n\"}",
    ("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0"
     "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
  };
  for (guint i = 0; i < G_N_ELEMENTS (json); i++) {
    g_autofree char *name = g_strdup_printf ("json-%u.json", i);
    g_autoptr (GBytes) f = g_bytes_new_static (json[i], strlen (json[i]));
    write_file (dir, name, f);
  }
  g_autoptr (GBytes) padded = build (basic, G_N_ELEMENTS (basic), basic_metadata, 8);
  g_autoptr (GBytes) unpadded = build (basic, G_N_ELEMENTS (basic), basic_metadata, 1);
  g_autoptr (GBytes) small_file = build (small, G_N_ELEMENTS (small), "{\"k\":\"v\"}", 8);
  g_autoptr (GBytes) no_meta = build (small, G_N_ELEMENTS (small), NULL, 8);
  write_file (dir, "valid-basic.safetensors", padded);
  write_file (dir, "valid-unpadded.safetensors", unpadded);
  write_file (dir, "valid-small.safetensors", small_file);
  write_file (dir, "valid-no-metadata.safetensors", no_meta);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++) {
    g_autoptr (GBytes) f = build_raw (bad_cases[i].header, bad_cases[i].data_len);
    g_autofree char *name = g_strdup_printf ("%s.safetensors", bad_cases[i].name);
    write_file (dir, name, f);
  }
  for (guint i = 0; i < G_N_ELEMENTS (length_cases); i++) {
    g_autoptr (GBytes) f = build_length (length_cases[i].header_len, length_cases[i].size);
    g_autofree char *name = g_strdup_printf ("%s.safetensors", length_cases[i].name);
    write_file (dir, name, f);
  }
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--write-corpus") == 0)
    return write_corpus (argv[2]);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/safetensors/valid", test_valid);
  g_test_add_func ("/safetensors/many", test_many);
  g_test_add_func ("/safetensors/half", test_half);
  g_test_add_func ("/safetensors/malicious", test_malicious);
  g_test_add_func ("/safetensors/header-length", test_header_length);
  g_test_add_func ("/safetensors/truncations", test_truncations);
  g_test_add_func ("/safetensors/bit-flips", test_bit_flips);
  g_test_add_func ("/safetensors/files", test_files);
  return g_test_run ();
}
