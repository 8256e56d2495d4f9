// copy.cu — moving tensors to, from and between GPUs, and filling them.
//
// Contiguous same-dtype copies are one cudaMemcpy. Other layouts use a
// strided copy kernel that moves raw words of the element size (1, 2, 4 or 8
// bytes), one thread per element. dtype conversion happens on the CPU side of
// a transfer (the CPU copy kernel already converts every pair of dtypes);
// device-to-device conversion goes through the host until the CUDA
// elementwise kernels land.
#include <cuda_runtime.h>

#include <cstring>
#include <vector>

#include "core/allocator.h"
#include "core/error.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/kernels.h"

namespace ember::kernels::cuda {

namespace {

constexpr int kMaxDims = 25;
constexpr int kThreads = 256;

// Sizes and strides passed by value to the kernels.
struct Layout {
  int ndim = 0;
  int64_t sizes[kMaxDims];
  int64_t strides[kMaxDims];
};

Layout layout_of(const TensorRef& t) {
  EMBER_CHECK(t.ndim() <= kMaxDims, "cuda copy", "tensors with more than ", kMaxDims, " dims are not supported");
  Layout l;
  l.ndim = static_cast<int>(t.ndim());
  for (int d = 0; d < l.ndim; ++d) {
    l.sizes[d] = t.sizes[d];
    l.strides[d] = t.strides[d];
  }
  return l;
}

// element offset of flat (row-major) index i
__device__ int64_t offset_of(const Layout& l, int64_t i) {
  int64_t off = 0;
  for (int d = l.ndim - 1; d >= 0; --d) {
    off += (i % l.sizes[d]) * l.strides[d];
    i /= l.sizes[d];
  }
  return off;
}

template <class Word>
__global__ void strided_copy_kernel(Word* dst, Layout dl, const Word* src, Layout sl, int64_t n) {
  int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) dst[offset_of(dl, i)] = src[offset_of(sl, i)];
}

template <class Word>
__global__ void fill_kernel(Word* dst, Layout dl, Word value, int64_t n) {
  int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) dst[offset_of(dl, i)] = value;
}

bool is_contiguous(const TensorRef& t) {
  int64_t expected = 1;
  for (int64_t d = t.ndim() - 1; d >= 0; --d) {
    if (t.sizes[d] != 1 && t.strides[d] != expected) return false;
    expected *= t.sizes[d];
  }
  return true;
}

unsigned blocks_for(int64_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

// dst and src on the same GPU, same dtype, any strides
void device_strided_copy(const TensorRef& dst, const TensorRef& src) {
  int64_t n = dst.numel();
  if (n == 0) return;
  Layout dl = layout_of(dst), sl = layout_of(src);
  switch (element_size(dst.dtype)) {
    case 1: strided_copy_kernel<uint8_t><<<blocks_for(n), kThreads>>>(static_cast<uint8_t*>(dst.data), dl, static_cast<const uint8_t*>(src.data), sl, n); break;
    case 2: strided_copy_kernel<uint16_t><<<blocks_for(n), kThreads>>>(static_cast<uint16_t*>(dst.data), dl, static_cast<const uint16_t*>(src.data), sl, n); break;
    case 4: strided_copy_kernel<uint32_t><<<blocks_for(n), kThreads>>>(static_cast<uint32_t*>(dst.data), dl, static_cast<const uint32_t*>(src.data), sl, n); break;
    default: strided_copy_kernel<uint64_t><<<blocks_for(n), kThreads>>>(static_cast<uint64_t*>(dst.data), dl, static_cast<const uint64_t*>(src.data), sl, n); break;
  }
  EMBER_CUDA_CHECK("copy", cudaGetLastError());
}

// A contiguous scratch buffer on the host or a GPU.
struct Scratch {
  Allocator* alloc;
  size_t nbytes;
  void* data;
  Shape sizes, strides;
  Scratch(Device d, const TensorRef& like, ScalarType dtype)
      : alloc(allocator_for(d)), nbytes(static_cast<size_t>(like.numel()) * element_size(dtype)),
        data(alloc->allocate(nbytes)), sizes(like.sizes.vec()), strides(contiguous_strides(like.sizes)) {
    ref = TensorRef{data, dtype, sizes, strides};
  }
  ~Scratch() { alloc->deallocate(data, nbytes); }
  TensorRef ref;
};

}  // namespace

