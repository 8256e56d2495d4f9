// device.cpp — CUDA device discovery: is_available, device_count, and why
// CUDA is unusable when it is (no driver, no device).
#include <cuda_runtime.h>

#include "core/device.h"
#include "kernels/cuda/cuda_check.h"

namespace ember::cuda {

namespace {
// cudaGetDeviceCount fails without a driver or a device; remember the answer.
struct Probe {
  int count = 0;
  std::string reason;
  Probe() {
    cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
      count = 0;
      reason = std::string("no usable CUDA device: ") + cudaGetErrorString(err);
      cudaGetLastError();  // clear the sticky error
    } else if (count == 0) {
      reason = "no CUDA device is visible";
    }
  }
};
const Probe& probe() {
  static Probe p;
  return p;
}
}  // namespace

bool is_available() { return probe().count > 0; }
int device_count() { return probe().count; }
std::string unavailable_reason() { return probe().reason; }
void synchronize() {
  if (is_available()) EMBER_CUDA_CHECK("synchronize", cudaDeviceSynchronize());
}

}  // namespace ember::cuda
