// saved_tensor.h — SavedTensor: a tensor a Node keeps for its backward.
//
// Saving must not create reference cycles or hide in-place changes:
//   - the data is kept as an alias (same storage, no autograd state), so a
//     node saving its own output does not own itself through the output's
//     grad_fn;
//   - the producer of the saved tensor is kept as a weak_ptr: when backward
//     needs it (double backward) the graph is alive anyway;
//   - the storage's version is recorded; unpacking after an in-place change
//     throws, as PyTorch does.
#pragma once

#include <memory>

#include "autograd/node.h"
#include "core/tensor.h"

namespace ember::autograd {

class SavedTensor {
 public:
  SavedTensor() = default;
  /// is_output: the tensor is output number `output_nr` of the node that saves it.
  SavedTensor(const Tensor& t, bool is_output, uint32_t output_nr = 0);

  /// The saved tensor, reconnected to its graph position so that formulas
  /// using it are differentiable again (create_graph). `saver` is the node
  /// doing the unpacking, used for outputs.
  Tensor unpack(const std::shared_ptr<Node>& saver) const;
  /// Frees the data; unpacking afterwards throws.
  void reset();
  bool defined() const { return data_.defined(); }

 private:
  Tensor data_;                 // alias without autograd state (or the leaf itself)
  std::weak_ptr<Node> grad_fn_;
  uint32_t output_nr_ = 0;
  uint64_t version_ = 0;
  bool is_output_ = false;
  bool requires_grad_ = false;
  bool is_leaf_ = false;
  bool released_ = false;
};

}  // namespace ember::autograd
