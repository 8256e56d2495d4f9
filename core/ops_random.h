// ops_random.h — random factories. All draw from a Generator (the default one
// unless given), so `ember::manual_seed(s)` makes every run repeat exactly.
#pragma once

#include <optional>

#include "core/generator.h"
#include "core/tensor.h"

namespace ember {

/// Uniform on [0, 1).
Tensor rand(IntArrayRef sizes, const TensorOptions& options = {}, Generator* gen = nullptr);
/// Standard normal.
Tensor randn(IntArrayRef sizes, const TensorOptions& options = {}, Generator* gen = nullptr);
/// Integers uniform on [low, high); int64 unless options say otherwise.
Tensor randint(int64_t low, int64_t high, IntArrayRef sizes, const TensorOptions& options = {},
               Generator* gen = nullptr);
Tensor randint(int64_t high, IntArrayRef sizes, const TensorOptions& options = {}, Generator* gen = nullptr);
/// A random permutation of 0..n-1 (int64).
Tensor randperm(int64_t n, const TensorOptions& options = {}, Generator* gen = nullptr);
/// 1 with probability p (elementwise), else 0, in p's dtype.
Tensor bernoulli(const Tensor& p, Generator* gen = nullptr);
Tensor bernoulli(const Tensor& x, double p, Generator* gen = nullptr);
/// Draws num_samples indices per row of (unnormalized, non-negative) weights.
Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement = false, Generator* gen = nullptr);
Tensor normal(double mean, double std, IntArrayRef sizes, const TensorOptions& options = {}, Generator* gen = nullptr);
Tensor normal(const Tensor& mean, const Tensor& std, Generator* gen = nullptr);
Tensor rand_like(const Tensor& t, std::optional<ScalarType> dtype = {}, Generator* gen = nullptr);
Tensor randn_like(const Tensor& t, std::optional<ScalarType> dtype = {}, Generator* gen = nullptr);
Tensor randint_like(const Tensor& t, int64_t low, int64_t high, Generator* gen = nullptr);

}  // namespace ember
