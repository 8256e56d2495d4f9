// torch_load.h — reading the .pt/.pth files torch.save(model.state_dict())
// writes, so weights trained in PyTorch load into ember modules.
//
// Since PyTorch 1.6 such a file is a zip archive (nn/zip_reader.h):
//   <archive>/data.pkl    the state_dict as a pickle (nn/torch_pickle.h)
//   <archive>/data/<key>  each storage's raw little-endian bytes
//   <archive>/version     the format version; <archive>/byteorder (optional)
// Tensors keep torch's layout: a transposed tensor or one at a storage
// offset loads as the same strided view, and tensors that shared a storage
// in torch share one in ember (as torch.load gives them). Storages on any
// device load to the CPU, like torch.load(map_location='cpu').
//
// Left out, with a clear error: the legacy pre-1.6 format
// (_use_new_zipfile_serialization=False), big-endian files, pickled whole
// modules (torch.save(model)), TorchScript archives, int16 and complex
// tensors, and anything outside a state_dict's pickle (torch_pickle.h).
#pragma once

#include <string>

#include "nn/module.h"

namespace ember::nn {

/// The tensors of a torch.save'd state_dict, in file order. `key`, when given,
/// picks a state_dict out of a checkpoint dict ({'model': state_dict, 'epoch': 3}).
StateDict load_torch_state_dict(const std::string& path, const std::string& key = "");

/// Loads a torch.save'd state_dict into `module` (see Module::load_state_dict).
LoadResult load_torch(Module& module, const std::string& path, bool strict = true, const std::string& key = "");

}  // namespace ember::nn
