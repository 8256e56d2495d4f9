// coco.cpp — COCO JSON (nlohmann::json) to per-image detection targets.
#include "data/datasets/coco.h"

#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/ops_creation.h"
#include "core/ops_shape.h"
#include "data/datasets/coco_mask.h"

namespace ember::data {

using json = nlohmann::json;

struct CocoDetection::Entry {
  struct Annotation {
    int64_t category_id = 0;
    float box[4] = {0, 0, 0, 0};  // xyxy
    double area = 0;
    int64_t iscrowd = 0;
    std::vector<std::vector<double>> polygons;  // or
    std::vector<int64_t> rle;                   // run lengths
    bool is_rle = false;
  };
  int64_t id = 0;
  std::string file_name;
  int64_t height = 0, width = 0;
  std::vector<Annotation> annotations;
};

namespace {

// Reads field `key` of `obj` as T; errors say which entry of which file.
template <class T>
T field(const json& obj, const char* key, const std::string& where) {
  EMBER_CHECK(obj.is_object() && obj.contains(key), "CocoDetection", where, " has no '", key, "'");
  try {
    return obj.at(key).get<T>();
  } catch (const json::exception& e) {
    EMBER_FAIL("CocoDetection", where, ": '", key, "' has the wrong type (", e.what(), ")");
  }
}

}  // namespace

CocoDetection::CocoDetection(const std::string& image_root, const std::string& annotation_file, CocoOptions options)
    : image_root_(image_root), options_(std::move(options)) {
  std::ifstream f(annotation_file);
  EMBER_CHECK(f.good(), "CocoDetection", "cannot open '", annotation_file, "'");
  json doc;
  try {
    doc = json::parse(f);
  } catch (const json::exception& e) {
    EMBER_FAIL("CocoDetection", "'", annotation_file, "' is not valid JSON: ", e.what());
  }
  const std::string file = "'" + annotation_file + "'";
  EMBER_CHECK(doc.is_object() && doc.contains("images") && doc["images"].is_array(), "CocoDetection", file,
              " has no 'images' list");
  std::map<int64_t, size_t> by_id;
  for (size_t i = 0; i < doc["images"].size(); ++i) {
    const json& img = doc["images"][i];
    std::string where = file + " images[" + std::to_string(i) + "]";
    Entry e;
    e.id = field<int64_t>(img, "id", where);
    e.file_name = field<std::string>(img, "file_name", where);
    e.height = field<int64_t>(img, "height", where);
    e.width = field<int64_t>(img, "width", where);
    EMBER_CHECK(e.height > 0 && e.width > 0 && e.height <= 65536 && e.width <= 65536, "CocoDetection", where,
                " has an invalid size ", e.height, "x", e.width);
    EMBER_CHECK(by_id.emplace(e.id, entries_.size()).second, "CocoDetection", where, " repeats image id ", e.id);
    entries_.push_back(std::move(e));
  }
  if (doc.contains("categories")) {
    EMBER_CHECK(doc["categories"].is_array(), "CocoDetection", file, ": 'categories' is not a list");
    for (size_t i = 0; i < doc["categories"].size(); ++i) {
      const json& c = doc["categories"][i];
      std::string where = file + " categories[" + std::to_string(i) + "]";
      CocoCategory cat{field<int64_t>(c, "id", where), field<std::string>(c, "name", where), ""};
      if (c.contains("supercategory") && c["supercategory"].is_string()) cat.supercategory = c["supercategory"];
      categories_.push_back(std::move(cat));
    }
  }
  const json empty_list = json::array();
  const json& anns = doc.contains("annotations") ? doc["annotations"] : empty_list;
  EMBER_CHECK(anns.is_array(), "CocoDetection", file, ": 'annotations' is not a list");
  for (size_t i = 0; i < anns.size(); ++i) {
    const json& a = anns[i];
    std::string where = file + " annotations[" + std::to_string(i) + "]";
    int64_t image_id = field<int64_t>(a, "image_id", where);
    auto it = by_id.find(image_id);
    EMBER_CHECK(it != by_id.end(), "CocoDetection", where, " refers to image id ", image_id, ", which is not in 'images'");
    Entry& e = entries_[it->second];
    Entry::Annotation ann;
    ann.category_id = field<int64_t>(a, "category_id", where);
    auto bbox = field<std::vector<double>>(a, "bbox", where);
    EMBER_CHECK(bbox.size() == 4, "CocoDetection", where, " 'bbox' should be [x, y, width, height], got ", bbox.size(), " numbers");
    float x = static_cast<float>(bbox[0]), y = static_cast<float>(bbox[1]);
    ann.box[0] = x, ann.box[1] = y, ann.box[2] = x + static_cast<float>(bbox[2]), ann.box[3] = y + static_cast<float>(bbox[3]);
    ann.area = a.contains("area") ? field<double>(a, "area", where) : bbox[2] * bbox[3];
    ann.iscrowd = a.contains("iscrowd") ? field<int64_t>(a, "iscrowd", where) : 0;
    if (a.contains("segmentation")) {
      const json& seg = a["segmentation"];
      if (seg.is_array()) {  // polygons
        ann.polygons = field<std::vector<std::vector<double>>>(a, "segmentation", where);
      } else {  // RLE: {"counts": [..] or "...", "size": [h, w]}
        auto size = field<std::vector<int64_t>>(seg, "size", where + " segmentation");
        EMBER_CHECK(size.size() == 2 && size[0] == e.height && size[1] == e.width, "CocoDetection", where,
                    ": the RLE size does not match the image's ", e.height, "x", e.width);
        EMBER_CHECK(seg.contains("counts"), "CocoDetection", where, " segmentation has no 'counts'");
        ann.is_rle = true;
        try {
          ann.rle = seg["counts"].is_string() ? rle_counts_from_string(seg["counts"].get<std::string>())
                                              : seg["counts"].get<std::vector<int64_t>>();
        } catch (const std::exception& ex) {
          EMBER_FAIL("CocoDetection", where, ": bad RLE counts: ", ex.what());
        }
      }
    }
    e.annotations.push_back(std::move(ann));
    ++num_annotations_;
  }
}

CocoDetection::~CocoDetection() = default;

int64_t CocoDetection::size() const { return static_cast<int64_t>(entries_.size()); }

std::string CocoDetection::image_path(int64_t index) const {
  check_index("CocoDetection", index, size());
  return (std::filesystem::path(image_root_) / entries_[static_cast<size_t>(index)].file_name).string();
}

Sample CocoDetection::target(int64_t index) const {
  check_index("CocoDetection", index, size());
  const Entry& e = entries_[static_cast<size_t>(index)];
  int64_t n = static_cast<int64_t>(e.annotations.size());
  std::vector<float> boxes, areas;
  std::vector<int64_t> labels, crowd;
  TensorList masks;
  for (const auto& a : e.annotations) {
    boxes.insert(boxes.end(), a.box, a.box + 4);
    labels.push_back(a.category_id);
    areas.push_back(static_cast<float>(a.area));
    crowd.push_back(a.iscrowd);
    if (!options_.load_masks) continue;
    try {
      masks.push_back(a.is_rle ? decode_rle(a.rle, e.height, e.width) : mask_from_polygons(a.polygons, e.height, e.width));
    } catch (const Error& ex) {
      EMBER_FAIL("CocoDetection", "image id ", e.id, " annotation ", masks.size(), ": ", ex.what());
    }
  }
  Sample::Dict t;
  t["image_id"] = e.id;
  t["boxes"] = tensor(boxes, {n, 4});
  t["labels"] = tensor(labels, {n});
  t["area"] = tensor(areas, {n});
  t["iscrowd"] = tensor(crowd, {n});
  if (options_.load_masks) t["masks"] = n > 0 ? stack(masks) : zeros({0, e.height, e.width}, kUInt8);
  return Sample(std::move(t));
}

Sample CocoDetection::get(int64_t index) const {
  Tensor image = load_image(image_path(index), ImageReadMode::RGB);
  Sample t = target(index);
  if (options_.transforms) {
    transforms::Detection d{image, t["boxes"].tensor(), t["labels"].tensor(),
                            options_.load_masks ? t["masks"].tensor() : Tensor()};
    d = options_.transforms(d);
    image = d.image;
    t.dict()["boxes"] = d.boxes;
    t.dict()["labels"] = d.labels;
    if (options_.load_masks) t.dict()["masks"] = d.masks;
  }
  return Sample::list({image, t});
}

}  // namespace ember::data
