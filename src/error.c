/* vcolorize — the engine's error domain. */
#include "vc-error.h"

G_DEFINE_QUARK (vc - error - quark, vc_error)
