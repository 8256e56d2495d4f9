// allocations.cpp — recording a node must cost little: this program counts
// heap allocations (it replaces global operator new) around the same op with
// and without autograd, and bounds the difference.
#include <atomic>
#include <cstdlib>
#include <new>

#include "support/test_utils.h"

namespace {
std::atomic<int64_t> g_allocations{0};
}

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace ember;

namespace {
template <class F>
int64_t count(F&& f) {
  int64_t before = g_allocations.load();
  f();
  return g_allocations.load() - before;
}
}  // namespace

TEST_CASE("recording a node allocates only the node, its edges and its saved tensors", "[autograd][allocations]") {
  Tensor a = randn({4}), b = randn({4});
  Tensor ga = randn({4}).requires_grad_(), gb = randn({4}).requires_grad_();
  Tensor ha = ga * 1.0, hb = gb * 1.0;  // non-leaves: saving them makes aliases
  // keep a graph alive so the leaves' AccumulateGrad nodes exist (they live
  // as long as some graph uses them); run everything once to warm caches
  Tensor keep = ga * gb;
  auto plain_mul = [&] { Tensor c = a * b; };
  auto leaf_mul = [&] { Tensor c = ga * gb; };
  auto nonleaf_mul = [&] { Tensor c = ha * hb; };
  auto leaf_add = [&] { Tensor c = ga + gb; };
  for (int i = 0; i < 2; ++i) {
    plain_mul();
    leaf_mul();
    nonleaf_mul();
    leaf_add();
  }
  int64_t plain = count(plain_mul);
  int64_t leaves = count(leaf_mul), nonleaves = count(nonleaf_mul), add = count(leaf_add);
  INFO("plain mul " << plain << ", recorded mul of leaves " << leaves << ", of non-leaves " << nonleaves
                    << ", recorded add " << add << " allocations");
  // node (1, make_shared) + edge vector (1) + the output's AutogradMeta (1)
  CHECK(leaves - plain <= 3);  // saved leaves are kept as they are
  CHECK(add - plain <= 3);     // add saves nothing
  // ... + two saved aliases (3 each: TensorImpl, its sizes and strides vectors)
  CHECK(nonleaves - plain <= 9);
}
