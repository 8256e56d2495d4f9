// worker_info.h — what code running inside a DataLoader can ask: which
// worker it is on (torch.utils.data.get_worker_info), and which Generator
// random transforms should draw from.
//
// The loader gives every sample its own Generator, seeded from the epoch's
// base seed and the sample's position in the epoch, and installs it while
// the dataset builds that sample. Random transforms draw from
// sample_generator(), so the augmentations of a seeded loader are the same
// whatever the number of workers. Outside a loader, sample_generator() is
// ember's default generator (ember::manual_seed reproduces a run).
#pragma once

#include <cstdint>

#include "core/generator.h"

namespace ember::data {

struct WorkerInfo {
  int64_t id = 0;           // 0 .. num_workers - 1
  int64_t num_workers = 1;  // the loader's num_workers
  uint64_t seed = 0;        // this epoch's base seed + id (torch's per-worker seed)
};

/// The calling worker thread's info; null on any other thread (the main
/// thread included), as in torch.
const WorkerInfo* get_worker_info();

/// The generator random transforms use on this thread right now.
Generator& sample_generator();

/// Installs `gen` as this thread's sample_generator() for a scope.
class SampleGeneratorGuard {
 public:
  explicit SampleGeneratorGuard(Generator& gen);
  ~SampleGeneratorGuard();
  SampleGeneratorGuard(const SampleGeneratorGuard&) = delete;
  SampleGeneratorGuard& operator=(const SampleGeneratorGuard&) = delete;

 private:
  Generator* previous_;
};

/// Installs `info` as this thread's worker info for a scope (the loader's
/// worker threads use it).
class WorkerInfoGuard {
 public:
  explicit WorkerInfoGuard(const WorkerInfo& info);
  ~WorkerInfoGuard();
  WorkerInfoGuard(const WorkerInfoGuard&) = delete;
  WorkerInfoGuard& operator=(const WorkerInfoGuard&) = delete;

 private:
  const WorkerInfo* previous_;
};

/// A seed for sample `position` of an epoch with base seed `base`:
/// splitmix64(base ^ splitmix64(position)), so neighbouring positions get
/// unrelated streams.
uint64_t sample_seed(uint64_t base, uint64_t position);

}  // namespace ember::data
