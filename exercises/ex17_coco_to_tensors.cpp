// Exercise 17 — a COCO-format dataset as tensors.
//
// The real COCO-format file is labelme's example output
// (/usr/share/doc/labelme-examples/..., installed by setup.sh; GPL, read in
// place). data::CocoDetection turns each image's annotations into target
// tensors: boxes (xyxy), labels, area, iscrowd and masks rasterized from
// the polygons. A collate_fn keeps the per-image targets as a list, since
// images hold different numbers of objects.
#include "ember.h"
#include "exercise.h"

using namespace ember;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  const std::string root = "/usr/share/doc/labelme-examples/examples/instance_segmentation/data_dataset_coco";
  auto coco_dataset = std::make_shared<data::CocoDetection>(root, root + "/annotations.json");
  std::cout << "Number of images: " << coco_dataset->size() << "\n";
  data::Sample sample = coco_dataset->get(0);
  std::cout << "Sample image: " << shape_str(sample[0].tensor().sizes()) << "\nSample target: " << sample[1] << "\n";
  std::cout << "boxes:\n" << sample[1]["boxes"].tensor() << "\n";

  auto keep_list = [](std::vector<data::Sample> samples) { return data::Sample(data::Sample::List(samples.begin(), samples.end())); };
  data::DataLoader loader(coco_dataset, {.batch_size = 2, .collate_fn = keep_list});
  int64_t annotations = 0, images = 0;
  bool masks_match = true;
  for (const data::Sample& batch : loader)
    for (const data::Sample& s : batch.list()) {
      Tensor boxes = s[1]["boxes"].tensor(), masks = s[1]["masks"].tensor();
      annotations += boxes.size(0);
      ++images;
      for (int64_t k = 0; k < boxes.size(0); ++k) {  // each mask lies in its box (within 2 px)
        Tensor ys = masks[k].any(1).nonzero(), xs = masks[k].any(0).nonzero();
        masks_match &= std::abs(xs.min().item<double>() - boxes.index({k, 0}).item<double>()) <= 2 &&
                       std::abs(ys.max().item<double>() + 1 - boxes.index({k, 3}).item<double>()) <= 2;
      }
    }
  std::cout << images << " images, " << annotations << " annotations, " << coco_dataset->categories().size()
            << " categories\n";
  checker.check(images == 3 && annotations == 12, "3 images with 12 annotations, as in the file");
  checker.check(coco_dataset->categories().size() == 21, "21 categories");
  checker.check(sample[1]["boxes"].tensor()[0].equal(tensor<float>({191, 107, 314, 328})),
                "COCO's [x, y, w, h] = [191, 107, 123, 221] becomes xyxy [191, 107, 314, 328]");
  checker.check(masks_match, "every polygon mask fills its box");
  return checker.exit_code();
}
