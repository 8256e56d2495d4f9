// plot.cpp — plot_curves of plot.h: a data file, a gnuplot script, and one
// gnuplot run through the shell (popen), with its output kept for errors.
#include "train/plot.h"

#include <sys/wait.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace ember::train {

namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A gnuplot single-quoted string: no escapes inside, '' stands for one quote.
// Line breaks would end the command, so they become spaces.
std::string gnuplot_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "''";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out + "'";
}

// A POSIX shell single-quoted word: ' becomes '\''.
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// x y rows, one block per series, blocks separated by two blank lines
// (gnuplot's `index`). Non-finite values are written as NaN, which gnuplot
// reads as undefined: the line breaks there.
void write_data(const std::string& path, const std::vector<Series>& series) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  EMBER_CHECK(out.is_open(), "plot_curves", "cannot open '", path, "' for writing");
  auto number = [](double v) -> std::string {
    if (!std::isfinite(v)) return "NaN";
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);  // shortest exact form
    return std::string(buffer, end);
  };
  for (size_t s = 0; s < series.size(); ++s) {
    out << "# " << s << ": " << gnuplot_quote(series[s].name) << "\n";  // quoted: one line, whatever the name
    for (size_t i = 0; i < series[s].y.size(); ++i) {
      double x = series[s].x.empty() ? static_cast<double>(i) : series[s].x[i];
      out << number(x) << ' ' << number(series[s].y[i]) << '\n';
    }
    out << "\n\n";
  }
  out.flush();
  EMBER_CHECK(out.good(), "plot_curves", "writing '", path, "' failed");
}

std::string script_text(const std::string& image, const std::string& data, const std::vector<Series>& series,
                        const PlotOptions& options) {
  // noenhanced: names like train_loss are text, not "train" with a subscript.
  std::string terminal = "size " + std::to_string(options.width) + "," + std::to_string(options.height) + " noenhanced";
  std::string s = "# Written by ember::train::plot_curves; run `gnuplot <this file>` to redraw the image.\n";
  if (ends_with(image, ".svg")) {
    s += "set terminal svg " + terminal + " background rgb 'white'\n";
  } else {
    // pngcairo where gnuplot has it, else libgd's png, else a clear failure
    s += "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n";
    s += "  set terminal pngcairo " + terminal + "\n";
    s += "} else {\n";
    s += "  if (strstrt(' '.GPVAL_TERMINALS.' ', ' png ') > 0) {\n";
    s += "    set terminal png " + terminal + "\n";
    s += "  } else {\n";
    s += "    print 'this gnuplot has neither the pngcairo nor the png terminal; write an .svg instead'\n";
    s += "    exit status 3\n";
    s += "  }\n";
    s += "}\n";
  }
  s += "set output " + gnuplot_quote(image) + "\n";
  if (!options.title.empty()) s += "set title " + gnuplot_quote(options.title) + "\n";
  if (!options.xlabel.empty()) s += "set xlabel " + gnuplot_quote(options.xlabel) + "\n";
  if (!options.ylabel.empty()) s += "set ylabel " + gnuplot_quote(options.ylabel) + "\n";
  if (options.logy) s += "set logscale y\n";
  s += "set grid\nset key outside right top\n";
  for (size_t i = 0; i < series.size(); ++i) {
    s += i == 0 ? "plot " : ", \\\n     ";
    s += gnuplot_quote(i == 0 ? data : "") + " index " + std::to_string(i) +
         " using 1:2 with lines linewidth 2 title " + gnuplot_quote(series[i].name);
  }
  return s + "\nunset output\n";
}

}  // namespace

void plot_curves(const std::string& path, const std::vector<Series>& series, const PlotOptions& options) {
  EMBER_CHECK(ends_with(path, ".svg") || ends_with(path, ".png"), "plot_curves",
              "the image path must end in .svg or .png, got '", path, "'");
  EMBER_CHECK(!series.empty(), "plot_curves", "no series to plot");
  for (const Series& s : series) {
    EMBER_CHECK(!s.y.empty(), "plot_curves", "series '", s.name, "' has no values");
    EMBER_CHECK(s.x.empty() || s.x.size() == s.y.size(), "plot_curves", "series '", s.name, "' has ", s.x.size(),
                " x values but ", s.y.size(), " y values");
  }
  EMBER_CHECK(options.width > 0 && options.height > 0, "plot_curves", "image size must be positive, got ",
              options.width, "x", options.height);

  // Absolute paths in the script, so it redraws from any directory.
  std::string image = fs::absolute(path).string(), data = image + ".dat", script = image + ".gp";
  fs::path parent = fs::path(image).parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  EMBER_CHECK(!ec, "plot_curves", "cannot create the directory '", parent.string(), "': ", ec.message());
  write_data(data, series);
  {
    std::ofstream out(script, std::ios::binary | std::ios::trunc);
    EMBER_CHECK(out.is_open(), "plot_curves", "cannot open '", script, "' for writing");
    out << script_text(image, data, series, options);
    out.flush();
    EMBER_CHECK(out.good(), "plot_curves", "writing '", script, "' failed");
  }

  fs::remove(image, ec);  // so that a stale image cannot pass for this run's
  std::string command = "gnuplot " + shell_quote(script) + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  EMBER_CHECK(pipe != nullptr, "plot_curves", "cannot run `", command, "`");
  std::string output;
  char buffer[256];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  int code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  EMBER_CHECK(code != 127, "plot_curves", "`", command,
              "` failed: gnuplot is not on the PATH (Debian: apt-get install gnuplot-nox)");
  if (code != 0) fs::remove(image, ec);  // gnuplot may leave a partial image behind
  EMBER_CHECK(code == 0, "plot_curves", "`", command, "` failed (exit status ", code, "): ", output);
  EMBER_CHECK(fs::exists(image), "plot_curves", "`", command, "` succeeded but wrote no '", image, "'");
}

bool gnuplot_available() { return std::system("command -v gnuplot > /dev/null 2>&1") == 0; }

}  // namespace ember::train
