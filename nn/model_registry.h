// model_registry.h — whole-model save and load. A model class registers a
// factory under a name; save_model writes the name, the model's config
// (string key/values) and its weights into one safetensors file, and
// load_model rebuilds the model from the factory and loads the weights. The
// file holds no code: only models whose factory is registered can be loaded.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "nn/serialization.h"

namespace ember::nn {

using ModelConfig = Metadata;
using ModelFactory = std::function<std::shared_ptr<Module>(const ModelConfig&)>;

/// Registers (or replaces) the factory for `architecture`.
void register_model(const std::string& architecture, ModelFactory factory);
/// Builds a registered model from its config (untrained weights).
std::shared_ptr<Module> create_model(const std::string& architecture, const ModelConfig& config);
/// Writes architecture + config + state_dict to `path` (safetensors).
void save_model(const Module& model, const std::string& architecture, const ModelConfig& config,
                const std::string& path);
/// Rebuilds the model saved in `path` and loads its weights.
std::shared_ptr<Module> load_model(const std::string& path);

}  // namespace ember::nn
