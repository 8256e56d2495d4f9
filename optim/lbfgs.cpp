// lbfgs.cpp — L-BFGS with an optional strong-Wolfe line search (see lbfgs.h).
#include "optim/lbfgs.h"

#include <algorithm>
#include <cmath>

#include "autograd/grad_mode.h"
#include "core/ops.h"

namespace ember::optim {
namespace {

// The minimizer of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2,
// clamped to [lo, hi] (by default the interval between x1 and x2); the
// midpoint when the cubic has no minimum.
double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                         std::optional<std::pair<double, double>> bounds = std::nullopt) {
  auto [lo, hi] = bounds ? *bounds : std::pair{std::min(x1, x2), std::max(x1, x2)};
  double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  double d2_square = d1 * d1 - g1 * g2;
  if (d2_square < 0) return (lo + hi) / 2;
  double d2 = std::sqrt(d2_square);
  double min_pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return std::min(std::max(min_pos, lo), hi);
}

double inner(const Tensor& a, const Tensor& b) { return a.dot(b).item<double>(); }
double abs_max(const Tensor& a) { return a.abs().max().item<double>(); }

}  // namespace

LBFGS::LBFGS(TensorList params, LBFGSOptions o)
    : Optimizer("LBFGS", {{"lr", o.lr},
                          {"max_iter", static_cast<double>(o.max_iter)},
                          {"max_eval", static_cast<double>(o.max_eval > 0 ? o.max_eval : o.max_iter * 5 / 4)},
                          {"tolerance_grad", o.tolerance_grad},
                          {"tolerance_change", o.tolerance_change},
                          {"history_size", static_cast<double>(o.history_size)},
                          {"strong_wolfe", o.strong_wolfe}}) {
  add_param_groups({ParamGroup{std::move(params)}});
}

void LBFGS::check_options(const GroupOptions& o) const {
  Optimizer::check_options(o);
  EMBER_CHECK(param_groups().empty(), name(), "does not support parameter groups (there can be only one)");
  check_range(o, "max_iter", 1);
  check_range(o, "max_eval", 1);
  check_range(o, "history_size", 1);
}

void LBFGS::check_state(const std::string& key, const Tensor& value, const Tensor&) const {
  // Flat state: vectors of all parameters' elements, histories of them, counters.
  int64_t n = numel();
  bool ok = value.dim() == 0 || (value.dim() == 1 && (value.size(0) == n || key.ends_with(".ro"))) ||
            (value.dim() == 2 && value.size(1) == n);
  EMBER_CHECK(ok, name(), "load_state_dict: state '", key, "' has shape ", shape_str(value.sizes()),
              " but the parameters have ", n, " elements in all");
}

void LBFGS::update(ParamGroup&) { EMBER_CHECK(false, name(), "step() needs a closure that re-evaluates the loss"); }

int64_t LBFGS::numel() const {
  int64_t n = 0;
  for (const Tensor& p : param_groups()[0].params) n += p.numel();
  return n;
}

Tensor LBFGS::gather_flat_grad() const {
  TensorList views;
  for (const Tensor& p : param_groups()[0].params)
    views.push_back(p.grad().defined() ? p.grad().reshape({-1}) : zeros({p.numel()}, p.options()));
  return cat(views, 0);
}

void LBFGS::add_to_params(double step_size, const Tensor& direction) {
  int64_t offset = 0;
  for (Tensor& p : param_groups()[0].params) {
    p.add_(direction.narrow(0, offset, p.numel()).reshape(p.sizes()), step_size);
    offset += p.numel();
  }
}

std::pair<double, Tensor> LBFGS::evaluate_along(const Closure& closure, const TensorList& x, double t,
                                                const Tensor& d) {
  add_to_params(t, d);
  double loss;
  {
    EnableGradGuard grad_on;
    loss = closure().item<double>();
  }
  Tensor flat_grad = gather_flat_grad();
  TensorList& params = param_groups()[0].params;
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(x[i]);
  return {loss, flat_grad};
}

