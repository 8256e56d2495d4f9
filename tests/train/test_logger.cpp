// TrainingLogger and read_log: exact round trips in JSON lines and CSV
// (non-finite values, header union), the file contents line by line, lines
// on disk before the logger closes, appending, the console line, and errors
// naming the file and line of a malformed log.
#include <cmath>
#include <iostream>
#include <sstream>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

const train::TrainingLoggerOptions kQuietJsonl{.console = false};
const train::TrainingLoggerOptions kQuietCsv{.format = "csv", .console = false};

// Logs three records that exercise exact values, NaN, infinities and names
// that come and go, then checks what read_log gives back.
void round_trip(const std::string& path, const train::TrainingLoggerOptions& options) {
  {
    train::TrainingLogger log(path, options);
    log.log({{"train_loss", 0.1 + 0.2}, {"lr", 1e-3}}, 10, 1);
    log.log({{"train_loss", std::nan("")}, {"val_acc", 0.875}}, 20);
    log.log({{"grad_norm", std::numeric_limits<double>::infinity()}, {"lr", -std::numeric_limits<double>::infinity()}},
            {}, 2);
  }
  std::vector<train::LogRecord> r = train::read_log(path);
  REQUIRE(r.size() == 3);
  REQUIRE(r[0] == train::LogRecord{{"epoch", 1}, {"step", 10}, {"train_loss", 0.1 + 0.2}, {"lr", 1e-3}});
  REQUIRE(r[1].size() == 3);
  REQUIRE(r[1].at("step") == 20);
  REQUIRE(std::isnan(r[1].at("train_loss")));
  REQUIRE(r[1].at("val_acc") == 0.875);
  REQUIRE(r[2] == train::LogRecord{{"epoch", 2},
                                   {"grad_norm", std::numeric_limits<double>::infinity()},
                                   {"lr", -std::numeric_limits<double>::infinity()}});
}

