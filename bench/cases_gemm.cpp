// cases_gemm.cpp — float32 matrix products C = A @ B, through ember::matmul
// and through OpenBLAS's cblas_sgemm called directly (the yardstick; its
// cases end in "/openblas" and are skipped when libopenblas.so.0 is absent):
//
//   gemm/<n>                      square n x n, n = 64 .. 2048
//   gemm/mlp<in>x<out>/fwd|dx|dw  the three products of a Linear layer of the
//                                 784-256-128-10 MLP at batch 64: x @ W^T,
//                                 dy @ W and dy^T @ x (transposed operands are
//                                 views, as autograd passes them)
//
// OpenBLAS is loaded with dlopen so no build needs its headers or package; its
// OpenMP build shares ember's thread pool and thread count.
#include <dlfcn.h>
#include <omp.h>

#include <cstdio>

#include "cases.h"
#include "ember.h"

namespace bench {
namespace {

struct Shape {
  std::string name;
  int64_t m, n, k;
  bool trans_a, trans_b;  // A is stored (k, m) / B is stored (n, k)
};

std::vector<Shape> shapes() {
  std::vector<Shape> s;
  for (int64_t n : {64, 128, 256, 512, 1024, 2048}) s.push_back({std::to_string(n), n, n, n, false, false});
  const int64_t batch = 64;
  for (auto [in, out] : {std::pair<int64_t, int64_t>{784, 256}, {256, 128}, {128, 10}}) {
    const std::string layer = "mlp" + std::to_string(in) + "x" + std::to_string(out);
    s.push_back({layer + "/fwd", batch, out, in, false, true});
    s.push_back({layer + "/dx", batch, in, out, false, false});
    s.push_back({layer + "/dw", out, in, batch, true, false});
  }
  return s;
}

// Operands stored as the shape says; .t() views give the logical (m, k), (k, n).
std::pair<ember::Tensor, ember::Tensor> operands(const Shape& s) {
  ember::Tensor a = s.trans_a ? ember::randn({s.k, s.m}).t() : ember::randn({s.m, s.k});
  ember::Tensor b = s.trans_b ? ember::randn({s.n, s.k}).t() : ember::randn({s.k, s.n});
  return {a, b};
}

// The two OpenBLAS entry points, by the C ABI of cblas.h (blasint is int in
// Debian's libopenblas0; 101 = row-major, 111 = no transpose, 112 = transpose).
using Sgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
using SetThreads = void (*)(int);

Sgemm load_openblas() {
  void* lib = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!lib) return nullptr;
  auto set_threads = reinterpret_cast<SetThreads>(dlsym(lib, "openblas_set_num_threads"));
  if (set_threads) set_threads(omp_get_max_threads());
  return reinterpret_cast<Sgemm>(dlsym(lib, "cblas_sgemm"));
}

}  // namespace

std::vector<Case> gemm_cases() {
  static const Sgemm sgemm = load_openblas();
  std::vector<Case> cases;
  for (const Shape& s : shapes()) {
    const double flops = 2.0 * s.m * s.n * s.k;
    cases.push_back({"gemm/" + s.name, flops, "flop", [s] {
                       auto [a, b] = operands(s);
                       return std::function<void()>([a, b] { ember::matmul(a, b); });
                     }});
    if (!sgemm) continue;
    cases.push_back({"gemm/" + s.name + "/openblas", flops, "flop", [s] {
                       auto [a, b] = operands(s);
                       ember::Tensor c = ember::empty({s.m, s.n});
                       return std::function<void()>([s, a, b, c] {
                         sgemm(101, s.trans_a ? 112 : 111, s.trans_b ? 112 : 111, int(s.m), int(s.n), int(s.k), 1.0f,
                               a.data_ptr<float>(), int(s.trans_a ? s.m : s.k), b.data_ptr<float>(),
                               int(s.trans_b ? s.k : s.n), 0.0f, c.data_ptr<float>(), int(s.n));
                       });
                     }});
  }
  return cases;
}

}  // namespace bench
