// small_gemm.h — a float32 matrix product for small operands that reads them
// in place instead of packing them (see small_gemm.cpp). Internal to
// kernels/cpu: matmul.cpp's gemm_strided calls it below sgemm's size.
#pragma once

#include <cstdint>

namespace ember::kernels::cpu {

/// Whether small_sgemm takes a product of this shape and layout (A (M x K)
/// with strides (ars, acs), B (K x N) with strides (brs, bcs)): where it was
/// measured faster than Eigen. Roughly, with AVX or AVX-512 (never with SSE
/// alone): B's rows contiguous and C at least 4 columns wide, or A's rows and
/// B's columns contiguous along a K that is a multiple of the vector width and
/// C narrower than a vector (x @ W^T with few outputs).
bool small_sgemm_suits(int64_t M, int64_t N, int64_t K, int64_t ars, int64_t acs, int64_t brs, int64_t bcs);

/// C = alpha · A · B + beta · C with A at a[i·ars + k·acs], B at
/// b[k·brs + j·bcs] and C (M x N) at c[i·crs + j], on the calling thread, for
/// products small_sgemm_suits() accepts. beta == 0 never reads C.
void small_sgemm(int64_t M, int64_t N, int64_t K, float alpha, const float* a, int64_t ars, int64_t acs,
                 const float* b, int64_t brs, int64_t bcs, float beta, float* c, int64_t crs);

}  // namespace ember::kernels::cpu
