/* vcolorize benchmark — one function per op at the sizes the network uses
 * (network resolution 256×448, features at 1/4: 64×112) and per-frame ops at
 * video resolutions. */
#include "bench-cases.h"
#include "vc-eltwise.h"

#include <stdio.h>

static void
eltwise_add (BenchCase *bc, VcCmd *cmd)
{
  guint c = 64, h = 256, w = 448;
  VcTensor a = bench_tensor_random (bc, c, h, w, -1, 1);
  VcTensor b = bench_tensor_random (bc, c, h, w, -1, 1);
  VcTensor o = bench_tensor (bc, c, h, w);
  GError *error = NULL;
  VcEltwiseDesc d = { c, h, w, 1.0f, 1.0f, TRUE };
  VcEltwise *op = vc_eltwise_new (bc->dev, &d, &error);
  bench_check (error);
  bench_own (bc, (GDestroyNotify) vc_eltwise_free, op);
  vc_eltwise_record (op, cmd, &a, &b, &o, &error);
  bench_check (error);
  bc->flops = 3.0 * c * h * w;
  bc->bytes = 3 * bench_tensor_bytes (bc, c, h, w);
  snprintf (bc->shape, sizeof bc->shape, "%ux%ux%u", c, h, w);
}

const BenchCaseInfo bench_cases[] = {
  { "eltwise-add", eltwise_add },
  { NULL, NULL },
};
