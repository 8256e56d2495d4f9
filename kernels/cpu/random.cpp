// random.cpp — CPU random fills from the Philox stream (kernels/philox.h).
//
// Element i of a fill uses the Philox block at counter `offset + i / per_block`
// and one or two of its four words, so each element is independent of thread
// count and of how the loop is split:
//   uniform, randint, bernoulli: 4 elements per block (float) or 2 (double);
//   normal: Box-Muller turns two uniforms into two normals, 2 elements per
//   block in float, 1 in double (which takes 53-bit uniforms).
// The front-end reserves enough blocks from the Generator (core/generator.h).
#include <cmath>

#include "core/error.h"
#include "kernels/convert.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"
#include "kernels/philox.h"

namespace ember::kernels::cpu {

namespace {

// u in [0, 1) for element i, in double if the output is double
template <class C>
C uniform_at(PhiloxState st, int64_t i) {
  if constexpr (std::is_same_v<C, double>) {
    Philox4 r = philox(st.offset + static_cast<uint64_t>(i) / 2, st.seed);
    int lane = static_cast<int>(i % 2) * 2;
    return uniform_double(r.x[lane], r.x[lane + 1]);
  } else {
    Philox4 r = philox(st.offset + static_cast<uint64_t>(i) / 4, st.seed);
    return uniform_float(r.x[i % 4]);
  }
}

// Box-Muller: z = sqrt(-2 ln u1) * (cos | sin)(2 pi u2), with u1 in (0, 1]
template <class C>
C normal_at(PhiloxState st, int64_t i) {
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  if constexpr (std::is_same_v<C, double>) {
    Philox4 r = philox(st.offset + static_cast<uint64_t>(i), st.seed);
    double u1 = 1.0 - uniform_double(r.x[0], r.x[1]);
    double u2 = uniform_double(r.x[2], r.x[3]);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
  } else {
    Philox4 r = philox(st.offset + static_cast<uint64_t>(i) / 2, st.seed);
    int lane = static_cast<int>(i % 2);
    float u1 = 1.0f - uniform_float(r.x[0 + 2 * lane]);
    float u2 = uniform_float(r.x[1 + 2 * lane]);
    return std::sqrt(-2.0f * std::log(u1)) * std::cos(static_cast<float>(kTwoPi) * u2);
  }
}

// The memory offset (in elements) of the i-th element in row-major order:
// i itself for a contiguous tensor, 0 for a broadcast scalar (all strides
// 0), else decoded dim by dim — the division per dim is the slow case.
class ElementOffset {
 public:
  explicit ElementOffset(const TensorRef& t) : t_(t), contiguous_(true), broadcast_(true) {
    int64_t expected = 1;
    for (int64_t d = t.ndim() - 1; d >= 0; --d) {
      if (t.sizes[d] != 1) {
        contiguous_ = contiguous_ && t.strides[d] == expected;
        broadcast_ = broadcast_ && t.strides[d] == 0;
      }
      expected *= t.sizes[d];
    }
  }
  int64_t operator()(int64_t i) const {
    if (contiguous_) return i;
    if (broadcast_) return 0;
    int64_t off = 0, rest = i;
    for (int64_t d = t_.ndim() - 1; d >= 0; --d) {
      off += (rest % t_.sizes[d]) * t_.strides[d];
      rest /= t_.sizes[d];
    }
    return off;
  }

 private:
  const TensorRef& t_;
  bool contiguous_, broadcast_;
};

// Writes f(i) into element i (row-major flat index) of out.
template <class T, class F>
void fill_indexed(const TensorRef& out, F f) {
  const ElementOffset offset(out);
  T* base = static_cast<T*>(out.data);
  parallel_for(out.numel(), kParallelGrain / 4, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) base[offset(i)] = f(i);
  });
}

}  // namespace

void uniform(const TensorRef& out, PhiloxState st, double low, double high) {
  dispatch_floating(out.dtype, "uniform_", [&]<class T>() {
    using C = compute_t<T>;
    fill_indexed<T>(out, [&](int64_t i) {
      C u = uniform_at<C>(st, i);
      return convert<T>(static_cast<C>(low + (high - low) * u));
    });
  });
}

void normal(const TensorRef& out, PhiloxState st, double mean, double std) {
  dispatch_floating(out.dtype, "normal_", [&]<class T>() {
    using C = compute_t<T>;
    fill_indexed<T>(out, [&](int64_t i) { return convert<T>(static_cast<C>(mean + std * normal_at<C>(st, i))); });
  });
}

void bernoulli(const TensorRef& out, const TensorRef& p, PhiloxState st) {
  dispatch_all(out.dtype, "bernoulli", [&]<class T>() {
    dispatch_floating(p.dtype, "bernoulli", [&]<class P>() {
      const ElementOffset p_offset(p);
      const P* pp = static_cast<const P*>(p.data);
      fill_indexed<T>(out, [&](int64_t i) {
        double u = uniform_at<double>(st, i);
        return convert<T>(u < convert<double>(pp[p_offset(i)]));
      });
    });
  });
}

void randint(const TensorRef& out, PhiloxState st, int64_t low, int64_t high) {
  uint64_t range = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
  dispatch_numeric(out.dtype, "randint", [&]<class T>() {
    fill_indexed<T>(out, [&](int64_t i) {
      Philox4 r = philox(st.offset + static_cast<uint64_t>(i) / 2, st.seed);
      int lane = static_cast<int>(i % 2) * 2;
      uint64_t bits = static_cast<uint64_t>(r.x[lane]) << 32 | r.x[lane + 1];
      // 64 random bits modulo the range: the bias is below 2^-32 for ranges under 2^32
      return convert<T>(static_cast<int64_t>(static_cast<uint64_t>(low) + bits % range));
    });
  });
}

}  // namespace ember::kernels::cpu
