// Exercise 6 — create a tensor on the GPU and move it to the CPU.
//
// With CUDA present, the tensor goes to the device (a cudaMemcpy into
// memory from ember's caching CUDA allocator) and comes back; the round trip
// must be bit-exact, for a contiguous and a transposed tensor. Without CUDA,
// the program says so (and why) and takes the CPU path.
#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(6);
  ember::Tensor host = ember::randn({4, 5});

  if (!ember::cuda::is_available()) {
    std::cout << "CUDA is unavailable: " << ember::cuda::unavailable_reason() << "\n"
              << "taking the CPU path: the tensor stays on the CPU\n";
    ember::Tensor cpu = host.to(ember::Device::cpu());
    checker.check(cpu.is_cpu() && cpu.equal(host), "the tensor is on the CPU with its values");
    bool refused = false;
    try {
      (void)host.to(ember::Device::cuda());
    } catch (const ember::Error& e) {
      refused = true;
      std::cout << "moving to cuda:0 says: " << e.what() << "\n";
    }
    checker.check(refused, "moving to CUDA raises a clear error instead of crashing");
    return checker.exit_code();
  }

  std::cout << "CUDA devices: " << ember::cuda::device_count() << "\n";
  ember::Tensor gpu = host.to(ember::Device::cuda());
  std::cout << "on the GPU: " << gpu.device() << "\n";
  ember::Tensor back = gpu.cpu();
  std::cout << "back on the CPU:\n" << back << "\n";
  checker.check(gpu.is_cuda(), "the tensor lived on the GPU");
  checker.check(back.is_cpu() && back.equal(host), "GPU -> CPU round trip is bit-exact");
  ember::Tensor transposed = host.t().to(ember::Device::cuda()).cpu();
  checker.check(transposed.equal(host.t()), "a transposed (non-contiguous) tensor round-trips too");
  ember::Tensor converted = host.to(ember::Device::cuda(), ember::kFloat64).cpu();
  checker.check(converted.equal(host.to(ember::kFloat64)), "moving and converting to float64 at once");
  return checker.exit_code();
}
