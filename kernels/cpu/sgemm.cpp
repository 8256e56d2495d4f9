// sgemm.cpp — float32 GEMM, C = alpha·A·B + beta·C, in the GotoBLAS/BLIS
// scheme: pack, block, and a register-tiled micro-kernel.
//
// The product is a sum of outer products over k. The micro-kernel keeps an
// MR x NR tile of C in vector registers and adds, for each k, column k of an
// MR-row strip of A times row k of an NR-column strip of B:
//   acc[r][0..NR) += A[i+r][k] · B[k][j..j+NR)       (one broadcast, NV FMAs)
// With AVX-512 (32 registers of 16 floats) the tile is 12 x 32: 24
// accumulators, 2 registers of B, and a broadcast; each k costs 24 FMAs for
// 2 vector loads and 12 broadcast loads, so the FMA units, not memory, set
// the pace. With AVX2 (16 registers of 8) it is 6 x 16, with SSE 6 x 8.
//
// Feeding it from cache (outer to inner):
//   for each slice of k (K cut into equal slices of at most KC):
//     pack A[:, slice] into MR-row panels, B[slice, :] into NR-column panels
//       (k-major: a panel's k-th MR or NR values lie next to each other, so
//       the micro-kernel reads both operands as unit-stride streams, whatever
//       the strides of A and B were — transposes cost only the packing);
//     for each task, an MC-row by some-NR-panel block of C (tasks are shared
//     out among the threads):
//       for each B panel                  (KC·NR floats, stays in L1)
//         for each A panel of the block   (from L2, which holds the block's MC·KC)
//           micro-kernel on one tile.
// Around that, C is cut into blocks of at most kBlockRows x kBlockCols so the
// packed copies stay small, and a narrow C (N = 10 classes, mostly padding
// in NR-wide tiles) is computed as C^T = B^T · A^T.
// Panels are padded with zeros to whole tiles; edge tiles are computed in
// full and only their valid part is written. Later slices of k add to C
// (beta 1). beta == 0 never reads C, so NaN garbage in an output buffer does
// not leak in.
//
// The loops are written with GCC vector extensions and rely on
// -ffp-contract=fast (set for this file in CMakeLists.txt) to turn
// `acc += a * b` into FMA instructions.
//
// Leaves out: double and integer products (matmul.cpp keeps Eigen for
// those), and hand-written assembly or prefetching.
#include "kernels/cpu/sgemm.h"

#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "kernels/cpu/float_vector.h"

