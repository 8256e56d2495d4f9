// test_utils.cpp — see test_utils.h.
#include "support/test_utils.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>


namespace ember::testing {

Tensor fixture(const std::string& name) { return load_npy(std::string(EMBER_FIXTURES_DIR) + "/" + name + ".npy"); }

Tensor fixture_for_dtype(const std::string& name, const std::string& suffix) {
  const char* order[] = {"f64", "f32", "f16", "bf16"};  // DTYPES in make_fixtures.py
  for (int64_t k = 0; k < 4; ++k)
    if (suffix == order[k]) return fixture(name).select(0, k);
  throw Error("[fixture_for_dtype] unknown dtype suffix '" + suffix + "'");
}

std::string mismatch(const Tensor& actual, const Tensor& expected, double rtol, double atol) {
  std::ostringstream why;
  if (actual.sizes() != expected.sizes()) {
    why << "shape " << shape_str(actual.sizes()) << " != expected " << shape_str(expected.sizes());
    return why.str();
  }
  Tensor a = actual.to(Device::cpu(), kFloat64).contiguous();
  Tensor e = expected.to(Device::cpu(), kFloat64).contiguous();
  const double* ap = a.data_ptr<double>();
  const double* ep = e.data_ptr<double>();
  int64_t worst = -1;
  double worst_excess = 0;
  for (int64_t i = 0; i < a.numel(); ++i) {
    if (std::isnan(ap[i]) && std::isnan(ep[i])) continue;
    if (ap[i] == ep[i]) continue;  // equal infinities
    double diff = std::fabs(ap[i] - ep[i]);
    double excess = diff - (atol + rtol * std::fabs(ep[i]));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worst_excess))) {
      worst = i;
      worst_excess = excess;
    }
  }
  if (worst < 0) return "";
  Shape index(a.dim());
  int64_t rest = worst;
  for (int64_t d = a.dim() - 1; d >= 0; --d) {
    index[d] = rest % a.size(d);
    rest /= a.size(d);
  }
  why.precision(10);
  why << "worst element at " << shape_str(index) << ": actual " << ap[worst] << ", expected " << ep[worst]
      << ", |diff| " << std::fabs(ap[worst] - ep[worst]) << " (rtol " << rtol << ", atol " << atol << ")";
  return why.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::string python_with_numpy() {
  std::string py = EMBER_PYTHON;
  if (py.empty()) return "";
  std::string cmd = py + " -c 'import numpy' > /dev/null 2>&1";
  return std::system(cmd.c_str()) == 0 ? py : "";
}

std::string temp_dir() {
  // mkdtemp creates a new directory or fails, so a directory left behind by an
  // earlier process (a pid + counter name recurs once pids wrap) is never reused
  std::string pattern = (std::filesystem::temp_directory_path() / "ember_test_XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("temp_dir: mkdtemp failed for " + pattern);
  return pattern;
}

Tensor uniform_leaf(IntArrayRef shape, Generator& gen, double lo, double hi) {
  return (rand(shape, kFloat64, &gen) * (hi - lo) + lo).requires_grad_();
}

}  // namespace ember::testing
