// test_transforms.cpp — vision transforms on a known 7x9 image against
// torchvision 0.14 and PIL (fixtures from tests/fixtures/data/make_data_fixtures.py),
// exact small cases worked by hand, seeded reproducibility, and the
// detection transforms moving boxes and masks with the image.
#include "support/test_utils.h"

using namespace ember;
using namespace ember::data::transforms;
namespace F = ember::data::transforms::functional;
using Catch::Matchers::Contains;
using ember::indexing::Slice;

namespace {
Tensor fx(const std::string& name) { return testing::fixture("data/transforms/" + name); }
Tensor image_u8() { return fx("image_u8"); }    // (7, 9, 3) uint8
Tensor image_f32() { return fx("image_f32"); }  // (3, 7, 9) float32 = image_u8 / 255
const auto B = InterpolationMode::BILINEAR;
const auto N = InterpolationMode::NEAREST;
}  // namespace

TEST_CASE("ToTensor turns an HWC uint8 image into CHW floats in [0, 1], and back") {
  Tensor t = F::to_tensor(image_u8());
  REQUIRE_CLOSE(t, image_f32(), 0, 1e-7);
  REQUIRE_EQUAL(F::to_image(t.add(1e-4)), image_u8());
  REQUIRE(F::image_height(image_u8()) == 7);
  REQUIRE(F::image_width(t) == 9);
  REQUIRE(F::image_channels(image_u8()) == 3);
}

TEST_CASE("resize matches torchvision (bilinear and nearest, down and up, uint8)") {
  REQUIRE_CLOSE(F::resize(image_f32(), {5, 4}, B), fx("resize_bilinear_5x4"), 1e-5, 1e-6);
  REQUIRE_CLOSE(F::resize(image_f32(), {11, 13}, B), fx("resize_bilinear_11x13"), 1e-5, 1e-6);
  REQUIRE_EQUAL(F::resize(image_f32(), {5, 4}, N), fx("resize_nearest_5x4"));
  REQUIRE_EQUAL(F::resize(image_f32(), {11, 13}, N), fx("resize_nearest_11x13"));
  REQUIRE_EQUAL(F::resize(image_u8(), {11, 13}, B), fx("resize_bilinear_u8_11x13"));
  REQUIRE_CLOSE(Resize({4})(image_f32()), fx("resize_short_4"), 1e-5, 1e-6);
}

TEST_CASE("rotate and affine match torchvision's grid_sample warps") {
  REQUIRE_CLOSE(F::rotate(image_f32(), 30.0, B), fx("rotate_30_bilinear"), 1e-4, 1e-5);
  REQUIRE_EQUAL(F::rotate(image_f32(), 30.0, N, true), fx("rotate_30_nearest_expand"));
  REQUIRE_CLOSE(F::rotate(image_f32(), -40.0, B, false, std::nullopt, std::vector<double>{0.5, 0.25, 1.0}),
                fx("rotate_n40_bilinear_fill"), 1e-4, 1e-5);
  REQUIRE_CLOSE(F::rotate(image_f32(), 30.0, B, false, std::vector<double>{2, 3}), fx("rotate_30_center"), 1e-4, 1e-5);
  REQUIRE_CLOSE(F::affine(image_f32(), 15.0, {1, -2}, 1.2, {10.0, 5.0}, B), fx("affine_bilinear"), 1e-4, 1e-5);
  REQUIRE_CLOSE(F::affine(image_f32(), -20.0, {0, 1}, 0.8, {0.0, 0.0}, N, std::vector<double>{0.3, 0.3, 0.3}),
                fx("affine_nearest_fill"), 1e-5, 1e-6);
  REQUIRE_EQUAL(F::affine(image_u8(), 15.0, {1, -2}, 1.2, {10.0, 5.0}, B), fx("affine_u8"));
}

