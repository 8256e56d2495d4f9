// sgemm.h — ember's own float32 matrix product (packed and blocked, see
// sgemm.cpp). Internal to kernels/cpu: matmul.cpp and conv.cpp call it.
#pragma once

#include <cstdint>

namespace ember::kernels::cpu {

/// A strided view of a float matrix: element (i, j) is at data[i·rs + j·cs].
struct FloatMatrix {
  const float* data;
  int64_t rs, cs;
};

/// C = alpha · A · B + beta · C for A (M x K), B (K x N) and C (M x N) with
/// any strides (C's element (i, j) at c[i·rsc + j·csc]; unit column stride
/// is the fast case). beta == 0 never reads C. Runs on omp_get_max_threads()
/// threads when the product is big enough and the caller is not already
/// inside a parallel region.
void sgemm(int64_t M, int64_t N, int64_t K, float alpha, FloatMatrix a, FloatMatrix b, float beta, float* c,
           int64_t rsc, int64_t csc);

}  // namespace ember::kernels::cpu