namespace ember::kernels::cpu {

namespace {

using simd::kLanes, simd::Vec, simd::load, simd::store;

#if defined(__AVX512F__)
constexpr int MR = 12;  // 12 x 2 accumulators + 2 B vectors + 1 broadcast of 32 registers
#else
constexpr int MR = 6;  // 6 x 2 accumulators + 2 + 1 of 16 registers (AVX or SSE)
#endif
constexpr int NV = 2;            // vectors per tile row
constexpr int NR = NV * kLanes;  // tile columns
constexpr int64_t KC = 256;      // k per slice: a B panel is KC·NR·4 = 32 KiB (AVX-512)
constexpr int64_t MC = 8 * MR;   // rows of C per task: its A panels, MC·KC·4 = 96 KiB, stay in L2
// Largest block of C packed at once: the packed copies of one slice then take
// at most (kBlockRows + kBlockCols)·KC·4 bytes = 7 MiB (kept per calling
// thread and reused).
constexpr int64_t kBlockRows = 32 * MC, kBlockCols = 128 * NR;

// Below this many multiply-adds one thread does the product: an OpenMP
// team costs microseconds, more than splitting saves.
constexpr int64_t kParallelWork = 1 << 20;

// A 64-byte-aligned float buffer that only grows (one per calling thread).
class PackBuffer {
 public:
  float* get(int64_t n) {
    if (n > size_) {
      size_t bytes = (static_cast<size_t>(n) * sizeof(float) + 63) / 64 * 64;
      data_.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
      size_ = n;
    }
    return data_.get();
  }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> data_;
  int64_t size_ = 0;
};

// An operand as the packing sees it: element (i, k) at data[i·si + k·sk],
// i running along the panel (rows of A, columns of B), k the summed index.
struct Operand {
  const float* data;
  int64_t si, sk;
};

using Mask = int32_t __attribute__((vector_size(kLanes * sizeof(int32_t))));

// The shuffle masks of transpose(): for each stage h = kLanes/2, ..., 1 the
// pair (new row i, new row i + h) taken from (row i, row i + h), where
// indices below kLanes pick from the first row and the others from the second.
struct TransposeMasks {
  Mask low[8], high[8];  // by stage, h = kLanes >> (stage + 1)
  TransposeMasks() {
    for (int stage = 0, h = kLanes / 2; h >= 1; ++stage, h /= 2)
      for (int c = 0; c < kLanes; ++c) {
        low[stage][c] = c & h ? kLanes + c - h : c;
        high[stage][c] = c & h ? kLanes + c : c + h;
      }
  }
};

const TransposeMasks kTransposeMasks;

// Transposes the kLanes x kLanes block v (row r is v[r]) in registers. Each
// stage swaps the off-diagonal h x h blocks of every 2h x 2h block,
//   for i with bit h clear:  v[i][c]     <- c & h ? v[i + h][c - h] : v[i][c]
//                            v[i + h][c] <- c & h ? v[i + h][c]     : v[i][c + h]
// which transposes the 2x2 block matrix; the next stage does the same inside
// each block, down to single elements. Fully unrolled, so h is a constant.
[[gnu::always_inline]] inline void transpose(Vec (&v)[kLanes]) {
#pragma GCC unroll 8
  for (int stage = 0, h = kLanes / 2; h >= 1; ++stage, h /= 2)
#pragma GCC unroll 16
    for (int i = 0; i < kLanes; ++i)
      if (!(i & h)) {
        const Vec a = v[i], b = v[i + h];
        v[i] = __builtin_shuffle(a, b, kTransposeMasks.low[stage]);
        v[i + h] = __builtin_shuffle(a, b, kTransposeMasks.high[stage]);
      }
}

// One panel: i in [i0, i0 + n), k in [k0, k0 + kc), written k-major as
// dst[k·width + i], zeros for i in [n, width).
void pack_panel(const Operand& m, int64_t i0, int64_t n, int64_t width, int64_t k0, int64_t kc, float* dst) {
  const float* src = m.data + i0 * m.si + k0 * m.sk;
  if (m.si == 1) {  // unit stride along the panel: each k is a row copy
    for (int64_t k = 0; k < kc; ++k, dst += width) {
      int64_t i = 0;
      for (; i < n; ++i) dst[i] = src[k * m.sk + i];
      for (; i < width; ++i) dst[i] = 0.0f;
    }
    return;
  }
  int64_t k_done = 0;
  if (m.sk == 1) {  // unit stride along k (a transposed operand): transpose kLanes x kLanes blocks
    k_done = kc / kLanes * kLanes;
    for (int64_t i = 0; i < n; i += kLanes) {
      const int64_t rows = std::min<int64_t>(kLanes, n - i), stored = std::min<int64_t>(kLanes, width - i);
      for (int64_t k = 0; k < k_done; k += kLanes) {
        Vec v[kLanes];
        for (int r = 0; r < kLanes; ++r) v[r] = r < rows ? load(src + (i + r) * m.si + k) : Vec{};
        transpose(v);  // v[kk] now holds i .. i + kLanes at k + kk, zeros past n
        for (int kk = 0; kk < kLanes; ++kk) {
          float* out = dst + (k + kk) * width + i;
          if (stored == kLanes) store(out, v[kk]);
          else std::memcpy(out, &v[kk], static_cast<size_t>(stored) * sizeof(float));
        }
      }
    }
  }
  for (int64_t i = 0; i < n; ++i)  // what is left, element by element, reading along k
    for (int64_t k = k_done; k < kc; ++k) dst[k * width + i] = src[i * m.si + k * m.sk];
  for (int64_t k = k_done; k < kc; ++k) std::fill(dst + k * width + n, dst + (k + 1) * width, 0.0f);
  const int64_t blocks_end = std::min(width, (n + kLanes - 1) / kLanes * kLanes);
  for (int64_t k = 0; k < k_done; ++k)  // columns past the last transposed block, up to width
    std::fill(dst + k * width + blocks_end, dst + (k + 1) * width, 0.0f);
}

// The tile C[0..rows, 0..cols) = alpha · (a_panel · b_panel) + beta · C, the
// panels kc deep; C's element (r, j) is at c[r·rsc + j·csc].
inline void micro_kernel(int64_t kc, const float* a, const float* b, float* c, int64_t rsc, int64_t csc,
                         int64_t rows, int64_t cols, float alpha, float beta) {
  Vec acc[MR][NV] = {};
  for (int64_t k = 0; k < kc; ++k, a += MR, b += NR) {
    Vec bk[NV];
    for (int v = 0; v < NV; ++v) bk[v] = load(b + v * kLanes);
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r)
      for (int v = 0; v < NV; ++v) acc[r][v] += a[r] * bk[v];
  }
  if (rows == MR && cols == NR && csc == 1) {
    for (int r = 0; r < MR; ++r)
      for (int v = 0; v < NV; ++v) {
        float* p = c + r * rsc + v * kLanes;
        Vec y = alpha * acc[r][v];
        if (beta != 0.0f) y += beta * load(p);
        store(p, y);
      }
    return;
  }
  alignas(64) float tile[MR][NR];
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) store(&tile[r][v * kLanes], acc[r][v]);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) {
      float& y = c[r * rsc + j * csc];
      y = beta != 0.0f ? alpha * tile[r][j] + beta * y : alpha * tile[r][j];
    }
}

