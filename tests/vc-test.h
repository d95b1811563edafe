/* vcolorize tests — helpers shared by the op tests. */
#pragma once

#include "vc-tensor.h"

G_BEGIN_DECLS

/* Each op test runs with fp32 and with fp16 storage, with the kernels for
 * GPUs; those of the ops that have kernels for CPUs (VcKernels) also run
 * with these. A test's variant is its precision, plus VC_TEST_CPU for the
 * CPU kernels. */
typedef enum { VC_TEST_FP32, VC_TEST_FP16 } VcTestPrecision;
#define VC_TEST_CPU 2
#define VC_TEST_VARIANT(data) ((guint) GPOINTER_TO_INT (data))

/* The device for this variant (opened once per process, no disk cache).
 * Skips the test (returns NULL) if fp16 storage is not supported, or the
 * device cannot run the CPU kernels. */
VcDevice *vc_test_device (guint variant);
void vc_test_close_devices (void);

/* Deterministic pseudo-random floats in [lo, hi), rounded to what the
 * device stores. */
float *vc_test_random (VcDevice *dev, gsize n, float lo, float hi, guint32 seed);
/* Rounds host data to what the device stores, in place. */
void vc_test_round (VcDevice *dev, float *data, gsize n);

/* Uploads host data into a new device tensor. */
VcBuffer *vc_test_tensor (VcDevice *dev, guint c, guint h, guint w, const float *data,
                          VcTensor *out);
/* Downloads a tensor into a new host array. */
float *vc_test_download (VcDevice *dev, const VcTensor *t);

/* Largest |a[i] - b[i]|, and largest |b[i]|. */
double vc_test_max_abs_diff (const float *a, const float *b, gsize n);
double vc_test_max_abs (const float *a, gsize n);

/* Asserts max |got - want| <= tol; prints the first worst element. */
void vc_test_assert_close (const char *what, const float *got, const float *want, gsize n,
                           double tol);

/* Registers PATH twice, as /f32/PATH and /f16/PATH. */
void vc_test_add (const char *path, GTestDataFunc func);
/* Registers PATH four times: as vc_test_add, and with the CPU kernels as
 * /cpu/f32/PATH and /cpu/f16/PATH. */
void vc_test_add_kernels (const char *path, GTestDataFunc func);

G_END_DECLS
