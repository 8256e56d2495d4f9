// test_formats.cpp — real file formats: images through stb, the real
// Fashion-MNIST IDX files against what NumPy reads from them, CIFAR batches
// round-tripped, COCO targets from labelme's real annotations.json, .npz
// archives NumPy reads, image folders and label files; and bad input of
// every kind giving an ember::Error that names the file.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;
using ember::indexing::Slice;
namespace fs = std::filesystem;

namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";
const std::string kLabelme = "/usr/share/doc/labelme-examples/examples/instance_segmentation/data_dataset_coco";

// A (h, w, 3) uint8 image with distinct pixels.
Tensor test_image(int64_t h, int64_t w) {
  return arange(h * w * 3, kInt64).mul(7).remainder(256).to(kUInt8).reshape({h, w, 3});
}

}  // namespace

TEST_CASE("PNG and BMP round-trip exactly, JPEG approximately, modes convert channels") {
  std::string dir = testing::temp_dir();
  Tensor img = test_image(5, 7);
  for (std::string ext : {".png", ".bmp"}) {
    data::save_image(img, dir + "/a" + ext);
    REQUIRE_EQUAL(data::load_image(dir + "/a" + ext), img);
  }
  Tensor smooth = arange(16 * 16 * 3, kFloat32).reshape({16, 16, 3}).div(3).to(kUInt8);
  data::save_image(smooth, dir + "/a.jpg", 95);
  Tensor jpg = data::load_image(dir + "/a.jpg");
  REQUIRE(jpg.sizes() == IntArrayRef{16, 16, 3});
  REQUIRE(jpg.to(kFloat32).sub(smooth.to(kFloat32)).abs().mean().item<double>() < 3.0);

  Tensor gray = data::load_image(dir + "/a.png", data::ImageReadMode::GRAY);
  REQUIRE_EQUAL(gray, data::transforms::functional::rgb_to_grayscale(img));
  REQUIRE(data::load_image(dir + "/a.png", data::ImageReadMode::RGB_ALPHA).sizes() == IntArrayRef{5, 7, 4});
  data::save_image(gray, dir + "/g.png");
  REQUIRE(data::load_image(dir + "/g.png").sizes() == IntArrayRef{5, 7, 1});
  REQUIRE(data::load_image(dir + "/g.png", data::ImageReadMode::RGB).sizes() == IntArrayRef{5, 7, 3});
  // a float CHW tensor in [0, 1] is stored as round(255 x)
  data::save_image(img.permute({2, 0, 1}).to(kFloat32).div(255), dir + "/f.png");
  REQUIRE_EQUAL(data::load_image(dir + "/f.png"), img);
}

TEST_CASE("bad image files give errors naming the file") {
  std::string dir = testing::temp_dir();
  REQUIRE_THROWS_WITH(data::load_image(dir + "/missing.png"), Contains("missing.png") && Contains("cannot open"));
  testing::write_bytes(dir + "/text.png", "this is not an image at all");
  REQUIRE_THROWS_WITH(data::load_image(dir + "/text.png"), Contains("text.png") && Contains("not a readable image"));
  testing::write_bytes(dir + "/empty.png", "");
  REQUIRE_THROWS_WITH(data::load_image(dir + "/empty.png"), Contains("empty"));
  data::save_image(test_image(20, 20), dir + "/ok.png");
  std::string bytes = testing::read_bytes(dir + "/ok.png");
  testing::write_bytes(dir + "/cut.png", bytes.substr(0, bytes.size() / 2));
  REQUIRE_THROWS_WITH(data::load_image(dir + "/cut.png"), Contains("cut.png"));
  REQUIRE_THROWS_WITH(data::save_image(test_image(2, 2), dir + "/x.gif"), Contains("extension"));
}