TEST_CASE("a rotation by 90 degrees moves pixels exactly") {
  Tensor img = arange(16, kFloat32).view({1, 4, 4});
  // counter-clockwise: the top row becomes the left column, read upwards
  REQUIRE_EQUAL(F::rotate(img, 90.0, N), img.transpose(1, 2).flip({1}));
  REQUIRE_EQUAL(F::rotate(img, 180.0, N), img.flip({1, 2}));
}

TEST_CASE("colour adjustments and grayscale match torchvision and PIL") {
  REQUIRE_CLOSE(F::rgb_to_grayscale(image_f32()), fx("grayscale_f32"), 1e-5, 1e-6);
  REQUIRE_EQUAL(F::rgb_to_grayscale(image_u8()).squeeze(2), fx("grayscale_u8_pil"));
  REQUIRE_CLOSE(F::adjust_brightness(image_f32(), 1.3), fx("brightness_1_3"), 1e-5, 1e-6);
  REQUIRE_CLOSE(F::adjust_contrast(image_f32(), 0.6), fx("contrast_0_6"), 1e-5, 1e-6);
  REQUIRE_CLOSE(F::adjust_saturation(image_f32(), 1.7), fx("saturation_1_7"), 1e-5, 1e-6);
  REQUIRE_CLOSE(F::adjust_hue(image_f32(), 0.2), fx("hue_0_2"), 1e-4, 1e-5);
  REQUIRE_CLOSE(F::adjust_hue(image_f32(), -0.45), fx("hue_n0_45"), 1e-4, 1e-5);
  REQUIRE_CLOSE(F::normalize(image_f32(), {0.5, 0.4, 0.3}, {0.2, 0.25, 0.5}), fx("normalize"), 1e-5, 1e-6);
}

TEST_CASE("grayscale of known colours uses ITU-R 601-2 weights") {
  // pure red, green, blue, white, black, mid gray as a 1x6 image
  Tensor colours = tensor<uint8_t>({255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 128, 128, 128}, {1, 6, 3});
  Tensor gray = F::rgb_to_grayscale(colours);
  // 0.299 * 255 = 76.2, 0.587 * 255 = 149.7, 0.114 * 255 = 29.1 (PIL rounds)
  REQUIRE_EQUAL(gray, tensor<uint8_t>({76, 150, 29, 255, 0, 128}, {1, 6, 1}));
  Tensor three = Grayscale(3)(colours);
  REQUIRE(three.sizes() == IntArrayRef{1, 6, 3});
  REQUIRE_EQUAL(three.select(2, 0), three.select(2, 2));
}

TEST_CASE("gaussian blur, padding modes and center crop match torchvision") {
  REQUIRE_CLOSE(F::gaussian_blur(image_f32(), {5, 3}, {1.0, 0.7}), fx("blur_5x3"), 1e-5, 1e-6);
  REQUIRE_EQUAL(F::gaussian_blur(image_u8(), {3, 3}, {0.8, 0.8}), fx("blur_u8_3x3"));
  REQUIRE_EQUAL(F::pad(image_u8(), {2, 1, 3, 1}, 7), fx("pad_constant"));
  for (std::string mode : {"edge", "reflect", "symmetric"}) {
    INFO(mode);
    REQUIRE_EQUAL(F::pad(image_u8(), {2, 1, 3, 1}, 0, mode), fx("pad_" + mode));
  }
  REQUIRE_EQUAL(F::center_crop(image_f32(), {4, 6}), fx("center_crop_4x6"));
  REQUIRE_EQUAL(F::center_crop(image_f32(), {10, 12}), fx("center_crop_10x12"));
}