struct Plan {
  int64_t M, N, K;
  int64_t kc;  // depth of a slice: K cut into equal slices of at most KC
  int64_t m_panels, n_panels;
  int64_t row_blocks, col_blocks;  // tasks = row_blocks x col_blocks
};

Plan make_plan(int64_t M, int64_t N, int64_t K, int threads) {
  const int64_t slices = (K + KC - 1) / KC;
  Plan p{M, N, K, (K + slices - 1) / slices, (M + MR - 1) / MR, (N + NR - 1) / NR, 0, 1};
  constexpr int64_t panels_per_block = MC / MR;
  p.row_blocks = (p.m_panels + panels_per_block - 1) / panels_per_block;
  // Enough tasks to keep every thread busy (two per thread evens out a ragged split).
  if (threads > 1 && p.row_blocks < 2 * threads)
    p.col_blocks = std::min(p.n_panels, (2 * threads + p.row_blocks - 1) / p.row_blocks);
  return p;
}

// Items [begin, end) of thread t when n items are cut into `threads` runs.
struct Share {
  int64_t begin, end;
};
Share share(int64_t n, int t, int threads) { return {n * t / threads, n * (t + 1) / threads}; }

// Waits for the whole team. Only called with a team: the caller may itself be
// a thread of an outer parallel region (conv runs images in parallel), where
// a barrier would wait for threads that never come.
void team_barrier(int threads) {
  if (threads > 1) {
#pragma omp barrier
  }
}