TEST_CASE("the real Fashion-MNIST files read like NumPy reads them") {
  for (bool train : {true, false}) {
    Tensor expected = testing::fixture(train ? "data/fashion_mnist_train" : "data/fashion_mnist_t10k");
    const int64_t* e = expected.data_ptr<int64_t>();
    data::FashionMNIST ds(kFashion, {.train = train});
    int64_t n = ds.size();
    REQUIRE(n == e[0]);
    REQUIRE(n == (train ? 60000 : 10000));
    REQUIRE(ds.data().sizes() == IntArrayRef{n, e[1], e[2]});
    REQUIRE(ds.targets().sum().item<int64_t>() == e[3]);
    REQUIRE(ds.data().sum().item<int64_t>() == e[4]);
    REQUIRE(ds.data()[0].sum().item<int64_t>() == e[5]);
    REQUIRE(ds.data()[1].sum().item<int64_t>() == e[6]);
    REQUIRE(ds.data()[n - 1].sum().item<int64_t>() == e[7]);
    for (int64_t i = 0; i < 10; ++i) REQUIRE(ds.get(i)[1].to_int() == e[8 + i]);
    // 1000 test images per class
    if (!train) REQUIRE_EQUAL(bincount(ds.targets()), full({10}, 1000, kInt64));
  }
  data::FashionMNIST test(kFashion, {.train = false, .transform = data::transforms::ToTensor()});
  Tensor first = test.get(0)[0].tensor();
  REQUIRE(first.sizes() == IntArrayRef{1, 28, 28});
  REQUIRE_CLOSE(first.squeeze(0), testing::fixture("data/fashion_mnist_t10k_image0").to(kFloat32).div(255), 0, 1e-7);
  REQUIRE(test.classes()[9] == "Ankle boot");
}

