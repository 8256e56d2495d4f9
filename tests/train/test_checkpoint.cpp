// Checkpoints: every part round-trips exactly, a non-checkpoint or damaged
// file is a clear error, and writing replaces the old file atomically.
#include <filesystem>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

train::Checkpoint sample_checkpoint() {
  manual_seed(3);
  nn::Linear model(3, 2);
  optim::Adam opt(model.parameters());
  model.weight.mutable_grad() = ones({2, 3});
  opt.step();
  train::Checkpoint c;
  c.epoch = 4;
  c.model = model.state_dict();
  c.optimizer = opt.state_dict();
  c.early_stopping.insert("best_score", scalar_tensor(0.25, kFloat64));
  c.rng = Generator::State{.seed = 0xFFFFFFFFFFFFFFF0ull, .offset = 12345};  // above INT64_MAX: bits kept
  c.history["val_loss"] = {0.9, 0.5, 0.4, 0.45};
  c.info["model"] = "linear";
  return c;
}

void require_same(const nn::StateDict& a, const nn::StateDict& b) {
  REQUIRE(a.size() == b.size());
  for (const auto& [key, t] : a) {
    INFO(key);
    REQUIRE(b.find(key) != nullptr);
    REQUIRE_EQUAL(*b.find(key), t);
  }
}

}  // namespace

TEST_CASE("a checkpoint round-trips every part exactly", "[train][checkpoint]") {
  std::string path = testing::temp_dir() + "/ckpt.safetensors";
  train::Checkpoint c = sample_checkpoint();
  train::save_checkpoint(path, c);
  REQUIRE(train::is_checkpoint(path));
  train::Checkpoint r = train::load_checkpoint(path);
  REQUIRE(r.epoch == 4);
  require_same(r.model, c.model);
  require_same(r.optimizer, c.optimizer);
  require_same(r.early_stopping, c.early_stopping);
  REQUIRE(r.scheduler.size() == 0);
  REQUIRE(r.rng.seed == c.rng.seed);
  REQUIRE(r.rng.offset == c.rng.offset);
  REQUIRE(r.history == c.history);
  REQUIRE(r.info == c.info);

  // The optimizer state loads back into a fresh optimizer.
  nn::Linear model(3, 2);
  model.load_state_dict(r.model);
  optim::Adam opt(model.parameters());
  opt.load_state_dict(r.optimizer);
  require_same(opt.state_dict(), c.optimizer);
}

TEST_CASE("saving replaces the previous checkpoint and leaves no temporary file", "[train][checkpoint]") {
  std::string dir = testing::temp_dir();
  train::Checkpoint c = sample_checkpoint();
  train::save_checkpoint(dir + "/ckpt.safetensors", c);
  c.epoch = 5;
  train::save_checkpoint(dir + "/ckpt.safetensors", c);
  REQUIRE(train::load_checkpoint(dir + "/ckpt.safetensors").epoch == 5);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  REQUIRE(files == 1);
}

TEST_CASE("plain weights and damaged files are not checkpoints", "[train][checkpoint]") {
  std::string dir = testing::temp_dir();
  nn::Linear model(3, 2);
  nn::save(model, dir + "/weights.safetensors");
  REQUIRE_FALSE(train::is_checkpoint(dir + "/weights.safetensors"));
  REQUIRE_THROWS_WITH(train::load_checkpoint(dir + "/weights.safetensors"), Contains("not an ember checkpoint"));

  train::save_checkpoint(dir + "/ckpt.safetensors", sample_checkpoint());
  std::string bytes = testing::read_bytes(dir + "/ckpt.safetensors");
  testing::write_bytes(dir + "/cut.safetensors", bytes.substr(0, bytes.size() - 10));
  REQUIRE_THROWS_AS(train::load_checkpoint(dir + "/cut.safetensors"), Error);
  REQUIRE_THROWS_WITH(train::load_checkpoint(dir + "/missing.safetensors"), Contains("missing.safetensors"));

  // A checkpoint with an entry it cannot place.
  nn::StateDict odd;
  odd.insert("epoch", scalar_tensor(int64_t{1}, kInt64));
  odd.insert("rng", zeros({2}, kInt64));
  odd.insert("surprise", ones({1}));
  nn::save_safetensors(dir + "/odd.safetensors", odd, {{"format", "ember.checkpoint.v1"}});
  REQUIRE_THROWS_WITH(train::load_checkpoint(dir + "/odd.safetensors"), Contains("unexpected entry 'surprise'"));
}
