// ops_random.cpp — random factories and in-place fills. Each op reserves one
// Philox block per element from the generator (more than any fill needs), so
// the next op starts on fresh numbers; see kernels/cpu/random.cpp for how
// elements map to blocks.
#include <cmath>

#include "autograd/inplace_internal.h"
#include "core/ops.h"
#include "core/ops_internal.h"
#include "kernels/philox.h"

namespace ember {

namespace {

Generator& gen_or_default(Generator* gen) { return gen ? *gen : default_generator(); }

kernels::PhiloxState reserve(Generator* gen, int64_t numel) {
  Generator& g = gen_or_default(gen);
  uint64_t seed = g.initial_seed();
  return {seed, g.reserve(static_cast<uint64_t>(std::max<int64_t>(numel, 1)))};
}

// random kernels write contiguous outputs; fill a strided target through a temporary
template <class Fill>
Tensor& fill_random(Tensor& self, const char* op, Fill fill) {
  detail::check_defined(op, self);
  detail::check_inplace(op, self, self.scalar_type(), {});
  if (autograd::inplace_needs_grad(self, {})) {
    // the new values are constants: self's old history gets a zero gradient
    return autograd::apply_inplace(op, self, [&](const Tensor& old) {
      Tensor values = detail::empty_tensor(old.sizes(), old.scalar_type(), old.device());
      fill(values);
      return where(full(old.sizes(), true, TensorOptions(kBool).device(old.device())), values, old);
    }, /*needs_old_value=*/false);
  }
  if (self.is_contiguous()) {
    fill(self);
  } else {
    Tensor tmp = detail::empty_tensor(self.sizes(), self.scalar_type(), self.device());
    fill(tmp);
    dispatch::copy(self, tmp);
  }
  detail::bump_version(self);
  return self;
}

void check_float(const char* op, ScalarType t) {
  EMBER_CHECK(is_floating_point(t), op, "expected a floating point dtype, got ", t);
}

}  // namespace

Tensor& Tensor::uniform_(double from, double to) {
  check_float("uniform_", scalar_type());
  EMBER_CHECK(from <= to, "uniform_", "expects from <= to, got from=", from, " to=", to);
  return fill_random(*this, "uniform_", [&](Tensor& t) { dispatch::uniform(t, reserve(nullptr, t.numel()), from, to); });
}

Tensor& Tensor::normal_(double mean, double std) {
  check_float("normal_", scalar_type());
  EMBER_CHECK(std >= 0, "normal_", "expects std >= 0, got ", std);
  return fill_random(*this, "normal_", [&](Tensor& t) { dispatch::normal(t, reserve(nullptr, t.numel()), mean, std); });
}

Tensor& Tensor::bernoulli_(double p) {
  EMBER_CHECK(p >= 0 && p <= 1, "bernoulli_", "p must be in [0, 1], got ", p);
  return fill_random(*this, "bernoulli_", [&](Tensor& t) {
    Tensor prob = full(t.sizes(), p, TensorOptions(kFloat64).device(t.device()));
    dispatch::bernoulli(t, prob, reserve(nullptr, t.numel()));
  });
}

Tensor& Tensor::random_(int64_t from, int64_t to) {
  EMBER_CHECK(from < to, "random_", "expects from < to, got from=", from, " to=", to);
  return fill_random(*this, "random_", [&](Tensor& t) { dispatch::randint(t, reserve(nullptr, t.numel()), from, to); });
}

Tensor rand(IntArrayRef sizes, const TensorOptions& options, Generator* gen) {
  check_float("rand", options.dtype());
  Tensor t = detail::empty_tensor(sizes, options.dtype(), options.device());
  dispatch::uniform(t, reserve(gen, t.numel()), 0.0, 1.0);
  if (options.requires_grad()) t.requires_grad_();
  return t;
}

Tensor randn(IntArrayRef sizes, const TensorOptions& options, Generator* gen) {
  check_float("randn", options.dtype());
  Tensor t = detail::empty_tensor(sizes, options.dtype(), options.device());
  dispatch::normal(t, reserve(gen, t.numel()), 0.0, 1.0);
  if (options.requires_grad()) t.requires_grad_();
  return t;
}

Tensor randint(int64_t low, int64_t high, IntArrayRef sizes, const TensorOptions& options, Generator* gen) {
  EMBER_CHECK(low < high, "randint", "expects low < high, got low=", low, " high=", high);
  ScalarType dtype = options.has_dtype() ? options.dtype() : kInt64;
  Tensor t = detail::empty_tensor(sizes, dtype, options.device());
  dispatch::randint(t, reserve(gen, t.numel()), low, high);
  return t;
}

Tensor randint(int64_t high, IntArrayRef sizes, const TensorOptions& options, Generator* gen) {
  return randint(0, high, sizes, options, gen);
}

// Fisher-Yates: for i = n-1 .. 1, swap element i with a uniform j in [0, i]
Tensor randperm(int64_t n, const TensorOptions& options, Generator* gen) {
  EMBER_CHECK(n >= 0, "randperm", "n must be non-negative, got ", n);
  Generator& g = gen_or_default(gen);
  uint64_t seed = g.initial_seed();
  uint64_t base = g.reserve(static_cast<uint64_t>(std::max<int64_t>(n, 1)));
  std::vector<int64_t> perm(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) perm[i] = i;
  for (int64_t i = n - 1; i > 0; --i) {
    kernels::Philox4 r = kernels::philox(base + static_cast<uint64_t>(i), seed);
    uint64_t bits = static_cast<uint64_t>(r.x[0]) << 32 | r.x[1];
    int64_t j = static_cast<int64_t>(bits % static_cast<uint64_t>(i + 1));
    std::swap(perm[i], perm[j]);
  }
  ScalarType dtype = options.has_dtype() ? options.dtype() : kInt64;
  return tensor(perm, {}, TensorOptions(dtype).device(options.device()));
}

Tensor bernoulli(const Tensor& p, Generator* gen) {
  detail::check_defined("bernoulli", p);
  check_float("bernoulli", p.scalar_type());
  EMBER_CHECK(p.numel() == 0 || (p.amin().item<double>() >= 0 && p.amax().item<double>() <= 1), "bernoulli",
              "all probabilities must be in [0, 1]");
  Tensor t = detail::empty_tensor(p.sizes(), p.scalar_type(), p.device());
  dispatch::bernoulli(t, p, reserve(gen, t.numel()));
  return t;
}

Tensor bernoulli(const Tensor& x, double p, Generator* gen) {
  detail::check_defined("bernoulli", x);
  return bernoulli(full(x.sizes(), p, TensorOptions(x.is_floating_point() ? x.scalar_type() : kFloat32).device(x.device())),
                   gen)
      .to(x.scalar_type());
}

Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, Generator* gen) {
  detail::check_defined("multinomial", probs);
  EMBER_CHECK(probs.dim() == 1 || probs.dim() == 2, "multinomial", "probs must be 1-D or 2-D, got shape ",
              shape_str(probs.sizes()));
  EMBER_CHECK(probs.is_floating_point(), "multinomial", "probs must be floating point, got ", probs.scalar_type());
  EMBER_CHECK(num_samples > 0, "multinomial", "num_samples must be positive, got ", num_samples);
  Tensor p = probs.dim() == 1 ? probs.unsqueeze(0) : probs;
  Tensor w = p.to(Device::cpu(), kFloat64).contiguous();
  int64_t rows = w.size(0), cats = w.size(1);
  EMBER_CHECK(cats > 0, "multinomial", "probs must have at least one category");
  EMBER_CHECK(replacement || num_samples <= cats, "multinomial", "cannot sample ", num_samples,
              " without replacement from ", cats, " categories");
  Generator& g = gen_or_default(gen);
  std::vector<int64_t> out(static_cast<size_t>(rows * num_samples));
  const double* wp = w.data_ptr<double>();
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<double> row(wp + r * cats, wp + (r + 1) * cats);
    double total = 0;
    int64_t positive = 0;
    for (double v : row) {
      EMBER_CHECK(std::isfinite(v) && v >= 0, "multinomial", "probabilities must be finite and non-negative, got ", v);
      total += v;
      positive += v > 0;
    }
    EMBER_CHECK(total > 0, "multinomial", "row ", r, " of probs sums to zero");
    EMBER_CHECK(replacement || positive >= num_samples, "multinomial", "row ", r, " has only ", positive,
                " non-zero categories, too few to draw ", num_samples, " without replacement");
    for (int64_t s = 0; s < num_samples; ++s) {
      // inverse CDF: the first category whose running sum exceeds u * total
      double u = g.next_double() * total, run = 0;
      int64_t pick = cats - 1;
      for (int64_t c = 0; c < cats; ++c) {
        run += row[c];
        if (u < run && row[c] > 0) {
          pick = c;
          break;
        }
      }
      while (row[pick] <= 0) --pick;  // rounding at the top end
      out[r * num_samples + s] = pick;
      if (!replacement) {
        total -= row[pick];
        row[pick] = 0;
      }
    }
  }
  Tensor result = tensor(out, {rows, num_samples}, TensorOptions(kInt64).device(probs.device()));
  return probs.dim() == 1 ? result.squeeze(0) : result;
}

