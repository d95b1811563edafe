/* vcolorize benchmark — the list of cases. */
#pragma once

#include "bench.h"

typedef struct {
  const char *name;
  /* Creates the case's tensors and ops, records its work into CMD and sets
   * flops, bytes and shape. */
  void (*record) (BenchCase *bc, VcCmd *cmd);
} BenchCaseInfo;

extern const BenchCaseInfo bench_cases[]; /* ends with a NULL name */
