/* vcolorize — a strict, bounded JSON parser (see vc-json.h).
 *
 * Recursive descent, at most VC_JSON_MAX_DEPTH + 1 frames deep. Values are
 * stored inline in their parent's array (16 bytes a value, 32 a member) so that a hostile
 * header cannot multiply its size much in memory. Duplicate keys are found
 * by sorting the member names of each object: O(n log n) whatever the keys,
 * where an unseeded string hash could be flooded with colliding keys. */
#include "json-private.h"
#include "vc-error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const guchar *s;
  gsize len, pos;
  guint depth;
  GError **error;
} Parser;

static void
clear_value (gpointer data)
{
  VcJson *v = data;
  switch (v->type) {
  case VC_JSON_STRING:
    g_free (v->v.str);
    break;
  case VC_JSON_ARRAY:
    for (guint i = 0; i < v->size; i++)
      clear_value (&v->v.items[i]);
    g_free (v->v.items);
    break;
  case VC_JSON_OBJECT:
    for (guint i = 0; i < v->size; i++) {
      g_free (v->v.members[i].name);
      clear_value (&v->v.members[i].value);
    }
    g_free (v->v.members);
    break;
  default:
    break;
  }
  v->type = VC_JSON_NULL;
}

static void
clear_member (gpointer data)
{
  VcJsonMember *m = data;
  g_free (m->name);
  clear_value (&m->value);
}

static gboolean G_GNUC_PRINTF (3, 4) fail (Parser *p, gsize at, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (p->error, VC_ERROR, VC_ERROR_MODEL, "invalid JSON at byte %" G_GSIZE_FORMAT ": %s",
               at, msg);
  return FALSE;
}

/* The byte at AT, for messages. */
static const char *
describe (const Parser *p, gsize at, char buf[16])
{
  if (at >= p->len)
    return "end of input";
  guchar c = p->s[at];
  if (c >= 0x20 && c < 0x7f)
    g_snprintf (buf, 16, "'%c'", c);
  else
    g_snprintf (buf, 16, "byte 0x%02x", c);
  return buf;
}

static int
peek (const Parser *p)
{
  return p->pos < p->len ? p->s[p->pos] : -1;
}

static gboolean
peek_digit (const Parser *p)
{
  return p->pos < p->len && g_ascii_isdigit (p->s[p->pos]);
}

static void
skip_ws (Parser *p)
{
  while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
                             p->s[p->pos] == '\r'))
    p->pos++;
}

static gboolean parse_value (Parser *p, VcJson *out);

static gboolean
read_hex4 (Parser *p, gunichar *out)
{
  if (p->len - p->pos < 4)
    return FALSE;
  gunichar u = 0;
  for (guint i = 0; i < 4; i++) {
    int d = g_ascii_xdigit_value (p->s[p->pos + i]);
    if (d < 0)
      return FALSE;
    u = u * 16 + d;
  }
  p->pos += 4;
  *out = u;
  return TRUE;
}

/* A \uXXXX escape (P->pos just after the 'u'), with its surrogate pair. */
static gboolean
parse_unicode (Parser *p, gsize at, GString *s)
{
  gunichar u, lo;
  if (!read_hex4 (p, &u))
    return fail (p, at, "\\u escape needs 4 hex digits");
  if (u >= 0xdc00 && u <= 0xdfff)
    return fail (p, at, "lone low surrogate \\u%04X", u);
  if (u >= 0xd800 && u <= 0xdbff) {
    if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
      return fail (p, at, "lone high surrogate \\u%04X (no \\u escape follows)", u);
    p->pos += 2;
    if (!read_hex4 (p, &lo))
      return fail (p, p->pos - 2, "\\u escape needs 4 hex digits");
    if (lo < 0xdc00 || lo > 0xdfff)
      return fail (p, at, "lone high surrogate \\u%04X (followed by \\u%04X)", u, lo);
    u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
  }
  if (u == 0)
    return fail (p, at, "\\u0000 (NUL) is not allowed in strings");
  g_string_append_unichar (s, u);
  return TRUE;
}

static gboolean
parse_escape (Parser *p, GString *s)
{
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  gsize at = p->pos++;
  char buf[16];
  int c = peek (p);
  if (c == 'u') {
    p->pos++;
    return parse_unicode (p, at, s);
  }
  const char *e = c > 0 ? strchr (from, c) : NULL;
  if (!e)
    return fail (p, at, "invalid escape: backslash followed by %s", describe (p, p->pos, buf));
  g_string_append_c (s, to[e - from]);
  p->pos++;
  return TRUE;
}

