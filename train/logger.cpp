// logger.cpp — TrainingLogger and read_log of logger.h. JSON goes through
// nlohmann_json (inside this file only); CSV is written and read by hand,
// since the logger's own files need no quoting.
#include "train/logger.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"

namespace ember::train {

namespace {

namespace fs = std::filesystem;

// The exact value in its shortest round-trip form ("0.001", "3", "NaN", "-Infinity").
std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, end);
}

// The whole of `text` as a number (the spellings number_text writes, and
// "nan"/"inf" as from_chars reads them); nullopt when it is not one.
std::optional<double> parse_number(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, sep)) cells.push_back(cell);
  if (!line.empty() && line.back() == sep) cells.emplace_back();  // getline drops a trailing empty cell
  return cells;
}

// The lines of a file, without their '\n' (or "\r\n").
std::vector<std::string> read_lines(const std::string& path, const char* op) {
  std::ifstream in(path, std::ios::binary);
  EMBER_CHECK(in.is_open(), op, "cannot open '", path, "'");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

bool is_blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

// True when the first non-blank character of the file is '{' (JSON lines).
bool looks_like_jsonl(const std::vector<std::string>& lines) {
  for (const std::string& line : lines)
    if (!is_blank(line)) return line[line.find_first_not_of(" \t")] == '{';
  return false;
}

std::vector<LogRecord> read_jsonl(const std::string& path, const std::vector<std::string>& lines) {
  std::vector<LogRecord> records;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (is_blank(lines[i])) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(lines[i]);
    } catch (const nlohmann::json::exception& e) {
      EMBER_FAIL("read_log", "'", path, "' line ", i + 1, ": not valid JSON (", e.what(), ")");
    }
    EMBER_CHECK(j.is_object(), "read_log", "'", path, "' line ", i + 1, ": expected a JSON object, got ",
                j.type_name());
    LogRecord record;
    for (const auto& [name, value] : j.items()) {
      std::optional<double> v;
      if (value.is_number()) v = value.get<double>();
      if (value.is_string()) v = parse_number(value.get<std::string>());
      EMBER_CHECK(v.has_value(), "read_log", "'", path, "' line ", i + 1, ": value of '", name,
                  "' is not a number: ", value.dump());
      record[name] = *v;
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::vector<LogRecord> read_csv(const std::string& path, const std::vector<std::string>& lines) {
  std::vector<LogRecord> records;
  size_t first = 0;
  while (first < lines.size() && is_blank(lines[first])) ++first;
  if (first == lines.size()) return records;  // an empty file: no records
  std::vector<std::string> header = split(lines[first], ',');
  for (size_t c = 0; c < header.size(); ++c) {
    EMBER_CHECK(!header[c].empty(), "read_log", "'", path, "' line ", first + 1, ": column ", c + 1,
                " of the header has no name");
    for (size_t d = 0; d < c; ++d)
      EMBER_CHECK(header[c] != header[d], "read_log", "'", path, "' line ", first + 1, ": column '", header[c],
                  "' appears twice in the header");
  }
  for (size_t i = first + 1; i < lines.size(); ++i) {
    if (is_blank(lines[i])) continue;
    std::vector<std::string> cells = split(lines[i], ',');
    EMBER_CHECK(cells.size() == header.size(), "read_log", "'", path, "' line ", i + 1, ": ", cells.size(),
                " cells but the header has ", header.size(), " columns");
    LogRecord record;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      std::optional<double> v = parse_number(cells[c]);
      EMBER_CHECK(v.has_value(), "read_log", "'", path, "' line ", i + 1, ", column '", header[c], "': '", cells[c],
                  "' is not a number");
      record[header[c]] = *v;
    }
    records.push_back(std::move(record));
  }
  return records;
}

// `value` in a short console form (see format_log_line).
std::string console_number(double v) {
  char buffer[64];
  double a = std::fabs(v);
  if (v == std::floor(v) && a < 1e15)
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
  else if (a >= 1e-2 && a < 1e5)
    std::snprintf(buffer, sizeof buffer, "%.4f", v);
  else
    std::snprintf(buffer, sizeof buffer, "%.1e", v);
  return buffer;
}

}  // namespace

TrainingLogger::TrainingLogger(std::string path, TrainingLoggerOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
  EMBER_CHECK(options_.format == "jsonl" || options_.format == "csv", "TrainingLogger",
              "format must be \"jsonl\" or \"csv\", got \"", options_.format, "\"");
  EMBER_CHECK(!path_.empty(), "TrainingLogger", "path is empty");
  fs::path parent = fs::path(path_).parent_path();
  std::error_code ec;
  if (!parent.empty()) fs::create_directories(parent, ec);
  EMBER_CHECK(!ec, "TrainingLogger", "cannot create the directory '", parent.string(), "': ", ec.message());

  if (options_.append && fs::exists(path_)) {
    std::vector<std::string> lines = read_lines(path_, "TrainingLogger");
    bool has_content = false;
    for (const std::string& line : lines) has_content = has_content || !is_blank(line);
    if (has_content) {
      bool jsonl = looks_like_jsonl(lines);
      EMBER_CHECK(jsonl == (options_.format == "jsonl"), "TrainingLogger", "cannot append to '", path_, "': it holds ",
                  jsonl ? "JSON lines" : "CSV", ", not ", options_.format);
      if (!jsonl) {
        // Continue with the file's columns (read_csv checks the header).
        read_csv(path_, lines);
        for (const std::string& line : lines)
          if (!is_blank(line)) {
            columns_ = split(line, ',');
            break;
          }
      }
    }
  }
  file_.open(path_, std::ios::binary | (options_.append ? std::ios::app : std::ios::trunc));
  EMBER_CHECK(file_.is_open(), "TrainingLogger", "cannot open '", path_, "' for writing");
}

