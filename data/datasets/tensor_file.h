// tensor_file.h — a whole dataset in one file, and back (exercise 19's
// torch.save(dataset) / torch.load).
//
// The file is NumPy's .npz: a zip archive of .npy arrays, so
// numpy.load("mnist.npz")["arr_0"] reads what save_dataset writes, and
// load_dataset reads what numpy.savez / savez_compressed write. Field k of
// every sample, stacked, is the array "arr_k" (numpy.savez's names for
// positional arrays).
//
// Left out: archives over 4 GiB (zip64 sizes are read, not written),
// encrypted or multi-disk zips.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "data/dataset.h"

namespace ember::data {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

/// Writes the arrays as an uncompressed .npz (atomically: aside, then renamed).
void save_npz(const std::string& path, const NamedTensors& arrays);
/// Reads every array of a .npz (stored or deflated members), in archive order.
NamedTensors load_npz(const std::string& path);

/// Stacks every sample of the dataset (a tensor, a number, or a list of
/// them) field by field and saves the fields as one .npz.
void save_dataset(const Dataset& dataset, const std::string& path);
/// A TensorDataset of the arrays of a .npz, in the order arr_0, arr_1, ...
/// (other names in archive order).
std::shared_ptr<TensorDataset> load_dataset(const std::string& path);

}  // namespace ember::data
