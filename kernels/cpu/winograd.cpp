// winograd.cpp — 3x3 stride-1 convolutions by Winograd's minimal filtering
// F(2x2, 3x3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural
// Networks", 2015), forward and both adjoints, float32.
//
// A 2x2 block of outputs of a 3x3 correlation reads a 4x4 input tile d.
// Computed directly that is 4·9 = 36 multiplies; Winograd's form needs 16:
//   Y (2x2) = A^T [ (G g G^T) ⊙ (B^T d B) ] A
// with the kernel g (3x3) and the constant matrices
//   B^T = [1  0 -1  0]    G = [ 1    0    0 ]    A^T = [1  1  1  0]
//         [0  1  1  0]        [ 1/2  1/2  1/2]          [0  1 -1 -1]
//         [0 -1  1  0]        [ 1/2 -1/2  1/2]
//         [0  1  0 -1]        [ 0    0    1 ]
// Summed over input channels, each of the 16 entries ξ of the elementwise
// product becomes a matrix product over channels:
//   U[ξ] (C x O) = (G g G^T)[ξ] per (o, c)      the kernel transform, once
//   V[ξ] (T x C) = (B^T d B)[ξ] per (tile, c)   the input transform
//   M[ξ] (T x O) = V[ξ] @ U[ξ]                  16 GEMMs, 2.25x fewer
//                                                multiply-adds than im2col's
//   Y = A^T M A per (tile, o)                   the output transform
// The transforms add and subtract vectors of channels, so images are first
// copied channels-last (tile position major, channel minor), zero-padded to
// whole tiles; the output transform writes a channels-last block that is
// copied back to NCHW.
//
// The adjoints reuse it. The input gradient of a stride-1 conv is itself a
// correlation: y_grad padded by 2 - p, with the kernel rotated by 180° and
// its channel axes swapped. The weight gradient follows from Y being linear
// in g: with the output-gradient tile transformed as dM = A dY A^T,
//   dg = G^T [ Σ_tiles dM ⊙ (B^T d B) ] G,
// so dU[ξ] (O x C) = Σ dM[ξ]^T V[ξ], one GEMM per ξ with the tiles as the
// long inner dimension.
//
// Leaves out: larger tiles (F(4x4, 3x3) multiplies less but its transforms
// lose float32 accuracy), strides, dilation, groups, 1-D and 3-D kernels —
// conv.cpp runs those through im2col.
#include "kernels/cpu/winograd.h"

#include <algorithm>
#include <array>
#include <vector>

#include "kernels/cpu/float_vec.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/loops.h"
#include "kernels/cpu/scratch.h"

