// bind_nn_loss.cpp — ember.nn's loss layers (nn/modules/loss.h) and the
// distance layers (nn/modules/distance.h), with torch's constructor
// keywords (reduction=, weight=, ignore_index=, label_smoothing=, ...) and
// forward signatures. Optional tensors (weight=None) are None.
//
// torch's deprecated size_average/reduce arguments are not accepted.
#include "bind_nn.h"

namespace py = pybind11;

namespace ember::python {

void bind_nn_loss(py::module_& nn) {
  using py::arg;
  auto none = py::none();

  layer_class<nn::Loss>(nn, "_Loss", py::dynamic_attr())
      .def("forward", &nn::Loss::forward, arg("input"), arg("target"))
      .def_readwrite("reduction", &nn::Loss::reduction);
  layer_class<nn::LossWithInputs>(nn, "_LossWithInputs", py::dynamic_attr())
      .def_readwrite("reduction", &nn::LossWithInputs::reduction);

#define EMBER_BIND_REDUCTION_LOSS(Name) \
  layer_class<nn::Name, nn::Loss>(nn, #Name, py::dynamic_attr()).def(py::init<std::string>(), arg("reduction") = "mean")
  EMBER_BIND_REDUCTION_LOSS(MSELoss);
  EMBER_BIND_REDUCTION_LOSS(L1Loss);
  EMBER_BIND_REDUCTION_LOSS(SoftMarginLoss);
  EMBER_BIND_REDUCTION_LOSS(MultiLabelMarginLoss);
#undef EMBER_BIND_REDUCTION_LOSS
  layer_class<nn::SmoothL1Loss, nn::Loss>(nn, "SmoothL1Loss", py::dynamic_attr())
      .def(py::init<std::string, double>(), arg("reduction") = "mean", arg("beta") = 1.0)
      .def_readwrite("beta", &nn::SmoothL1Loss::beta);
  layer_class<nn::HuberLoss, nn::Loss>(nn, "HuberLoss", py::dynamic_attr())
      .def(py::init<std::string, double>(), arg("reduction") = "mean", arg("delta") = 1.0)
      .def_readwrite("delta", &nn::HuberLoss::delta);
  layer_class<nn::NLLLoss, nn::Loss>(nn, "NLLLoss", py::dynamic_attr())
      .def(py::init([](const OptTensor& weight, int64_t ignore_index, std::string reduction) {
             return std::make_shared<nn::NLLLoss>(nn::CrossEntropyLossOptions{val(weight), ignore_index, reduction});
           }),
           arg("weight") = none, arg("ignore_index") = -100, arg("reduction") = "mean")
      .def_readwrite("ignore_index", &nn::NLLLoss::ignore_index)
      .EMBER_BUFFER_ATTR(nn::NLLLoss, weight);
  layer_class<nn::CrossEntropyLoss, nn::Loss>(nn, "CrossEntropyLoss", py::dynamic_attr())
      .def(py::init([](const OptTensor& weight, int64_t ignore_index, std::string reduction, double label_smoothing) {
             return std::make_shared<nn::CrossEntropyLoss>(
                 nn::CrossEntropyLossOptions{val(weight), ignore_index, reduction, label_smoothing});
           }),
           arg("weight") = none, arg("ignore_index") = -100, arg("reduction") = "mean", arg("label_smoothing") = 0.0)
      .def_readwrite("ignore_index", &nn::CrossEntropyLoss::ignore_index)
      .def_readwrite("label_smoothing", &nn::CrossEntropyLoss::label_smoothing)
      .EMBER_BUFFER_ATTR(nn::CrossEntropyLoss, weight);
  layer_class<nn::BCELoss, nn::Loss>(nn, "BCELoss", py::dynamic_attr())
      .def(py::init([](const OptTensor& weight, std::string reduction) {
             return std::make_shared<nn::BCELoss>(val(weight), reduction);
           }),
           arg("weight") = none, arg("reduction") = "mean")
      .EMBER_BUFFER_ATTR(nn::BCELoss, weight);
  layer_class<nn::BCEWithLogitsLoss, nn::Loss>(nn, "BCEWithLogitsLoss", py::dynamic_attr())
      .def(py::init([](const OptTensor& weight, std::string reduction, const OptTensor& pos_weight) {
             return std::make_shared<nn::BCEWithLogitsLoss>(val(weight), reduction, val(pos_weight));
           }),
           arg("weight") = none, arg("reduction") = "mean", arg("pos_weight") = none)
      .EMBER_BUFFER_ATTR(nn::BCEWithLogitsLoss, weight)
      .EMBER_BUFFER_ATTR(nn::BCEWithLogitsLoss, pos_weight);
  layer_class<nn::KLDivLoss, nn::Loss>(nn, "KLDivLoss", py::dynamic_attr())
      .def(py::init<std::string, bool>(), arg("reduction") = "mean", arg("log_target") = false)
      .def_readwrite("log_target", &nn::KLDivLoss::log_target);
  layer_class<nn::PoissonNLLLoss, nn::Loss>(nn, "PoissonNLLLoss", py::dynamic_attr())
      .def(py::init([](bool log_input, bool full, double eps, std::string reduction) {
             return std::make_shared<nn::PoissonNLLLoss>(nn::PoissonNLLLossOptions{log_input, full, eps, reduction});
           }),
           arg("log_input") = true, arg("full") = false, arg("eps") = 1e-8, arg("reduction") = "mean");
  layer_class<nn::HingeEmbeddingLoss, nn::Loss>(nn, "HingeEmbeddingLoss", py::dynamic_attr())
      .def(py::init<double, std::string>(), arg("margin") = 1.0, arg("reduction") = "mean")
      .def_readwrite("margin", &nn::HingeEmbeddingLoss::margin);
  layer_class<nn::MultiLabelSoftMarginLoss, nn::Loss>(nn, "MultiLabelSoftMarginLoss", py::dynamic_attr())
      .def(py::init([](const OptTensor& weight, std::string reduction) {
             return std::make_shared<nn::MultiLabelSoftMarginLoss>(val(weight), reduction);
           }),
           arg("weight") = none, arg("reduction") = "mean")
      .EMBER_BUFFER_ATTR(nn::MultiLabelSoftMarginLoss, weight);
  layer_class<nn::MultiMarginLoss, nn::Loss>(nn, "MultiMarginLoss", py::dynamic_attr())
      .def(py::init([](int64_t p, double margin, const OptTensor& weight, std::string reduction) {
             return std::make_shared<nn::MultiMarginLoss>(nn::MultiMarginLossOptions{p, margin, val(weight), reduction});
           }),
           arg("p") = 1, arg("margin") = 1.0, arg("weight") = none, arg("reduction") = "mean")
      .def_readwrite("p", &nn::MultiMarginLoss::p)
      .def_readwrite("margin", &nn::MultiMarginLoss::margin)
      .EMBER_BUFFER_ATTR(nn::MultiMarginLoss, weight);

  // losses of three or four inputs
  layer_class<nn::GaussianNLLLoss, nn::LossWithInputs>(nn, "GaussianNLLLoss", py::dynamic_attr())
      .def(py::init([](bool full, double eps, std::string reduction) {
             return std::make_shared<nn::GaussianNLLLoss>(nn::GaussianNLLLossOptions{full, eps, reduction});
           }),
           py::kw_only(), arg("full") = false, arg("eps") = 1e-6, arg("reduction") = "mean")
      .def("forward", &nn::GaussianNLLLoss::forward, arg("input"), arg("target"), arg("var"));
  layer_class<nn::MarginRankingLoss, nn::LossWithInputs>(nn, "MarginRankingLoss", py::dynamic_attr())
      .def(py::init<double, std::string>(), arg("margin") = 0.0, arg("reduction") = "mean")
      .def("forward", &nn::MarginRankingLoss::forward, arg("input1"), arg("input2"), arg("target"))
      .def_readwrite("margin", &nn::MarginRankingLoss::margin);
  layer_class<nn::CosineEmbeddingLoss, nn::LossWithInputs>(nn, "CosineEmbeddingLoss", py::dynamic_attr())
      .def(py::init<double, std::string>(), arg("margin") = 0.0, arg("reduction") = "mean")
      .def("forward", &nn::CosineEmbeddingLoss::forward, arg("input1"), arg("input2"), arg("target"))
      .def_readwrite("margin", &nn::CosineEmbeddingLoss::margin);
  layer_class<nn::TripletMarginLoss, nn::LossWithInputs>(nn, "TripletMarginLoss", py::dynamic_attr())
      .def(py::init([](double margin, double p, double eps, bool swap, std::string reduction) {
             return std::make_shared<nn::TripletMarginLoss>(nn::TripletMarginLossOptions{margin, p, eps, swap, reduction});
           }),
           arg("margin") = 1.0, arg("p") = 2.0, arg("eps") = 1e-6, arg("swap") = false, arg("reduction") = "mean")
      .def("forward", &nn::TripletMarginLoss::forward, arg("anchor"), arg("positive"), arg("negative"));
  layer_class<nn::CTCLoss, nn::LossWithInputs>(nn, "CTCLoss", py::dynamic_attr())
      .def(py::init([](int64_t blank, std::string reduction, bool zero_infinity) {
             return std::make_shared<nn::CTCLoss>(nn::CTCLossOptions{blank, reduction, zero_infinity});
           }),
           arg("blank") = 0, arg("reduction") = "mean", arg("zero_infinity") = false)
      .def("forward", &nn::CTCLoss::forward, arg("log_probs"), arg("targets"), arg("input_lengths"),
           arg("target_lengths"))
      .def_readwrite("blank", &nn::CTCLoss::blank)
      .def_readwrite("zero_infinity", &nn::CTCLoss::zero_infinity);

  // distances
  layer_class<nn::CosineSimilarity>(nn, "CosineSimilarity", py::dynamic_attr())
      .def(py::init<int64_t, double>(), arg("dim") = 1, arg("eps") = 1e-8)
      .def("forward", &nn::CosineSimilarity::forward, arg("x1"), arg("x2"))
      .def_readwrite("dim", &nn::CosineSimilarity::dim)
      .def_readwrite("eps", &nn::CosineSimilarity::eps);
  layer_class<nn::PairwiseDistance>(nn, "PairwiseDistance", py::dynamic_attr())
      .def(py::init<double, double, bool>(), arg("p") = 2.0, arg("eps") = 1e-6, arg("keepdim") = false)
      .def("forward", &nn::PairwiseDistance::forward, arg("x1"), arg("x2"))
      .def_readwrite("norm", &nn::PairwiseDistance::p)
      .def_readwrite("eps", &nn::PairwiseDistance::eps)
      .def_readwrite("keepdim", &nn::PairwiseDistance::keepdim);
}

}  // namespace ember::python
