// gemm.h — strided matrix products for the CPU kernels that need GEMMs
// inside their own loops (conv.cpp, winograd.cpp). Internal to kernels/cpu;
// defined in matmul.cpp, which picks among small_gemm.cpp, sgemm.cpp and Eigen.
#pragma once

#include <cstdint>

namespace ember::kernels::cpu {

/// C = alpha · A · B + beta · C with A (M x K) at a[i·ars + k·acs], B (K x N)
/// at b[k·brs + j·bcs] and C (M x N) at c[i·crs + j]. A and B need a unit
/// stride along rows or columns when T is double (Eigen maps them).
template <class T>
void gemm_strided(int64_t M, int64_t N, int64_t K, T alpha, const T* a, int64_t ars, int64_t acs, const T* b,
                  int64_t brs, int64_t bcs, T beta, T* c, int64_t crs);

/// The same for float32 without Eigen: small_sgemm where gemm_strided would
/// take it, sgemm otherwise (at any size), for products sgemm runs faster
/// than Eigen even when small (Winograd's, K = channels).
void sgemm_or_small(int64_t M, int64_t N, int64_t K, float alpha, const float* a, int64_t ars, int64_t acs,
                    const float* b, int64_t brs, int64_t bcs, float beta, float* c, int64_t crs);

}  // namespace ember::kernels::cpu
