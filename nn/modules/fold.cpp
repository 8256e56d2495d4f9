// fold.cpp — Unfold and Fold (see fold.h).
#include "nn/modules/fold.h"

#include "nn/functional_fold.h"

namespace ember::nn {

namespace {
std::string options_repr(const Shape& kernel_size, const FoldOptions& o) {
  return "kernel_size=" + shape_str(kernel_size) + ", dilation=" + shape_str(o.dilation) +
         ", padding=" + shape_str(o.padding) + ", stride=" + shape_str(o.stride);
}
}  // namespace

Unfold::Unfold(Shape k, FoldOptions o) : Module("Unfold"), kernel_size(std::move(k)), options(std::move(o)) {}

Tensor Unfold::forward(const Tensor& input) {
  return functional::unfold(input, kernel_size, options.dilation, options.padding, options.stride);
}

std::string Unfold::extra_repr() const { return options_repr(kernel_size, options); }

Fold::Fold(Shape out, Shape k, FoldOptions o)
    : Module("Fold"), output_size(std::move(out)), kernel_size(std::move(k)), options(std::move(o)) {}

Tensor Fold::forward(const Tensor& input) {
  return functional::fold(input, output_size, kernel_size, options.dilation, options.padding, options.stride);
}

std::string Fold::extra_repr() const {
  return "output_size=" + shape_str(output_size) + ", " + options_repr(kernel_size, options);
}

}  // namespace ember::nn
