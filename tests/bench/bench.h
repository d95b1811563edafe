/* vcolorize benchmark — shared helpers of the cases. */
#pragma once

#include "vc-op.h"

typedef struct {
  VcDevice *dev;
  GPtrArray *buffers; /* VcBuffer*, freed after the case */
  GPtrArray *frees;   /* op frees: pairs of (GDestroyNotify, data) */
  double flops;       /* per run of the recorded stream */
  double bytes;       /* minimal memory traffic per run */
  char shape[96];
  guint shrink; /* every spatial size divided by it (--shrink) */
} BenchCase;

/* N divided by the case's shrink factor, at least 1. */
static inline guint
bench_size (const BenchCase *bc, guint n)
{
  return MAX (n / bc->shrink, 1u);
}

/* A dense device tensor, zero-filled, freed with the case. */
VcTensor bench_tensor (BenchCase *bc, guint c, guint h, guint w);
/* Same, filled with pseudo-random values in [lo, hi). */
VcTensor bench_tensor_random (BenchCase *bc, guint c, guint h, guint w, float lo, float hi);
/* Registers an op to be freed with the case. */
void bench_own (BenchCase *bc, GDestroyNotify free_func, gpointer op);
/* Bytes one tensor of this shape occupies on the device. */
double bench_tensor_bytes (BenchCase *bc, guint c, guint h, guint w);
/* Aborts the benchmark with the message of ERROR if it is set. */
void bench_check (GError *error);
