// cuda_check.h — CUDA_CHECK: turns a failed CUDA runtime call into an
// ember::Error naming the op and CUDA's own error string.
// Internal to kernels/cuda.
#pragma once

#include <cuda_runtime.h>

#include "core/error.h"

#define EMBER_CUDA_CHECK(op, expr)                                                             \
  do {                                                                                         \
    cudaError_t err_ = (expr);                                                                 \
    if (err_ != cudaSuccess) EMBER_FAIL(op, "CUDA error: ", cudaGetErrorString(err_), " (", #expr, ")"); \
  } while (0)
