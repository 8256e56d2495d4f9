// progress.cpp — the progress bar's drawing.
#include "data/progress.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace ember::data {

namespace {
// Whether the stream writes to a terminal: only std::cout / std::cerr / std::clog can.
bool is_terminal(const std::ostream* s) {
  if (s == &std::cout) return ::isatty(STDOUT_FILENO) != 0;
  if (s == &std::cerr || s == &std::clog) return ::isatty(STDERR_FILENO) != 0;
  return false;
}

std::string clock_time(double seconds) {  // mm:ss, or h:mm:ss
  auto s = static_cast<int64_t>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                               static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}
}  // namespace

ProgressBar::ProgressBar(int64_t total, ProgressBarOptions options)
    : total_(total),
      options_(std::move(options)),
      out_(options_.stream ? options_.stream : &std::cerr),
      enabled_(options_.force || is_terminal(out_)),
      start_(Clock::now()),
      last_draw_(start_) {
  if (enabled_) draw();
}

ProgressBar::~ProgressBar() { close(); }

void ProgressBar::update(int64_t n) {
  count_ += n;
  if (!enabled_) return;
  auto now = Clock::now();
  if (now - last_draw_ >= std::chrono::milliseconds(100) || count_ == total_) {
    last_draw_ = now;
    draw();
  }
}

void ProgressBar::close() {
  if (closed_) return;
  closed_ = true;
  if (!enabled_) return;
  draw();
  *out_ << "\n" << std::flush;
}

double ProgressBar::rate() const {
  double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  return elapsed > 0 ? static_cast<double>(count_) / elapsed : 0.0;
}

std::string ProgressBar::render() const {
  std::ostringstream line;
  if (!options_.desc.empty()) line << options_.desc << " ";
  double elapsed = std::chrono::duration<double>(Clock::now() - start_).count(), r = rate();
  if (total_ > 0) {
    double frac = std::min(1.0, static_cast<double>(count_) / static_cast<double>(total_));
    auto filled = static_cast<int64_t>(frac * static_cast<double>(options_.width));
    line << std::setw(3) << static_cast<int>(frac * 100) << "%|" << std::string(static_cast<size_t>(filled), '#')
         << std::string(static_cast<size_t>(options_.width - filled), ' ') << "| " << count_ << "/" << total_;
    // ETA = remaining items / rate
    std::string eta = r > 0 ? clock_time(static_cast<double>(total_ - count_) / r) : "?";
    line << " [" << clock_time(elapsed) << "<" << eta;
  } else {
    line << count_ << " [" << clock_time(elapsed);
  }
  line << ", " << std::fixed << std::setprecision(1) << r << " it/s]";
  return line.str();
}

void ProgressBar::draw() { *out_ << "\r" << render() << std::flush; }

Progress::Progress(DataLoader& loader, ProgressBarOptions options)
    : loader_(loader), bar_(loader.is_iterable() ? -1 : loader.size(), std::move(options)) {}

Progress::Iterator& Progress::Iterator::operator++() {
  ++it_;
  bar_->update();
  return *this;
}

}  // namespace ember::data
