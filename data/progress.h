// progress.h — a progress bar for loops over a DataLoader (like tqdm):
//
//   for (const data::Sample& batch : data::Progress(loader, {.desc = "epoch 1"})) { ... }
//   epoch 1  42%|############            | 197/469 [00:03<00:04, 61.2 it/s]
//
// It redraws at most every 0.1 s on one line and prints nothing when its
// stream is not a terminal (a log file, a pipe, ctest), unless `force`.
//
// Left out: nested bars, unit scaling, and postfix fields.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "data/dataloader.h"

namespace ember::data {

struct ProgressBarOptions {
  std::string desc = "";
  bool force = false;              // draw even when the stream is not a terminal
  std::ostream* stream = nullptr;  // std::cerr when null (as tqdm)
  int64_t width = 24;              // characters of the bar itself
};

class ProgressBar {
 public:
  /// total < 0: unknown (no percentage or ETA).
  explicit ProgressBar(int64_t total, ProgressBarOptions options = {});
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(int64_t n = 1);
  /// Draws the final state and ends the line (once; the destructor calls it).
  void close();
  int64_t count() const { return count_; }
  /// Items per second so far.
  double rate() const;
  /// Whether this bar draws at all.
  bool enabled() const { return enabled_; }
  /// The line as it would be drawn now (without the leading carriage return).
  std::string render() const;

 private:
  using Clock = std::chrono::steady_clock;
  void draw();

  int64_t total_, count_ = 0;
  ProgressBarOptions options_;
  std::ostream* out_;
  bool enabled_, closed_ = false;
  Clock::time_point start_, last_draw_;
};

/// Iterates a loader while advancing a bar of loader.size() batches.
class Progress {
 public:
  Progress(DataLoader& loader, ProgressBarOptions options = {});

  class Iterator {
   public:
    const Sample& operator*() const { return *it_; }
    Iterator& operator++();
    bool operator==(DataLoader::Sentinel s) const { return it_ == s; }

   private:
    friend class Progress;
    Iterator(DataLoader::Iterator it, ProgressBar* bar) : it_(std::move(it)), bar_(bar) {}
    DataLoader::Iterator it_;
    ProgressBar* bar_;
  };

  Iterator begin() { return Iterator(loader_.begin(), &bar_); }
  DataLoader::Sentinel end() const { return {}; }
  ProgressBar& bar() { return bar_; }

 private:
  DataLoader& loader_;
  ProgressBar bar_;
};

}  // namespace ember::data
