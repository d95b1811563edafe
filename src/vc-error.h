/* vcolorize — errors reported by the engine. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VC_ERROR (vc_error_quark ())
GQuark vc_error_quark (void);

typedef enum {
  VC_ERROR_NO_DEVICE,        /* no usable Vulkan device */
  VC_ERROR_VULKAN,           /* a Vulkan call failed */
  VC_ERROR_OUT_OF_MEMORY,    /* device or host allocation failed, or over budget */
  VC_ERROR_INVALID_ARGUMENT, /* bad shape, parameter or layout */
  VC_ERROR_UNSUPPORTED,      /* the device lacks a needed feature */
  VC_ERROR_MODEL,            /* a model file is invalid */
} VcErrorCode;

G_END_DECLS