TEST_CASE("flips mirror exactly, crops stay inside the padded image") {
  Tensor img = image_u8();
  Tensor flipped = F::hflip(img);
  for (int64_t x = 0; x < 9; ++x) REQUIRE_EQUAL(flipped.select(1, x), img.select(1, 8 - x));
  REQUIRE_EQUAL(F::vflip(image_f32()), image_f32().flip({1}));
  REQUIRE_EQUAL(RandomHorizontalFlip(1.0)(img), flipped);
  REQUIRE_EQUAL(RandomHorizontalFlip(0.0)(img), img);

  // padding 2 with fill 255 marks the border: every crop is a window of the padded image
  manual_seed(0);
  Tensor padded = F::pad(img, {2}, 255);
  RandomCrop crop({7, 9}, {.padding = {2}, .fill = 255});
  for (int k = 0; k < 20; ++k) {
    Tensor c = crop(img);
    REQUIRE(c.sizes() == IntArrayRef{7, 9, 3});
    bool found = false;
    for (int64_t top = 0; top <= 4 && !found; ++top)
      for (int64_t left = 0; left <= 4 && !found; ++left) found = c.equal(F::crop(padded, top, left, 7, 9));
    REQUIRE(found);
  }
  REQUIRE_THROWS_WITH(RandomCrop({8, 8})(img), Contains("larger than input image size"));
  REQUIRE(RandomCrop({8, 12}, {.pad_if_needed = true})(img).sizes() == IntArrayRef{8, 12, 3});
  // a crop partly outside the image is zero there
  Tensor outside = F::crop(image_f32(), -1, -1, 3, 3);
  REQUIRE(outside.index({Slice(), 0, Slice()}).abs().sum().item<double>() == 0);
  REQUIRE_EQUAL(outside.index({Slice(), Slice(1, 3), Slice(1, 3)}), image_f32().index({Slice(), Slice(0, 2), Slice(0, 2)}));
}

TEST_CASE("random transforms are reproducible from a seed") {
  Compose augment({RandomResizedCrop({5, 6}), RandomHorizontalFlip(), RandomRotation({20}),
                   RandomAffine({10}, {.translate = std::vector<double>{0.1, 0.1}, .scale = std::vector<double>{0.9, 1.1},
                                       .shear = std::vector<double>{5}}),
                   ColorJitter({.brightness = 0.4, .contrast = 0.4, .saturation = 0.4, .hue = 0.1}), ToTensor(),
                   GaussianBlur({3}), RandomErasing({.p = 1.0})});
  manual_seed(11);
  Tensor a = augment(image_u8()), a2 = augment(image_u8());
  manual_seed(11);
  Tensor b = augment(image_u8());
  REQUIRE(a.sizes() == IntArrayRef{3, 5, 6});
  REQUIRE_EQUAL(a, b);
  REQUIRE_FALSE(a.equal(a2));
  // a per-sample generator gives the same result as re-seeding
  Generator gen(5), gen2(5);
  Tensor c, d;
  {
    data::SampleGeneratorGuard guard(gen);
    c = augment(image_u8());
  }
  {
    data::SampleGeneratorGuard guard(gen2);
    d = augment(image_u8());
  }
  REQUIRE_EQUAL(c, d);
}

TEST_CASE("RandomResizedCrop windows respect the scale and ratio ranges") {
  manual_seed(1);
  for (int k = 0; k < 50; ++k) {
    std::vector<int64_t> p = RandomResizedCrop::get_params(100, 200, {0.2, 0.5}, {0.5, 2.0});
    int64_t top = p[0], left = p[1], h = p[2], w = p[3];
    REQUIRE(top >= 0);
    REQUIRE(left >= 0);
    REQUIRE(top + h <= 100);
    REQUIRE(left + w <= 200);
    double area = static_cast<double>(h * w) / 20000.0, ratio = static_cast<double>(w) / static_cast<double>(h);
    REQUIRE(area >= 0.19);
    REQUIRE(area <= 0.51);
    REQUIRE(ratio >= 0.45);
    REQUIRE(ratio <= 2.2);
  }
}

TEST_CASE("RandomErasing sets one rectangle to the value") {
  manual_seed(2);
  Tensor img = ones({3, 20, 20});
  Tensor out = RandomErasing({.p = 1.0, .value = 0.0})(img);
  Tensor zero = out.eq(0).all(0);  // erased pixels, all channels
  int64_t erased = zero.sum().item<int64_t>();
  REQUIRE(erased > 0);
  Tensor rows = zero.any(1).nonzero(), cols = zero.any(0).nonzero();
  REQUIRE(erased == rows.size(0) * cols.size(0));  // a full rectangle
  REQUIRE(img.sum().item<double>() == 1200.0);      // the input is untouched
  REQUIRE_EQUAL(RandomErasing({.p = 0.0})(img), img);
}

