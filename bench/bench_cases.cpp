// bench_cases.cpp — runs ember's benchmark cases (cases.h) and prints one
// JSON line per case: {"case": ..., "ms": median ms per call, "work": ...,
// "unit": ...}. bench/run.py runs it interleaved with the torch peer
// (torch_cases.py), which prints the same lines for the same names.
//
//   bench_cases [--cases gemm,conv/1x32] [--threads 1] [--block-ms 50] [--list]
//
// --cases keeps the cases whose name starts with one of the comma-separated
// prefixes (default: all). --block-ms sets each timed block's length; a
// smoke run passes a tiny one.
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>

#include "cases.h"
#include "ember.h"
#include "timing.h"

namespace {

bool selected(const std::string& name, const std::string& prefixes) {
  if (prefixes.empty()) return true;
  std::stringstream list(prefixes);
  for (std::string prefix; std::getline(list, prefix, ',');)
    if (!prefix.empty() && name.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::string prefixes;
  int threads = 1;
  double block_ms = 50;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--list")) list = true;
    else if (!std::strcmp(argv[i], "--cases") && has_value) prefixes = argv[++i];
    else if (!std::strcmp(argv[i], "--threads") && has_value) threads = std::stoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--block-ms") && has_value) block_ms = std::stod(argv[++i]);
    else {
      std::fprintf(stderr, "bench_cases: unknown or incomplete flag %s\n", argv[i]);
      return 2;
    }
  }
  ember::set_num_threads(threads);
  ember::manual_seed(0);
  std::vector<bench::Case> cases;
  for (auto group : {bench::limits_cases, bench::gemm_cases, bench::conv_cases, bench::elementwise_cases,
                     bench::overhead_cases, bench::train_cases})
    for (bench::Case& c : group())
      if (selected(c.name, prefixes)) cases.push_back(std::move(c));
  for (const bench::Case& c : cases) {
    if (list) {
      std::printf("%s\n", c.name.c_str());
      continue;
    }
    const double ms = bench::median_ms_per_call(c.make(), block_ms);
    std::printf("{\"case\": \"%s\", \"ms\": %.6g, \"work\": %.6g, \"unit\": \"%s\"}\n", c.name.c_str(), ms, c.work,
                c.unit.c_str());
    std::fflush(stdout);
  }
}
