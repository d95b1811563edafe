/* vcolorize — a strict, bounded JSON parser for model-file headers.
 *
 * Parses RFC 8259 JSON from untrusted bytes into an immutable tree. Strict:
 * no comments, no trailing commas, no duplicate object keys, valid UTF-8
 * only, no NUL in strings, nesting at most VC_JSON_MAX_DEPTH, the whole
 * input one value (whitespace around it only). Numbers follow the JSON
 * grammar and must fit a double (1e999 is refused; 1e-999 reads as 0).
 * Every failure is a GError (VC_ERROR_MODEL) naming what and where (byte
 * offset). The accessors from vc_json_bool to vc_json_get take NULL (as
 * returned for a missing member or element) and then return FALSE, 0, NULL
 * or 0 elements; vc_json_type does not. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VC_JSON_MAX_DEPTH 64

typedef enum {
  VC_JSON_NULL,
  VC_JSON_BOOL,
  VC_JSON_NUMBER,
  VC_JSON_STRING,
  VC_JSON_ARRAY,
  VC_JSON_OBJECT,
} VcJsonType;

typedef struct _VcJson VcJson;

/* Parses LEN bytes of DATA (need not be NUL-terminated). Free with
 * vc_json_free. */
VcJson *vc_json_parse (const char *data, gsize len, GError **error);
void vc_json_free (VcJson *json);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VcJson, vc_json_free)

VcJsonType vc_json_type (const VcJson *json);
const char *vc_json_type_name (VcJsonType type); /* "null", "number", ... */

gboolean vc_json_bool (const VcJson *json);      /* FALSE unless a true BOOL */
double vc_json_number (const VcJson *json);      /* 0 unless a NUMBER */
const char *vc_json_string (const VcJson *json); /* NULL unless a STRING; NUL-terminated */
gsize vc_json_string_len (const VcJson *json);

/* Arrays and objects: the number of elements / members, in file order. */
guint vc_json_size (const VcJson *json);
const VcJson *vc_json_index (const VcJson *json, guint i);     /* array element or NULL */
const char *vc_json_member_name (const VcJson *json, guint i); /* object member or NULL */
const VcJson *vc_json_member_value (const VcJson *json, guint i);
const VcJson *vc_json_get (const VcJson *json, const char *name); /* object member or NULL */

/* Checks that JSON is a whole number in [lo, hi] (exact: at most 2^53 in
 * magnitude) and stores it in OUT; otherwise (also when JSON is NULL) sets
 * ERROR naming WHAT. */
gboolean vc_json_to_int (const VcJson *json, gint64 lo, gint64 hi, const char *what, gint64 *out,
                         GError **error);

/* Typed lookups of object members that set ERROR (VC_ERROR_MODEL, naming
 * WHAT and the member) when the member is missing or of the wrong type.
 * Integers must be whole numbers in [lo, hi]. */
const char *vc_json_get_string (const VcJson *obj, const char *name, const char *what,
                                GError **error);
gboolean vc_json_get_int (const VcJson *obj, const char *name, gint64 lo, gint64 hi,
                          const char *what, gint64 *out, GError **error);
gboolean vc_json_get_double (const VcJson *obj, const char *name, const char *what, double *out,
                             GError **error);
const VcJson *vc_json_get_typed (const VcJson *obj, const char *name, VcJsonType type,
                                 const char *what, GError **error);

/* S quoted for an error message: in double quotes, quotes, backslashes and
 * control characters escaped, cut after 64 characters. Free with g_free. */
char *vc_json_quote (const char *s);

G_END_DECLS