namespace ember::kernels::cpu {

namespace {

// With fewer input channels than this the GEMMs over channels are too thin
// to pay for the transforms. Measured fwd+bwd at one thread, batch 64,
// Winograd vs im2col: 16->16 on 28x28 5.1 vs 12.1 ms, 12->16 7.3 vs 6.6,
// 8->16 5.9 vs 4.5; and for the outputs 16->2 3.3 vs 4.6 but 16->1 4.3
// vs 4.0.
constexpr int64_t kMinInChannels = 16, kMinOutChannels = 2;
// Tiles whose transforms are kept together and multiplied in one GEMM per ξ
// (8 images of 14 x 14). On 32->64 over 14 x 14 at one thread, chunks of
// 196 to 1568 tiles ran alike within this machine's noise.
constexpr int64_t kChunkTiles = 392;

// One correlation's tiling: input (H, W) read with `pad` zeros on the top
// and left, output (Ho, Wo) cut into th x tw tiles of 2x2.
struct Tiling {
  int64_t H, W, Ho, Wo, pad_h, pad_w;
  int64_t th() const { return (Ho + 1) / 2; }
  int64_t tw() const { return (Wo + 1) / 2; }
  // the padded channels-last input rows: tile (i, j) reads rows 2i..2i+3, columns 2j..2j+3
  int64_t Wp() const { return 2 * tw() + 2; }
};

// Channels-last copies of a block of a plane stack (C planes, `plane` floats
// apart; L consecutive positions of each), position l at offset at[l] of the
// copy (its channel c at at[l] + c): the copy may be wider, with padding or
// whole tiles past the image's edge. Each block of kLanes channels x kLanes
// positions is transposed in registers; reading a channel at a time through
// all planes instead (a stride of 4 KiB for 32 x 32 images, so every load
// falls in the same L1 set) took 15% of a 64->64 forward pass on 32 x 32.

// at[h·W + w] = (h·cols + w + dw)·C: rows of W positions into rows of cols, shifted by dw
std::vector<int64_t> channels_last_offsets(int64_t rows, int64_t W, int64_t cols, int64_t dw, int64_t C) {
  std::vector<int64_t> at(static_cast<size_t>(rows * W));
  for (int64_t h = 0; h < rows; ++h)
    for (int64_t w = 0; w < W; ++w) at[h * W + w] = (h * cols + w + dw) * C;
  return at;
}

// Calls block(c, l) for every kLanes x kLanes block of channels [c, c + kLanes)
// by positions [l, l + kLanes) of a (C, L) matrix, and element(c, l) for
// the channels and positions left over at its edges.
template <class Block, class Element>
void over_blocks(int64_t C, int64_t L, Block&& block, Element&& element) {
  using simd::kLanes;
  int64_t c = 0;
  for (; c + kLanes <= C; c += kLanes) {
    int64_t l = 0;
    for (; l + kLanes <= L; l += kLanes) block(c, l);
    for (; l < L; ++l)
      for (int r = 0; r < kLanes; ++r) element(c + r, l);
  }
  for (; c < C; ++c)
    for (int64_t l = 0; l < L; ++l) element(c, l);
}

// dst[at[l] + c] = src[c·plane + l] for c < C, l < L
void to_channels_last(const float* src, int64_t C, int64_t plane, int64_t L, const std::vector<int64_t>& at,
                      float* dst) {
  using simd::kLanes;
  over_blocks(
      C, L,
      [&](int64_t c, int64_t l) {
        simd::Vec v[kLanes];  // v[r]: channel c + r at positions l ..
        for (int r = 0; r < kLanes; ++r) {
          v[r] = simd::load(src + (c + r) * plane + l);
          // 16 channel rows are 16 streams, more than the hardware prefetcher
          // kept up with: fetching 4 blocks ahead cut 32->64 fwd+bwd by 9%
          __builtin_prefetch(src + (c + r) * plane + l + 4 * kLanes);
        }
        simd::transpose(v);  // v[k]: position l + k, channels c ..
        for (int k = 0; k < kLanes; ++k) simd::store(dst + at[l + k] + c, v[k]);
      },
      [&](int64_t c, int64_t l) { dst[at[l] + c] = src[c * plane + l]; });
}

// dst[c·plane + l] = src[at[l] + c] + bias[c] (no bias when null), the inverse copy
void from_channels_last(const float* src, int64_t C, int64_t plane, int64_t L, const std::vector<int64_t>& at,
                        const float* bias, float* dst) {
  using simd::kLanes;
  auto b = [&](int64_t c) { return bias ? bias[c] : 0.0f; };
  over_blocks(
      C, L,
      [&](int64_t c, int64_t l) {
        simd::Vec v[kLanes];  // v[k]: position l + k, channels c ..
        for (int k = 0; k < kLanes; ++k) v[k] = simd::load(src + at[l + k] + c);
        simd::transpose(v);  // v[r]: channel c + r at positions l ..
        for (int r = 0; r < kLanes; ++r) simd::store(dst + (c + r) * plane + l, v[r] + b(c + r));
      },
      [&](int64_t c, int64_t l) { dst[c * plane + l] = src[at[l] + c] + b(c); });
}

// Zeroes the positions of a channels-last block (rows, cols, C) outside rows
// [row_lo, row_hi) x columns [col_lo, col_hi), where no copy writes.
void zero_outside(float* block, int64_t rows, int64_t cols, int64_t C, int64_t row_lo, int64_t row_hi,
                  int64_t col_lo, int64_t col_hi) {
  for (int64_t r = 0; r < rows; ++r) {
    float* row = block + r * cols * C;
    if (r < row_lo || r >= row_hi) {
      std::fill(row, row + cols * C, 0.0f);
    } else {
      std::fill(row, row + col_lo * C, 0.0f);
      std::fill(row + col_hi * C, row + cols * C, 0.0f);
    }
  }
}

// U[ξ] = G g G^T for every (o, c). g = w[o][c], or for the adjoint
// (input gradient) w[c][o] rotated by 180° with o and c swapped. Stored
// U[ξ][c][o] (the GEMM's right operand, C x O).
void kernel_transform(const float* w, int64_t O, int64_t C, bool adjoint, float* U) {
  // in the adjoint the correlation's output channels are w's inputs and vice versa
  const int64_t out_ch = adjoint ? C : O, in_ch = adjoint ? O : C;
  for (int64_t o = 0; o < out_ch; ++o)
    for (int64_t c = 0; c < in_ch; ++c) {
      float g[3][3];
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
          g[a][b] = adjoint ? w[(c * C + o) * 9 + (2 - a) * 3 + (2 - b)] : w[(o * C + c) * 9 + a * 3 + b];
      float t[4][3];  // t = G g
      for (int b = 0; b < 3; ++b) {
        t[0][b] = g[0][b];
        t[1][b] = 0.5f * (g[0][b] + g[1][b] + g[2][b]);
        t[2][b] = 0.5f * (g[0][b] - g[1][b] + g[2][b]);
        t[3][b] = g[2][b];
      }
      for (int r = 0; r < 4; ++r) {  // U = t G^T
        const float u[4] = {t[r][0], 0.5f * (t[r][0] + t[r][1] + t[r][2]), 0.5f * (t[r][0] - t[r][1] + t[r][2]),
                            t[r][2]};
        for (int s = 0; s < 4; ++s) U[((r * 4 + s) * in_ch + c) * out_ch + o] = u[s];
      }
    }
}

// dg = G^T dU G for every (o, c) with dU[ξ][o][c] (O x C); writes w_grad (O, C, 3, 3).
void kernel_transform_adjoint(const float* dU, int64_t O, int64_t C, float* w_grad) {
  for (int64_t o = 0; o < O; ++o)
    for (int64_t c = 0; c < C; ++c) {
      float u[4][4];
      for (int x = 0; x < 16; ++x) u[x / 4][x % 4] = dU[(x * O + o) * C + c];
      float t[3][4];  // t = G^T u:  G^T = [1 1/2 1/2 0; 0 1/2 -1/2 0; 0 1/2 1/2 1]
      for (int s = 0; s < 4; ++s) {
        t[0][s] = u[0][s] + 0.5f * (u[1][s] + u[2][s]);
        t[1][s] = 0.5f * (u[1][s] - u[2][s]);
        t[2][s] = 0.5f * (u[1][s] + u[2][s]) + u[3][s];
      }
      float* g = w_grad + (o * C + c) * 9;
      for (int r = 0; r < 3; ++r) {  // g = t G
        g[r * 3 + 0] = t[r][0] + 0.5f * (t[r][1] + t[r][2]);
        g[r * 3 + 1] = 0.5f * (t[r][1] - t[r][2]);
        g[r * 3 + 2] = 0.5f * (t[r][1] + t[r][2]) + t[r][3];
      }
    }
}

// Calls f.template operator()<V>(c) for the channels c of [0, C): V = Vec
// for a vector of kLanes channels at a time, then V = float for the rest.
// The transforms below are written once for both.
template <class F>
void over_channels(int64_t C, F&& f) {
  int64_t c = 0;
  for (; c + simd::kLanes <= C; c += simd::kLanes) f.template operator()<simd::Vec>(c);
  for (; c < C; ++c) f.template operator()<float>(c);
}

// V[ξ][t][c] = (B^T d B)[ξ] for `rows` rows of tw tiles, d the 4x4 tile of
// the padded channels-last input rows x (2·rows + 2, Wp, C); tile (i, j) is
// row t0 + i·tw + j of V, whose ξ-planes lie `plane` floats apart.
void input_transform(const float* x, int64_t C, int64_t Wp, int64_t rows, int64_t tw, float* V, int64_t t0,
                     int64_t plane) {
  using simd::load, simd::store;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < tw; ++j) {
      const float* d = x + (2 * i * Wp + 2 * j) * C;  // d[r][s][c] at d + (r·Wp + s)·C + c
      float* v = V + (t0 + i * tw + j) * C;           // v[ξ][c] at v + ξ·plane + c
      over_channels(C, [&]<class F>(int64_t c) {
        F t[4][4];  // t = B^T d, a column s at a time
        for (int s = 0; s < 4; ++s) {
          const F d0 = load<F>(d + s * C + c), d1 = load<F>(d + (Wp + s) * C + c);
          const F d2 = load<F>(d + (2 * Wp + s) * C + c), d3 = load<F>(d + (3 * Wp + s) * C + c);
          t[0][s] = d0 - d2;
          t[1][s] = d1 + d2;
          t[2][s] = d2 - d1;
          t[3][s] = d1 - d3;
        }
        for (int r = 0; r < 4; ++r) {  // V = t B, a row r at a time
          store(v + (r * 4 + 0) * plane + c, t[r][0] - t[r][2]);
          store(v + (r * 4 + 1) * plane + c, t[r][1] + t[r][2]);
          store(v + (r * 4 + 2) * plane + c, t[r][2] - t[r][1]);
          store(v + (r * 4 + 3) * plane + c, t[r][1] - t[r][3]);
        }
      });
    }
}

// The 2x2 outputs Y = A^T m A of `rows` rows of tw tiles, m[ξ][o] =
// M[ξ][t0 + i·tw + j][o] (ξ-planes `plane` floats apart), into y (2·rows,
// 2·tw, O) channels-last.
void output_transform(const float* M, int64_t O, int64_t rows, int64_t tw, int64_t t0, int64_t plane, float* y) {
  using simd::load, simd::store;
  const int64_t cols = 2 * tw;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < tw; ++j) {
      const float* m = M + (t0 + i * tw + j) * O;
      float* out = y + (2 * i * cols + 2 * j) * O;  // out[r][s][o] at out + (r·cols + s)·O + o
      over_channels(O, [&]<class F>(int64_t o) {
        F t[2][4];  // t = A^T m, a column s at a time
        for (int s = 0; s < 4; ++s) {
          const F m0 = load<F>(m + s * plane + o), m1 = load<F>(m + (4 + s) * plane + o);
          const F m2 = load<F>(m + (8 + s) * plane + o), m3 = load<F>(m + (12 + s) * plane + o);
          t[0][s] = m0 + m1 + m2;
          t[1][s] = m1 - m2 - m3;
        }
        for (int r = 0; r < 2; ++r) {  // Y = t A
          store(out + r * cols * O + o, t[r][0] + t[r][1] + t[r][2]);
          store(out + (r * cols + 1) * O + o, t[r][1] - t[r][2] - t[r][3]);
        }
      });
    }
}

