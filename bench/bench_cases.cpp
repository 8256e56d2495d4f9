// bench_cases.cpp — runs ember's benchmark cases (cases.h) and prints one
// JSON line per case (cli.h). bench/run.py runs it interleaved with the torch
// peer (torch_cases.py), which prints the same lines for the same names.
//
//   bench_cases [--cases gemm,conv/1x32] [--threads 1] [--block-ms 50] [--list]
#include "cases.h"
#include "cli.h"
#include "ember.h"
#include "timing.h"

int main(int argc, char** argv) {
  const bench::CommandLine cli = bench::parse_command_line(argc, argv);
  ember::set_num_threads(cli.threads);
  ember::manual_seed(0);
  std::vector<bench::Case> cases;
  for (auto group : {bench::limits_cases, bench::gemm_cases, bench::conv_cases, bench::elementwise_cases,
                     bench::overhead_cases, bench::train_cases})
    for (bench::Case& c : group())
      if (bench::selected(c.name, cli.prefixes)) cases.push_back(std::move(c));
  for (const bench::Case& c : cases) {
    if (cli.list) std::printf("%s\n", c.name.c_str());
    else bench::print_result(c.name, bench::median_ms_per_call(c.make(), cli.block_ms), c.work, c.unit);
  }
}
