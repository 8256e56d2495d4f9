// plot.h — plot_curves: training curves (loss, accuracy, learning rate per
// epoch or step) drawn as an SVG or PNG image by gnuplot.
//
//   train::plot_curves("runs/exp1/loss.svg", {{"train_loss", train_losses}, {"val_loss", val_losses}},
//                      {.title = "Loss", .xlabel = "epoch", .logy = true});
//
// plot_curves writes the data (<path>.dat) and a gnuplot script (<path>.gp)
// next to the image and runs `gnuplot <path>.gp`; both files are kept, so
// `gnuplot loss.svg.gp` redraws the image after editing the script. An SVG
// always works where gnuplot is installed (Debian: gnuplot-nox); a PNG uses
// the pngcairo terminal, or png (libgd) when that is all there is.
//
// Left out: other plot kinds (scatter, histograms, images), several panels
// in one figure, styling beyond the options below, any plotting without
// gnuplot.
#pragma once

#include <string>
#include <vector>

namespace ember::train {

/// One curve. Empty x means 0, 1, 2, ... (like matplotlib's plot(y)). NaN
/// and infinite y values leave gaps.
struct Series {
  std::string name;
  std::vector<double> y;
  std::vector<double> x = {};
};

struct PlotOptions {
  std::string title = "";
  std::string xlabel = "";
  std::string ylabel = "";
  bool logy = false;  // logarithmic y axis (y <= 0 is left out)
  int width = 800;    // image size in pixels
  int height = 500;
};

/// Draws the series, in order and each in its own colour with its name in
/// the key, into `path`, which must end in ".svg" or ".png". An error names
/// the command and gnuplot's output when gnuplot is missing or fails.
void plot_curves(const std::string& path, const std::vector<Series>& series, const PlotOptions& options = {});

/// Whether `gnuplot` is on the PATH.
bool gnuplot_available();

}  // namespace ember::train
