// functional.h — the image operations behind the vision transforms
// (torchvision.transforms.functional): deterministic, every parameter given.
//
// Two image layouts, told apart by dtype:
//   uint8            an (H, W, C) or (H, W) decoded image (PIL's layout as
//                    an array; what load_image returns)
//   floating point   a (..., C, H, W) or (H, W) tensor (torchvision's tensor layout)
// Each function returns the layout and dtype it was given. Resampling and
// colour operations compute in float32 and round back to uint8 as
// torchvision does for uint8 tensors (round half to even); they follow
// torchvision's tensor code (grid_sample with align_corners = False,
// interpolate without antialiasing), which tests check against torchvision.
//
// Left out: bicubic and box/lanczos resampling, antialiased resize,
// perspective, posterize/solarize/equalize and other auto-augment ops.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ember::data::transforms {

enum class InterpolationMode { NEAREST, BILINEAR };

namespace functional {

/// Height and width of an image in either layout.
int64_t image_height(const Tensor& img);
int64_t image_width(const Tensor& img);
int64_t image_channels(const Tensor& img);

/// (H, W, C) uint8 -> (C, H, W) float32 / 255; floating tensors pass through.
Tensor to_tensor(const Tensor& img);
/// (C, H, W) float32 in [0, 1] -> (H, W, C) uint8 (x * 255, truncated, as to_pil_image).
Tensor to_image(const Tensor& tensor);
/// out[c] = (x[c] - mean[c]) / std[c] for floating (..., C, H, W) tensors.
Tensor normalize(const Tensor& tensor, const std::vector<double>& mean, const std::vector<double>& std);

/// To size {h, w}; a single size s scales the shorter edge to s keeping the
/// aspect ratio (the longer edge truncated, as torchvision).
Tensor resize(const Tensor& img, const std::vector<int64_t>& size,
              InterpolationMode interpolation = InterpolationMode::BILINEAR);
/// The window rows [top, top + height), cols [left, left + width); parts
/// outside the image are zero.
Tensor crop(const Tensor& img, int64_t top, int64_t left, int64_t height, int64_t width);
/// The centred window (top = round((H - h) / 2)); zero-padded if larger than the image.
Tensor center_crop(const Tensor& img, const std::vector<int64_t>& size);
/// crop, then resize (RandomResizedCrop's step).
Tensor resized_crop(const Tensor& img, int64_t top, int64_t left, int64_t height, int64_t width,
                    const std::vector<int64_t>& size, InterpolationMode interpolation = InterpolationMode::BILINEAR);
/// Pads {left, top, right, bottom} (or one value for all, or {left/right,
/// top/bottom}). padding_mode: "constant" (fill), "edge", "reflect" (no edge
/// repeat: 3 2 | 1 2 3 | 2 1), "symmetric" (edge repeated: 2 1 | 1 2 3 | 3 2).
Tensor pad(const Tensor& img, const std::vector<int64_t>& padding, double fill = 0.0,
           const std::string& padding_mode = "constant");
Tensor hflip(const Tensor& img);
Tensor vflip(const Tensor& img);

/// The inverse affine map of torchvision's _get_inverse_affine_matrix:
/// output pixel (relative to the centre `center`) -> input pixel, for
/// rotation `angle` (degrees), translation, scale and shear (degrees).
std::vector<double> inverse_affine_matrix(const std::vector<double>& center, double angle,
                                          const std::vector<double>& translate, double scale,
                                          const std::vector<double>& shear);
/// Rotates counter-clockwise by `angle` degrees about `center` (pixel
/// coordinates; default the image centre). expand grows the output to hold
/// the whole rotated image. Without `fill`, uncovered pixels are zero; with
/// it, they are fill blended by coverage (torchvision's mask trick).
Tensor rotate(const Tensor& img, double angle, InterpolationMode interpolation = InterpolationMode::NEAREST,
              bool expand = false, std::optional<std::vector<double>> center = std::nullopt,
              std::optional<std::vector<double>> fill = std::nullopt);
/// Rotation (clockwise, as torchvision's affine), translation (pixels),
/// scale and shear {x, y} (degrees) about the centre.
Tensor affine(const Tensor& img, double angle, const std::vector<double>& translate, double scale,
              const std::vector<double>& shear, InterpolationMode interpolation = InterpolationMode::NEAREST,
              std::optional<std::vector<double>> fill = std::nullopt);

/// ITU-R 601-2 luma: L = 0.2989 R + 0.587 G + 0.114 B. Float tensors as
/// torchvision; uint8 images with PIL's integer form
/// (19595 R + 38470 G + 7471 B + 2^15) >> 16. num_output_channels 1 or 3.
Tensor rgb_to_grayscale(const Tensor& img, int64_t num_output_channels = 1);
/// clamp(factor * img)
Tensor adjust_brightness(const Tensor& img, double factor);
/// clamp(factor * img + (1 - factor) * mean(grayscale(img)))
Tensor adjust_contrast(const Tensor& img, double factor);
/// clamp(factor * img + (1 - factor) * grayscale(img))
Tensor adjust_saturation(const Tensor& img, double factor);
/// Shifts hue by hue_factor in [-0.5, 0.5] of a turn (through HSV).
Tensor adjust_hue(const Tensor& img, double hue_factor);
/// Convolves with a separable Gaussian, kernel {kx, ky} (odd), sigma
/// {sx, sy}, over a reflect-padded image.
Tensor gaussian_blur(const Tensor& img, const std::vector<int64_t>& kernel_size, const std::vector<double>& sigma);
/// img with rows [i, i + h) x cols [j, j + w) set to v (broadcast over channels).
Tensor erase(const Tensor& img, int64_t i, int64_t j, int64_t h, int64_t w, const Tensor& v);

}  // namespace functional
}  // namespace ember::data::transforms
