// elementwise_loop.h — applies an elementwise functor (kernels/elementwise_ops.h)
// across operands with the loop engine. One template for unary ops, one for
// binary ops; each has a contiguous path the compiler vectorizes and a
// general strided path.
//
// Internal to kernels/cpu.
#pragma once

#include "kernels/convert.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"

namespace ember::kernels::cpu {

/// out[i] = f(in[i]) with in of type T and out of type Out (T, or bool for predicates).
template <class T, class Out, class F>
void unary_loop(const TensorRef& out, const TensorRef& in, const F& f, const UnaryParams& params) {
  using C = compute_t<T>;
  for_each_run<2>({&out, &in}, [&](char** p, const int64_t* s, int64_t n) {
    if (s[0] == sizeof(Out) && s[1] == sizeof(T)) {
      Out* o = reinterpret_cast<Out*>(p[0]);
      const T* x = reinterpret_cast<const T*>(p[1]);
      for (int64_t i = 0; i < n; ++i) o[i] = convert<Out>(f(convert<C>(x[i]), params));
    } else {
      for (int64_t i = 0; i < n; ++i) {
        C x = convert<C>(*reinterpret_cast<const T*>(p[1] + i * s[1]));
        *reinterpret_cast<Out*>(p[0] + i * s[0]) = convert<Out>(f(x, params));
      }
    }
  });
}

/// out[i] = f(a[i], b[i]); a and b of type T, out of type Out. A scalar operand
/// arrives as stride 0, which gets its own vectorizable path.
template <class T, class Out, class F>
void binary_loop(const TensorRef& out, const TensorRef& a, const TensorRef& b, const F& f) {
  using C = compute_t<T>;
  for_each_run<3>({&out, &a, &b}, [&](char** p, const int64_t* s, int64_t n) {
    Out* o = reinterpret_cast<Out*>(p[0]);
    const T* x = reinterpret_cast<const T*>(p[1]);
    const T* y = reinterpret_cast<const T*>(p[2]);
    if (s[0] == sizeof(Out) && s[1] == sizeof(T) && s[2] == sizeof(T)) {
      for (int64_t i = 0; i < n; ++i) o[i] = convert<Out>(f(convert<C>(x[i]), convert<C>(y[i])));
    } else if (s[0] == sizeof(Out) && s[1] == sizeof(T) && s[2] == 0) {
      const C yv = convert<C>(*y);
      for (int64_t i = 0; i < n; ++i) o[i] = convert<Out>(f(convert<C>(x[i]), yv));
    } else if (s[0] == sizeof(Out) && s[1] == 0 && s[2] == sizeof(T)) {
      const C xv = convert<C>(*x);
      for (int64_t i = 0; i < n; ++i) o[i] = convert<Out>(f(xv, convert<C>(y[i])));
    } else {
      for (int64_t i = 0; i < n; ++i) {
        C xv = convert<C>(*reinterpret_cast<const T*>(p[1] + i * s[1]));
        C yv = convert<C>(*reinterpret_cast<const T*>(p[2] + i * s[2]));
        *reinterpret_cast<Out*>(p[0] + i * s[0]) = convert<Out>(f(xv, yv));
      }
    }
  });
}

}  // namespace ember::kernels::cpu
