// plot_curves through gnuplot: an SVG with the series names, a PNG, the
// data and script kept next to the image, gnuplot's errors passed on, and
// the argument checks (which need no gnuplot). The gnuplot cases are skipped
// with a warning when gnuplot is not on the PATH.
#include <filesystem>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

bool skip_without_gnuplot() {
  if (train::gnuplot_available()) return false;
  WARN("gnuplot is not on the PATH: skipped (Debian: apt-get install gnuplot-nox)");
  return true;
}

}  // namespace

TEST_CASE("plot_curves draws an SVG with every series in the key", "[train][plot]") {
  if (skip_without_gnuplot()) return;
  std::string dir = testing::temp_dir() + "/it's plots";  // a quote and a space survive both quotings
  std::string path = dir + "/loss.svg";
  train::plot_curves(
      path,
      {{"train_loss", {1.0, 0.6, 0.4, 0.3, 0.25}}, {"val_loss", {1.1, 0.7, 0.55, std::nan(""), 0.5}, {1, 2, 3, 4, 5}}},
      {.title = "Loss & co", .xlabel = "epoch", .ylabel = "loss", .logy = true});
  std::string svg = testing::read_bytes(path);
  REQUIRE((svg.rfind("<?xml", 0) == 0 || svg.rfind("<svg", 0) == 0));
  REQUIRE_THAT(svg, Contains("</svg>"));
  REQUIRE_THAT(svg, Contains("train_loss"));  // as text: no enhanced-mode subscript
  REQUIRE_THAT(svg, Contains("val_loss"));
  REQUIRE_THAT(svg, Contains("Loss &amp; co"));
  REQUIRE(std::filesystem::exists(path + ".dat"));
  REQUIRE(std::filesystem::exists(path + ".gp"));
  REQUIRE_THAT(testing::read_bytes(path + ".gp"), Contains("set logscale y"));
}

TEST_CASE("plot_curves writes a PNG when the path ends in .png", "[train][plot]") {
  if (skip_without_gnuplot()) return;
  std::string path = testing::temp_dir() + "/acc.png";
  train::plot_curves(path, {{"val_acc", {0.5, 0.7, 0.8}}}, {.width = 320, .height = 240});
  REQUIRE(testing::read_bytes(path).rfind("\x89PNG\r\n\x1a\n", 0) == 0);
}

TEST_CASE("plot_curves passes gnuplot's error on", "[train][plot]") {
  if (skip_without_gnuplot()) return;
  std::string path = testing::temp_dir() + "/neg.svg";
  // on a log axis every value <= 0 is undefined, which gnuplot refuses
  REQUIRE_THROWS_WITH(train::plot_curves(path, {{"loss", {-1.0, -2.0}}}, {.logy = true}),
                      Contains("[plot_curves] `gnuplot '" + path + ".gp' 2>&1` failed (exit status 1)") &&
                          Contains("all points y value undefined"));
  REQUIRE_FALSE(std::filesystem::exists(path));
}

TEST_CASE("plot_curves checks its arguments before running gnuplot", "[train][plot]") {
  std::string dir = testing::temp_dir();
  REQUIRE_THROWS_WITH(train::plot_curves(dir + "/loss.pdf", {{"loss", {1.0}}}),
                      Contains("[plot_curves] the image path must end in .svg or .png, got '" + dir + "/loss.pdf'"));
  REQUIRE_THROWS_WITH(train::plot_curves(dir + "/loss.svg", {}), Contains("[plot_curves] no series to plot"));
  REQUIRE_THROWS_WITH(train::plot_curves(dir + "/loss.svg", {{"loss", {}}}),
                      Contains("[plot_curves] series 'loss' has no values"));
  REQUIRE_THROWS_WITH(train::plot_curves(dir + "/loss.svg", {{"loss", {1.0, 2.0}, {0.0}}}),
                      Contains("[plot_curves] series 'loss' has 1 x values but 2 y values"));
  REQUIRE_THROWS_WITH(train::plot_curves(dir + "/loss.svg", {{"loss", {1.0}}}, {.width = 0}),
                      Contains("[plot_curves] image size must be positive, got 0x500"));
}
