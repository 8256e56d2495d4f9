// model_registry.cpp — see model_registry.h. The architecture and config go
// into the safetensors __metadata__ under "ember.architecture" and
// "ember.config.<key>".
#include "nn/model_registry.h"

#include <map>
#include <mutex>

namespace ember::nn {

namespace {
std::mutex g_mutex;
std::map<std::string, ModelFactory>& registry() {
  static std::map<std::string, ModelFactory> r;
  return r;
}
constexpr const char* kArchitecture = "ember.architecture";
constexpr const char* kConfigPrefix = "ember.config.";
}  // namespace

void register_model(const std::string& architecture, ModelFactory factory) {
  EMBER_CHECK(factory != nullptr, "register_model", "factory for '", architecture, "' is empty");
  std::lock_guard<std::mutex> lock(g_mutex);
  registry()[architecture] = std::move(factory);
}

std::shared_ptr<Module> create_model(const std::string& architecture, const ModelConfig& config) {
  ModelFactory factory;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto it = registry().find(architecture);
    EMBER_CHECK(it != registry().end(), "create_model", "no model registered as '", architecture, "'");
    factory = it->second;
  }
  std::shared_ptr<Module> model = factory(config);
  EMBER_CHECK(model != nullptr, "create_model", "the factory for '", architecture, "' returned nothing");
  return model;
}

void save_model(const Module& model, const std::string& architecture, const ModelConfig& config,
                const std::string& path) {
  Metadata meta{{kArchitecture, architecture}};
  for (const auto& [k, v] : config) meta[kConfigPrefix + k] = v;
  save(model, path, meta);
}

std::shared_ptr<Module> load_model(const std::string& path) {
  Metadata meta;
  StateDict weights = load_safetensors(path, &meta);
  auto it = meta.find(kArchitecture);
  EMBER_CHECK(it != meta.end(), "load_model", path, ": not a saved model (no ", kArchitecture, " in its metadata)");
  ModelConfig config;
  std::string prefix = kConfigPrefix;
  for (const auto& [k, v] : meta)
    if (k.rfind(prefix, 0) == 0) config[k.substr(prefix.size())] = v;
  std::shared_ptr<Module> model = create_model(it->second, config);
  model->load_state_dict(weights);
  return model;
}

}  // namespace ember::nn
