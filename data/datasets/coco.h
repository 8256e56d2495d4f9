// coco.h — COCO instance annotations as a detection dataset
// (torchvision.datasets.CocoDetection plus the reference scripts'
// conversion of the annotations into tensors).
//
// Sample i is (image, target): the image decoded from image_root/file_name
// as (H, W, 3) uint8, and a dict
//   image_id  int
//   boxes     (N, 4) float32, xyxy in pixels (COCO's [x, y, w, h] -> [x, y, x + w, y + h])
//   labels    (N) int64 category ids, as in the file
//   area      (N) float32, as in the file
//   iscrowd   (N) int64
//   masks     (N, H, W) uint8, from polygons or RLE (uncompressed or
//             compressed), when load_masks
// The whole file is checked when the dataset is made: malformed JSON, a
// missing field, a wrong type or an annotation of an unknown image is an
// ember::Error naming the file and the entry.
//
// With `transforms`, image, boxes, labels and masks move together; area
// and iscrowd stay those of the file (a crop that drops boxes leaves them
// longer than boxes).
//
// Left out: keypoints, captions, panoptic annotations, and dropping
// degenerate boxes (the targets keep every annotation of the file).
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/image_io.h"
#include "data/transforms/detection.h"

namespace ember::data {

struct CocoCategory {
  int64_t id = 0;
  std::string name;
  std::string supercategory;
};

struct CocoOptions {
  transforms::DetectionTransformFn transforms = nullptr;  // moves image, boxes and masks together
  bool load_masks = true;
};

class CocoDetection : public Dataset {
 public:
  CocoDetection(const std::string& image_root, const std::string& annotation_file, CocoOptions options = {});
  ~CocoDetection() override;
  int64_t size() const override;
  Sample get(int64_t index) const override;
  /// The target dict of image `index`, without decoding the image.
  Sample target(int64_t index) const;
  std::string image_path(int64_t index) const;
  const std::vector<CocoCategory>& categories() const { return categories_; }
  int64_t num_annotations() const { return num_annotations_; }

 private:
  struct Entry;
  std::string image_root_;
  std::vector<Entry> entries_;
  std::vector<CocoCategory> categories_;
  int64_t num_annotations_ = 0;
  CocoOptions options_;
};

}  // namespace ember::data