TEST_CASE("bad IDX files: missing, wrong magic, truncated, trailing data, gzip corruption") {
  std::string dir = testing::temp_dir();
  REQUIRE_THROWS_WITH(data::read_idx(dir + "/none-idx1-ubyte"), Contains("none-idx1-ubyte") && Contains("cannot open"));
  std::string header("\x00\x00\x08\x01\x00\x00\x00\x05", 8);
  testing::write_bytes(dir + "/ok", header + "abcde");
  REQUIRE_EQUAL(data::read_idx(dir + "/ok"), tensor<uint8_t>({97, 98, 99, 100, 101}));
  testing::write_bytes(dir + "/magic", std::string("\x12\x34\x08\x01\x00\x00\x00\x05", 8) + "abcde");
  REQUIRE_THROWS_WITH(data::read_idx(dir + "/magic"), Contains("magic") && Contains("not an IDX file"));
  testing::write_bytes(dir + "/short", header + "abc");
  REQUIRE_THROWS_WITH(data::read_idx(dir + "/short"), Contains("short") && Contains("truncated"));
  testing::write_bytes(dir + "/long", header + "abcdefg");
  REQUIRE_THROWS_WITH(data::read_idx(dir + "/long"), Contains("past the 5 bytes"));
  testing::write_bytes(dir + "/header", std::string("\x00\x00\x08\x03\x00\x00", 6));
  REQUIRE_THROWS_WITH(data::read_idx(dir + "/header"), Contains("truncated in its header"));
  testing::write_bytes(dir + "/type", std::string("\x00\x00\x07\x01\x00\x00\x00\x01", 8) + "a");
  REQUIRE_THROWS_WITH(data::read_idx(dir + "/type"), Contains("unknown IDX type"));
  testing::write_bytes(dir + "/huge", std::string("\x00\x00\x0e\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 16));
  REQUIRE_THROWS_WITH(data::read_idx(dir + "/huge"), Contains("huge"));
  // a gzip'd file cut in the middle
  std::string gz = testing::read_bytes(kFashion + "/t10k-labels-idx1-ubyte.gz");
  testing::write_bytes(dir + "/cut.gz", gz.substr(0, gz.size() / 2));
  REQUIRE_THROWS_WITH(data::read_idx(dir + "/cut.gz"), Contains("cut.gz"));
  // big-endian int32 values
  testing::write_bytes(dir + "/i32", std::string("\x00\x00\x0c\x01\x00\x00\x00\x02\x00\x00\x01\x02\xff\xff\xff\xfe", 16));
  REQUIRE_EQUAL(data::read_idx(dir + "/i32"), tensor<int32_t>({258, -2}));
  REQUIRE_THROWS_WITH(data::FashionMNIST(dir), Contains("has no train-images-idx3-ubyte"));
}

TEST_CASE("CIFAR-10 and CIFAR-100 batches round-trip through the binary format") {
  std::string dir = testing::temp_dir();
  manual_seed(0);
  Tensor images = randint(0, 256, {7, 32, 32, 3}, kUInt8);
  Tensor labels = tensor<int64_t>({0, 9, 3, 3, 1, 2, 8});
  fs::create_directories(dir + "/cifar-10-batches-bin");
  for (int b = 1; b <= 5; ++b)
    data::save_cifar10_batch(dir + "/cifar-10-batches-bin/data_batch_" + std::to_string(b) + ".bin",
                             images.narrow(0, 0, b), labels.narrow(0, 0, b));
  data::save_cifar10_batch(dir + "/test_batch.bin", images, labels);
  // the exact layout: label byte, then the R, G and B planes row-major
  std::string bytes = testing::read_bytes(dir + "/test_batch.bin");
  REQUIRE(bytes.size() == 7 * 3073);
  REQUIRE(static_cast<uint8_t>(bytes[3073]) == 9);
  REQUIRE(static_cast<uint8_t>(bytes[3073 + 1 + 1024 + 32 * 2 + 5]) == images.index({1, 2, 5, 1}).item<int64_t>());

  data::CIFAR10 test(dir, {.train = false});
  REQUIRE(test.size() == 7);
  REQUIRE_EQUAL(test.data(), images);
  REQUIRE_EQUAL(test.targets(), labels);
  data::CIFAR10 train(dir, {.train = true});
  REQUIRE(train.size() == 1 + 2 + 3 + 4 + 5);
  REQUIRE_EQUAL(train.get(14)[0].tensor(), images[4]);
  REQUIRE(train.get(14)[1].to_int() == 1);

  fs::create_directories(dir + "/cifar-100-binary");
  Tensor coarse = tensor<int64_t>({0, 19, 4, 4, 7, 1, 2}), fine = tensor<int64_t>({0, 99, 42, 43, 7, 10, 55});
  data::save_cifar100_batch(dir + "/cifar-100-binary/train.bin", images, coarse, fine);
  data::CIFAR100 c100(dir, {.train = true});
  REQUIRE_EQUAL(c100.data(), images);
  REQUIRE_EQUAL(c100.targets(), fine);
  REQUIRE_EQUAL(c100.coarse_targets(), coarse);

  // normalization through a transform, as exercise 14
  namespace T = data::transforms;
  data::CIFAR10 normalized(dir, {.train = false, .transform = T::Compose({T::ToTensor(), T::Normalize({0.5, 0.5, 0.5}, {0.5, 0.5, 0.5})})});
  REQUIRE_CLOSE(normalized.get(0)[0].tensor(), images[0].permute({2, 0, 1}).to(kFloat32).div(255).mul(2).sub(1), 1e-6, 1e-6);
}

TEST_CASE("bad CIFAR batches: truncated, a label out of range, missing files") {
  std::string dir = testing::temp_dir();
  Tensor images = zeros({2, 32, 32, 3}, kUInt8);
  data::save_cifar10_batch(dir + "/test_batch.bin", images, tensor<int64_t>({1, 2}));
  std::string bytes = testing::read_bytes(dir + "/test_batch.bin");
  testing::write_bytes(dir + "/test_batch.bin", bytes.substr(0, bytes.size() - 100));
  REQUIRE_THROWS_WITH(data::CIFAR10(dir, {.train = false}), Contains("test_batch.bin") && Contains("not a whole number"));
  bytes[3073] = 12;
  testing::write_bytes(dir + "/test_batch.bin", bytes);
  REQUIRE_THROWS_WITH(data::CIFAR10(dir, {.train = false}), Contains("record 1 has label 12"));
  REQUIRE_THROWS_WITH(data::CIFAR10(dir, {.train = true}), Contains("data_batch_1.bin"));
  REQUIRE_THROWS_WITH(data::save_cifar10_batch(dir + "/x.bin", images, tensor<int64_t>({1, 10})), Contains("0..9"));
}

TEST_CASE("RLE masks decode from counts and from compressed strings") {
  Tensor expected = zeros({6, 8}, kUInt8);
  expected.index_put_({Slice(1, 4), Slice(2, 7)}, 1);
  expected.index_put_({5, 0}, 1);
  expected.index_put_({0, 7}, 1);
  // pycocotools' runs (column-major) and its compressed string for this mask
  std::vector<int64_t> counts{5, 1, 7, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 1, 5};
  REQUIRE_EQUAL(data::decode_rle(counts, 6, 8), expected);
  REQUIRE(data::rle_counts_from_string("5172L0000000ON3") == counts);

  Tensor big = zeros({40, 50}, kUInt8);
  big.index_put_({Slice(3, 37), Slice(5, 45)}, 1);
  big.index_put_({Slice(10, 20), Slice(20, 22)}, 0);
  std::string s = "[6R160000000000000000000000000000UO4:LF4:La000000000000000000000000000000000000000000000U6";
  REQUIRE_EQUAL(data::decode_rle(data::rle_counts_from_string(s), 40, 50), big);

  REQUIRE_THROWS_WITH(data::decode_rle({5, 100}, 6, 8), Contains("more than the 6x8"));
  REQUIRE_THROWS_WITH(data::rle_counts_from_string("5172P"), Contains("ends inside a run"));
  REQUIRE_THROWS_WITH(data::rle_counts_from_string("51\x01"), Contains("invalid character"));
}

TEST_CASE("a polygon rasterizes to the filled shape") {
  // a right triangle with legs along the axes: pixels with centres inside
  Tensor m = data::mask_from_polygons({{0, 0, 10, 0, 0, 10}}, 12, 12);
  REQUIRE(m.sizes() == IntArrayRef{12, 12});
  int64_t area = m.sum().item<int64_t>();
  REQUIRE(area >= 45);  // the triangle's area is 50
  REQUIRE(area <= 66);
  for (int64_t y = 0; y < 12; ++y)
    for (int64_t x = 0; x < 12; ++x) {
      if (x + y <= 8) REQUIRE(m.index({y, x}).item<int64_t>() == 1);   // well inside
      if (x + y >= 12) REQUIRE(m.index({y, x}).item<int64_t>() == 0);  // well outside
    }
  REQUIRE_THROWS_WITH(data::mask_from_polygons({{0, 0, 1, 1}}, 4, 4), Contains("at least 3"));
}

TEST_CASE("COCO targets from labelme's real annotations.json") {
  data::CocoDetection coco(kLabelme, kLabelme + "/annotations.json");
  REQUIRE(coco.size() == 3);
  REQUIRE(coco.num_annotations() == 12);
  REQUIRE(coco.categories().size() == 21);
  REQUIRE(coco.categories()[0].name == "_background_");
  REQUIRE(coco.categories()[15].name == "person");
  // first annotation in the file: image 0, person, bbox [191, 107, 123, 221], area 15689
  data::Sample t = coco.target(0);
  REQUIRE(t["image_id"].to_int() == 0);
  REQUIRE_EQUAL(t["boxes"].tensor()[0], tensor<float>({191, 107, 314, 328}));
  REQUIRE(t["labels"].tensor()[0].item<int64_t>() == 15);
  REQUIRE(t["area"].tensor()[0].item<double>() == 15689.0);
  int64_t total = 0;
  for (int64_t i = 0; i < coco.size(); ++i) {
    data::Sample target = coco.target(i);
    Tensor boxes = target["boxes"].tensor(), masks = target["masks"].tensor(), area = target["area"].tensor();
    int64_t n = boxes.size(0);
    total += n;
    REQUIRE(masks.size(0) == n);
    for (int64_t k = 0; k < n; ++k) {
      // the polygon mask agrees with labelme's own rasterization (its bbox and area)
      Tensor mask = masks[k];
      Tensor ys = mask.any(1).nonzero(), xs = mask.any(0).nonzero();
      Tensor mask_box = tensor<float>({xs.min().item<float>(), ys.min().item<float>(), xs.max().item<float>() + 1,
                                       ys.max().item<float>() + 1});
      INFO("image " << i << " annotation " << k << " box " << boxes[k] << " mask box " << mask_box);
      REQUIRE(mask_box.sub(boxes[k]).abs().max().item<double>() <= 2.0);
      double a = mask.sum().item<double>(), expected_area = area[k].item<double>();
      REQUIRE(std::abs(a - expected_area) <= 0.05 * expected_area + 20);
    }
  }
  REQUIRE(total == 12);
  // the images are the real JPEGs next to the file
  data::Sample s = coco.get(0);
  REQUIRE(s[0].tensor().sizes() == IntArrayRef{338, 500, 3});
  REQUIRE(s[1]["masks"].tensor().sizes() == IntArrayRef{t["boxes"].tensor().size(0), 338, 500});

  // a detection transform moves boxes and masks with the image
  data::CocoDetection flipped(kLabelme, kLabelme + "/annotations.json",
                              {.transforms = data::transforms::detection::RandomHorizontalFlip(1.0)});
  data::Sample f = flipped.get(0);
  REQUIRE_EQUAL(f[1]["boxes"].tensor()[0], tensor<float>({500 - 314, 107, 500 - 191, 328}));
  REQUIRE_EQUAL(f[0].tensor(), s[0].tensor().flip({1}));
}

TEST_CASE("malformed COCO files give errors naming the file and the entry") {
  std::string dir = testing::temp_dir();
  auto coco = [&](const std::string& text) {
    testing::write_bytes(dir + "/a.json", text);
    return data::CocoDetection(dir, dir + "/a.json");
  };
  REQUIRE_THROWS_WITH(data::CocoDetection(dir, dir + "/none.json"), Contains("none.json"));
  REQUIRE_THROWS_WITH(coco("{\"images\": [ {\"id\": 1,"), Contains("a.json") && Contains("not valid JSON"));
  REQUIRE_THROWS_WITH(coco("{\"annotations\": []}"), Contains("no 'images' list"));
  REQUIRE_THROWS_WITH(coco(R"({"images": [{"id": 1, "file_name": "x.jpg", "height": 4}]})"),
                      Contains("images[0]") && Contains("'width'"));
  REQUIRE_THROWS_WITH(coco(R"({"images": [{"id": "one", "file_name": "x.jpg", "height": 4, "width": 4}]})"),
                      Contains("'id' has the wrong type"));
  const std::string image = R"({"id": 1, "file_name": "x.jpg", "height": 4, "width": 4})";
  REQUIRE_THROWS_WITH(coco(R"({"images": [)" + image + R"(], "annotations": [{"image_id": 2, "category_id": 1, "bbox": [0,0,1,1]}]})"),
                      Contains("annotations[0]") && Contains("image id 2"));
  REQUIRE_THROWS_WITH(coco(R"({"images": [)" + image + R"(], "annotations": [{"image_id": 1, "category_id": 1, "bbox": [0,0,1]}]})"),
                      Contains("bbox"));
  REQUIRE_THROWS_WITH(coco(R"({"images": [)" + image +
                           R"(], "annotations": [{"image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "segmentation": {"counts": [1, 2], "size": [5, 4]}}]})"),
                      Contains("RLE size"));
  // errors inside masks surface when the target is built
  data::CocoDetection bad_rle = coco(R"({"images": [)" + image +
                                     R"(], "annotations": [{"image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "segmentation": {"counts": [10, 20], "size": [4, 4]}}]})");
  REQUIRE_THROWS_WITH(bad_rle.target(0), Contains("image id 1") && Contains("more than the 4x4"));
  REQUIRE_THROWS_WITH(bad_rle.get(0), Contains("x.jpg") && Contains("cannot open"));
}

