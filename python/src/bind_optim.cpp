// bind_optim.cpp — optimizers and learning-rate schedulers (ember.optim).
//
// Optimizers are built from parameter groups whose options are complete
// maps of PyTorch's names ("lr", "momentum", "beta1" ...): ember/optim/
// turns torch's keyword arguments (betas=(0.9, 0.999), nesterov=True) into
// such maps, so one factory serves every optimizer. The param_groups views
// of ember/optim read and write the C++ groups through _group_* below.
// Schedulers take torch's keywords directly and keep their optimizer alive.
#include <pybind11/functional.h>

#include "bindings.h"
#include "casters.h"

namespace py = pybind11;

namespace ember::python {
namespace {

using namespace ember::optim;
using Groups = std::vector<std::pair<TensorList, GroupOptions>>;

std::shared_ptr<Optimizer> make_optimizer(const std::string& name, const Groups& groups) {
  std::vector<ParamGroup> g;
  for (const auto& [params, options] : groups) g.push_back(ParamGroup{params, options});
  if (name == "SGD") return std::make_shared<SGD>(g);
  if (name == "Adam") return std::make_shared<Adam>(g);
  if (name == "AdamW") return std::make_shared<AdamW>(g);
  if (name == "Adamax") return std::make_shared<Adamax>(g);
  if (name == "NAdam") return std::make_shared<NAdam>(g);
  if (name == "RAdam") return std::make_shared<RAdam>(g);
  if (name == "RMSprop") return std::make_shared<RMSprop>(g);
  if (name == "Adagrad") return std::make_shared<Adagrad>(g);
  if (name == "Adadelta") return std::make_shared<Adadelta>(g);
  EMBER_FAIL("optim", "unknown optimizer '", name, "'");
}

// torch's "one value or one per group" arguments
std::vector<double> per_group(py::handle v) {
  if (PySequence_Check(v.ptr())) return v.cast<std::vector<double>>();
  return {v.cast<double>()};
}

std::vector<LRLambda> lambdas(py::handle v) {
  std::vector<LRLambda> out;
  auto add = [&](py::handle f) {
    std::shared_ptr<py::object> held = hold(py::reinterpret_borrow<py::object>(f));
    out.push_back([held](int64_t epoch) { return (*held)(epoch).cast<double>(); });
  };
  if (PySequence_Check(v.ptr())) for (py::handle f : v) add(f);
  else add(v);
  return out;
}

template <class S>
using SchedulerClass = py::class_<S, LRScheduler, std::shared_ptr<S>>;

}  // namespace

void bind_optim(py::module_& m) {
  py::module_ optim = m.def_submodule("optim", "optimizers and schedulers");

  py::class_<Optimizer, std::shared_ptr<Optimizer>>(optim, "Optimizer")
      .def("step", [](Optimizer& o, std::optional<py::function> closure) -> py::object {
             Closure c;
             if (closure) c = [&closure] { return (*closure)().cast<Tensor>(); };
             Tensor loss = o.step(c);
             return loss.defined() ? py::cast(loss) : py::none();
           },
           py::arg("closure") = py::none())
      .def("zero_grad", &Optimizer::zero_grad, py::arg("set_to_none") = true)
      .def("_add_param_group", [](Optimizer& o, const TensorList& params, const GroupOptions& options) {
        o.add_param_group(ParamGroup{params, options});
      })
      .def("_group_count", [](const Optimizer& o) { return o.param_groups().size(); })
      .def("_group_params", [](const Optimizer& o, size_t g) { return o.param_groups().at(g).params; })
      .def("_group_options", [](const Optimizer& o, size_t g) { return o.param_groups().at(g).options; })
      .def("_group_set", [](Optimizer& o, size_t g, const std::string& key, double value) {
        GroupOptions& options = o.param_groups().at(g).options;
        EMBER_CHECK(options.count(key), o.name(), "unknown option '", key, "'");
        options[key] = value;
      })
      .def("state_dict", &Optimizer::state_dict)
      .def("load_state_dict", &Optimizer::load_state_dict, py::arg("state_dict"))
      .def_property_readonly("name", &Optimizer::name);
  optim.def("_make", &make_optimizer, py::arg("name"), py::arg("groups"));
  optim.def("_make_lbfgs", [](const TensorList& params, double lr, int64_t max_iter, std::optional<int64_t> max_eval,
                              double tolerance_grad, double tolerance_change, int64_t history_size,
                              std::optional<std::string> line_search_fn) {
    EMBER_CHECK(!line_search_fn || *line_search_fn == "strong_wolfe", "LBFGS",
                "line_search_fn must be None or 'strong_wolfe', got '", *line_search_fn, "'");
    return std::static_pointer_cast<Optimizer>(std::make_shared<LBFGS>(
        params, LBFGSOptions{.lr = lr, .max_iter = max_iter, .max_eval = max_eval.value_or(0),
                             .tolerance_grad = tolerance_grad, .tolerance_change = tolerance_change,
                             .history_size = history_size, .strong_wolfe = line_search_fn.has_value()}));
  });

  // ---- schedulers: each keeps its optimizer (argument 2) alive ----
  auto keep = py::keep_alive<1, 2>();
  py::class_<LRScheduler, std::shared_ptr<LRScheduler>>(optim, "LRScheduler")
      .def("step", &LRScheduler::step)
      .def("get_last_lr", &LRScheduler::get_last_lr)
      .def_property_readonly("base_lrs", &LRScheduler::base_lrs)
      .def_property_readonly("last_epoch", &LRScheduler::last_epoch)
      .def("state_dict", &LRScheduler::state_dict)
      .def("load_state_dict", &LRScheduler::load_state_dict, py::arg("state_dict"));
  SchedulerClass<StepLR>(optim, "StepLR")
      .def(py::init([](Optimizer& o, int64_t step_size, double gamma, int64_t last_epoch) {
             return std::make_shared<StepLR>(o, StepLROptions{step_size, gamma, last_epoch});
           }),
           py::arg("optimizer"), py::arg("step_size"), py::arg("gamma") = 0.1, py::arg("last_epoch") = -1, keep);
  SchedulerClass<MultiStepLR>(optim, "MultiStepLR")
      .def(py::init([](Optimizer& o, std::vector<int64_t> milestones, double gamma, int64_t last_epoch) {
             return std::make_shared<MultiStepLR>(o, MultiStepLROptions{milestones, gamma, last_epoch});
           }),
           py::arg("optimizer"), py::arg("milestones"), py::arg("gamma") = 0.1, py::arg("last_epoch") = -1, keep);
  SchedulerClass<ConstantLR>(optim, "ConstantLR")
      .def(py::init([](Optimizer& o, double factor, int64_t total_iters, int64_t last_epoch) {
             return std::make_shared<ConstantLR>(o, ConstantLROptions{factor, total_iters, last_epoch});
           }),
           py::arg("optimizer"), py::arg("factor") = 1.0 / 3, py::arg("total_iters") = 5,
           py::arg("last_epoch") = -1, keep);
  SchedulerClass<LinearLR>(optim, "LinearLR")
      .def(py::init([](Optimizer& o, double start, double end, int64_t total_iters, int64_t last_epoch) {
             return std::make_shared<LinearLR>(o, LinearLROptions{start, end, total_iters, last_epoch});
           }),
           py::arg("optimizer"), py::arg("start_factor") = 1.0 / 3, py::arg("end_factor") = 1.0,
           py::arg("total_iters") = 5, py::arg("last_epoch") = -1, keep);
  SchedulerClass<ExponentialLR>(optim, "ExponentialLR")
      .def(py::init([](Optimizer& o, double gamma, int64_t last_epoch) {
             return std::make_shared<ExponentialLR>(o, ExponentialLROptions{gamma, last_epoch});
           }),
           py::arg("optimizer"), py::arg("gamma"), py::arg("last_epoch") = -1, keep);
  SchedulerClass<PolynomialLR>(optim, "PolynomialLR")
      .def(py::init([](Optimizer& o, int64_t total_iters, double power, int64_t last_epoch) {
             return std::make_shared<PolynomialLR>(o, PolynomialLROptions{total_iters, power, last_epoch});
           }),
           py::arg("optimizer"), py::arg("total_iters") = 5, py::arg("power") = 1.0, py::arg("last_epoch") = -1,
           keep);
  SchedulerClass<CosineAnnealingLR>(optim, "CosineAnnealingLR")
      .def(py::init([](Optimizer& o, int64_t T_max, double eta_min, int64_t last_epoch) {
             return std::make_shared<CosineAnnealingLR>(o, CosineAnnealingLROptions{T_max, eta_min, last_epoch});
           }),
           py::arg("optimizer"), py::arg("T_max"), py::arg("eta_min") = 0.0, py::arg("last_epoch") = -1, keep);
  SchedulerClass<CosineAnnealingWarmRestarts>(optim, "CosineAnnealingWarmRestarts")
      .def(py::init([](Optimizer& o, int64_t T_0, int64_t T_mult, double eta_min, int64_t last_epoch) {
             return std::make_shared<CosineAnnealingWarmRestarts>(
                 o, CosineAnnealingWarmRestartsOptions{T_0, T_mult, eta_min, last_epoch});
           }),
           py::arg("optimizer"), py::arg("T_0"), py::arg("T_mult") = 1, py::arg("eta_min") = 0.0,
           py::arg("last_epoch") = -1, keep);
  SchedulerClass<LambdaLR>(optim, "LambdaLR")
      .def(py::init([](Optimizer& o, py::object lr_lambda, int64_t last_epoch) {
             return std::make_shared<LambdaLR>(o, LambdaLROptions{lambdas(lr_lambda), last_epoch});
           }),
           py::arg("optimizer"), py::arg("lr_lambda"), py::arg("last_epoch") = -1, keep);
  SchedulerClass<MultiplicativeLR>(optim, "MultiplicativeLR")
      .def(py::init([](Optimizer& o, py::object lr_lambda, int64_t last_epoch) {
             return std::make_shared<MultiplicativeLR>(o, MultiplicativeLROptions{lambdas(lr_lambda), last_epoch});
           }),
           py::arg("optimizer"), py::arg("lr_lambda"), py::arg("last_epoch") = -1, keep);
  SchedulerClass<CyclicLR>(optim, "CyclicLR")
      .def(py::init([](Optimizer& o, py::object base_lr, py::object max_lr, double step_size_up,
                       std::optional<double> step_size_down, std::string mode, double gamma, std::string scale_mode,
                       bool cycle_momentum, py::object base_momentum, py::object max_momentum, int64_t last_epoch) {
             CyclicLROptions c;
             c.base_lr = per_group(base_lr);
             c.max_lr = per_group(max_lr);
             c.step_size_up = step_size_up;
             c.step_size_down = step_size_down;
             c.mode = mode;
             c.gamma = gamma;
             c.scale_mode = scale_mode;
             c.cycle_momentum = cycle_momentum;
             c.base_momentum = per_group(base_momentum);
             c.max_momentum = per_group(max_momentum);
             c.last_epoch = last_epoch;
             return std::make_shared<CyclicLR>(o, c);
           }),
           py::arg("optimizer"), py::arg("base_lr"), py::arg("max_lr"), py::arg("step_size_up") = 2000.0,
           py::arg("step_size_down") = py::none(), py::arg("mode") = "triangular", py::arg("gamma") = 1.0,
           py::arg("scale_mode") = "cycle", py::arg("cycle_momentum") = true, py::arg("base_momentum") = 0.8,
           py::arg("max_momentum") = 0.9, py::arg("last_epoch") = -1, keep);
  SchedulerClass<OneCycleLR>(optim, "OneCycleLR")
      .def(py::init([](Optimizer& o, py::object max_lr, std::optional<int64_t> total_steps,
                       std::optional<int64_t> epochs, std::optional<int64_t> steps_per_epoch, double pct_start,
                       std::string anneal_strategy, bool cycle_momentum, py::object base_momentum,
                       py::object max_momentum, double div_factor, double final_div_factor, bool three_phase,
                       int64_t last_epoch) {
             OneCycleLROptions c;
             c.max_lr = per_group(max_lr);
             c.total_steps = total_steps;
             c.epochs = epochs;
             c.steps_per_epoch = steps_per_epoch;
             c.pct_start = pct_start;
             c.anneal_strategy = anneal_strategy;
             c.cycle_momentum = cycle_momentum;
             c.base_momentum = per_group(base_momentum);
             c.max_momentum = per_group(max_momentum);
             c.div_factor = div_factor;
             c.final_div_factor = final_div_factor;
             c.three_phase = three_phase;
             c.last_epoch = last_epoch;
             return std::make_shared<OneCycleLR>(o, c);
           }),
           py::arg("optimizer"), py::arg("max_lr"), py::arg("total_steps") = py::none(),
           py::arg("epochs") = py::none(), py::arg("steps_per_epoch") = py::none(), py::arg("pct_start") = 0.3,
           py::arg("anneal_strategy") = "cos", py::arg("cycle_momentum") = true, py::arg("base_momentum") = 0.85,
           py::arg("max_momentum") = 0.95, py::arg("div_factor") = 25.0, py::arg("final_div_factor") = 1e4,
           py::arg("three_phase") = false, py::arg("last_epoch") = -1, keep);
  SchedulerClass<SequentialLR>(optim, "SequentialLR")
      .def(py::init([](Optimizer& o, std::vector<std::shared_ptr<LRScheduler>> schedulers,
                       std::vector<int64_t> milestones) {
             SchedulerList list;
             for (auto& s : schedulers) list.push_back(std::ref(*s));
             return std::make_shared<SequentialLR>(o, list, milestones);
           }),
           py::arg("optimizer"), py::arg("schedulers"), py::arg("milestones"), keep, py::keep_alive<1, 3>());
  SchedulerClass<ChainedScheduler>(optim, "ChainedScheduler")
      .def(py::init([](std::vector<std::shared_ptr<LRScheduler>> schedulers) {
             SchedulerList list;
             for (auto& s : schedulers) list.push_back(std::ref(*s));
             return std::make_shared<ChainedScheduler>(list);
           }),
           py::arg("schedulers"), keep);
  py::class_<ReduceLROnPlateau, std::shared_ptr<ReduceLROnPlateau>>(optim, "ReduceLROnPlateau")
      .def(py::init([](Optimizer& o, std::string mode, double factor, int64_t patience, double threshold,
                       std::string threshold_mode, int64_t cooldown, py::object min_lr, double eps) {
             ReduceLROnPlateauOptions c;
             c.mode = mode;
             c.factor = factor;
             c.patience = patience;
             c.threshold = threshold;
             c.threshold_mode = threshold_mode;
             c.cooldown = cooldown;
             c.min_lr = per_group(min_lr);
             c.eps = eps;
             return std::make_shared<ReduceLROnPlateau>(o, c);
           }),
           py::arg("optimizer"), py::arg("mode") = "min", py::arg("factor") = 0.1, py::arg("patience") = 10,
           py::arg("threshold") = 1e-4, py::arg("threshold_mode") = "rel", py::arg("cooldown") = 0,
           py::arg("min_lr") = 0.0, py::arg("eps") = 1e-8, keep)
      .def("step", py::overload_cast<double>(&ReduceLROnPlateau::step), py::arg("metrics"))
      .def("step", py::overload_cast<const Tensor&>(&ReduceLROnPlateau::step), py::arg("metrics"))
      .def("get_last_lr", &ReduceLROnPlateau::get_last_lr)
      .def_property_readonly("last_epoch", &ReduceLROnPlateau::last_epoch)
      .def_property_readonly("best", &ReduceLROnPlateau::best)
      .def_property_readonly("num_bad_epochs", &ReduceLROnPlateau::num_bad_epochs)
      .def("state_dict", &ReduceLROnPlateau::state_dict)
      .def("load_state_dict", &ReduceLROnPlateau::load_state_dict, py::arg("state_dict"));
}

}  // namespace ember::python
