// lbfgs.h — L-BFGS, a quasi-Newton method (torch.optim.LBFGS).
//
// L-BFGS approximates the inverse Hessian from the last `history_size`
// pairs s_k = x_{k+1} - x_k, y_k = g_{k+1} - g_k and finds the direction
// d = -H g with the two-loop recursion (Nocedal & Wright, Algorithm 7.4):
//   q = -g;  for k newest..oldest:  a_k = rho_k s_k·q,  q -= a_k y_k   (rho_k = 1 / y_k·s_k)
//   r = gamma q  (gamma = s·y / y·y of the newest pair)
//   for k oldest..newest:  b = rho_k y_k·r,  r += (a_k - b) s_k;   d = r
// Each step() runs up to max_iter such iterations, re-evaluating the loss
// through the closure; the step length is lr, or one found by a line search
// satisfying the strong Wolfe conditions (sufficient decrease c1 = 1e-4,
// curvature c2 = 0.9) with cubic interpolation, as in minFunc and PyTorch.
//
// One parameter group only; all parameters are treated as one flat vector.
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct LBFGSOptions {
  double lr = 1;
  int64_t max_iter = 20;
  int64_t max_eval = 0;  // 0: max_iter * 5 / 4
  double tolerance_grad = 1e-7;
  double tolerance_change = 1e-9;
  int64_t history_size = 100;
  bool strong_wolfe = false;  // PyTorch's line_search_fn="strong_wolfe"
};

class LBFGS : public Optimizer {
 public:
  LBFGS(TensorList params, LBFGSOptions options = {});

  /// Requires a closure that zeroes the gradients, computes the loss, calls
  /// backward() and returns the loss; returns the loss from before the step.
  Tensor step(const Closure& closure = nullptr) override;

 protected:
  void check_options(const GroupOptions& options) const override;
  void update(ParamGroup& group) override;
  void check_state(const std::string& key, const Tensor& value, const Tensor& param) const override;

 private:
  int64_t numel() const;
  Tensor gather_flat_grad() const;
  /// x = x + step_size * direction, the flat direction spread over the parameters.
  void add_to_params(double step_size, const Tensor& direction);
  /// Loss and flat gradient at x + t d, the parameters left at x afterwards.
  std::pair<double, Tensor> evaluate_along(const Closure& closure, const TensorList& x, double t, const Tensor& d);
  struct LineSearchResult {
    double loss;
    Tensor flat_grad;
    double t;
    int64_t evaluations;
  };
  LineSearchResult strong_wolfe(const Closure& closure, double t, const Tensor& d, double loss,
                                const Tensor& flat_grad, double gtd);
};

}  // namespace ember::optim