TEST_CASE("a dataset saved as one .npz loads back bit-exact, and NumPy reads it") {
  std::string dir = testing::temp_dir();
  manual_seed(3);
  auto ds = std::make_shared<data::TensorDataset>(
      std::vector<Tensor>{randint(0, 256, {10, 4, 5}, kUInt8), arange(10), randn({10, 3}, kFloat64)});
  data::save_dataset(*ds, dir + "/ds.npz");
  auto back = data::load_dataset(dir + "/ds.npz");
  REQUIRE(back->tensors().size() == 3);
  for (size_t k = 0; k < 3; ++k) REQUIRE_EQUAL(back->tensors()[k], ds->tensors()[k]);

  std::string py = testing::python_with_numpy();
  if (py.empty()) return;
  // NumPy reads ember's archive, and writes one (compressed) that ember reads
  std::string script = "import numpy as np; a = np.load('" + dir + "/ds.npz'); "
                       "assert a['arr_0'].shape == (10, 4, 5) and a['arr_0'].dtype == np.uint8; "
                       "assert list(a['arr_1']) == list(range(10)); "
                       "np.savez_compressed('" + dir + "/np.npz', a['arr_2'] * 2, a['arr_0'])";
  REQUIRE(std::system((py + " -c \"" + script + "\"").c_str()) == 0);
  data::NamedTensors arrays = data::load_npz(dir + "/np.npz");
  REQUIRE(arrays.size() == 2);
  REQUIRE(arrays[0].first == "arr_0");
  REQUIRE_EQUAL(arrays[0].second, ds->tensors()[2].mul(2));
  REQUIRE_EQUAL(arrays[1].second, ds->tensors()[0]);
}

