/* vcolorize — the JSON tree's layout, shared by json.c and json-access.c. */
#pragma once

#include "vc-json.h"

typedef struct _VcJsonMember VcJsonMember;

struct _VcJson {
  VcJsonType type;
  guint size; /* elements, members, or string bytes */
  union {
    gboolean b;
    double num;
    char *str;
    VcJson *items;
    VcJsonMember *members;
  } v;
};

struct _VcJsonMember {
  char *name;
  gsize offset; /* of the name in the input */
  VcJson value;
};
