// image_folder.cpp — ImageFolder and ImageLabelDataset.
#include "data/datasets/image_folder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ember::data {

namespace fs = std::filesystem;

namespace {
bool has_extension(const fs::path& p, const std::vector<std::string>& extensions) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

Sample load_sample(const std::string& path, int64_t label, const ImageFolderOptions& options) {
  Tensor image = load_image(path, options.mode);
  if (options.transform) image = options.transform(image);
  return Sample::list({image, label});
}
}  // namespace

ImageFolder::ImageFolder(const std::string& root, ImageFolderOptions options) : options_(std::move(options)) {
  std::error_code ec;
  EMBER_CHECK(fs::is_directory(root, ec), "ImageFolder", "'", root, "' is not a directory");
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory()) classes_.push_back(entry.path().filename().string());
  std::sort(classes_.begin(), classes_.end());
  EMBER_CHECK(!classes_.empty(), "ImageFolder", "couldn't find any class folder in '", root, "'");
  for (size_t c = 0; c < classes_.size(); ++c) {
    class_to_idx_[classes_[c]] = static_cast<int64_t>(c);
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(root) / classes_[c]))
      if (entry.is_regular_file() && has_extension(entry.path(), options_.extensions)) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (std::string& f : files) samples_.emplace_back(std::move(f), static_cast<int64_t>(c));
  }
  EMBER_CHECK(!samples_.empty(), "ImageFolder", "found no image files in the class folders of '", root, "'");
}

Sample ImageFolder::get(int64_t index) const {
  check_index("ImageFolder", index, size());
  const auto& [path, label] = samples_[static_cast<size_t>(index)];
  return load_sample(path, label, options_);
}

ImageLabelDataset::ImageLabelDataset(const std::string& image_dir, const std::string& label_file,
                                     ImageFolderOptions options)
    : options_(std::move(options)) {
  std::ifstream f(label_file);
  EMBER_CHECK(f.good(), "ImageLabelDataset", "cannot open label file '", label_file, "'");
  std::string line;
  for (int64_t number = 1; std::getline(f, line); ++number) {
    std::istringstream fields(line);
    std::string name, label_text, rest;
    if (!(fields >> name) || name[0] == '#') continue;
    EMBER_CHECK(static_cast<bool>(fields >> label_text) && !(fields >> rest), "ImageLabelDataset", "'", label_file,
                "' line ", number, " should be '<file name> <label>', got '", line, "'");
    size_t used = 0;
    int64_t label = 0;
    try {
      label = std::stoll(label_text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    EMBER_CHECK(used == label_text.size(), "ImageLabelDataset", "'", label_file, "' line ", number,
                ": the label '", label_text, "' is not an integer");
    fs::path path = fs::path(image_dir) / name;
    EMBER_CHECK(fs::is_regular_file(path), "ImageLabelDataset", "'", label_file, "' line ", number, " names '", name,
                "', which is not in '", image_dir, "'");
    samples_.emplace_back(path.string(), label);
  }
}

Sample ImageLabelDataset::get(int64_t index) const {
  check_index("ImageLabelDataset", index, size());
  const auto& [path, label] = samples_[static_cast<size_t>(index)];
  return load_sample(path, label, options_);
}

}  // namespace ember::data