TEST_CASE("Normalize with (0.5, 0.5, 0.5) maps [0, 1] onto [-1, 1]") {
  Tensor t = Compose({ToTensor(), Normalize({0.5, 0.5, 0.5}, {0.5, 0.5, 0.5})})(image_u8());
  REQUIRE_CLOSE(t, image_f32().mul(2).sub(1), 1e-6, 1e-6);
  REQUIRE_THROWS_WITH(F::normalize(image_f32(), {0.5}, {0.5}), Contains("3 channels"));
  REQUIRE_THROWS_WITH(F::normalize(image_u8(), {0.5}, {0.5}), Contains("ToTensor"));
}

TEST_CASE("detection transforms move boxes and masks with the image") {
  // a 10x20 image with one object: box x 2..6, y 1..4, its mask filled in the same place
  Detection d;
  d.image = zeros({10, 20, 3}, kUInt8);
  d.boxes = tensor<float>({2, 1, 6, 4, 10, 5, 18, 9}, {2, 4});
  d.labels = tensor<int64_t>({3, 7});
  d.masks = zeros({2, 10, 20}, kUInt8);
  d.masks.index_put_({0, Slice(1, 4), Slice(2, 6)}, 1);
  d.masks.index_put_({1, Slice(5, 9), Slice(10, 18)}, 1);
  d.image.index_put_({Slice(1, 4), Slice(2, 6)}, 200);

  auto mask_box = [](const Tensor& mask) {  // xyxy of a mask's pixels (exclusive max)
    Tensor ys = mask.any(1).nonzero(), xs = mask.any(0).nonzero();
    return tensor<float>({xs.min().item<float>(), ys.min().item<float>(), xs.max().item<float>() + 1,
                          ys.max().item<float>() + 1});
  };
  Detection f = detection::hflip(d);
  REQUIRE_EQUAL(f.boxes, tensor<float>({14, 1, 18, 4, 2, 5, 10, 9}, {2, 4}));
  REQUIRE_EQUAL(mask_box(f.masks[0]), f.boxes[0]);
  REQUIRE_EQUAL(f.image, F::hflip(d.image));
  Detection v = detection::vflip(d);
  REQUIRE_EQUAL(v.boxes[0], tensor<float>({2, 6, 6, 9}));
  REQUIRE_EQUAL(mask_box(v.masks[0]), v.boxes[0]);

  Detection r = detection::resize(d, {20, 40});
  REQUIRE_EQUAL(r.boxes, d.boxes.mul(2));
  REQUIRE(r.masks.sizes() == IntArrayRef{2, 20, 40});
  REQUIRE_EQUAL(mask_box(r.masks[1]), r.boxes[1]);

  // a crop that keeps part of object 0 and none of object 1
  Detection c = detection::crop(d, 0, 3, 5, 6);
  REQUIRE_EQUAL(c.boxes, tensor<float>({0, 1, 3, 4}, {1, 4}));
  REQUIRE_EQUAL(c.labels, tensor<int64_t>({3}));
  REQUIRE(c.masks.sizes() == IntArrayRef{1, 5, 6});
  REQUIRE_EQUAL(mask_box(c.masks[0]), c.boxes[0]);
  REQUIRE(c.image.sizes() == IntArrayRef{5, 6, 3});

  manual_seed(4);
  detection::Compose pipeline({detection::RandomHorizontalFlip(1.0), detection::RandomCrop({8, 16})});
  Detection p = pipeline(d);
  for (int64_t k = 0; k < p.boxes.size(0); ++k) REQUIRE_EQUAL(mask_box(p.masks[k]), p.boxes[k]);
}