void copy(const TensorRef& dst, Device dst_device, const TensorRef& src, Device src_device) {
  int64_t n = dst.numel();
  if (n == 0) return;
  size_t nbytes = static_cast<size_t>(n) * element_size(dst.dtype);
  bool same_dtype = dst.dtype == src.dtype;
  if (dst_device.is_cuda() && src_device.is_cuda()) {
    if (!same_dtype) {  // convert through the host
      Scratch host(Device::cpu(), src, src.dtype);
      copy(host.ref, Device::cpu(), src, src_device);
      copy(dst, dst_device, host.ref, Device::cpu());
      return;
    }
    if (dst_device == src_device) {
      EMBER_CUDA_CHECK("copy", cudaSetDevice(dst_device.index));
      if (is_contiguous(dst) && is_contiguous(src)) {
        EMBER_CUDA_CHECK("copy", cudaMemcpy(dst.data, src.data, nbytes, cudaMemcpyDeviceToDevice));
      } else {
        device_strided_copy(dst, src);
      }
      return;
    }
    Scratch packed(src_device, src, src.dtype);  // pack, then copy across GPUs
    copy(packed.ref, src_device, src, src_device);
    Scratch landed(dst_device, dst, dst.dtype);
    EMBER_CUDA_CHECK("copy", cudaMemcpyPeer(landed.data, dst_device.index, packed.data, src_device.index, nbytes));
    copy(dst, dst_device, landed.ref, dst_device);
    return;
  }
  if (dst_device.is_cuda()) {  // host -> device: pack and convert on the host, then one memcpy
    EMBER_CUDA_CHECK("copy", cudaSetDevice(dst_device.index));
    Scratch host(Device::cpu(), dst, dst.dtype);
    cpu::copy(host.ref, src);
    if (is_contiguous(dst)) {
      EMBER_CUDA_CHECK("copy", cudaMemcpy(dst.data, host.data, nbytes, cudaMemcpyHostToDevice));
    } else {
      Scratch dev(dst_device, dst, dst.dtype);
      EMBER_CUDA_CHECK("copy", cudaMemcpy(dev.data, host.data, nbytes, cudaMemcpyHostToDevice));
      device_strided_copy(dst, dev.ref);
    }
    return;
  }
  // device -> host: pack on the device, one memcpy, convert on the host
  EMBER_CUDA_CHECK("copy", cudaSetDevice(src_device.index));
  Scratch host(Device::cpu(), src, src.dtype);
  if (is_contiguous(src)) {
    EMBER_CUDA_CHECK("copy", cudaMemcpy(host.data, src.data, host.nbytes, cudaMemcpyDeviceToHost));
  } else {
    Scratch dev(src_device, src, src.dtype);
    device_strided_copy(dev.ref, src);
    EMBER_CUDA_CHECK("copy", cudaMemcpy(host.data, dev.data, host.nbytes, cudaMemcpyDeviceToHost));
  }
  cpu::copy(dst, host.ref);
}

void fill(const TensorRef& dst, Device device, Scalar value) {
  int64_t n = dst.numel();
  if (n == 0) return;
  EMBER_CUDA_CHECK("fill_", cudaSetDevice(device.index));
  // convert the value to the element's bytes with the CPU fill kernel
  uint64_t word = 0;
  Shape one{1}, unit{1};
  cpu::fill(TensorRef{&word, dst.dtype, one, unit}, value);
  Layout l = layout_of(dst);
  switch (element_size(dst.dtype)) {
    case 1: fill_kernel<uint8_t><<<blocks_for(n), kThreads>>>(static_cast<uint8_t*>(dst.data), l, static_cast<uint8_t>(word), n); break;
    case 2: fill_kernel<uint16_t><<<blocks_for(n), kThreads>>>(static_cast<uint16_t*>(dst.data), l, static_cast<uint16_t>(word), n); break;
    case 4: fill_kernel<uint32_t><<<blocks_for(n), kThreads>>>(static_cast<uint32_t*>(dst.data), l, static_cast<uint32_t>(word), n); break;
    default: fill_kernel<uint64_t><<<blocks_for(n), kThreads>>>(static_cast<uint64_t*>(dst.data), l, word, n); break;
  }
  EMBER_CUDA_CHECK("fill_", cudaGetLastError());
}

}  // namespace ember::kernels::cuda
