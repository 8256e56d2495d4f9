// device.cpp — Device parsing and printing.
#include "core/device.h"

#include <ostream>

#include "core/error.h"

namespace ember {

Device::Device(const std::string& spec) {
  if (spec == "cpu") {
    *this = cpu();
    return;
  }
  if (spec.rfind("cuda", 0) == 0) {
    if (spec.size() == 4) {
      *this = cuda(0);
      return;
    }
    if (spec[4] == ':' && spec.size() > 5 && spec.size() <= 8) {
      int index = 0;
      for (size_t i = 5; i < spec.size(); ++i) {
        EMBER_CHECK(spec[i] >= '0' && spec[i] <= '9', "Device", "bad device string '", spec, "'");
        index = index * 10 + (spec[i] - '0');
      }
      EMBER_CHECK(index < 128, "Device", "CUDA index out of range in '", spec, "'");
      *this = cuda(index);
      return;
    }
  }
  EMBER_FAIL("Device", "expected 'cpu', 'cuda' or 'cuda:N', got '", spec, "'");
}

std::string Device::str() const { return is_cpu() ? "cpu" : "cuda:" + std::to_string(index); }

std::ostream& operator<<(std::ostream& os, Device d) { return os << d.str(); }

}  // namespace ember