Tensor normal(double mean, double std, IntArrayRef sizes, const TensorOptions& options, Generator* gen) {
  EMBER_CHECK(std >= 0, "normal", "std must be non-negative, got ", std);
  Tensor t = randn(sizes, options, gen);
  return add(mul(t, std), mean);
}

Tensor normal(const Tensor& mean, const Tensor& std, Generator* gen) {
  detail::check_same_device("normal", mean, std);
  EMBER_CHECK(std.numel() == 0 || std.amin().item<double>() >= 0, "normal", "std must be non-negative");
  Shape shape = broadcast_shapes(mean.sizes(), std.sizes(), "normal");
  ScalarType dtype = promote_types(mean.scalar_type(), std.scalar_type());
  Tensor z = randn(shape, TensorOptions(dtype).device(mean.device()), gen);
  return add(mul(z, std), mean);
}

Tensor rand_like(const Tensor& t, std::optional<ScalarType> dtype, Generator* gen) {
  return rand(t.sizes(), TensorOptions(dtype.value_or(t.scalar_type())).device(t.device()), gen);
}
Tensor randn_like(const Tensor& t, std::optional<ScalarType> dtype, Generator* gen) {
  return randn(t.sizes(), TensorOptions(dtype.value_or(t.scalar_type())).device(t.device()), gen);
}
Tensor randint_like(const Tensor& t, int64_t low, int64_t high, Generator* gen) {
  return randint(low, high, t.sizes(), TensorOptions(t.scalar_type()).device(t.device()), gen);
}

}  // namespace ember
