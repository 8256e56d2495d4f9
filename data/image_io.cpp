// image_io.cpp — stb_image / stb_image_write behind ember's image functions.
// stb's functions are compiled here as static (STB_*_STATIC), so they are
// private to this file and cannot clash with a user's own copy of stb.
#include "data/image_io.h"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <unistd.h>

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#include <stb/stb_image.h>
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include "core/ops_creation.h"
#include "core/ops_pointwise.h"
#include "core/ops_shape.h"
#include "data/transforms/functional.h"

namespace ember::data {

std::vector<uint8_t> read_file_bytes(const std::string& path, const char* op) {
  std::ifstream f(path, std::ios::binary);
  EMBER_CHECK(f.good(), op, "cannot open '", path, "': ", std::strerror(errno));
  f.seekg(0, std::ios::end);
  std::streamoff size = f.tellg();
  EMBER_CHECK(size >= 0, op, "cannot read '", path, "' (is it a directory?)");
  f.seekg(0, std::ios::beg);
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  f.read(reinterpret_cast<char*>(bytes.data()), size);
  EMBER_CHECK(f.gcount() == size, op, "cannot read '", path, "': short read");
  return bytes;
}

void write_file_atomically(const std::string& path, const void* data, size_t size, const char* op) {
  static std::atomic<uint64_t> counter{0};  // unique among threads; the pid among processes
  std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  {
    std::ofstream f(tmp, std::ios::binary);
    EMBER_CHECK(f.good(), op, "cannot create '", tmp, "': ", std::strerror(errno));
    f.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    EMBER_CHECK(f.good(), op, "cannot write '", tmp, "'");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp);
  EMBER_CHECK(!ec, op, "cannot rename '", tmp, "' to '", path, "': ", ec.message());
}

namespace {

int channels_of(ImageReadMode mode) {
  switch (mode) {
    case ImageReadMode::UNCHANGED: return 0;
    case ImageReadMode::GRAY: return 1;
    case ImageReadMode::GRAY_ALPHA: return 2;
    case ImageReadMode::RGB: return 3;
    case ImageReadMode::RGB_ALPHA: return 4;
  }
  return 0;
}

}  // namespace

Tensor decode_image(const std::vector<uint8_t>& bytes, ImageReadMode mode, const std::string& name) {
  EMBER_CHECK(!bytes.empty(), "load_image", "'", name, "' is empty");
  EMBER_CHECK(bytes.size() <= static_cast<size_t>(INT32_MAX), "load_image", "'", name, "' is too large (",
              bytes.size(), " bytes)");
  int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, stored = 0;
  EMBER_CHECK(stbi_info_from_memory(bytes.data(), len, &w, &h, &stored), "load_image", "'", name,
              "' is not a readable image: ", stbi_failure_reason());
  // Colour to gray goes through ITU-R 601-2 (rgb_to_grayscale) rather than
  // stb's own weights, so the result matches PIL and the Grayscale transform.
  int wanted = channels_of(mode);
  bool to_gray = (wanted == 1 || wanted == 2) && stored >= 3;
  int decode = to_gray ? wanted + 2 : wanted;  // gray <- RGB, gray + alpha <- RGBA
  int got = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(bytes.data(), len, &w, &h, &got, decode),
                                                   stbi_image_free);
  EMBER_CHECK(pixels != nullptr, "load_image", "'", name, "' cannot be decoded: ", stbi_failure_reason());
  int c = decode != 0 ? decode : got;
  Tensor image = empty({h, w, c}, kUInt8);
  std::memcpy(image.data_ptr<uint8_t>(), pixels.get(), static_cast<size_t>(h) * static_cast<size_t>(w) * c);
  if (!to_gray) return image;
  Tensor gray = transforms::functional::rgb_to_grayscale(image.narrow(2, 0, 3));
  return wanted == 1 ? gray : cat({gray, image.narrow(2, 3, 1)}, 2);
}

Tensor load_image(const std::string& path, ImageReadMode mode) {
  return decode_image(read_file_bytes(path, "load_image"), mode, path);
}

namespace {

void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<uint8_t>*>(context);
  auto* p = static_cast<uint8_t*>(data);
  out->insert(out->end(), p, p + size);
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return ext;
}

}  // namespace

void save_image(const Tensor& image, const std::string& path, int jpeg_quality) {
  EMBER_CHECK(image.defined(), "save_image", "the image is undefined");
  Tensor hwc;
  if (image.scalar_type() == kUInt8) {
    EMBER_CHECK(image.dim() == 3 || image.dim() == 2, "save_image", "a uint8 image must be (H, W, C) or (H, W), got ",
                shape_str(image.sizes()));
    hwc = image.dim() == 2 ? image.unsqueeze(2) : image;
  } else {
    EMBER_CHECK(image.is_floating_point() && (image.dim() == 3 || image.dim() == 2), "save_image",
                "expected (H, W, C) uint8 or (C, H, W) floating, got ", dtype_name(image.scalar_type()), " ",
                shape_str(image.sizes()));
    Tensor chw = image.dim() == 2 ? image.unsqueeze(0) : image;
    // stored = clamp(round(255 x), 0, 255), as torchvision.utils.save_image
    hwc = chw.to(kFloat32).mul(255).add(0.5).clamp(0, 255).floor().to(kUInt8).permute({1, 2, 0});
  }
  hwc = hwc.contiguous();
  int h = static_cast<int>(hwc.size(0)), w = static_cast<int>(hwc.size(1)), c = static_cast<int>(hwc.size(2));
  EMBER_CHECK(c >= 1 && c <= 4, "save_image", "images have 1 to 4 channels, got ", c);
  EMBER_CHECK(h > 0 && w > 0, "save_image", "the image is empty: ", shape_str(image.sizes()));
  std::vector<uint8_t> bytes;
  std::string ext = lower_extension(path);
  const uint8_t* px = hwc.data_ptr<uint8_t>();
  int ok = 0;
  if (ext == ".png") {
    ok = stbi_write_png_to_func(append_bytes, &bytes, w, h, c, px, w * c);
  } else if (ext == ".jpg" || ext == ".jpeg") {
    EMBER_CHECK(c == 1 || c == 3, "save_image", "JPEG stores 1 or 3 channels, got ", c, " for '", path, "'");
    EMBER_CHECK(jpeg_quality >= 1 && jpeg_quality <= 100, "save_image", "jpeg_quality must be in 1..100, got ",
                jpeg_quality);
    ok = stbi_write_jpg_to_func(append_bytes, &bytes, w, h, c, px, jpeg_quality);
  } else if (ext == ".bmp") {
    ok = stbi_write_bmp_to_func(append_bytes, &bytes, w, h, c, px);
  } else {
    EMBER_FAIL("save_image", "unknown image extension '", ext, "' for '", path, "' (use .png, .jpg or .bmp)");
  }
  EMBER_CHECK(ok != 0, "save_image", "encoding '", path, "' failed");
  write_file_atomically(path, bytes.data(), bytes.size(), "save_image");
}

}  // namespace ember::data