// dM[ξ][t0 + i·tw + j][o] = (A dy A^T)[ξ] for `rows` rows of tw tiles, dy
// the 2x2 block of y_grad (2·rows, 2·tw, O) channels-last, zero past the
// output's edge.
void output_transform_adjoint(const float* dy, int64_t O, int64_t rows, int64_t tw, float* dM, int64_t t0,
                              int64_t plane) {
  using simd::load, simd::store;
  const int64_t cols = 2 * tw;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < tw; ++j) {
      const float* g = dy + (2 * i * cols + 2 * j) * O;
      float* m = dM + (t0 + i * tw + j) * O;
      over_channels(O, [&]<class F>(int64_t o) {
        F t[4][2];  // t = A g:  A = [1 0; 1 1; 1 -1; 0 -1]
        for (int s = 0; s < 2; ++s) {
          const F g0 = load<F>(g + s * O + o), g1 = load<F>(g + (cols + s) * O + o);
          t[0][s] = g0;
          t[1][s] = g0 + g1;
          t[2][s] = g0 - g1;
          t[3][s] = -g1;
        }
        for (int r = 0; r < 4; ++r) {  // dM = t A^T
          store(m + (r * 4 + 0) * plane + o, t[r][0]);
          store(m + (r * 4 + 1) * plane + o, t[r][0] + t[r][1]);
          store(m + (r * 4 + 2) * plane + o, t[r][0] - t[r][1]);
          store(m + (r * 4 + 3) * plane + o, -t[r][1]);
        }
      });
    }
}

