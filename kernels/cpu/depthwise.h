// depthwise.h — depthwise convolutions on the CPU computed directly: the
// forward pass for the convs depthwise_applies() accepts (conv.cpp's
// im2col + GEMM would run one product of a single output row per channel
// on K copies of the input), and at stride 1 the input gradient and (in
// float) the weight gradient. The rest stays on im2col + GEMM.
#pragma once

#include <cstdint>

#include "kernels/kernels.h"

namespace ember::kernels::cpu {

/// True for a 1-D or 2-D float32/float64 conv whose groups equal its input
/// channels (each output channel reads one input channel), any kernel size,
/// stride, padding and dilation.
bool depthwise_applies(const ConvGeometry& g, int64_t groups, int64_t in_channels, Dtype dtype);

// Contiguous NCHW tensors; shapes as for conv_forward and its adjoints.
/// y (N, O, Ho, Wo) = conv(x (N, C, H, W), w (O, 1, kh, kw), groups = C) + bias (O) or no bias
void depthwise_forward(const TensorRef& y, const TensorRef& x, const TensorRef& w, const TensorRef* bias,
                       const ConvGeometry& g);

/// True when depthwise_applies and the input gradient is itself a
/// depthwise conv of y_grad: stride 1, padding at most (kernel - 1) · dilation.
bool depthwise_input_backward_applies(const ConvGeometry& g, int64_t groups, int64_t in_channels, Dtype dtype);
/// x_grad (N, C, H, W) = conv^T(y_grad (N, O, Ho, Wo), w (O, 1, kh, kw))
void depthwise_input_backward(const TensorRef& x_grad, const TensorRef& y_grad, const TensorRef& w,
                              const ConvGeometry& g);

/// True when depthwise_applies, the dtype is float32 and the stride 1.
bool depthwise_weight_backward_applies(const ConvGeometry& g, int64_t groups, int64_t in_channels, Dtype dtype);
/// w_grad (O, 1, kh, kw) = sum over the batch of y_grad (x) x-windows
void depthwise_weight_backward(const TensorRef& w_grad, const TensorRef& x, const TensorRef& y_grad,
                               const ConvGeometry& g);

}  // namespace ember::kernels::cpu
