// print.cpp — `std::cout << tensor`, formatted the way PyTorch prints:
//
//   tensor([[ 0.1000, -2.0000],
//           [ 3.5000,  4.0000]], dtype=ember.float64)
//
// Rules (torch/_tensor_str.py): floats print with 4 decimals, as "1." when
// every value is a whole number, and in scientific notation when the values
// span more than 1000x or exceed 1e8; all entries share one width. Tensors
// with more than 1000 elements print the first and last 3 entries of each dim
// around "...". Non-default dtypes, devices, grad_fn and requires_grad become suffixes.
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "autograd/node.h"
#include "core/ops.h"

namespace ember {

namespace {

constexpr int kPrecision = 4;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;
constexpr int64_t kLineWidth = 80;

std::string format_double(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, kPrecision, v);
  return buf;
}

// Python's "{:.4e}" writes at least two exponent digits, like printf.
std::string sci(double v) { return format_double("%.*e", v); }
std::string fixed(double v) { return format_double("%.*f", v); }
std::string nonfinite(double v) { return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"); }

class Formatter {
 public:
  explicit Formatter(const Tensor& values) : floating_(values.is_floating_point()), boolean_(values.scalar_type() == kBool) {
    Tensor flat = values.reshape({-1});
    if (!floating_) {
      for (int64_t i = 0; i < flat.numel(); ++i) width_ = std::max<size_t>(width_, plain(flat[i]).size());
      return;
    }
    Tensor d = flat.to(kFloat64).contiguous();
    const double* p = d.data_ptr<double>();
    std::vector<double> finite_nonzero;
    for (int64_t i = 0; i < d.numel(); ++i)
      if (std::isfinite(p[i]) && p[i] != 0) finite_nonzero.push_back(p[i]);
    if (finite_nonzero.empty()) return;
    double lo = INFINITY, hi = 0;
    for (double v : finite_nonzero) {
      lo = std::min(lo, std::fabs(v));
      hi = std::max(hi, std::fabs(v));
      if (v != std::ceil(v)) int_mode_ = false;
    }
    if (int_mode_) {
      sci_mode_ = hi / lo > 1000.0 || hi > 1e8;
    } else {
      sci_mode_ = hi / lo > 1000.0 || hi > 1e8 || lo < 1e-4;
    }
    for (double v : finite_nonzero) width_ = std::max(width_, format_value(v).size());
  }

  size_t width() const { return width_; }

  std::string format(const Tensor& scalar) const {
    std::string s = floating_ ? format_value(scalar.item<double>()) : plain(scalar);
    return std::string(width_ > s.size() ? width_ - s.size() : 0, ' ') + s;
  }

 private:
  std::string plain(const Tensor& scalar) const {
    if (boolean_) return scalar.item<bool>() ? "True" : "False";
    return std::to_string(scalar.item<int64_t>());
  }

  std::string format_value(double v) const {
    if (!std::isfinite(v)) return nonfinite(v);
    if (sci_mode_) return sci(v);
    if (int_mode_) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.0f", v);
      return std::string(buf) + ".";
    }
    return fixed(v);
  }

  bool floating_, boolean_;
  bool int_mode_ = true;
  bool sci_mode_ = false;
  size_t width_ = 1;
};

// The entries that will be shown: edge items of every dim when summarizing.
Tensor summarized(const Tensor& t) {
  if (t.dim() == 0) return t;
  Tensor s = t;
  for (int64_t d = 0; d < t.dim(); ++d) {
    if (s.size(d) > 2 * kEdgeItems)
      s = cat({s.narrow(d, 0, kEdgeItems), s.narrow(d, s.size(d) - kEdgeItems, kEdgeItems)}, d);
  }
  return s;
}

std::string vector_str(const Tensor& t, int64_t indent, bool summarize, const Formatter& f) {
  int64_t element_length = static_cast<int64_t>(f.width()) + 2;
  int64_t per_line = std::max<int64_t>(1, (kLineWidth - indent) / element_length);
  std::vector<std::string> data;
  int64_t n = t.size(0);
  if (summarize && n > 2 * kEdgeItems) {
    for (int64_t i = 0; i < kEdgeItems; ++i) data.push_back(f.format(t[i]));
    data.push_back(" ...");
    for (int64_t i = n - kEdgeItems; i < n; ++i) data.push_back(f.format(t[i]));
  } else {
    for (int64_t i = 0; i < n; ++i) data.push_back(f.format(t[i]));
  }
  std::string out = "[";
  for (size_t i = 0; i < data.size(); ++i) {
    if (i > 0) out += static_cast<int64_t>(i) % per_line == 0 ? ",\n" + std::string(indent + 1, ' ') : ", ";
    out += data[i];
  }
  return out + "]";
}

std::string tensor_str(const Tensor& t, int64_t indent, bool summarize, const Formatter& f) {
  if (t.dim() == 0) return f.format(t);
  if (t.dim() == 1) return vector_str(t, indent, summarize, f);
  std::vector<std::string> slices;
  int64_t n = t.size(0);
  if (summarize && n > 2 * kEdgeItems) {
    for (int64_t i = 0; i < kEdgeItems; ++i) slices.push_back(tensor_str(t[i], indent + 1, summarize, f));
    slices.push_back("...");
    for (int64_t i = n - kEdgeItems; i < n; ++i) slices.push_back(tensor_str(t[i], indent + 1, summarize, f));
  } else {
    for (int64_t i = 0; i < n; ++i) slices.push_back(tensor_str(t[i], indent + 1, summarize, f));
  }
  std::string sep = ",";
  sep.append(static_cast<size_t>(t.dim() - 1), '\n');
  sep.append(static_cast<size_t>(indent + 1), ' ');
  std::string out = "[";
  for (size_t i = 0; i < slices.size(); ++i) out += (i ? sep : "") + slices[i];
  return out + "]";
}

bool has_default_dtype(ScalarType t) { return t == default_dtype() || t == kInt64 || t == kBool; }

}  // namespace

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
  if (!t.defined()) return os << "[ undefined tensor ]";
  const std::string prefix = "tensor(";
  int64_t indent = static_cast<int64_t>(prefix.size());
  Tensor host = t.to(Device::cpu());
  std::vector<std::string> suffixes;
  std::string body;
  std::string dtype_suffix = "dtype=ember." + std::string(dtype_name(t.scalar_type()));
  if (!t.is_cpu()) suffixes.push_back("device='" + t.device().str() + "'");
  if (host.numel() == 0) {
    // no values to tell int64 or bool from float: any non-default dtype is shown
    body = "[]";
    if (host.dim() != 1) suffixes.push_back("size=" + shape_str(host.sizes()));
    if (t.scalar_type() != default_dtype()) suffixes.push_back(dtype_suffix);
  } else {
    bool summarize = host.numel() > kThreshold;
    Formatter f(summarize ? summarized(host) : host);
    body = tensor_str(host, indent, summarize, f);
    if (!has_default_dtype(t.scalar_type())) suffixes.push_back(dtype_suffix);
  }
  // as torch: a recorded result names its node, a leaf says it requires grad
  if (std::shared_ptr<autograd::Node> fn = t.grad_fn()) suffixes.push_back("grad_fn=<" + fn->name() + ">");
  else if (t.requires_grad()) suffixes.push_back("requires_grad=True");

  std::string out = prefix + body;
  size_t newline = out.rfind('\n');
  // torch's arithmetic: len(s) - s.rfind("\n") + 1, where rfind gives -1 when absent
  int64_t last_line = static_cast<int64_t>(out.size()) - (newline == std::string::npos ? -1 : static_cast<int64_t>(newline)) + 1;
  for (const std::string& s : suffixes) {
    int64_t len = static_cast<int64_t>(s.size());
    if (last_line + len + 2 > kLineWidth) {
      out += ",\n" + std::string(indent, ' ') + s;
      last_line = indent + len;
    } else {
      out += ", " + s;
      last_line += len + 2;
    }
  }
  return os << out << ')';
}

}  // namespace ember