/* A string (P->pos at its opening quote) into a new NUL-terminated buffer. */
static gboolean
parse_string (Parser *p, char **out, guint *out_len)
{
  gsize start = p->pos++;
  g_autoptr (GString) s = g_string_new (NULL);
  for (;;) {
    gsize run = p->pos;
    while (p->pos < p->len && p->s[p->pos] != '"' && p->s[p->pos] != '\\' && p->s[p->pos] >= 0x20)
      p->pos++;
    const char *bad;
    if (!g_utf8_validate_len ((const char *) p->s + run, p->pos - run, &bad))
      return fail (p, bad - (const char *) p->s, "invalid UTF-8 in string");
    g_string_append_len (s, (const char *) p->s + run, p->pos - run);
    if (p->pos >= p->len)
      return fail (p, start, "unterminated string");
    guchar c = p->s[p->pos];
    if (c == '"')
      break;
    if (c < 0x20)
      return fail (p, p->pos, "control character 0x%02x in string must be escaped", c);
    if (!parse_escape (p, s))
      return FALSE;
  }
  p->pos++;
  *out_len = s->len;
  *out = g_string_free (g_steal_pointer (&s), FALSE);
  return TRUE;
}

/* Checks the RFC 8259 number grammar, then converts with g_ascii_strtod. */
static gboolean
parse_number (Parser *p, VcJson *out)
{
  gsize start = p->pos;
  if (peek (p) == '-')
    p->pos++;
  if (!peek_digit (p))
    return fail (p, start, "expected a digit after '-'");
  if (peek (p) == '0') {
    p->pos++;
    if (peek_digit (p))
      return fail (p, start, "number with a leading zero");
  }
  while (peek_digit (p))
    p->pos++;
  if (peek (p) == '.') {
    p->pos++;
    if (!peek_digit (p))
      return fail (p, p->pos, "expected a digit after the decimal point");
    while (peek_digit (p))
      p->pos++;
  }
  if (peek (p) == 'e' || peek (p) == 'E') {
    p->pos++;
    if (peek (p) == '+' || peek (p) == '-')
      p->pos++;
    if (!peek_digit (p))
      return fail (p, p->pos, "expected a digit in the exponent");
    while (peek_digit (p))
      p->pos++;
  }
  g_autofree char *text = g_strndup ((const char *) p->s + start, p->pos - start);
  double v = g_ascii_strtod (text, NULL);
  if (!isfinite (v))
    return fail (p, start, "number %.40s is out of range", text);
  out->type = VC_JSON_NUMBER;
  out->v.num = v;
  return TRUE;
}

