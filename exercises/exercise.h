// exercise.h — what every exercise program shares: the --quick flag (ctest
// runs exercises small) and a checker that prints each verdict and turns any
// wrong answer into a non-zero exit code.
#pragma once

#include <cstring>
#include <iostream>
#include <string>

namespace exercise {

inline bool quick(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--quick") == 0) return true;
  return false;
}

class Checker {
 public:
  /// Prints "ok" or "FAILED" for `what`; remembers failures.
  void check(bool ok, const std::string& what) {
    std::cout << (ok ? "  ok      " : "  FAILED  ") << what << "\n";
    if (!ok) ++failures_;
  }
  /// 0 when every check passed.
  int exit_code() const {
    std::cout << (failures_ == 0 ? "all checks passed\n" : std::to_string(failures_) + " check(s) failed\n");
    return failures_ == 0 ? 0 : 1;
  }

 private:
  int failures_ = 0;
};

}  // namespace exercise