// The batch's N·th rows of tiles (tile row r is row r % th of image r / th)
// in chunks of `rows` consecutive tile rows: about kChunkTiles tiles, at
// least one tile row, at most a thread's share. A chunk may span images,
// and a large image takes several chunks, so the buffers stay small.
struct Chunks {
  int64_t rows, count;
  Chunks(int64_t N, const Tiling& tl) {
    const int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
    const int64_t total = N * tl.th(), share = std::max<int64_t>(1, (total + threads - 1) / threads);
    rows = std::clamp<int64_t>(kChunkTiles / tl.tw(), 1, share);
    count = (total + rows - 1) / rows;
  }
  int64_t max_tiles(const Tiling& tl) const { return rows * tl.tw(); }
};

// Calls part(n, i0, i1, t0) for each image's share of chunk c: tile rows
// [i0, i1) of image n, whose first tile is tile t0 of the chunk.
template <class Part>
void for_each_part(const Chunks& ch, int64_t c, int64_t N, const Tiling& tl, Part&& part) {
  const int64_t th = tl.th(), first = c * ch.rows, end = std::min(N * th, first + ch.rows);
  for (int64_t r = first; r < end;) {
    const int64_t n = r / th, i0 = r % th, i1 = std::min(th, i0 + end - r);
    part(n, i0, i1, (r - first) * tl.tw());
    r += i1 - i0;
  }
}

