// device.h — where a tensor's memory lives: the CPU or a CUDA device.
//
// A build without CUDA still has Device::cuda(); moving a tensor there throws
// an ember::Error that says CUDA is unavailable and why.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace ember {

enum class DeviceType : int8_t { CPU, CUDA };
inline constexpr DeviceType kCPU = DeviceType::CPU;
inline constexpr DeviceType kCUDA = DeviceType::CUDA;

struct Device {
  DeviceType type = DeviceType::CPU;
  int8_t index = 0;  // CUDA ordinal; always 0 for the CPU

  constexpr Device() = default;
  constexpr Device(DeviceType t, int i = 0) : type(t), index(static_cast<int8_t>(t == kCPU ? 0 : i)) {}
  /// Parses "cpu", "cuda", "cuda:1".
  Device(const std::string& spec);
  Device(const char* spec) : Device(std::string(spec)) {}

  static constexpr Device cpu() { return Device(kCPU); }
  static constexpr Device cuda(int index = 0) { return Device(kCUDA, index); }

  constexpr bool is_cpu() const { return type == kCPU; }
  constexpr bool is_cuda() const { return type == kCUDA; }
  std::string str() const;  // "cpu", "cuda:0"

  friend constexpr bool operator==(Device a, Device b) { return a.type == b.type && a.index == b.index; }
};

std::ostream& operator<<(std::ostream& os, Device d);

namespace cuda {
/// True when ember was built with CUDA and a device is present.
bool is_available();
/// Number of visible CUDA devices (0 without CUDA).
int device_count();
/// Why CUDA cannot be used here, e.g. "ember was built without CUDA"; empty if it can.
std::string unavailable_reason();
/// Blocks until all work queued on the current device has finished.
void synchronize();
}  // namespace cuda

}  // namespace ember
