// checkpoint.h — everything a training run needs to continue exactly where
// it stopped, in one file.
//
// A Checkpoint holds the state_dicts of the model, optimizer, LR scheduler
// and early stopper, the number of epochs completed, the default random
// generator's state (dropout, shuffling seeded from it), per-epoch metric
// histories and free-form text (the run's arguments). It is one safetensors
// file: state dicts under "model.", "optimizer.", "scheduler.",
// "early_stopping.", histories under "history.<name>" (float64), counters as
// int64 tensors, text in the header's __metadata__ — readable by any
// safetensors reader.
//
// save_checkpoint writes a temporary file and renames it over the old one,
// so a crash mid-write leaves the last good checkpoint intact. Resuming a
// run bit-identically also needs each epoch's data order to depend only on
// (seed, epoch) — e.g. a DataLoader seeded with seed + epoch — as ember-train
// does.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/generator.h"
#include "nn/module.h"

namespace ember::train {

struct Checkpoint {
  int64_t epoch = 0;  // epochs completed
  nn::StateDict model;
  nn::StateDict optimizer;
  nn::StateDict scheduler;       // empty when the run has none
  nn::StateDict early_stopping;  // empty when the run has none
  Generator::State rng;          // the default generator's
  std::map<std::string, std::vector<double>> history;  // metric name -> value per epoch
  std::map<std::string, std::string> info;             // free-form text
};

/// Writes atomically (temporary file + rename).
void save_checkpoint(const std::string& path, const Checkpoint& checkpoint);
/// Reads and validates a file written by save_checkpoint.
Checkpoint load_checkpoint(const std::string& path);
/// Whether the safetensors file at path is a checkpoint (not plain weights).
bool is_checkpoint(const std::string& path);

}  // namespace ember::train
