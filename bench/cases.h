// cases.h — the benchmark cases of bench_cases, one registry entry each.
//
// A case has a name "group/what" (the torch peer, torch_cases.py, uses the
// same names), the work one call does (floating-point operations or bytes of
// memory traffic, so the driver can report GFLOP/s or GB/s; 0 for "per
// call" cases) and a `make` that builds the inputs and returns the call to
// time. Each group lives in its own cases_<group>.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bench {

struct Case {
  std::string name;
  double work = 0;           // per call
  std::string unit;          // "flop", "byte" or "" (time per call only)
  std::function<std::function<void()>()> make;
};

std::vector<Case> limits_cases();
std::vector<Case> gemm_cases();
std::vector<Case> conv_cases();
std::vector<Case> elementwise_cases();
std::vector<Case> overhead_cases();
std::vector<Case> train_cases();

}  // namespace bench
