// copy.cpp — the memory kernels: strided copy with dtype conversion, fill,
// and the arithmetic-progression fills behind arange and linspace.
//
// copy is the workhorse behind contiguous(), clone(), to(dtype) and copy_():
// when both sides are contiguous with one dtype it is a (parallel) memcpy,
// otherwise the loop engine walks both layouts converting each element.
#include <cstring>

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

void where(const TensorRef& out, const TensorRef& cond, const TensorRef& a, const TensorRef& b) {
  dispatch_all(out.dtype, "where", [&]<class T>() {
    for_each_run<4>({&out, &cond, &a, &b}, [](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        bool c = *reinterpret_cast<const bool*>(p[1] + i * s[1]);
        *reinterpret_cast<T*>(p[0] + i * s[0]) =
            c ? *reinterpret_cast<const T*>(p[2] + i * s[2]) : *reinterpret_cast<const T*>(p[3] + i * s[3]);
      }
    });
  });
}

}  // namespace ember::kernels::cpu
