/* vcolorize tests — the scene-detection fixtures (tests/data/shot). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The binary PGM tests/data/shot/NAME.pgm: its *WIDTH × *HEIGHT bytes. */
guint8 *vc_test_load_pgm (const char *name, guint *width, guint *height);

G_END_DECLS
