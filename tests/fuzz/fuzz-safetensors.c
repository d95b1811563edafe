/* vcolorize — libFuzzer target for the safetensors reader and the JSON
 * parser: every input must load with consistent tensors or fail with
 * VC_ERROR_MODEL, never crash or read out of bounds.
 *
 * Fuzzing needs clang and libFuzzer (Debian 12: clang, libclang-rt-14-dev):
 *   CC=clang meson setup build-fuzz -Dfuzz=true
 *   ninja -C build-fuzz tests/fuzz/fuzz-safetensors
 *   mkdir -p build-fuzz/corpus
 *   nice build-fuzz/tests/fuzz/fuzz-safetensors -max_total_time=300 -max_len=4096 \
 *     -dict=tests/fuzz/safetensors.dict -artifact_prefix=build-fuzz/ \
 *     build-fuzz/corpus tests/fuzz/corpus/safetensors
 * Once a crash-* file it writes is fixed, add it to tests/fuzz/corpus/
 * safetensors: every build runs this target over that corpus (the
 * fuzz-corpus test, fuzz-driver.c), under ASan in a -Db_sanitize=address
 * build. */
#include "vc-error.h"
#include "vc-json.h"
#include "vc-safetensors.h"

#include <math.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_error (GError *error)
{
  g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
walk_tensor (const VcSafetensors *st, const VcStTensor *t)
{
  g_assert_true (vc_safetensors_find (st, t->name) == t);
  g_assert_cmpuint (t->rank, <=, VC_SAFETENSORS_MAX_RANK);
  guint64 n = 1;
  for (guint i = 0; i < t->rank; i++)
    n *= t->shape[i];
  g_assert_cmpuint (n, ==, t->n_elements);
  g_assert_cmpuint (t->n_bytes, ==, n * vc_dtype_size (t->dtype));
  g_assert_cmpuint ((guintptr) t->data % vc_dtype_size (t->dtype), ==, 0);
  /* Touch every byte, so that ASan sees data outside the input. */
  guint8 sum = 0;
  for (gsize i = 0; i < t->n_bytes; i++)
    sum += ((const guint8 *) t->data)[i];
  (void) sum;
  if (t->dtype != VC_DTYPE_I32) {
    g_autofree float *f = g_new (float, n + 1);
    vc_st_tensor_to_float (t, f);
  }
}

static void
walk_json (const VcJson *json)
{
  gint64 i64;
  double v = vc_json_number (json);
  switch (vc_json_type (json)) {
  case VC_JSON_NUMBER:
    /* Only fractions and integers beyond 2^53 are refused. */
    if (!vc_json_to_int (json, G_MININT64, G_MAXINT64, "n", &i64, NULL))
      g_assert_true (fabs (v) > 9007199254740992.0 || v != floor (v));
    break;
  case VC_JSON_STRING:
    g_assert_cmpuint (strlen (vc_json_string (json)), ==, vc_json_string_len (json));
    g_assert_true (g_utf8_validate (vc_json_string (json), -1, NULL));
    g_free (vc_json_quote (vc_json_string (json)));
    break;
  case VC_JSON_ARRAY:
    for (guint i = 0; i < vc_json_size (json); i++)
      walk_json (vc_json_index (json, i));
    break;
  case VC_JSON_OBJECT:
    for (guint i = 0; i < vc_json_size (json); i++) {
      /* Keys are unique, so lookup finds each member (linear: first few). */
      if (i < 16)
        g_assert_true (vc_json_get (json, vc_json_member_name (json, i)) ==
                       vc_json_member_value (json, i));
      walk_json (vc_json_member_value (json, i));
    }
    break;
  default:
    break;
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (VcSafetensors) st = vc_safetensors_new (bytes, &error);
  if (st) {
    for (guint i = 0; i < vc_safetensors_n_tensors (st); i++)
      walk_tensor (st, vc_safetensors_tensor (st, i));
    for (guint i = 0; i < vc_safetensors_n_metadata (st); i++) {
      const char *value, *key = vc_safetensors_metadata_nth (st, i, &value);
      g_assert_true (vc_safetensors_metadata (st, key) == value);
    }
  } else {
    check_error (error);
    g_clear_error (&error);
  }

  g_autoptr (VcJson) json = vc_json_parse ((const char *) data, size, &error);
  if (json)
    walk_json (json);
  else
    check_error (error);
  return 0;
}
