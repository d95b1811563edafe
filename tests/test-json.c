/* The strict JSON parser: valid documents, typed getters, and every kind of
 * invalid input giving VC_ERROR_MODEL with a useful message. Inputs are
 * copied into exact-size heap buffers so that ASan sees any read past len. */
#include "vc-json.h"
#include "vc-error.h"

#include <math.h>
#include <string.h>

static VcJson *
parse (const char *text, gsize len, GError **error)
{
  g_autofree char *copy = g_memdup2 (text, len);
  return vc_json_parse (copy, len, error);
}

static VcJson *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  VcJson *json = parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (json);
  return json;
}

static void
assert_fails_len (const char *text, gsize len, const char *substring)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VcJson) json = parse (text, len, &error);
  if (json)
    g_error ("parsed, but should fail with \"%s\": %.*s", substring, (int) MIN (len, 80), text);
  g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
  if (!strstr (error->message, substring))
    g_error ("message \"%s\" lacks \"%s\"", error->message, substring);
}

static void
assert_fails (const char *text, const char *substring)
{
  assert_fails_len (text, strlen (text), substring);
}

static void
test_values (void)
{
  g_autoptr (VcJson) json = parse_ok (
      " {\"n\": null, \"t\": true, \"f\": false, \"i\": -12, \"x\": 1.5e3, \"y\": -0.25E-2,"
      " \"z\": -0, \"tiny\": 1e-999, \"s\": \"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
      " \"raw\": \"h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\", \"a\": [1, [], {}, \"\"], \"e\": "
      "{}}\r\n");
  g_assert_cmpint (vc_json_type (json), ==, VC_JSON_OBJECT);
  g_assert_cmpuint (vc_json_size (json), ==, 12);
  g_assert_cmpstr (vc_json_member_name (json, 0), ==, "n");
  g_assert_cmpstr (vc_json_member_name (json, 11), ==, "e");
  g_assert_null (vc_json_member_name (json, 12));
  g_assert_cmpint (vc_json_type (vc_json_get (json, "n")), ==, VC_JSON_NULL);
  g_assert_true (vc_json_bool (vc_json_get (json, "t")));
  g_assert_false (vc_json_bool (vc_json_get (json, "f")));
  g_assert_cmpint (vc_json_type (vc_json_get (json, "f")), ==, VC_JSON_BOOL);
  g_assert_cmpfloat (vc_json_number (vc_json_get (json, "i")), ==, -12);
  g_assert_cmpfloat (vc_json_number (vc_json_get (json, "x")), ==, 1500);
  g_assert_cmpfloat (vc_json_number (vc_json_get (json, "y")), ==, -0.0025);
  double z = vc_json_number (vc_json_get (json, "z"));
  g_assert_true (z == 0 && signbit (z));
  g_assert_cmpfloat (vc_json_number (vc_json_get (json, "tiny")), ==, 0);
  const VcJson *s = vc_json_get (json, "s");
  g_assert_cmpstr (vc_json_string (s), ==, "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  g_assert_cmpuint (vc_json_string_len (s), ==, 15);
  g_assert_cmpstr (vc_json_string (vc_json_get (json, "raw")), ==,
                   "h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  const VcJson *a = vc_json_get (json, "a");
  g_assert_cmpuint (vc_json_size (a), ==, 4);
  g_assert_cmpfloat (vc_json_number (vc_json_index (a, 0)), ==, 1);
  g_assert_cmpint (vc_json_type (vc_json_index (a, 1)), ==, VC_JSON_ARRAY);
  g_assert_cmpuint (vc_json_size (vc_json_index (a, 1)), ==, 0);
  g_assert_cmpint (vc_json_type (vc_json_index (a, 2)), ==, VC_JSON_OBJECT);
  g_assert_cmpstr (vc_json_string (vc_json_index (a, 3)), ==, "");
  g_assert_null (vc_json_index (a, 4));
  g_assert_null (vc_json_index (json, 0));
  g_assert_null (vc_json_get (a, "n"));
  g_assert_null (vc_json_get (json, "missing"));
  g_assert_null (vc_json_string (vc_json_get (json, "i")));
  g_assert_cmpfloat (vc_json_number (vc_json_get (json, "s")), ==, 0);
  g_assert_cmpstr (vc_json_type_name (VC_JSON_OBJECT), ==, "object");

  const char *scalars[] = { "0", "-1", "\"x\"", "true", "null", " 1e+2 ", "[]", "{}" };
  for (guint i = 0; i < G_N_ELEMENTS (scalars); i++)
    vc_json_free (parse_ok (scalars[i]));
}

static void
test_getters (void)
{
  g_autoptr (VcJson) json =
      parse_ok ("{\"s\": \"v\", \"i\": 7, \"h\": 1.5, \"big\": 1e20, \"neg\": -3,"
                " \"exact\": 9007199254740992, \"o\": {}}");
  g_autoptr (GError) error = NULL;
  gint64 i = 0;
  double d = 0;
  g_assert_cmpstr (vc_json_get_string (json, "s", "cfg", &error), ==, "v");
  g_assert_true (vc_json_get_int (json, "i", 0, 10, "cfg", &i, &error));
  g_assert_cmpint (i, ==, 7);
  g_assert_true (vc_json_get_int (json, "exact", 0, G_MAXINT64, "cfg", &i, &error));
  g_assert_cmpint (i, ==, G_GINT64_CONSTANT (1) << 53);
  g_assert_true (vc_json_get_double (json, "h", "cfg", &d, &error));
  g_assert_cmpfloat (d, ==, 1.5);
  g_assert_nonnull (vc_json_get_typed (json, "o", VC_JSON_OBJECT, "cfg", &error));
  g_assert_no_error (error);

  static const struct {
    const char *name;
    gint64 lo, hi;
    const char *message;
  } bad_ints[] = {
    { "h", 0, 10, "cfg: member \"h\" is 1.5, expected an integer in [0, 10]" },
    { "big", 0, G_MAXINT64, "is 1e+20, expected an integer" },
    { "neg", 0, 10, "\"neg\" is -3" },
    { "i", 8, 10, "\"i\" is 7, expected an integer in [8, 10]" },
    { "s", 0, 10, "\"s\" is a string, expected an integer" },
    { "nope", 0, 10, "cfg: member \"nope\" is missing" },
  };
  for (guint k = 0; k < G_N_ELEMENTS (bad_ints); k++) {
    g_assert_false (vc_json_get_int (json, bad_ints[k].name, bad_ints[k].lo, bad_ints[k].hi, "cfg",
                                     &i, &error));
    g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
    g_assert_nonnull (strstr (error->message, bad_ints[k].message));
    g_clear_error (&error);
  }
  g_assert_false (vc_json_to_int (NULL, 0, 1, "cfg[3]", &i, &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
  g_assert_cmpstr (error->message, ==, "cfg[3] is missing");
  g_clear_error (&error);
  g_assert_null (vc_json_get_string (json, "i", "cfg", &error));
  g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
  g_assert_cmpstr (error->message, ==, "cfg: member \"i\" is a number, expected a string");
  g_clear_error (&error);
  g_assert_false (vc_json_get_double (json, "o", "cfg", &d, &error));
  g_assert_cmpstr (error->message, ==, "cfg: member \"o\" is an object, expected a number");
  g_clear_error (&error);
  g_assert_null (vc_json_get_typed (json, "s", VC_JSON_ARRAY, "cfg", &error));
  g_assert_cmpstr (error->message, ==, "cfg: member \"s\" is a string, expected an array");
}

static void
test_invalid (void)
{
  static const struct {
    const char *text, *message;
  } cases[] = {
    { "", "at byte 0: expected a value, found end of input" },
    { "  \n", "at byte 3: expected a value" },
    { "{\"a\":1,}", "at byte 7: expected a string key, found '}'" },
    { "[1,]", "at byte 3: expected a value, found ']'" },
    { "[1 2]", "expected ',' or ']' in array opened at byte 0, found '2'" },
    { "{\"a\" 1}", "expected ':' after key, found '1'" },
    { "{a:1}", "expected a string key, found 'a'" },
    { "{\"a\":1 \"b\":2}", "expected ',' or '}' in object opened at byte 0" },
    { "[1", "found end of input" },
    { "// c\n1", "expected a value, found '/'" },
    { "/* c */ 1", "expected a value, found '/'" },
    { "[1] // c", "unexpected '/' after the value" },
    { "{\"a\":1,\"b\":2,\"a\":3}", "at byte 13: duplicate key \"a\" (first at byte 1)" },
    { "01", "at byte 0: number with a leading zero" },
    { "-01", "leading zero" },
    { "1.", "at byte 2: expected a digit after the decimal point" },
    { "1.e5", "expected a digit after the decimal point" },
    { ".5", "expected a value, found '.'" },
    { "-", "expected a digit after '-'" },
    { "-a", "expected a digit after '-'" },
    { "+1", "expected a value, found '+'" },
    { "1e", "expected a digit in the exponent" },
    { "1e+", "expected a digit in the exponent" },
    { "1e999", "number 1e999 is out of range" },
    { "-1e999", "number -1e999 is out of range" },
    { "0x10", "unexpected 'x' after the value" },
    { "NaN", "expected a value, found 'N'" },
    { "Infinity", "found 'I'" },
    { "-Infinity", "expected a digit after '-'" },
    { "tru", "expected a value, found 't'" },
    { "nul", "found 'n'" },
    { "truex", "unexpected 'x' after the value" },
    { "True", "found 'T'" },
    { "\"abc", "at byte 0: unterminated string" },
    { "\"abc\\", "backslash followed by end of input" },
    { "\"a\nb\"", "at byte 2: control character 0x0a in string must be escaped" },
    { "\"a\tb\"", "control character 0x09" },
    { "\"\\x\"", "invalid escape: backslash followed by 'x'" },
    { "\"\\\x01\"", "backslash followed by byte 0x01" },
    { "\"\\u12\"", "\\u escape needs 4 hex digits" },
    { "\"\\u12g4\"", "\\u escape needs 4 hex digits" },
    { "\"\\uD800\"", "lone high surrogate \\uD800" },
    { "\"\\uD800x\"", "lone high surrogate" },
    { "\"\\uD800\\u0041\"", "lone high surrogate \\uD800 (followed by \\u0041)" },
    { "\"\\uD800\\uD800\"", "lone high surrogate" },
    { "\"\\uDC00\"", "lone low surrogate \\uDC00" },
    { "\"\\ude00\\ud83d\"", "lone low surrogate \\uDE00" },
    { "\"\\u0000\"", "\\u0000 (NUL) is not allowed" },
    { "\"\xff\"", "at byte 1: invalid UTF-8 in string" },
    { "\"ab\x80\"", "at byte 3: invalid UTF-8" },
    { "\"\xc3\"", "invalid UTF-8" },
    { "\"\xc0\xaf\"", "invalid UTF-8" },         /* overlong '/' */
    { "\"\xed\xa0\x80\"", "invalid UTF-8" },     /* encoded surrogate */
    { "\"\xf4\x90\x80\x80\"", "invalid UTF-8" }, /* above U+10FFFF */
    { "\xef\xbb\xbf{}", "expected a value, found byte 0xef" },
    { "1 2", "at byte 2: unexpected '2' after the value" },
    { "{} {}", "unexpected '{' after the value" },
    { "{\"\xff\":1}", "invalid UTF-8" },
    { "[\"a\",]", "expected a value" },
    { "{\"a\":}", "expected a value, found '}'" },
    { "{,}", "expected a string key, found ','" },
    { "[,1]", "expected a value, found ','" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_fails (cases[i].text, cases[i].message);

  /* Embedded and trailing NUL bytes, counted in len. */
  assert_fails_len ("\"a\0b\"", 5, "control character 0x00");
  assert_fails_len ("{}\0", 3, "unexpected byte 0x00 after the value");
  /* Only LEN bytes are read: a valid text cut short fails. */
  assert_fails_len ("[1,2]", 3, "expected a value, found end of input");
  assert_fails_len ("true", 3, "expected a value");
}

static void
test_depth (void)
{
  for (guint depth = VC_JSON_MAX_DEPTH - 1; depth <= VC_JSON_MAX_DEPTH + 1; depth++) {
    g_autoptr (GString) s = g_string_new (NULL);
    for (guint i = 0; i < depth; i++)
      g_string_append (s, i % 2 ? "{\"k\":" : "[");
    g_string_append_c (s, '1');
    for (guint i = depth; i-- > 0;)
      g_string_append_c (s, i % 2 ? '}' : ']');
    if (depth <= VC_JSON_MAX_DEPTH)
      vc_json_free (parse_ok (s->str));
    else
      assert_fails (s->str, "nesting deeper than 64 levels");
  }
  g_autofree char *deep = g_strnfill (1000, '[');
  assert_fails (deep, "at byte 64: nesting deeper than 64 levels");
  g_autofree char *deep_obj = g_strnfill (100000, '{');
  assert_fails (deep_obj, "expected a string key");
}

/* Every proper prefix of a valid document fails cleanly. */
static void
test_prefixes (void)
{
  const char *text = "{\"a\": [1, -2.5e-3, true, false, null, \"x\\u00e9\\ud83d\\ude00\"],"
                     " \"b\": {\"c\": \"\xc3\xa9\"}}";
  gsize len = strlen (text);
  vc_json_free (parse_ok (text));
  for (gsize n = 0; n < len; n++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (VcJson) json = parse (text, n, &error);
    g_assert_null (json);
    g_assert_error (error, VC_ERROR, VC_ERROR_MODEL);
  }
}

/* Duplicate detection is not quadratic: 200000 members parse quickly, and
 * a duplicate among them is found. */
static void
test_big_object (void)
{
  const guint n = 200000;
  g_autoptr (GString) s = g_string_new ("{");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s\"key%u\":%u", i ? "," : "", (i * 7919u) % n, i);
  g_string_append_c (s, '}');
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (VcJson) json = parse_ok (s->str);
  g_test_message ("%u members parsed in %.0f ms", n, (g_get_monotonic_time () - t0) / 1e3);
  g_assert_cmpuint (vc_json_size (json), ==, n);
  g_assert_cmpfloat (vc_json_number (vc_json_get (json, "key0")), ==, 0);
  g_string_truncate (s, s->len - 1);
  g_string_append (s, ",\"key12345\":0}");
  assert_fails (s->str, "duplicate key \"key12345\"");
}

static void
test_quote (void)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
    { "plain", "\"plain\"" },
    { "a\"b\\c\n", "\"a\\\"b\\\\c\\x0a\"" },
    { "\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\"" },
    { "bad\xff\xc3", "\"bad\\xff\\xc3\"" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *q = vc_json_quote (cases[i].in);
    g_assert_cmpstr (q, ==, cases[i].out);
  }
  g_autofree char *long_name = g_strnfill (100, 'x');
  g_autofree char *q = vc_json_quote (long_name);
  g_assert_cmpuint (strlen (q), ==, 1 + 64 + strlen ("…\""));
  g_assert_true (g_str_has_suffix (q, "x…\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/values", test_values);
  g_test_add_func ("/json/getters", test_getters);
  g_test_add_func ("/json/invalid", test_invalid);
  g_test_add_func ("/json/depth", test_depth);
  g_test_add_func ("/json/prefixes", test_prefixes);
  g_test_add_func ("/json/big-object", test_big_object);
  g_test_add_func ("/json/quote", test_quote);
  return g_test_run ();
}