void TrainingLogger::log(const std::map<std::string, double>& values, std::optional<int64_t> step,
                         std::optional<int64_t> epoch) {
  EMBER_CHECK(!values.empty() || step || epoch, "TrainingLogger", "log: nothing to log (no values, step or epoch)");
  for (const auto& [name, value] : values) {
    EMBER_CHECK(!name.empty(), "TrainingLogger", "log: a value has an empty name");
    EMBER_CHECK(name != "epoch" && name != "step", "TrainingLogger", "log: pass '", name,
                "' as the argument, not as a value");
    EMBER_CHECK(options_.format != "csv" || name.find_first_of(",\"\r\n") == std::string::npos, "TrainingLogger",
                "log: the name '", name, "' holds a character CSV would need to quote (',', '\"' or a line break)");
  }
  if (options_.format == "jsonl") {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (epoch) j["epoch"] = *epoch;
    if (step) j["step"] = *step;
    for (const auto& [name, v] : values) {
      if (std::isfinite(v))
        j[name] = v;
      else
        j[name] = number_text(v);  // JSON has no NaN or infinity: "NaN", "Infinity", "-Infinity"
    }
    file_ << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  } else {
    LogRecord record(values.begin(), values.end());
    if (epoch) record["epoch"] = static_cast<double>(*epoch);
    if (step) record["step"] = static_cast<double>(*step);
    write_csv(record);
  }
  file_.flush();
  EMBER_CHECK(file_.good(), "TrainingLogger", "writing to '", path_, "' failed");
  if (options_.console) std::cout << format_log_line(values, step, epoch) << std::endl;
}

void TrainingLogger::write_csv(const LogRecord& record) {
  // New names become new columns: epoch and step first, then the values by name.
  std::vector<std::string> added;
  auto add = [&](const std::string& name) {
    if (record.count(name) && std::find(columns_.begin(), columns_.end(), name) == columns_.end()) {
      columns_.push_back(name);
      added.push_back(name);
    }
  };
  add("epoch");
  add("step");
  for (const auto& [name, v] : record) add(name);

  if (!added.empty()) {
    // Rewrite the file with the wider header; earlier rows get empty cells
    // for the new columns. Written to a temporary file, then renamed.
    file_.close();
    std::vector<std::string> lines = read_lines(path_, "TrainingLogger");
    std::string header;
    for (const std::string& c : columns_) header += (header.empty() ? "" : ",") + c;
    std::string tmp = path_ + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      EMBER_CHECK(out.is_open(), "TrainingLogger", "cannot open '", tmp, "' for writing");
      out << header << '\n';
      bool seen_header = false;
      for (const std::string& line : lines) {
        if (is_blank(line)) continue;
        if (!seen_header) {
          seen_header = true;  // the old header, replaced by the new one
          continue;
        }
        out << line << std::string(added.size(), ',') << '\n';
      }
      out.flush();
      EMBER_CHECK(out.good(), "TrainingLogger", "writing '", tmp, "' failed");
    }
    std::error_code ec;
    fs::rename(tmp, path_, ec);
    EMBER_CHECK(!ec, "TrainingLogger", "cannot rename '", tmp, "' to '", path_, "': ", ec.message());
    file_.open(path_, std::ios::binary | std::ios::app);
    EMBER_CHECK(file_.is_open(), "TrainingLogger", "cannot reopen '", path_, "' for writing");
  }

  std::string row;
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (c > 0) row += ',';
    auto it = record.find(columns_[c]);
    if (it != record.end()) row += number_text(it->second);
  }
  file_ << row << '\n';
}

std::string format_log_line(const std::map<std::string, double>& values, std::optional<int64_t> step,
                            std::optional<int64_t> epoch) {
  std::string line;
  auto add = [&](const std::string& name, const std::string& text) {
    line += (line.empty() ? "" : " | ") + name + " " + text;
  };
  if (epoch) add("epoch", std::to_string(*epoch));
  if (step) add("step", std::to_string(*step));
  for (const auto& [name, v] : values) add(name, console_number(v));
  return line;
}

std::vector<LogRecord> read_log(const std::string& path) {
  std::vector<std::string> lines = read_lines(path, "read_log");
  return looks_like_jsonl(lines) ? read_jsonl(path, lines) : read_csv(path, lines);
}

}  // namespace ember::train
