// test_utils.h — helpers shared by the Catch2 tests: committed fixtures,
// closeness checks that explain a mismatch, and the Python oracle's path.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "ember.h"

namespace ember::testing {

/// Loads tests/fixtures/<name>.npy (fixtures are made by
/// tests/fixtures/make_fixtures.py and committed; never regenerated in tests).
Tensor fixture(const std::string& name);

/// A per-dtype reference of make_fixtures.py: `name` holds an op's float64,
/// float32, float16 and bfloat16 results stacked (as exact float64 values);
/// the suffix ("f64", "f32", "f16" or "bf16") picks one.
Tensor fixture_for_dtype(const std::string& name, const std::string& suffix);

/// Empty when `actual` matches `expected` (shape, then values within
/// |a - e| <= atol + rtol |e|, NaN matching NaN); otherwise a description of
/// the worst element: its index, both values and the difference.
std::string mismatch(const Tensor& actual, const Tensor& expected, double rtol = 1e-5, double atol = 1e-8);

/// /usr/bin/python3 when it can import numpy, else empty.
std::string python_with_numpy();

/// A fresh scratch directory for one test.
std::string temp_dir();

/// A float64 leaf that requires grad, uniform in [lo, hi), drawn from `gen`:
/// the inputs of gradcheck tests.
Tensor uniform_leaf(IntArrayRef shape, Generator& gen, double lo = -1, double hi = 1);

/// Whole-file binary write and read, for tests that build or corrupt files.
void write_bytes(const std::string& path, const std::string& bytes);
std::string read_bytes(const std::string& path);

}  // namespace ember::testing

/// REQUIRE_CLOSE(actual, expected[, rtol, atol]): values and shape match.
#define REQUIRE_CLOSE(actual, expected, ...)                                                  \
  do {                                                                                        \
    std::string why_ = ::ember::testing::mismatch((actual), (expected), ##__VA_ARGS__);      \
    INFO(why_);                                                                               \
    REQUIRE(why_.empty());                                                                    \
  } while (0)

/// Exact equality of shape, dtype and values.
#define REQUIRE_EQUAL(actual, expected)                                                        \
  do {                                                                                         \
    const ::ember::Tensor a_ = (actual); /* by value: the argument may be a temporary */       \
    const ::ember::Tensor e_ = (expected);                                                     \
    INFO("actual   " << a_ << "\nexpected " << e_);                                            \
    REQUIRE(a_.scalar_type() == e_.scalar_type());                                             \
    REQUIRE(a_.sizes() == e_.sizes());                                                         \
    REQUIRE(::ember::equal(a_, e_));                                                           \
  } while (0)
