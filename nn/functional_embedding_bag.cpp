// functional_embedding_bag.cpp — embedding_bag from differentiable ops.
//
// Each index i of bag b adds its row to bag b's result:
//   sum:  out[b] = sum_i psw_i W[input_i]
//   mean: out[b] = sum_i W[input_i] / |bag b|
//   max:  out[b] = max_i W[input_i]   (elementwise)
// The rows are gathered with index_select and folded into their bags with
// index_add (sum, mean) or scatter_reduce "amax" (max); the backward of each
// is a scatter-add into W's rows, so W's gradient is a sum over lookups,
// never a dense (lookups x num_embeddings) product.
#include "nn/functional_embedding_bag.h"

#include <vector>

#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/functional_misc.h"

namespace ember::nn::functional {

Tensor embedding_bag(const Tensor& input, const Tensor& weight, const Tensor& offsets, const Tensor& per_sample_weights,
                     const EmbeddingBagOptions& o) {
  const char* op = "embedding_bag";
  ember::detail::check_same_device(op, input, weight);
  EMBER_CHECK(weight.dim() == 2, op, "weight must be 2-D (num_embeddings, dim), got ", shape_str(weight.sizes()));
  EMBER_CHECK(!input.is_floating_point() && input.scalar_type() != kBool, op, "input must hold integer indices, got ",
              input.scalar_type());
  EMBER_CHECK(o.mode == "sum" || o.mode == "mean" || o.mode == "max", op, "mode must be 'sum', 'mean' or 'max', got '",
              o.mode, "'");
  const int64_t rows = weight.size(0), dim = weight.size(1);
  std::optional<int64_t> padding_idx = o.padding_idx;
  if (padding_idx) {
    EMBER_CHECK(*padding_idx >= -rows && *padding_idx < rows, op, "padding_idx ", *padding_idx,
                " must be within num_embeddings ", rows);
    if (*padding_idx < 0) *padding_idx += rows;
  }

  // the start of every bag, then the end of the last (unless offsets hold it), on the CPU
  Tensor flat = input.reshape({-1}).to(kInt64);
  const int64_t n = flat.numel();
  std::vector<int64_t> starts;
  if (input.dim() == 2) {
    EMBER_CHECK(!offsets.defined() && !o.include_last_offset, op, "a 2-D input ", shape_str(input.sizes()),
                " takes no offsets and no include_last_offset (each row is a bag)");
    for (int64_t b = 0; b < input.size(0); ++b) starts.push_back(b * input.size(1));
  } else {
    EMBER_CHECK(input.dim() == 1, op, "input must be 1-D (with offsets) or 2-D, got ", shape_str(input.sizes()));
    EMBER_CHECK(offsets.defined() && offsets.dim() == 1 && !offsets.is_floating_point(), op,
                "a 1-D input needs 1-D integer offsets");
    Tensor off = offsets.to(Device::cpu(), kInt64).contiguous();
    starts.assign(off.data_ptr<int64_t>(), off.data_ptr<int64_t>() + off.numel());
    EMBER_CHECK(starts.empty() || starts[0] == 0, op, "offsets[0] must be 0, got ", starts.empty() ? 0 : starts[0]);
  }
  if (!o.include_last_offset) starts.push_back(n);
  EMBER_CHECK(!starts.empty(), op, "include_last_offset needs at least one offset");
  for (size_t b = 1; b < starts.size(); ++b)
    EMBER_CHECK(starts[b] >= starts[b - 1] && starts[b] <= n, op, "offsets must be non-decreasing and within the ", n,
                " indices, got ", shape_str(starts));
  const int64_t bags = static_cast<int64_t>(starts.size()) - 1;

  if (per_sample_weights.defined()) {
    EMBER_CHECK(o.mode == "sum", op, "per_sample_weights need mode 'sum', got '", o.mode, "'");
    EMBER_CHECK(per_sample_weights.sizes() == input.sizes(), op, "per_sample_weights ",
                shape_str(per_sample_weights.sizes()), " must have input's shape ", shape_str(input.sizes()));
  }
  if (n > 0)
    EMBER_CHECK(flat.amin().item<int64_t>() >= 0 && flat.amax().item<int64_t>() < rows, op, "indices must be in [0, ",
                rows, ")");

  // which bag each kept entry feeds; padding entries are dropped
  Tensor flat_cpu = flat.cpu().contiguous();
  const int64_t* idx = flat_cpu.data_ptr<int64_t>();
  std::vector<int64_t> kept, bag_of;
  std::vector<double> count(static_cast<size_t>(bags), 0.0);
  for (int64_t b = 0; b < bags; ++b)
    for (int64_t i = starts[static_cast<size_t>(b)]; i < starts[static_cast<size_t>(b) + 1]; ++i) {
      if (padding_idx && idx[i] == *padding_idx) continue;
      kept.push_back(i);
      bag_of.push_back(b);
      count[static_cast<size_t>(b)] += 1;
    }
  TensorOptions index_options = TensorOptions(kInt64).device(weight.device());
  Tensor positions = tensor(kept, {}, index_options), bag = tensor(bag_of, {}, index_options);

  Tensor looked_up = embedding(flat.index_select(0, positions), weight, std::nullopt, o.max_norm, o.norm_type);
  Tensor out = zeros({bags, dim}, TensorOptions(weight.scalar_type()).device(weight.device()));
  if (o.mode == "max")
    return out.scatter_reduce(0, bag.unsqueeze(1).expand({bag.numel(), dim}), looked_up, "amax",
                              /*include_self=*/false);
  if (per_sample_weights.defined())
    looked_up = looked_up * per_sample_weights.reshape({-1}).index_select(0, positions).unsqueeze(1);
  out = out.index_add(0, bag, looked_up);
  if (o.mode == "sum") return out;
  // mean over the bag's kept entries (an empty bag stays 0)
  Tensor counts = tensor(count, {}, TensorOptions(kFloat64).device(weight.device())).to(weight.scalar_type());
  return out / counts.clamp_min(1.0).unsqueeze(1);
}

}  // namespace ember::nn::functional