static gboolean
parse_literal (Parser *p, VcJson *out)
{
  static const struct {
    const char *word;
    VcJsonType type;
    gboolean b;
  } literals[] = {
    { "true", VC_JSON_BOOL, TRUE },
    { "false", VC_JSON_BOOL, FALSE },
    { "null", VC_JSON_NULL, FALSE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (literals); i++) {
    gsize n = strlen (literals[i].word);
    if (p->len - p->pos >= n && memcmp (p->s + p->pos, literals[i].word, n) == 0) {
      p->pos += n;
      out->type = literals[i].type;
      out->v.b = literals[i].b;
      return TRUE;
    }
  }
  char buf[16];
  return fail (p, p->pos, "expected a value, found %s", describe (p, p->pos, buf));
}

static gboolean
enter (Parser *p)
{
  if (++p->depth > VC_JSON_MAX_DEPTH)
    return fail (p, p->pos, "nesting deeper than %d levels", VC_JSON_MAX_DEPTH);
  p->pos++;
  return TRUE;
}

/* After an element or member: TRUE with *DONE set at CLOSE, TRUE at ','. */
static gboolean
next_or_close (Parser *p, char close, const char *what, gsize opened, gboolean *done)
{
  char buf[16];
  skip_ws (p);
  int c = peek (p);
  if (c == ',' || c == close) {
    p->pos++;
    *done = c == close;
    return TRUE;
  }
  return fail (p, p->pos, "expected ',' or '%c' in %s opened at byte %" G_GSIZE_FORMAT ", found %s",
               close, what, opened, describe (p, p->pos, buf));
}

static gboolean
parse_array (Parser *p, VcJson *out)
{
  gsize opened = p->pos;
  if (!enter (p))
    return FALSE;
  g_autoptr (GArray) items = g_array_new (FALSE, TRUE, sizeof (VcJson));
  g_array_set_clear_func (items, clear_value);
  skip_ws (p);
  gboolean done = peek (p) == ']';
  if (done)
    p->pos++;
  while (!done) {
    g_array_set_size (items, items->len + 1);
    if (!parse_value (p, &g_array_index (items, VcJson, items->len - 1)) ||
        !next_or_close (p, ']', "array", opened, &done))
      return FALSE;
  }
  p->depth--;
  out->type = VC_JSON_ARRAY;
  out->size = items->len;
  out->v.items = g_array_steal (items, NULL);
  return TRUE;
}

static int
compare_members (const void *a, const void *b)
{
  const VcJsonMember *ma = *(VcJsonMember *const *) a, *mb = *(VcJsonMember *const *) b;
  int c = strcmp (ma->name, mb->name);
  return c ? c : (ma->offset > mb->offset) - (ma->offset < mb->offset);
}

static gboolean
check_duplicates (Parser *p, GArray *members)
{
  if (members->len < 2)
    return TRUE;
  g_autofree VcJsonMember **sorted = g_new (VcJsonMember *, members->len);
  for (guint i = 0; i < members->len; i++)
    sorted[i] = &g_array_index (members, VcJsonMember, i);
  qsort (sorted, members->len, sizeof *sorted, compare_members);
  for (guint i = 1; i < members->len; i++)
    if (strcmp (sorted[i - 1]->name, sorted[i]->name) == 0) {
      g_autofree char *q = vc_json_quote (sorted[i]->name);
      return fail (p, sorted[i]->offset, "duplicate key %s (first at byte %" G_GSIZE_FORMAT ")", q,
                   sorted[i - 1]->offset);
    }
  return TRUE;
}

static gboolean
parse_member (Parser *p, VcJsonMember *m)
{
  char buf[16];
  guint name_len;
  skip_ws (p);
  m->offset = p->pos;
  if (peek (p) != '"')
    return fail (p, p->pos, "expected a string key, found %s", describe (p, p->pos, buf));
  if (!parse_string (p, &m->name, &name_len))
    return FALSE;
  skip_ws (p);
  if (peek (p) != ':')
    return fail (p, p->pos, "expected ':' after key, found %s", describe (p, p->pos, buf));
  p->pos++;
  return parse_value (p, &m->value);
}

static gboolean
parse_object (Parser *p, VcJson *out)
{
  gsize opened = p->pos;
  if (!enter (p))
    return FALSE;
  g_autoptr (GArray) members = g_array_new (FALSE, TRUE, sizeof (VcJsonMember));
  g_array_set_clear_func (members, clear_member);
  skip_ws (p);
  gboolean done = peek (p) == '}';
  if (done)
    p->pos++;
  while (!done) {
    g_array_set_size (members, members->len + 1);
    if (!parse_member (p, &g_array_index (members, VcJsonMember, members->len - 1)) ||
        !next_or_close (p, '}', "object", opened, &done))
      return FALSE;
  }
  if (!check_duplicates (p, members))
    return FALSE;
  p->depth--;
  out->type = VC_JSON_OBJECT;
  out->size = members->len;
  out->v.members = g_array_steal (members, NULL);
  return TRUE;
}

/* On failure OUT is left holding nothing to free. */
static gboolean
parse_value (Parser *p, VcJson *out)
{
  char buf[16];
  skip_ws (p);
  int c = peek (p);
  switch (c) {
  case '{':
    return parse_object (p, out);
  case '[':
    return parse_array (p, out);
  case '"':
    if (!parse_string (p, &out->v.str, &out->size))
      return FALSE;
    out->type = VC_JSON_STRING;
    return TRUE;
  case 't':
  case 'f':
  case 'n':
    return parse_literal (p, out);
  default:
    if (c == '-' || g_ascii_isdigit (c))
      return parse_number (p, out);
    return fail (p, p->pos, "expected a value, found %s", describe (p, p->pos, buf));
  }
}

VcJson *
vc_json_parse (const char *data, gsize len, GError **error)
{
  if (len > G_MAXUINT) {
    g_set_error (error, VC_ERROR, VC_ERROR_MODEL,
                 "JSON text of %" G_GSIZE_FORMAT " bytes is too large", len);
    return NULL;
  }
  Parser p = { (const guchar *) data, len, 0, 0, error };
  g_autofree VcJson *root = g_new0 (VcJson, 1);
  if (!parse_value (&p, root))
    return NULL;
  skip_ws (&p);
  if (p.pos < len) {
    clear_value (root);
    char buf[16];
    fail (&p, p.pos, "unexpected %s after the value", describe (&p, p.pos, buf));
    return NULL;
  }
  return g_steal_pointer (&root);
}

void
vc_json_free (VcJson *json)
{
  if (!json)
    return;
  clear_value (json);
  g_free (json);
}