// Thread t's share of the product, for t in [0, threads).
void run(const Plan& p, float alpha, const Operand& a, const Operand& b, float beta, float* c, int64_t rsc,
         int64_t csc, float* apack, float* bpack, int t, int threads) {
  const int64_t panels_per_block = MC / MR;
  for (int64_t k0 = 0; k0 < p.K; k0 += p.kc) {
    const int64_t kc = std::min(p.kc, p.K - k0);
    for (auto [i, end] = share(p.m_panels, t, threads); i < end; ++i)
      pack_panel(a, i * MR, std::min<int64_t>(MR, p.M - i * MR), MR, k0, kc, apack + i * MR * kc);
    for (auto [j, end] = share(p.n_panels, t, threads); j < end; ++j)
      pack_panel(b, j * NR, std::min<int64_t>(NR, p.N - j * NR), NR, k0, kc, bpack + j * NR * kc);
    team_barrier(threads);  // every panel packed
    const float beta_k = k0 == 0 ? beta : 1.0f;  // later slices add to what the first wrote
    for (auto [task, end] = share(p.row_blocks * p.col_blocks, t, threads); task < end; ++task) {
      const int64_t rb = task / p.col_blocks, cb = task % p.col_blocks;
      const int64_t i_begin = rb * panels_per_block, i_end = std::min(p.m_panels, i_begin + panels_per_block);
      const int64_t j_begin = cb * p.n_panels / p.col_blocks, j_end = (cb + 1) * p.n_panels / p.col_blocks;
      for (int64_t j = j_begin; j < j_end; ++j)
        for (int64_t i = i_begin; i < i_end; ++i)
          micro_kernel(kc, apack + i * MR * kc, bpack + j * NR * kc, c + i * MR * rsc + j * NR * csc, rsc, csc,
                       std::min<int64_t>(MR, p.M - i * MR), std::min<int64_t>(NR, p.N - j * NR), alpha, beta_k);
    }
    team_barrier(threads);  // the panels are free to be overwritten
  }
}

// Multiply-adds the tiles compute, padding included.
int64_t padded_work(int64_t M, int64_t N) { return (M + MR - 1) / MR * MR * ((N + NR - 1) / NR * NR); }

// C = alpha · A · B + beta · C for one block of C, on as many threads as pay.
void gemm_block(int64_t M, int64_t N, int64_t K, float alpha, const Operand& a, const Operand& b, float beta,
                float* c, int64_t rsc, int64_t csc) {
  const int threads = omp_in_parallel() || M * N * K < kParallelWork ? 1 : omp_get_max_threads();
  const Plan plan = make_plan(M, N, K, threads);
  thread_local PackBuffer apack_buffer, bpack_buffer;
  float* apack = apack_buffer.get(plan.m_panels * MR * plan.kc);
  float* bpack = bpack_buffer.get(plan.n_panels * NR * plan.kc);
  if (threads == 1) {
    run(plan, alpha, a, b, beta, c, rsc, csc, apack, bpack, 0, 1);
    return;
  }
#pragma omp parallel num_threads(threads)
  run(plan, alpha, a, b, beta, c, rsc, csc, apack, bpack, omp_get_thread_num(), omp_get_num_threads());
}

}  // namespace

void sgemm(int64_t M, int64_t N, int64_t K, float alpha, FloatMatrix a, FloatMatrix b, float beta, float* c,
           int64_t rsc, int64_t csc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.0f) {  // no product: C = beta · C
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        float& y = c[i * rsc + j * csc];
        y = beta != 0.0f ? beta * y : 0.0f;
      }
    return;
  }
  // A narrow C (N much below NR, e.g. 10 classes) would be mostly padding:
  // compute C^T = B^T · A^T instead, whose tiles run along M. Its stores are
  // strided, so only when that saves a quarter of the work.
  Operand left{a.data, a.rs, a.cs}, right{b.data, b.cs, b.rs};  // A by rows, B by columns
  if (4 * padded_work(N, M) < 3 * padded_work(M, N)) {
    std::swap(M, N);
    std::swap(left, right);  // B^T by rows is B by columns
    std::swap(rsc, csc);
  }
  // Blocks of C of at most kBlockRows x kBlockCols bound the packed copies
  // (each slice packs all of a block's A rows and B columns).
  for (int64_t i0 = 0; i0 < M; i0 += kBlockRows)
    for (int64_t j0 = 0; j0 < N; j0 += kBlockCols) {
      const Operand a_rows{left.data + i0 * left.si, left.si, left.sk};
      const Operand b_cols{right.data + j0 * right.si, right.si, right.sk};
      gemm_block(std::min(kBlockRows, M - i0), std::min(kBlockCols, N - j0), K, alpha, a_rows, b_cols, beta,
                 c + i0 * rsc + j0 * csc, rsc, csc);
    }
}

}  // namespace ember::kernels::cpu