// Finds t along d with f(x + t d) <= f + c1 t gtd and |g(x + t d)·d| <= -c2 gtd:
// first steps out until a bracket holds such a t, then zooms into it.
LBFGS::LineSearchResult LBFGS::strong_wolfe(const Closure& closure, double t, const Tensor& d, double f,
                                            const Tensor& flat_grad, double gtd) {
  const double c1 = 1e-4, c2 = 0.9, tolerance_change = param_groups()[0].options.at("tolerance_change");
  const int64_t max_ls = 25;
  TensorList x;
  for (const Tensor& p : param_groups()[0].params) x.push_back(p.clone());
  double d_norm = abs_max(d);
  auto [f_new, g_new] = evaluate_along(closure, x, t, d);
  int64_t evaluations = 1;
  double gtd_new = inner(g_new, d);

  double t_prev = 0, f_prev = f, gtd_prev = gtd;
  Tensor g_prev = flat_grad.clone();
  bool done = false;
  int64_t ls_iter = 0;
  std::vector<double> bracket, bracket_f, bracket_gtd;
  TensorList bracket_g;
  while (ls_iter < max_ls) {
    bool too_far = f_new > f + c1 * t * gtd || (ls_iter > 1 && f_new >= f_prev);
    if (!too_far && std::fabs(gtd_new) <= -c2 * gtd) {
      bracket = {t}, bracket_f = {f_new}, bracket_g = {g_new};
      done = true;
      break;
    }
    if (too_far || gtd_new >= 0) {  // a minimum lies between t_prev and t
      bracket = {t_prev, t}, bracket_f = {f_prev, f_new}, bracket_gtd = {gtd_prev, gtd_new};
      bracket_g = {g_prev, g_new.clone()};
      break;
    }
    // Extrapolate: the cubic's minimum, kept within [t + 0.01 (t - t_prev), 10 t].
    double t_next = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new,
                                      std::pair{t + 0.01 * (t - t_prev), t * 10});
    t_prev = t, f_prev = f_new, g_prev = g_new.clone(), gtd_prev = gtd_new;
    t = t_next;
    std::tie(f_new, g_new) = evaluate_along(closure, x, t, d);
    ++evaluations;
    gtd_new = inner(g_new, d);
    ++ls_iter;
  }
  if (ls_iter == max_ls) bracket = {0, t}, bracket_f = {f, f_new}, bracket_g = {flat_grad, g_new};

  // Zoom: shrink the bracket [low, high] (low has the smaller loss) by cubic
  // interpolation, nudging t off the ends when progress stalls.
  bool insufficient_progress = false;
  size_t low = bracket_f[0] <= bracket_f.back() ? 0 : 1, high = 1 - low;
  while (!done && ls_iter < max_ls) {
    if (std::fabs(bracket[1] - bracket[0]) * d_norm < tolerance_change) break;
    t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]);
    double b_max = std::max(bracket[0], bracket[1]), b_min = std::min(bracket[0], bracket[1]);
    double eps = 0.1 * (b_max - b_min);
    if (std::min(b_max - t, t - b_min) < eps) {
      if (insufficient_progress || t >= b_max || t <= b_min) {
        t = std::fabs(t - b_max) < std::fabs(t - b_min) ? b_max - eps : b_min + eps;
        insufficient_progress = false;
      } else {
        insufficient_progress = true;
      }
    } else {
      insufficient_progress = false;
    }
    std::tie(f_new, g_new) = evaluate_along(closure, x, t, d);
    ++evaluations;
    gtd_new = inner(g_new, d);
    ++ls_iter;
    if (f_new > f + c1 * t * gtd || f_new >= bracket_f[low]) {
      bracket[high] = t, bracket_f[high] = f_new, bracket_g[high] = g_new.clone(), bracket_gtd[high] = gtd_new;
      low = bracket_f[0] <= bracket_f[1] ? 0 : 1, high = 1 - low;
    } else {
      if (std::fabs(gtd_new) <= -c2 * gtd) {
        done = true;
      } else if (gtd_new * (bracket[high] - bracket[low]) >= 0) {
        bracket[high] = bracket[low], bracket_f[high] = bracket_f[low];
        bracket_g[high] = bracket_g[low], bracket_gtd[high] = bracket_gtd[low];
      }
      bracket[low] = t, bracket_f[low] = f_new, bracket_g[low] = g_new.clone(), bracket_gtd[low] = gtd_new;
    }
  }
  return {bracket_f[low], bracket_g[low], bracket[low], evaluations};
}

