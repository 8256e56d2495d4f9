// libtorch_overhead.cpp — the libtorch C++ peer of the overhead cases
// (cases_overhead.cpp): the same three calls, sizes, timing (timing.h) and
// command line and output (cli.h) as bench_cases, through libtorch 1.13's
// C++ API, so bench/run.py can set ember C++ beside libtorch C++.
//
//   overhead/add          a + b on 4-element tensors, no autograd
//   overhead/add_grad     the same with a.requires_grad (the add is recorded)
//   overhead/linear_relu  relu(Linear(8, 8)(x)).sum().backward() on x (4, 8)
//
// Built by `make bench` only, and only when CMake finds libtorch
// (libtorch-dev, `./setup.sh --bench`); nothing else in ember sees its headers.
#include <torch/torch.h>

#include <functional>
#include <map>
#include <string>

#include "cli.h"
#include "timing.h"

int main(int argc, char** argv) {
  const bench::CommandLine cli = bench::parse_command_line(argc, argv);
  at::set_num_threads(cli.threads);
  torch::manual_seed(0);
  auto add = [](bool grad) {
    torch::Tensor a = torch::randn({4}).requires_grad_(grad), b = torch::randn({4});
    return std::function<void()>([a, b] { torch::Tensor c = a + b; });
  };
  const std::map<std::string, std::function<std::function<void()>()>> cases = {
      {"overhead/add", [=] { return add(false); }},
      {"overhead/add_grad", [=] { return add(true); }},
      {"overhead/linear_relu",
       [] {
         torch::nn::Linear linear(8, 8);
         torch::Tensor x = torch::randn({4, 8});
         return std::function<void()>([linear, x]() mutable { torch::relu(linear(x)).sum().backward(); });
       }},
  };
  for (const auto& [name, make] : cases) {
    if (!bench::selected(name, cli.prefixes)) continue;
    if (cli.list) std::printf("%s\n", name.c_str());
    else bench::print_result(name, bench::median_ms_per_call(make(), cli.block_ms), 0, "");
  }
}
