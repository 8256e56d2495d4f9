// image_folder.h — datasets of image files: ImageFolder (one sub-folder per
// class, torchvision.datasets.ImageFolder) and ImageLabelDataset (an image
// folder plus a text file of "<file name> <label>" lines, exercise 11).
//
// Images are decoded on get() (load_image), so a loader's workers decode in
// parallel. Every file is checked to exist when the dataset is made: a
// label file naming a missing image fails then, naming the line.
//
// Left out: is_valid_file filters and loaders other than stb.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "data/dataset.h"
#include "data/image_io.h"
#include "data/transforms/transforms.h"

namespace ember::data {

struct ImageFolderOptions {
  transforms::TransformFn transform = nullptr;  // applied to each (H, W, C) uint8 image
  ImageReadMode mode = ImageReadMode::RGB;      // PIL's convert("RGB") by default, as torchvision
  std::vector<std::string> extensions = {".jpg", ".jpeg", ".png", ".bmp", ".tga", ".gif", ".ppm", ".pgm"};
};

/// root/<class>/**/<image>: classes are the sub-folder names sorted, label
/// = class index; files are taken in sorted order (extensions matched
/// without case).
class ImageFolder : public Dataset {
 public:
  explicit ImageFolder(const std::string& root, ImageFolderOptions options = {});
  int64_t size() const override { return static_cast<int64_t>(samples_.size()); }
  Sample get(int64_t index) const override;
  const std::vector<std::string>& classes() const { return classes_; }
  const std::map<std::string, int64_t>& class_to_idx() const { return class_to_idx_; }
  /// (path, label) of every sample.
  const std::vector<std::pair<std::string, int64_t>>& samples() const { return samples_; }

 private:
  std::vector<std::string> classes_;
  std::map<std::string, int64_t> class_to_idx_;
  std::vector<std::pair<std::string, int64_t>> samples_;
  ImageFolderOptions options_;
};

/// Images in image_dir named by a label file, one "<file name> <integer
/// label>" per line (blank lines and lines starting with # are skipped).
class ImageLabelDataset : public Dataset {
 public:
  ImageLabelDataset(const std::string& image_dir, const std::string& label_file, ImageFolderOptions options = {});
  int64_t size() const override { return static_cast<int64_t>(samples_.size()); }
  Sample get(int64_t index) const override;
  const std::vector<std::pair<std::string, int64_t>>& samples() const { return samples_; }

 private:
  std::vector<std::pair<std::string, int64_t>> samples_;
  ImageFolderOptions options_;
};

}  // namespace ember::data
