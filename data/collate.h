// collate.h — turning a list of samples into one batch (torch's collate_fn).
//
// default_collate follows torch.utils.data.default_collate on the Sample
// tree: tensors are stacked along a new dim 0 (shapes must match), ints
// become an int64 tensor and doubles a float64 tensor, strings stay a list,
// lists and dicts are batched field by field. pad_collate is for
// variable-length sequences: it pads them to the longest and also returns
// their lengths.
//
// Left out: collation of user objects (write a collate_fn) and of None.
#pragma once

#include <functional>
#include <vector>

#include "data/sample.h"

namespace ember::data {

using CollateFn = std::function<Sample(std::vector<Sample>)>;

Sample default_collate(std::vector<Sample> samples);

struct PadCollateOptions {
  double padding_value = 0.0;
  bool sort_descending = false;  // longest first (what pack_padded_sequence wants)
};

/// Each sample is a sequence tensor of shape (L_i, *), or a list whose first
/// item is one (the other items are default-collated). Returns the list
/// (padded (B, max L_i, *), lengths int64 (B)[, the other items batched]).
CollateFn pad_collate(PadCollateOptions options = {});

}  // namespace ember::data
