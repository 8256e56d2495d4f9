// image_io.h — image files to tensors and back, through stb_image and
// stb_image_write (Debian's libstb-dev, compiled into ember privately).
//
// A decoded image is an (H, W, C) uint8 tensor, the layout of a PIL image
// as a NumPy array; the vision transforms accept it as is, and ToTensor
// turns it into a (C, H, W) float tensor in [0, 1].
//
// Reads PNG, JPEG (baseline and progressive), BMP, and whatever else stb
// decodes (TGA, GIF's first frame, PSD, PNM); writes PNG, JPEG and BMP.
// Every failure is an ember::Error naming the file: missing, unreadable,
// truncated or not an image.
//
// Left out: 16-bit PNG depth (decoded to 8 bits), EXIF orientation, CMYK
// JPEGs, and animation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ember::data {

/// Which channels load_image returns (torchvision.io.ImageReadMode).
enum class ImageReadMode {
  UNCHANGED,   // as stored: 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels
  GRAY,        // 1 channel; colour converted with ITU-R 601-2 luma (as PIL's convert("L"))
  GRAY_ALPHA,  // 2 channels
  RGB,         // 3 channels (PIL's convert("RGB"))
  RGB_ALPHA,   // 4 channels
};

/// Decodes an image file to an (H, W, C) uint8 tensor.
Tensor load_image(const std::string& path, ImageReadMode mode = ImageReadMode::UNCHANGED);
/// Decodes image bytes; `name` is used in error messages.
Tensor decode_image(const std::vector<uint8_t>& bytes, ImageReadMode mode = ImageReadMode::UNCHANGED,
                    const std::string& name = "<memory>");

/// Saves an image, the format chosen by the extension (.png, .jpg/.jpeg,
/// .bmp). `image` is (H, W, C) uint8, or a (C, H, W) / (H, W) floating
/// tensor in [0, 1] that is stored as round(255 x) clamped (as
/// torchvision.utils.save_image). JPEG has no alpha and takes `quality`
/// 1..100. The file appears atomically (written aside, then renamed).
void save_image(const Tensor& image, const std::string& path, int jpeg_quality = 90);

/// Reads a whole file; errors name the path (shared by the dataset readers).
std::vector<uint8_t> read_file_bytes(const std::string& path, const char* op);
/// Writes bytes to `path` through a temporary file and a rename.
void write_file_atomically(const std::string& path, const void* data, size_t size, const char* op);

}  // namespace ember::data
