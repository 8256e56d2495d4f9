// copy.cpp — the memory kernels: strided copy with dtype conversion, fill,
// and the arithmetic-progression fills behind arange and linspace.
//
// copy is the workhorse behind contiguous(), clone(), to(dtype) and copy_():
// when both sides are contiguous with one dtype it is a (parallel) memcpy,
// otherwise the loop engine walks both layouts converting each element.
#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "kernels/convert.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"
#include "kernels/kernels.h"

namespace ember::kernels::cpu {

namespace {
bool is_contiguous(const TensorRef& t) {
  int64_t expected = 1;
  for (int64_t d = t.ndim() - 1; d >= 0; --d) {
    if (t.sizes[d] != 1 && t.strides[d] != expected) return false;
    expected *= t.sizes[d];
  }
  return true;
}
}  // namespace

void copy(const TensorRef& dst, const TensorRef& src) {
  if (dst.dtype == src.dtype && is_contiguous(dst) && is_contiguous(src)) {
    int64_t nbytes = dst.numel() * static_cast<int64_t>(element_size(dst.dtype));
    char* d = static_cast<char*>(dst.data);
    const char* s = static_cast<const char*>(src.data);
    parallel_for(nbytes, kParallelGrain * 16, [&](int64_t b, int64_t e) { std::memcpy(d + b, s + b, e - b); });
    return;
  }
  dispatch_all(dst.dtype, "copy", [&]<class D>() {
    dispatch_all(src.dtype, "copy", [&]<class S>() {
      for_each_run<2>({&dst, &src}, [](char** p, const int64_t* s, int64_t n) {
        if (s[0] == sizeof(D) && s[1] == sizeof(S)) {
          D* out = reinterpret_cast<D*>(p[0]);
          const S* in = reinterpret_cast<const S*>(p[1]);
          for (int64_t i = 0; i < n; ++i) out[i] = convert<D>(in[i]);
        } else {
          for (int64_t i = 0; i < n; ++i)
            *reinterpret_cast<D*>(p[0] + i * s[0]) = convert<D>(*reinterpret_cast<const S*>(p[1] + i * s[1]));
        }
      });
    });
  });
}

void fill(const TensorRef& dst, Scalar value) {
  dispatch_all(dst.dtype, "fill_", [&]<class T>() {
    const T v = value.to<T>();
    for_each_run<1>({&dst}, [v](char** p, const int64_t* s, int64_t n) {
      if (s[0] == sizeof(T)) {
        T* out = reinterpret_cast<T*>(p[0]);
        for (int64_t i = 0; i < n; ++i) out[i] = v;
      } else {
        for (int64_t i = 0; i < n; ++i) *reinterpret_cast<T*>(p[0] + i * s[0]) = v;
      }
    });
  });
}

// arange and linspace write contiguous 1-D outputs (the front-ends allocate them).
void arange(const TensorRef& out, double start, double step) {
  dispatch_numeric(out.dtype, "arange", [&]<class T>() {
    T* o = static_cast<T*>(out.data);
    parallel_for(out.numel(), kParallelGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        if constexpr (std::is_integral_v<T>) o[i] = static_cast<T>(static_cast<int64_t>(start) + i * static_cast<int64_t>(step));
        else o[i] = convert<T>(start + static_cast<double>(i) * step);
      }
    });
  });
}

void linspace(const TensorRef& out, double start, double end) {
  dispatch_numeric(out.dtype, "linspace", [&]<class T>() {
    T* o = static_cast<T*>(out.data);
    int64_t n = out.numel();
    double step = n > 1 ? (end - start) / static_cast<double>(n - 1) : 0.0;
    int64_t half = n / 2;
    parallel_for(n, kParallelGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        double v = i < half ? start + step * static_cast<double>(i) : end - step * static_cast<double>(n - 1 - i);
        o[i] = convert<T>(v);
      }
    });
  });
}

namespace {

// out[i] = cond[i] ? a[i] : b[i] over a run where out and cond are
// contiguous and a, b each contiguous or one broadcast value (a_step, b_step
// are 1 or 0): a branch-free select the compiler vectorizes. This is the
// shape of every ReLU-style backward, where(x > 0, grad, 0).
template <class T>
void where_contiguous(T* __restrict out, const bool* __restrict cond, const T* __restrict a, int64_t a_step,
                      const T* __restrict b, int64_t b_step, int64_t n) {
  // The select is done on the bits: mask = all ones where cond, so
  // out = (a & mask) | (b & ~mask) — exact for every value (NaN, -0.0) and a
  // plain vector loop, where `cond ? a : b` stays a scalar branch in GCC.
  using Bits = std::conditional_t<sizeof(T) == 1, uint8_t,
                                  std::conditional_t<sizeof(T) == 2, uint16_t,
                                                     std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
  static_assert(sizeof(Bits) == sizeof(T));
  const auto* c = reinterpret_cast<const uint8_t*>(cond);
  auto select = [&](auto a_at, auto b_at) {
    for (int64_t i = 0; i < n; ++i) {
      const Bits mask = static_cast<Bits>(0) - static_cast<Bits>(c[i] != 0);
      out[i] = std::bit_cast<T>(static_cast<Bits>((std::bit_cast<Bits>(a_at(i)) & mask) |
                                                   (std::bit_cast<Bits>(b_at(i)) & static_cast<Bits>(~mask))));
    }
  };
  auto each = [](const T* p) { return [p](int64_t i) { return p[i]; }; };
  auto one = [](const T* p) { return [v = *p](int64_t) { return v; }; };
  if (a_step == 1 && b_step == 1) select(each(a), each(b));
  else if (a_step == 1) select(each(a), one(b));
  else if (b_step == 1) select(one(a), each(b));
  else select(one(a), one(b));
}

}  // namespace

void where(const TensorRef& out, const TensorRef& cond, const TensorRef& a, const TensorRef& b) {
  dispatch_all(out.dtype, "where", [&]<class T>() {
    for_each_run<4>({&out, &cond, &a, &b}, [](char** p, const int64_t* s, int64_t n) {
      constexpr int64_t t = sizeof(T);
      if (s[0] == t && s[1] == 1 && (s[2] == t || s[2] == 0) && (s[3] == t || s[3] == 0)) {
        where_contiguous(reinterpret_cast<T*>(p[0]), reinterpret_cast<const bool*>(p[1]),
                         reinterpret_cast<const T*>(p[2]), s[2] / t, reinterpret_cast<const T*>(p[3]), s[3] / t, n);
        return;
      }
      for (int64_t i = 0; i < n; ++i) {
        bool c = *reinterpret_cast<const bool*>(p[1] + i * s[1]);
        *reinterpret_cast<T*>(p[0] + i * s[0]) =
            c ? *reinterpret_cast<const T*>(p[2] + i * s[2]) : *reinterpret_cast<const T*>(p[3] + i * s[3]);
      }
    });
  });
}

}  // namespace ember::kernels::cpu
