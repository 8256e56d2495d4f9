// winograd.h — 3x3 stride-1 float32 convolutions by Winograd's F(2x2, 3x3)
// (winograd.cpp). Internal to kernels/cpu: conv.cpp sends the convs that
// winograd_applies() accepts here and keeps im2col + GEMM for the rest.
#pragma once

#include <cstdint>

#include "kernels/kernels.h"

namespace ember::kernels::cpu {

/// True for a 2-D float32 conv with a 3x3 kernel, stride 1, dilation 1, one
/// group, padding of at most 2 per side, at least 16 input channels and 2
/// output channels (with fewer, the transforms cost more than they save).
bool winograd_applies(const ConvGeometry& g, int64_t groups, int64_t in_channels, int64_t out_channels,
                      Dtype dtype);

// Contiguous NCHW tensors; shapes as for conv_forward and its adjoints.
/// y (N, O, Ho, Wo) = conv(x (N, C, H, W), w (O, C, 3, 3)) + bias (O) or no bias
void winograd_forward(float* y, const float* x, const float* w, const float* bias, int64_t N, int64_t C,
                      int64_t O, const ConvGeometry& g);
/// x_grad (N, C, H, W) = conv^T(y_grad (N, O, Ho, Wo), w)
void winograd_input_backward(float* x_grad, const float* y_grad, const float* w, int64_t N, int64_t C, int64_t O,
                             const ConvGeometry& g);
/// w_grad (O, C, 3, 3) = sum over the batch of y_grad (x) x-windows
void winograd_weight_backward(float* w_grad, const float* x, const float* y_grad, int64_t N, int64_t C, int64_t O,
                              const ConvGeometry& g);

}  // namespace ember::kernels::cpu