// The input rows that tile rows [i0, i1) of one image (C, H, W) read,
// channels-last and zero-padded: padded rows 2·i0 .. 2·i1 + 1 (image row h
// is padded row h + pad_h), into dst (2·(i1 - i0) + 2, Wp, C). at: offsets
// of channels_last_offsets(rows, W, Wp, pad_w, C) for enough rows.
void load_input_rows(const float* image, int64_t C, const Tiling& tl, int64_t i0, int64_t i1,
                     const std::vector<int64_t>& at, float* dst) {
  const int64_t first = 2 * i0 - tl.pad_h;  // the image row of dst's row 0
  const int64_t lo = std::max<int64_t>(first, 0), hi = std::max(lo, std::min(tl.H, 2 * i1 + 2 - tl.pad_h));
  zero_outside(dst, 2 * (i1 - i0) + 2, tl.Wp(), C, lo - first, hi - first, tl.pad_w, tl.pad_w + tl.W);
  to_channels_last(image + lo * tl.W, C, tl.H * tl.W, (hi - lo) * tl.W, at, dst + (lo - first) * tl.Wp() * C);
}

// The output rows of tile rows [i0, i1) that lie inside the image: [2·i0, hi).
int64_t output_rows_end(const Tiling& tl, int64_t i1) { return std::min(tl.Ho, 2 * i1); }

// Floats between the 16 planes of a transformed chunk (rows x cols each):
// one cache line more than a plane. At a power-of-two distance (64 x 64
// planes: 64 KiB) the 16 streams of a transform all map to the same L1 sets
// and evict each other.
int64_t plane_stride(int64_t rows, int64_t cols) { return rows * cols + 16; }  // 16 floats: 64 bytes

