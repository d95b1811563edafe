/* vcolorize tests — helpers shared by the op tests. */
#pragma once

#include "vc-tensor.h"

G_BEGIN_DECLS

/* Each op test runs twice: with fp32 and with fp16 storage. */
typedef enum { VC_TEST_FP32, VC_TEST_FP16 } VcTestPrecision;

/* The device for this precision (opened once per process, no disk cache).
 * Skips the test if fp16 storage is not supported. */
VcDevice *vc_test_device (VcTestPrecision precision);
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

#define VC_TEST_PRECISION(data) ((VcTestPrecision) GPOINTER_TO_INT (data))

G_END_DECLS
