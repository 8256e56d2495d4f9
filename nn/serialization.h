// serialization.h — weights on disk in the safetensors format, the one
// Hugging Face's readers use: an 8-byte little-endian header length, a JSON
// header naming each tensor's dtype, shape and byte range, then the raw
// little-endian data.
//
// Files are written atomically (temporary name, then rename). Files read are
// checked before use: header size, JSON, dtypes, shapes, offsets that
// overlap, leave holes or point past the end are all clear errors.
#pragma once

#include <map>
#include <string>

#include "nn/module.h"

namespace ember::nn {

using Metadata = std::map<std::string, std::string>;

void save_safetensors(const std::string& path, const StateDict& tensors, const Metadata& metadata = {});
/// Tensors in file order; `metadata`, when given, receives the __metadata__ entries.
StateDict load_safetensors(const std::string& path, Metadata* metadata = nullptr);

/// A module's state_dict to / from a safetensors file.
void save(const Module& module, const std::string& path, const Metadata& metadata = {});
LoadResult load(Module& module, const std::string& path, bool strict = true);

}  // namespace ember::nn