Tensor LBFGS::step(const Closure& closure) {
  EMBER_CHECK(closure != nullptr, name(), "step() needs a closure that re-evaluates the loss");
  const GroupOptions& o = param_groups()[0].options;
  const double lr = o.at("lr"), tolerance_grad = o.at("tolerance_grad"), tolerance_change = o.at("tolerance_change");
  const auto max_iter = static_cast<int64_t>(o.at("max_iter")), max_eval = static_cast<int64_t>(o.at("max_eval"));
  const auto history_size = static_cast<int64_t>(o.at("history_size"));

  Tensor orig_loss;
  {
    EnableGradGuard grad_on;
    orig_loss = closure();
  }
  NoGradGuard no_grad;
  double loss = orig_loss.item<double>();
  auto& s = state(param_groups()[0].params[0]);
  auto counter = [&](const char* key) -> Tensor& {
    Tensor& c = s[key];
    if (!c.defined()) c = scalar_tensor(0.0, kFloat64);
    return c;
  };
  counter("func_evals").add_(1);
  int64_t current_evals = 1;
  Tensor flat_grad = gather_flat_grad();
  if (abs_max(flat_grad) <= tolerance_grad) return orig_loss;

  // The direction, step and curvature history carried over from earlier steps.
  auto saved = [&](const char* key) { return s.count(key) ? s.at(key) : Tensor(); };
  Tensor d = saved("d"), prev_flat_grad = saved("prev_flat_grad");
  Tensor old_dirs = saved("old_dirs"), old_stps = saved("old_stps"), ro = saved("ro");
  double t = s.count("t") ? s.at("t").item<double>() : lr;
  double h_diag = s.count("H_diag") ? s.at("H_diag").item<double>() : 1;
  double prev_loss = s.count("prev_loss") ? s.at("prev_loss").item<double>() : loss;

  for (int64_t n_iter = 1; n_iter <= max_iter; ++n_iter) {
    double iteration = counter("n_iter").add_(1).item<double>();
    if (iteration == 1 || !old_dirs.defined() || !prev_flat_grad.defined()) {  // (re)start from steepest descent
      d = flat_grad.neg();
      old_dirs = empty({0, flat_grad.numel()}, flat_grad.options());
      old_stps = old_dirs.clone();
      ro = empty({0}, flat_grad.options());
      h_diag = 1;
    } else {
      // Record the newest pair when it has positive curvature y·s.
      Tensor y = flat_grad.sub(prev_flat_grad), step_taken = d.mul(t);
      double ys = inner(y, step_taken);
      if (ys > 1e-10) {
        if (old_dirs.size(0) == history_size) {
          old_dirs = old_dirs.narrow(0, 1, history_size - 1);
          old_stps = old_stps.narrow(0, 1, history_size - 1);
          ro = ro.narrow(0, 1, history_size - 1);
        }
        old_dirs = cat({old_dirs, y.unsqueeze(0)}, 0);
        old_stps = cat({old_stps, step_taken.unsqueeze(0)}, 0);
        ro = cat({ro, full({1}, 1 / ys, ro.options())}, 0);
        h_diag = ys / inner(y, y);
      }
      // The two-loop recursion: d = -H g.
      int64_t k = old_dirs.size(0);
      std::vector<double> al(static_cast<size_t>(k));
      Tensor q = flat_grad.neg();
      for (int64_t i = k - 1; i >= 0; --i) {
        al[i] = inner(old_stps[i], q) * ro[i].item<double>();
        q.add_(old_dirs[i], -al[i]);
      }
      d = q.mul(h_diag);
      for (int64_t i = 0; i < k; ++i) {
        double be_i = inner(old_dirs[i], d) * ro[i].item<double>();
        d.add_(old_stps[i], al[i] - be_i);
      }
    }
    prev_flat_grad = flat_grad.clone();
    prev_loss = loss;
    // The first step is scaled so that it moves no more than lr in L1 norm.
    t = iteration == 1 ? std::min(1.0, 1.0 / flat_grad.abs().sum().item<double>()) * lr : lr;
    double gtd = inner(flat_grad, d);
    if (gtd > -tolerance_change) break;  // not a descent direction

    int64_t evaluations = 0;
    bool optimal = false;
    if (o.at("strong_wolfe") != 0) {
      LineSearchResult r = strong_wolfe(closure, t, d, loss, flat_grad, gtd);
      loss = r.loss, flat_grad = r.flat_grad, t = r.t, evaluations = r.evaluations;
      add_to_params(t, d);
      optimal = abs_max(flat_grad) <= tolerance_grad;
    } else {
      add_to_params(t, d);
      if (n_iter != max_iter) {
        {
          EnableGradGuard grad_on;
          loss = closure().item<double>();
        }
        flat_grad = gather_flat_grad();
        optimal = abs_max(flat_grad) <= tolerance_grad;
        evaluations = 1;
      }
    }
    current_evals += evaluations;
    counter("func_evals").add_(static_cast<double>(evaluations));
    if (current_evals >= max_eval || optimal) break;
    if (abs_max(d.mul(t)) <= tolerance_change) break;  // the step no longer moves
    if (std::fabs(loss - prev_loss) < tolerance_change) break;
  }
  s["d"] = d, s["prev_flat_grad"] = prev_flat_grad, s["old_dirs"] = old_dirs, s["old_stps"] = old_stps, s["ro"] = ro;
  s["t"] = scalar_tensor(t, kFloat64);
  s["H_diag"] = scalar_tensor(h_diag, kFloat64);
  s["prev_loss"] = scalar_tensor(prev_loss, kFloat64);
  return orig_loss;
}

}  // namespace ember::optim
