// checkpoint.cpp — a Checkpoint as one safetensors file (see checkpoint.h).
#include "train/checkpoint.h"

#include <bit>
#include <cstring>

#include "core/ops.h"
#include "nn/serialization.h"

namespace ember::train {
namespace {

// The prefixes under which each state dict is stored.
const std::map<std::string, nn::StateDict Checkpoint::*>& sections() {
  static const std::map<std::string, nn::StateDict Checkpoint::*> all = {
      {"model.", &Checkpoint::model},
      {"optimizer.", &Checkpoint::optimizer},
      {"scheduler.", &Checkpoint::scheduler},
      {"early_stopping.", &Checkpoint::early_stopping}};
  return all;
}

constexpr const char* kInfoPrefix = "info.";
constexpr const char* kFormat = "ember.checkpoint.v1";  // the __metadata__ "format" of a checkpoint

// uint64 values travel as the int64 with the same bits.
Tensor as_int64_tensor(std::vector<uint64_t> values) {
  std::vector<int64_t> bits;
  for (uint64_t v : values) bits.push_back(std::bit_cast<int64_t>(v));
  return tensor(bits, {static_cast<int64_t>(bits.size())}, kInt64);
}

}  // namespace

void save_checkpoint(const std::string& path, const Checkpoint& c) {
  nn::StateDict all;
  all.insert("epoch", scalar_tensor(c.epoch, kInt64));
  all.insert("rng", as_int64_tensor({c.rng.seed, c.rng.offset}));
  for (const auto& [prefix, member] : sections())
    for (const auto& [key, t] : c.*member) all.insert(prefix + key, t);
  for (const auto& [name, values] : c.history)
    all.insert("history." + name, tensor(values, {static_cast<int64_t>(values.size())}, kFloat64));
  nn::Metadata metadata;
  for (const auto& [key, value] : c.info) metadata[kInfoPrefix + key] = value;
  metadata["format"] = kFormat;
  nn::save_safetensors(path, all, metadata);
}

Checkpoint load_checkpoint(const std::string& path) {
  nn::Metadata metadata;
  nn::StateDict all = nn::load_safetensors(path, &metadata);
  EMBER_CHECK(metadata["format"] == kFormat, "load_checkpoint", "'", path,
              "' is a safetensors file but not an ember checkpoint (no format ", kFormat, ")");
  Checkpoint c;
  const Tensor* epoch = all.find("epoch");
  const Tensor* rng = all.find("rng");
  EMBER_CHECK(epoch && epoch->dim() == 0 && epoch->scalar_type() == kInt64, "load_checkpoint", "'", path,
              "' has no int64 scalar 'epoch'");
  EMBER_CHECK(rng && rng->sizes() == IntArrayRef{2} && rng->scalar_type() == kInt64, "load_checkpoint", "'", path,
              "' has no int64 'rng' of shape (2)");
  c.epoch = epoch->item<int64_t>();
  EMBER_CHECK(c.epoch >= 0, "load_checkpoint", "'", path, "' has a negative epoch count ", c.epoch);
  c.rng.seed = std::bit_cast<uint64_t>((*rng)[0].item<int64_t>());
  c.rng.offset = std::bit_cast<uint64_t>((*rng)[1].item<int64_t>());
  for (const auto& [key, t] : all) {
    if (key == "epoch" || key == "rng") continue;
    bool placed = false;
    for (const auto& [prefix, member] : sections())
      if (key.rfind(prefix, 0) == 0) {
        (c.*member).insert(key.substr(prefix.size()), t);
        placed = true;
        break;
      }
    if (!placed && key.rfind("history.", 0) == 0) {
      EMBER_CHECK(t.dim() == 1, "load_checkpoint", "'", path, "': history '", key, "' is not a 1-d tensor");
      Tensor values = t.to(kFloat64).contiguous();
      const double* p = values.data_ptr<double>();
      c.history[key.substr(8)] = std::vector<double>(p, p + values.numel());
      placed = true;
    }
    EMBER_CHECK(placed, "load_checkpoint", "'", path, "' has an unexpected entry '", key, "'");
  }
  for (const auto& [key, value] : metadata)
    if (key.rfind(kInfoPrefix, 0) == 0) c.info[key.substr(std::strlen(kInfoPrefix))] = value;
  return c;
}

bool is_checkpoint(const std::string& path) {
  nn::Metadata metadata;
  nn::load_safetensors(path, &metadata);
  return metadata["format"] == kFormat;
}

}  // namespace ember::train
