// scan.cpp — inclusive scans along one dim: cumsum and cumprod.
// Each line along `dim` is scanned sequentially (a scan is inherently
// ordered); different lines run in parallel.
#include "kernels/convert.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"

namespace ember::kernels::cpu {

void scan(ScanOp op, const TensorRef& out, const TensorRef& in, int64_t dim) {
  dispatch_all(in.dtype, op == ScanOp::Sum ? "cumsum" : "cumprod", [&]<class T>() {
    dispatch_all(out.dtype, "scan", [&]<class Out>() {
      // accumulate in the output's compute type (double for float sums keeps
      // long running sums accurate)
      using A = std::conditional_t<std::is_floating_point_v<compute_t<Out>>, double, compute_t<Out>>;
      int64_t n = in.sizes[dim];
      int64_t lines = n == 0 ? 0 : in.numel() / n;
      int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1));
      parallel_for(lines, grain, [&](int64_t b, int64_t e) {
        for (int64_t line = b; line < e; ++line) {
          int64_t rest = line, in_off = 0, out_off = 0;
          for (int64_t d = in.ndim() - 1; d >= 0; --d) {
            if (d == dim) continue;
            int64_t k = rest % in.sizes[d];
            rest /= in.sizes[d];
            in_off += k * in.strides[d];
            out_off += k * out.strides[d];
          }
          const T* src = static_cast<const T*>(in.data) + in_off;
          Out* dst = static_cast<Out*>(out.data) + out_off;
          A acc = op == ScanOp::Sum ? A(0) : A(1);
          for (int64_t i = 0; i < n; ++i) {
            A x = convert<A>(src[i * in.strides[dim]]);
            acc = op == ScanOp::Sum ? A(acc + x) : A(acc * x);
            dst[i * out.strides[dim]] = convert<Out>(acc);
          }
        }
      });
    });
  });
}

}  // namespace ember::kernels::cpu