std::vector<std::string> lines_of(const std::string& path) {
  std::istringstream in(testing::read_bytes(path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("JSON lines logs round-trip exactly", "[train][logger]") {
  std::string path = testing::temp_dir() + "/runs/a/log.jsonl";  // parent directories are created
  round_trip(path, kQuietJsonl);
  REQUIRE(lines_of(path) ==
          std::vector<std::string>{R"({"epoch":1,"step":10,"lr":0.001,"train_loss":0.30000000000000004})",
                                   R"({"step":20,"train_loss":"NaN","val_acc":0.875})",
                                   R"({"epoch":2,"grad_norm":"Infinity","lr":"-Infinity"})"});
}

TEST_CASE("CSV logs widen their header and round-trip exactly", "[train][logger]") {
  std::string path = testing::temp_dir() + "/log.csv";
  round_trip(path, kQuietCsv);
  REQUIRE(lines_of(path) == std::vector<std::string>{"epoch,step,lr,train_loss,val_acc,grad_norm",
                                                     "1,10,0.001,0.30000000000000004,,", ",20,,NaN,0.875,",
                                                     "2,,-Infinity,,,Infinity"});
}

TEST_CASE("every line is on disk as soon as it is logged", "[train][logger]") {
  for (const auto& options : {kQuietJsonl, kQuietCsv}) {
    std::string path = testing::temp_dir() + "/log." + options.format;
    train::TrainingLogger log(path, options);
    log.log({{"loss", 1.5}}, {}, 0);
    REQUIRE(train::read_log(path) == std::vector<train::LogRecord>{{{"epoch", 0}, {"loss", 1.5}}});
    log.log({{"loss", 1.25}, {"acc", 0.5}}, {}, 1);  // CSV: a new column rewrites the file
    REQUIRE(train::read_log(path).size() == 2);
    log.log({{"loss", 1.0}}, {}, 2);
    REQUIRE(train::read_log(path).back() == train::LogRecord{{"epoch", 2}, {"loss", 1.0}});
  }
}

TEST_CASE("append continues an existing log, the default truncates", "[train][logger]") {
  for (auto options : {kQuietJsonl, kQuietCsv}) {
    std::string path = testing::temp_dir() + "/log." + options.format;
    train::TrainingLogger(path, options).log({{"loss", 2.0}}, {}, 0);
    options.append = true;
    train::TrainingLogger(path, options).log({{"loss", 1.0}, {"acc", 0.5}}, {}, 1);
    REQUIRE(train::read_log(path) ==
            std::vector<train::LogRecord>{{{"epoch", 0}, {"loss", 2.0}}, {{"epoch", 1}, {"loss", 1.0}, {"acc", 0.5}}});
    options.append = false;
    train::TrainingLogger(path, options).log({{"loss", 3.0}}, {}, 0);
    REQUIRE(train::read_log(path) == std::vector<train::LogRecord>{{{"epoch", 0}, {"loss", 3.0}}});
  }
  std::string path = testing::temp_dir() + "/log.csv";
  train::TrainingLogger(path, kQuietCsv).log({{"loss", 1.0}});
  REQUIRE_THROWS_WITH(train::TrainingLogger(path, {.console = false, .append = true}),
                      Contains("[TrainingLogger] cannot append to '" + path + "': it holds CSV, not jsonl"));
}

TEST_CASE("the console line is short and readable", "[train][logger]") {
  REQUIRE(train::format_log_line({{"train_loss", 0.41234}, {"val_acc", 0.88119}, {"lr", 1e-3}}, {}, 3) ==
          "epoch 3 | lr 1.0e-03 | train_loss 0.4123 | val_acc 0.8812");
  REQUIRE(train::format_log_line({{"samples", 60000}, {"big", 123456.7}, {"nan", std::nan("")}}, 120) ==
          "step 120 | big 1.2e+05 | nan nan | samples 60000");

  std::ostringstream captured;
  std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
  {
    train::TrainingLogger log(testing::temp_dir() + "/log.jsonl");  // console on by default
    log.log({{"loss", 0.5}}, 7, 2);
  }
  std::cout.rdbuf(old);
  REQUIRE(captured.str() == "epoch 2 | step 7 | loss 0.5000\n");
}

TEST_CASE("read_log names the file and line of a malformed log", "[train][logger]") {
  std::string dir = testing::temp_dir();
  testing::write_bytes(dir + "/bad.jsonl", "{\"loss\": 1}\n{\"loss\": 0.5,\n");
  REQUIRE_THROWS_WITH(train::read_log(dir + "/bad.jsonl"),
                      Contains("[read_log] '" + dir + "/bad.jsonl' line 2: not valid JSON"));
  testing::write_bytes(dir + "/text.jsonl", "{\"loss\": 1}\n\n{\"note\": \"slow\"}\n");
  REQUIRE_THROWS_WITH(train::read_log(dir + "/text.jsonl"),
                      Contains("text.jsonl' line 3: value of 'note' is not a number: \"slow\""));
  testing::write_bytes(dir + "/array.jsonl", "{\"loss\": 1}\n[1, 2]\n");
  REQUIRE_THROWS_WITH(train::read_log(dir + "/array.jsonl"), Contains("line 2: expected a JSON object, got array"));
  testing::write_bytes(dir + "/bad.csv", "epoch,loss\n0,1.5\n1,1.2,7\n");
  REQUIRE_THROWS_WITH(train::read_log(dir + "/bad.csv"),
                      Contains("[read_log] '" + dir + "/bad.csv' line 3: 3 cells but the header has 2 columns"));
  testing::write_bytes(dir + "/word.csv", "epoch,loss\r\n0,1.5\r\n1,low\r\n");
  REQUIRE_THROWS_WITH(train::read_log(dir + "/word.csv"), Contains("line 3, column 'loss': 'low' is not a number"));
  testing::write_bytes(dir + "/twice.csv", "loss,loss\n1,2\n");
  REQUIRE_THROWS_WITH(train::read_log(dir + "/twice.csv"), Contains("line 1: column 'loss' appears twice"));
  REQUIRE_THROWS_WITH(train::read_log(dir + "/missing.csv"),
                      Contains("[read_log] cannot open '" + dir + "/missing.csv'"));
  testing::write_bytes(dir + "/empty.csv", "");
  REQUIRE(train::read_log(dir + "/empty.csv").empty());
}

TEST_CASE("TrainingLogger rejects names it cannot write back", "[train][logger]") {
  std::string dir = testing::temp_dir();
  train::TrainingLogger csv(dir + "/log.csv", kQuietCsv);
  REQUIRE_THROWS_WITH(csv.log({{"loss,train", 1.0}}),
                      Contains("the name 'loss,train' holds a character CSV would need"));
  REQUIRE_THROWS_WITH(csv.log({{"epoch", 1.0}}), Contains("[TrainingLogger] log: pass 'epoch' as the argument"));
  REQUIRE_THROWS_WITH(csv.log({}), Contains("[TrainingLogger] log: nothing to log"));
  REQUIRE_THROWS_WITH(train::TrainingLogger(dir + "/log.xml", {.format = "xml"}),
                      Contains("[TrainingLogger] format must be \"jsonl\" or \"csv\", got \"xml\""));
}
