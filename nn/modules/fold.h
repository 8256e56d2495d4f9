// fold.h — Unfold (image -> columns of kernel-sized blocks) and Fold (the
// adjoint: columns -> image), over F::unfold / F::fold (nn/functional_fold.h).
#pragma once

#include "nn/module.h"

namespace ember::nn {

struct FoldOptions {
  Shape dilation = {1};
  Shape padding = {0};
  Shape stride = {1};
};

class Unfold : public Module {
 public:
  explicit Unfold(Shape kernel_size, FoldOptions options = {});
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;
  Shape kernel_size;
  FoldOptions options;
};

class Fold : public Module {
 public:
  Fold(Shape output_size, Shape kernel_size, FoldOptions options = {});
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;
  Shape output_size, kernel_size;
  FoldOptions options;
};

}  // namespace ember::nn
