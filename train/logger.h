// logger.h — TrainingLogger: a structured training log (a file with one
// record per line, JSON lines or CSV) plus a readable console line per
// record, and read_log to load such a file back (for plots and analysis;
// pandas.read_json(lines=True) and pandas.read_csv read it too).
//
//   train::TrainingLogger log("runs/exp1/log.jsonl");
//   log.log({{"train_loss", 0.4123}, {"val_acc", 0.8812}, {"lr", 1e-3}}, {}, /*epoch=*/3);
//   // file:    {"epoch":3,"lr":0.001,"train_loss":0.4123,"val_acc":0.8812}
//   // console: epoch 3 | lr 1.0e-03 | train_loss 0.4123 | val_acc 0.8812
//
// Each line is flushed as it is written, so a crash keeps every record
// logged before it. A record holds "epoch" and "step" (when given) and the
// values, in name order. Numbers are written exactly (shortest round-trip
// form); NaN and infinities as "NaN", "Infinity", "-Infinity" (JSON strings;
// bare words in CSV). CSV: the header is the union of the names seen, in
// order of first appearance; a record that brings new names rewrites the
// file (atomically) with the wider header, and a record without some name
// leaves its cell empty.
//
// Left out: non-numeric values (text, images: use TensorBoard), rotation of
// large logs, writing from several processes.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ember::train {

/// One logged line: "epoch", "step" and the values, by name.
using LogRecord = std::map<std::string, double>;

struct TrainingLoggerOptions {
  std::string format = "jsonl";  // "jsonl" (one JSON object per line) or "csv"
  bool console = true;           // also print each record to stdout
  bool append = false;           // continue an existing file (resuming a run) instead of truncating it
};

class TrainingLogger {
 public:
  /// Opens (and creates, with its parent directories) the log file at `path`.
  explicit TrainingLogger(std::string path, TrainingLoggerOptions options = {});

  /// Appends one record. Names must be non-empty, and not "epoch" or "step"
  /// (pass those as arguments); for CSV they must not hold ',', '"' or line breaks.
  void log(const std::map<std::string, double>& values, std::optional<int64_t> step = {},
           std::optional<int64_t> epoch = {});

  const std::string& path() const { return path_; }

 private:
  void write_csv(const LogRecord& record);

  std::string path_;
  TrainingLoggerOptions options_;
  std::ofstream file_;
  std::vector<std::string> columns_;  // CSV header, in order of first appearance
};

/// The console form of a record: "epoch 3 | step 120 | train_loss 0.4123 | lr 1.0e-03".
/// Integers print as integers, other values with 4 decimals when
/// 0.01 <= |v| < 1e5, else in scientific notation with 2 significant digits.
std::string format_log_line(const std::map<std::string, double>& values, std::optional<int64_t> step = {},
                            std::optional<int64_t> epoch = {});

/// The records of a log file, in order, of either format (a file whose first
/// non-blank character is '{' is JSON lines, else CSV). An empty CSV cell
/// leaves the name out of that record. A malformed file is an error naming
/// the file and the line.
std::vector<LogRecord> read_log(const std::string& path);

}  // namespace ember::train
