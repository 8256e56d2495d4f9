// collate.cpp — default_collate and pad_collate.
#include "data/collate.h"

#include <algorithm>
#include <numeric>

#include "core/ops_creation.h"
#include "core/ops_shape.h"

namespace ember::data {

Sample default_collate(std::vector<Sample> samples) {
  EMBER_CHECK(!samples.empty(), "default_collate", "cannot collate an empty batch");
  Sample::Kind kind = samples[0].kind();
  for (size_t i = 1; i < samples.size(); ++i)
    EMBER_CHECK(samples[i].kind() == kind, "default_collate", "sample 0 is a ", kind_name(kind), " but sample ", i,
                " is a ", kind_name(samples[i].kind()));
  switch (kind) {
    case Sample::Kind::Tensor: {
      TensorList tensors;
      for (size_t i = 0; i < samples.size(); ++i) {
        const Tensor& t = samples[i].tensor();
        EMBER_CHECK(t.sizes() == samples[0].tensor().sizes(), "default_collate",
                    "stack expects each tensor to be equal size, but got ", shape_str(samples[0].tensor().sizes()),
                    " at entry 0 and ", shape_str(t.sizes()), " at entry ", i,
                    " (variable-length samples need pad_collate or a collate_fn)");
        tensors.push_back(t);
      }
      return stack(tensors);
    }
    case Sample::Kind::Int: {
      std::vector<int64_t> values;
      for (const Sample& s : samples) values.push_back(s.to_int());
      return tensor(values);
    }
    case Sample::Kind::Double: {
      std::vector<double> values;
      for (const Sample& s : samples) values.push_back(s.to_double());
      return tensor(values);
    }
    case Sample::Kind::String: return Sample(Sample::List(samples.begin(), samples.end()));
    case Sample::Kind::List: {  // transpose: a list of batched fields
      size_t n = samples[0].size();
      for (size_t i = 1; i < samples.size(); ++i)
        EMBER_CHECK(samples[i].size() == n, "default_collate", "each element in list of batch should be of equal size (",
                    n, " at entry 0, ", samples[i].size(), " at entry ", i, ")");
      Sample::List fields;
      for (size_t k = 0; k < n; ++k) {
        std::vector<Sample> column;
        for (Sample& s : samples) column.push_back(std::move(s.list()[k]));
        fields.push_back(default_collate(std::move(column)));
      }
      return Sample(std::move(fields));
    }
    case Sample::Kind::Dict: {
      Sample::Dict fields;
      for (const auto& [key, first] : samples[0].dict()) {
        std::vector<Sample> column;
        for (size_t i = 0; i < samples.size(); ++i) {
          EMBER_CHECK(samples[i].contains(key), "default_collate", "sample ", i, " has no field '", key, "'");
          column.push_back(samples[i][key]);
        }
        fields[key] = default_collate(std::move(column));
      }
      return Sample(std::move(fields));
    }
    case Sample::Kind::None:
    case Sample::Kind::Object: break;
  }
  EMBER_FAIL("default_collate", "cannot batch a ", kind_name(kind), "; pass a collate_fn that knows the type");
}

CollateFn pad_collate(PadCollateOptions options) {
  return [options](std::vector<Sample> samples) {
    EMBER_CHECK(!samples.empty(), "pad_collate", "cannot collate an empty batch");
    bool with_rest = samples[0].is_list();
    auto sequence = [&](size_t i) -> const Tensor& { return with_rest ? samples[i][0].tensor() : samples[i].tensor(); };
    std::vector<size_t> order(samples.size());
    std::iota(order.begin(), order.end(), 0);
    if (options.sort_descending)
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sequence(a).size(0) > sequence(b).size(0); });

    const Tensor& first = sequence(0);
    EMBER_CHECK(first.dim() >= 1, "pad_collate", "sequences need a length dim, got a 0-d tensor");
    int64_t max_len = 0;
    for (size_t i = 0; i < samples.size(); ++i) {
      const Tensor& s = sequence(i);
      EMBER_CHECK(s.dim() == first.dim() &&
                      std::equal(s.sizes().begin() + 1, s.sizes().end(), first.sizes().begin() + 1),
                  "pad_collate", "sequences must match in every dim but the first: ", shape_str(first.sizes()), " and ",
                  shape_str(s.sizes()));
      max_len = std::max(max_len, s.size(0));
    }
    // padded[b, :L_b] = sequence_b, padded[b, L_b:] = padding_value
    Shape shape{static_cast<int64_t>(samples.size()), max_len};
    shape.insert(shape.end(), first.sizes().begin() + 1, first.sizes().end());
    Tensor padded = full(shape, options.padding_value, first.scalar_type());
    std::vector<int64_t> lengths;
    for (size_t b = 0; b < order.size(); ++b) {
      const Tensor& s = sequence(order[b]);
      padded.select(0, static_cast<int64_t>(b)).narrow(0, 0, s.size(0)).copy_(s);
      lengths.push_back(s.size(0));
    }
    Sample::List out{padded, tensor(lengths)};
    if (with_rest) {
      for (size_t k = 1; k < samples[0].size(); ++k) {
        std::vector<Sample> column;
        for (size_t i : order) column.push_back(samples[i][k]);
        out.push_back(default_collate(std::move(column)));
      }
    }
    return Sample(std::move(out));
  };
}

}  // namespace ember::data
