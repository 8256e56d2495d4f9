// cli.h — the command line and output that every C++ benchmark program
// shares with the Python peers (timing.py's main), so bench/run.py can drive
// them all alike:
//
//   PROGRAM [--cases gemm,conv/1x32] [--threads 1] [--block-ms 50] [--list]
//
// --cases keeps the cases whose name starts with one of the comma-separated
// prefixes (default: all); --block-ms sets each timed block's length (a smoke
// run passes a tiny one); --list prints the selected names instead of timing
// them. Each timed case is one JSON line:
// {"case": ..., "ms": median ms per call, "work": ..., "unit": ...}.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

namespace bench {

struct CommandLine {
  std::string prefixes;  // comma-separated; empty: every case
  int threads = 1;
  double block_ms = 50;
  bool list = false;
};

/// Parses argv; an unknown or incomplete flag exits with status 2.
inline CommandLine parse_command_line(int argc, char** argv) {
  CommandLine c;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--list")) c.list = true;
    else if (!std::strcmp(argv[i], "--cases") && has_value) c.prefixes = argv[++i];
    else if (!std::strcmp(argv[i], "--threads") && has_value) c.threads = std::stoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--block-ms") && has_value) c.block_ms = std::stod(argv[++i]);
    else {
      std::fprintf(stderr, "%s: unknown or incomplete flag %s\n", argv[0], argv[i]);
      std::exit(2);
    }
  }
  return c;
}

/// Whether name starts with one of the comma-separated prefixes (all do when there are none).
inline bool selected(const std::string& name, const std::string& prefixes) {
  if (prefixes.empty()) return true;
  std::stringstream list(prefixes);
  for (std::string prefix; std::getline(list, prefix, ',');)
    if (!prefix.empty() && name.rfind(prefix, 0) == 0) return true;
  return false;
}

inline void print_result(const std::string& name, double ms, double work, const std::string& unit) {
  std::printf("{\"case\": \"%s\", \"ms\": %.6g, \"work\": %.6g, \"unit\": \"%s\"}\n", name.c_str(), ms, work,
              unit.c_str());
  std::fflush(stdout);
}

}  // namespace bench
