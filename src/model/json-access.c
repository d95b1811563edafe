/* vcolorize — reading the JSON tree (see vc-json.h). */
#include "json-private.h"
#include "vc-error.h"

#include <math.h>
#include <string.h>

/* Largest magnitude below which every integer is an exact double. */
#define EXACT_INT_MAX (G_GINT64_CONSTANT (1) << 53)

VcJsonType
vc_json_type (const VcJson *json)
{
  g_return_val_if_fail (json != NULL, VC_JSON_NULL);
  return json->type;
}

const char *
vc_json_type_name (VcJsonType type)
{
  static const char *const names[] = { "null", "bool", "number", "string", "array", "object" };
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (names), "invalid");
  return names[type];
}

/* "a number", "an object", ... for messages. */
static const char *
kind (VcJsonType type)
{
  static const char *const names[] = { "null",     "a bool",   "a number",
                                       "a string", "an array", "an object" };
  return names[type];
}

gboolean
vc_json_bool (const VcJson *json)
{
  return json && json->type == VC_JSON_BOOL && json->v.b;
}

double
vc_json_number (const VcJson *json)
{
  return json && json->type == VC_JSON_NUMBER ? json->v.num : 0;
}

const char *
vc_json_string (const VcJson *json)
{
  return json && json->type == VC_JSON_STRING ? json->v.str : NULL;
}

gsize
vc_json_string_len (const VcJson *json)
{
  return json && json->type == VC_JSON_STRING ? json->size : 0;
}

guint
vc_json_size (const VcJson *json)
{
  return json && (json->type == VC_JSON_ARRAY || json->type == VC_JSON_OBJECT) ? json->size : 0;
}

const VcJson *
vc_json_index (const VcJson *json, guint i)
{
  return json && json->type == VC_JSON_ARRAY && i < json->size ? &json->v.items[i] : NULL;
}

const char *
vc_json_member_name (const VcJson *json, guint i)
{
  return json && json->type == VC_JSON_OBJECT && i < json->size ? json->v.members[i].name : NULL;
}

const VcJson *
vc_json_member_value (const VcJson *json, guint i)
{
  return json && json->type == VC_JSON_OBJECT && i < json->size ? &json->v.members[i].value : NULL;
}

const VcJson *
vc_json_get (const VcJson *json, const char *name)
{
  if (!json || json->type != VC_JSON_OBJECT)
    return NULL;
  for (guint i = 0; i < json->size; i++)
    if (strcmp (json->v.members[i].name, name) == 0)
      return &json->v.members[i].value;
  return NULL;
}

static const VcJson *
get_member (const VcJson *obj, const char *name, const char *what, GError **error)
{
  const VcJson *v = vc_json_get (obj, name);
  if (!v)
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL, "%s: member \"%s\" is missing", what, name);
  return v;
}

const VcJson *
vc_json_get_typed (const VcJson *obj, const char *name, VcJsonType type, const char *what,
                   GError **error)
{
  const VcJson *v = get_member (obj, name, what, error);
  if (v && v->type != type) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL, "%s: member \"%s\" is %s, expected %s", what,
                 name, kind (v->type), kind (type));
    return NULL;
  }
  return v;
}

const char *
vc_json_get_string (const VcJson *obj, const char *name, const char *what, GError **error)
{
  return vc_json_string (vc_json_get_typed (obj, name, VC_JSON_STRING, what, error));
}

gboolean
vc_json_get_double (const VcJson *obj, const char *name, const char *what, double *out,
                    GError **error)
{
  const VcJson *v = vc_json_get_typed (obj, name, VC_JSON_NUMBER, what, error);
  if (v)
    *out = v->v.num;
  return v != NULL;
}

gboolean
vc_json_to_int (const VcJson *json, gint64 lo, gint64 hi, const char *what, gint64 *out,
                GError **error)
{
  if (!json) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL, "%s is missing", what);
    return FALSE;
  }
  if (json->type == VC_JSON_NUMBER) {
    double v = json->v.num;
    /* Beyond 2^53 a double cannot tell neighbouring integers apart. */
    if (v == floor (v) && fabs (v) <= (double) EXACT_INT_MAX && (gint64) v >= lo &&
        (gint64) v <= hi) {
      *out = (gint64) v;
      return TRUE;
    }
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL,
                 "%s is %.17g, expected an integer in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
                 what, v, lo, hi);
    return FALSE;
  }
  g_set_error (error, VC_ERROR, VC_ERROR_MODEL,
               "%s is %s, expected an integer in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
               what, kind (json->type), lo, hi);
  return FALSE;
}

gboolean
vc_json_get_int (const VcJson *obj, const char *name, gint64 lo, gint64 hi, const char *what,
                 gint64 *out, GError **error)
{
  const VcJson *v = get_member (obj, name, what, error);
  if (!v)
    return FALSE;
  g_autofree char *member = g_strdup_printf ("%s: member \"%s\"", what, name);
  return vc_json_to_int (v, lo, hi, member, out, error);
}

char *
vc_json_quote (const char *s)
{
  GString *q = g_string_new ("\"");
  for (guint n = 0; *s; n++) {
    gunichar c = g_utf8_get_char_validated (s, -1);
    if (n == 64) {
      g_string_append (q, "…");
      break;
    }
    if (c == '"' || c == '\\')
      g_string_append_printf (q, "\\%c", *s++);
    else if (c < 0x20 || c >= (gunichar) -2) /* control, or not UTF-8 */
      g_string_append_printf (q, "\\x%02x", (guchar) *s++);
    else {
      g_string_append_unichar (q, c);
      s = g_utf8_next_char (s);
    }
  }
  g_string_append_c (q, '"');
  return g_string_free (q, FALSE);
}