TEST_CASE("bad .npz archives give errors naming the file") {
  std::string dir = testing::temp_dir();
  data::save_npz(dir + "/ok.npz", {{"x", arange(100)}});
  std::string bytes = testing::read_bytes(dir + "/ok.npz");
  testing::write_bytes(dir + "/text.npz", "not a zip file, just some text that is long enough");
  REQUIRE_THROWS_WITH(data::load_npz(dir + "/text.npz"), Contains("text.npz") && Contains("not a zip archive"));
  testing::write_bytes(dir + "/cut.npz", bytes.substr(0, bytes.size() - 30));
  REQUIRE_THROWS_WITH(data::load_npz(dir + "/cut.npz"), Contains("cut.npz"));
  std::string flipped = bytes;
  flipped[120] = static_cast<char>(flipped[120] ^ 0x55);  // a data byte: the CRC catches it
  testing::write_bytes(dir + "/crc.npz", flipped);
  REQUIRE_THROWS_WITH(data::load_npz(dir + "/crc.npz"), Contains("CRC"));
  REQUIRE_THROWS_WITH(data::load_dataset(dir + "/missing.npz"), Contains("missing.npz"));
}

TEST_CASE("ImageFolder and a label-file dataset load images with labels") {
  std::string dir = testing::temp_dir();
  fs::create_directories(dir + "/root/cat");
  fs::create_directories(dir + "/root/dog/more");
  data::save_image(test_image(4, 4), dir + "/root/cat/b.png");
  data::save_image(test_image(4, 4).flip({0}), dir + "/root/cat/a.png");
  data::save_image(test_image(3, 5), dir + "/root/dog/more/c.bmp");
  testing::write_bytes(dir + "/root/dog/notes.txt", "not an image");
  data::ImageFolder folder(dir + "/root");
  REQUIRE(folder.classes() == std::vector<std::string>{"cat", "dog"});
  REQUIRE(folder.size() == 3);
  REQUIRE(folder.samples()[0].first.ends_with("cat/a.png"));
  REQUIRE_EQUAL(folder.get(0)[0].tensor(), test_image(4, 4).flip({0}));
  REQUIRE(folder.get(2)[1].to_int() == 1);
  REQUIRE(folder.class_to_idx().at("dog") == 1);

  testing::write_bytes(dir + "/labels.txt", "# name label\nb.png 3\n\na.png 0\n");
  data::ImageLabelDataset labeled(dir + "/root/cat", dir + "/labels.txt",
                                  {.transform = data::transforms::ToTensor()});
  REQUIRE(labeled.size() == 2);
  REQUIRE(labeled.get(0)[1].to_int() == 3);
  REQUIRE(labeled.get(0)[0].tensor().sizes() == IntArrayRef{3, 4, 4});

  testing::write_bytes(dir + "/bad1.txt", "b.png 3\nzebra.png 1\n");
  REQUIRE_THROWS_WITH(data::ImageLabelDataset(dir + "/root/cat", dir + "/bad1.txt"),
                      Contains("bad1.txt' line 2") && Contains("zebra.png"));
  testing::write_bytes(dir + "/bad2.txt", "b.png three\n");
  REQUIRE_THROWS_WITH(data::ImageLabelDataset(dir + "/root/cat", dir + "/bad2.txt"), Contains("not an integer"));
  testing::write_bytes(dir + "/bad3.txt", "b.png\n");
  REQUIRE_THROWS_WITH(data::ImageLabelDataset(dir + "/root/cat", dir + "/bad3.txt"), Contains("<file name> <label>"));
  REQUIRE_THROWS_WITH(data::ImageLabelDataset(dir, dir + "/nope.txt"), Contains("nope.txt"));
  REQUIRE_THROWS_WITH(data::ImageFolder(dir + "/nothing"), Contains("not a directory"));
}