// This thread's buffers of the given sizes (in floats), carved out of one
// ScratchBuffer kept between calls; uninitialized.
template <size_t K>
std::array<float*, K> thread_buffers(const std::array<int64_t, K>& sizes) {
  thread_local ScratchBuffer buffer;
  int64_t total = 0;
  for (int64_t n : sizes) total += (n + 15) / 16 * 16;  // each starts on a cache line
  std::array<float*, K> parts;
  float* p = buffer.get(total);
  for (size_t i = 0; i < K; ++i) {
    parts[i] = p;
    p += (sizes[i] + 15) / 16 * 16;
  }
  return parts;
}

// The correlation y (N, O, Ho, Wo) of x (N, C, H, W) with the transformed
// kernel U (16, C, O), plus bias; the forward pass and the input gradient.
void correlate(float* y, const float* x, const float* U, const float* bias, int64_t N, int64_t C, int64_t O,
               const Tiling& tl) {
  const Chunks ch(N, tl);
  const int64_t T = ch.max_tiles(tl), in_rows = 2 * ch.rows + 2, out_cols = 2 * tl.tw();
  const std::vector<int64_t> in_at = channels_last_offsets(in_rows, tl.W, tl.Wp(), tl.pad_w, C);
  const std::vector<int64_t> out_at = channels_last_offsets(2 * ch.rows, tl.Wo, out_cols, 0, O);
  const int64_t in_plane = plane_stride(T, C), out_plane = plane_stride(T, O);
  parallel_for(ch.count, 1, [&](int64_t b, int64_t e) {
    auto [padded, V, M, out] = thread_buffers<4>({in_rows * tl.Wp() * C, 16 * in_plane, 16 * out_plane, 4 * T * O});
    for (int64_t chunk = b; chunk < e; ++chunk) {
      int64_t tiles = 0;
      for_each_part(ch, chunk, N, tl, [&](int64_t n, int64_t i0, int64_t i1, int64_t t0) {
        load_input_rows(x + n * C * tl.H * tl.W, C, tl, i0, i1, in_at, padded);
        input_transform(padded, C, tl.Wp(), i1 - i0, tl.tw(), V, t0, in_plane);
        tiles = t0 + (i1 - i0) * tl.tw();
      });
      // small_sgemm reads V in place where it takes the shape (sgemm's packing
      // of V was ~20% of a conv: 32->64 on 14x14 fwd+bwd 6.9 -> 5.3 ms with it)
      for (int xi = 0; xi < 16; ++xi)  // M[ξ] (tiles x O) = V[ξ] (tiles x C) @ U[ξ] (C x O)
        sgemm_or_small(tiles, O, C, 1.0f, V + xi * in_plane, C, 1, U + xi * C * O, O, 1, 0.0f, M + xi * out_plane, O);
      for_each_part(ch, chunk, N, tl, [&](int64_t n, int64_t i0, int64_t i1, int64_t t0) {
        output_transform(M, O, i1 - i0, tl.tw(), t0, out_plane, out);
        const int64_t plane = tl.Ho * tl.Wo, rows = output_rows_end(tl, i1) - 2 * i0;
        from_channels_last(out, O, plane, rows * tl.Wo, out_at, bias, y + n * O * plane + 2 * i0 * tl.Wo);
      });
    }
  });
}

}  // namespace

bool winograd_applies(const ConvGeometry& g, int64_t groups, int64_t in_channels, int64_t out_channels,
                      Dtype dtype) {
  if (dtype != kFloat32 || groups != 1 || in_channels < kMinInChannels || out_channels < kMinOutChannels) return false;
  if (g.kernel[0] != 1 || g.in[0] != 1 || g.padding[0] != 0 || g.kernel[1] != 3 || g.kernel[2] != 3) return false;
  for (int d = 1; d < 3; ++d) {
    if (g.stride[d] != 1 || g.dilation[d] != 1 || g.padding[d] > 2) return false;
    if (g.out[d] != g.in[d] + 2 * g.padding[d] - 2 || g.out[d] < 1) return false;
  }
  return true;
}

