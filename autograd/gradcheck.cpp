// gradcheck.cpp — see gradcheck.h.
#include "autograd/gradcheck.h"

#include <cmath>
#include <sstream>

#include "autograd/engine.h"
#include "autograd/grad_mode.h"
#include "core/generator.h"
#include "core/ops.h"

namespace ember::autograd {

namespace {

// sum_k <v_k, out_k> over the floating outputs, without a graph
double project(const GradcheckFn& fn, const TensorList& inputs, const TensorList& v) {
  NoGradGuard no_grad;
  TensorList outs = fn(inputs);
  double total = 0;
  for (size_t k = 0; k < outs.size(); ++k)
    if (v[k].defined()) total += sum(mul(outs[k].to(kFloat64), v[k])).item<double>();
  return total;
}

// element j (row-major) of a CPU float64 tensor, through its strides
double& element(const Tensor& t, int64_t j) {
  int64_t off = 0;
  for (int64_t d = t.dim() - 1; d >= 0; --d) {
    off += (j % t.size(d)) * t.stride(d);
    j /= t.size(d);
  }
  return t.data_ptr<double>()[off];
}

bool has_internal_overlap(const Tensor& t) {
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.stride(d) == 0 && t.size(d) > 1) return true;
  return false;
}

}  // namespace

bool gradcheck(const GradcheckFn& fn, const TensorList& given_inputs, const GradcheckOptions& o) {
  // expanded inputs (several elements on one memory slot) cannot be perturbed
  // one element at a time: check the function on a dense copy instead
  TensorList inputs;
  std::vector<size_t> diff;  // indices of inputs that require grad
  for (size_t i = 0; i < given_inputs.size(); ++i) {
    Tensor t = given_inputs[i];
    if (t.defined() && t.requires_grad()) {
      EMBER_CHECK(t.scalar_type() == kFloat64, "gradcheck", "input ", i, " requires grad but is ", t.scalar_type(),
                  "; gradcheck needs float64 inputs (float32 finite differences are too imprecise)");
      EMBER_CHECK(t.is_cpu(), "gradcheck", "input ", i, " is on ", t.device(), "; gradcheck runs on the CPU");
      if (has_internal_overlap(t)) t = t.detach().contiguous().requires_grad_();
      diff.push_back(i);
    }
    inputs.push_back(t);
  }
  EMBER_CHECK(!diff.empty(), "gradcheck", "no input requires grad");

  TensorList outputs = fn(inputs);
  Generator gen(o.seed);
  TensorList v(outputs.size()), diff_outputs, diff_v;
  for (size_t k = 0; k < outputs.size(); ++k) {
    if (!outputs[k].defined() || !outputs[k].is_floating_point() || !outputs[k].requires_grad()) continue;
    v[k] = randn(outputs[k].sizes(), kFloat64, &gen);
    diff_outputs.push_back(outputs[k]);
    diff_v.push_back(v[k].to(outputs[k].scalar_type()));
  }
  TensorList diff_inputs;
  for (size_t i : diff) diff_inputs.push_back(inputs[i]);
  TensorList analytical(diff.size());
  if (!diff_outputs.empty())
    analytical = grad(diff_outputs, diff_inputs, diff_v, /*retain_graph=*/false, /*create_graph=*/false,
                      /*allow_unused=*/true);

  for (size_t n = 0; n < diff.size(); ++n) {
    const Tensor& x = inputs[diff[n]];
    Tensor a = analytical[n].defined() ? analytical[n].to(kFloat64).contiguous() : zeros_like(x, kFloat64);
    EMBER_CHECK(a.sizes() == x.sizes(), "gradcheck", "the gradient of input ", diff[n], " has shape ",
                shape_str(a.sizes()), " but the input has shape ", shape_str(x.sizes()));
    const double* ap = a.data_ptr<double>();
    int64_t worst = -1;
    double worst_excess = 0, worst_num = 0, worst_ana = 0;
    for (int64_t j = 0; j < x.numel(); ++j) {
      double& slot = element(x, j);
      double saved = slot;
      slot = saved + o.eps;
      double plus = project(fn, inputs, v);
      slot = saved - o.eps;
      double minus = project(fn, inputs, v);
      slot = saved;
      double numerical = (plus - minus) / (2 * o.eps);
      double excess = std::fabs(ap[j] - numerical) - (o.atol + o.rtol * std::fabs(numerical));
      if (!(excess <= 0) && (worst < 0 || !(excess <= worst_excess))) {
        worst = j;
        worst_excess = excess;
        worst_num = numerical;
        worst_ana = ap[j];
      }
    }
    if (worst >= 0) {
      Shape index(x.dim());
      int64_t rest = worst;
      for (int64_t d = x.dim() - 1; d >= 0; --d) {
        index[d] = rest % x.size(d);
        rest /= x.size(d);
      }
      std::ostringstream msg;
      msg.precision(10);
      msg << "Jacobian mismatch for input " << diff[n] << " (shape " << shape_str(x.sizes()) << ") at index "
          << shape_str(index) << ": numerical " << worst_num << ", analytical " << worst_ana << ", |difference| "
          << std::fabs(worst_num - worst_ana) << " exceeds atol + rtol * |numerical| = "
          << o.atol + o.rtol * std::fabs(worst_num);
      if (o.raise_exception) EMBER_FAIL("gradcheck", msg.str());
      return false;
    }
  }
  return true;
}

bool gradgradcheck(const GradcheckFn& fn, const TensorList& inputs, const GradcheckOptions& o) {
  std::vector<size_t> diff;
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].defined() && inputs[i].requires_grad()) diff.push_back(i);
  EMBER_CHECK(!diff.empty(), "gradgradcheck", "no input requires grad");
  // cotangents for the outputs become extra inputs of the checked function
  TensorList outputs = fn(inputs);
  Generator gen(o.seed + 1);
  TensorList extended = inputs;
  std::vector<size_t> out_index;
  for (size_t k = 0; k < outputs.size(); ++k) {
    if (!outputs[k].defined() || !outputs[k].is_floating_point() || !outputs[k].requires_grad()) continue;
    extended.push_back(randn(outputs[k].sizes(), kFloat64, &gen).requires_grad_());
    out_index.push_back(k);
  }
  size_t n_in = inputs.size();
  GradcheckFn first_derivative = [&](const TensorList& xs) {
    EnableGradGuard with_grad;  // gradcheck evaluates its function without grad; this one needs it inside
    TensorList x(xs.begin(), xs.begin() + static_cast<int64_t>(n_in));
    TensorList outs = fn(x), diff_outs, vs, diff_x;
    for (size_t m = 0; m < out_index.size(); ++m) {
      diff_outs.push_back(outs[out_index[m]]);
      vs.push_back(xs[n_in + m]);
    }
    for (size_t i : diff) diff_x.push_back(x[i]);
    TensorList g = grad(diff_outs, diff_x, vs, /*retain_graph=*/true, /*create_graph=*/true, /*allow_unused=*/true);
    for (size_t m = 0; m < g.size(); ++m)
      if (!g[m].defined()) g[m] = zeros_like(diff_x[m]);
    return g;
  };
  return gradcheck(first_derivative, extended, o);
}

}  // namespace ember::autograd
