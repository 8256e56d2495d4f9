// no_cuda.cpp — the CUDA entry points of a build without CUDA: the API
// exists, and using it says plainly why it cannot work.
#include "core/device.h"
#include "core/error.h"
#include "kernels/kernels.h"

namespace ember {

namespace cuda {
bool is_available() { return false; }
int device_count() { return 0; }
std::string unavailable_reason() { return "ember was built without CUDA (nvcc was not found at configure time)"; }
void synchronize() {}
}  // namespace cuda

namespace kernels::cuda {
Allocator* allocator(int) { EMBER_FAIL("cuda", ember::cuda::unavailable_reason()); }
void copy(const TensorRef&, Device, const TensorRef&, Device) { EMBER_FAIL("to", ember::cuda::unavailable_reason()); }
void fill(const TensorRef&, Device, Scalar) { EMBER_FAIL("fill_", ember::cuda::unavailable_reason()); }
}  // namespace kernels::cuda

}  // namespace ember