void winograd_forward(float* y, const float* x, const float* w, const float* bias, int64_t N, int64_t C, int64_t O,
                      const ConvGeometry& g) {
  std::vector<float> U(static_cast<size_t>(16 * C * O));
  kernel_transform(w, O, C, false, U.data());
  correlate(y, x, U.data(), bias, N, C, O, {g.in[1], g.in[2], g.out[1], g.out[2], g.padding[1], g.padding[2]});
}

void winograd_input_backward(float* x_grad, const float* y_grad, const float* w, int64_t N, int64_t C, int64_t O,
                             const ConvGeometry& g) {
  // x_grad[c] = Σ_o y_grad[o] padded by 2 - p, correlated with w[o][c] rotated by 180°
  std::vector<float> U(static_cast<size_t>(16 * C * O));
  kernel_transform(w, O, C, true, U.data());
  correlate(x_grad, y_grad, U.data(), nullptr, N, O, C,
            {g.out[1], g.out[2], g.in[1], g.in[2], 2 - g.padding[1], 2 - g.padding[2]});
}

void winograd_weight_backward(float* w_grad, const float* x, const float* y_grad, int64_t N, int64_t C, int64_t O,
                              const ConvGeometry& g) {
  const Tiling tl{g.in[1], g.in[2], g.out[1], g.out[2], g.padding[1], g.padding[2]};
  const Chunks ch(N, tl);
  const int64_t T = ch.max_tiles(tl), in_rows = 2 * ch.rows + 2, grad_cols = 2 * tl.tw();
  const std::vector<int64_t> in_at = channels_last_offsets(in_rows, tl.W, tl.Wp(), tl.pad_w, C);
  const std::vector<int64_t> grad_at = channels_last_offsets(2 * ch.rows, tl.Wo, grad_cols, 0, O);
  const int64_t in_plane = plane_stride(T, C), grad_plane = plane_stride(T, O);
  const int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  // each thread sums dU (16, O, C) over its chunks; the sums are added at the end
  std::vector<std::vector<float>> partial(threads, std::vector<float>(static_cast<size_t>(16 * O * C), 0.0f));
  parallel_for(ch.count, 1, [&](int64_t b, int64_t e) {
    auto [padded, V, dM, grad] =
        thread_buffers<4>({in_rows * tl.Wp() * C, 16 * in_plane, 16 * grad_plane, 4 * T * O});
    float* dU = partial[threads == 1 ? 0 : omp_get_thread_num()].data();
    for (int64_t chunk = b; chunk < e; ++chunk) {
      int64_t tiles = 0;
      for_each_part(ch, chunk, N, tl, [&](int64_t n, int64_t i0, int64_t i1, int64_t t0) {
        load_input_rows(x + n * C * tl.H * tl.W, C, tl, i0, i1, in_at, padded);
        input_transform(padded, C, tl.Wp(), i1 - i0, tl.tw(), V, t0, in_plane);
        // y_grad's rows as whole 2x2 tiles, zero past the output's edge
        const int64_t plane = tl.Ho * tl.Wo, rows = output_rows_end(tl, i1) - 2 * i0;
        zero_outside(grad, 2 * (i1 - i0), grad_cols, O, 0, rows, 0, tl.Wo);
        to_channels_last(y_grad + n * O * plane + 2 * i0 * tl.Wo, O, plane, rows * tl.Wo, grad_at, grad);
        output_transform_adjoint(grad, O, i1 - i0, tl.tw(), dM, t0, grad_plane);
        tiles = t0 + (i1 - i0) * tl.tw();
      });
      for (int xi = 0; xi < 16; ++xi)  // dU[ξ] (O x C) += dM[ξ]^T (O x tiles) @ V[ξ] (tiles x C)
        sgemm_or_small(O, C, tiles, 1.0f, dM + xi * grad_plane, 1, O, V + xi * in_plane, C, 1, 1.0f, dU + xi * O * C,
                       C);
    }
  });
  for (size_t i = 1; i < partial.size(); ++i)
    for (size_t j = 0; j < partial[0].size(); ++j) partial[0][j] += partial[i][j];
  kernel_transform_adjoint(partial[0].data(), O, C, w_grad);
}

}  // namespace ember::kernels::cpu
