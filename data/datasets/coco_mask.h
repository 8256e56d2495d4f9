// coco_mask.h — COCO's instance masks (pycocotools.mask): polygons and
// run-length encodings to (H, W) uint8 masks.
//
// An RLE walks the image in column-major order (down each column, then
// the next column) and lists alternating run lengths of 0s and 1s, starting
// with 0s. The compressed form packs the runs into a string: each run
// (after the second, as the difference from the run two back) in 5-bit
// groups, low bits first, each group + 48 as a character, with bit 0x20
// meaning "more groups follow" and bit 0x10 in the last group the sign.
// Polygons are rasterized as pycocotools does (rleFrPoly): the outline is
// upsampled 5x, walked, and each column takes the pixels whose centres are
// inside.
//
// Left out: encoding masks to RLE, and mask IoU / merge operations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ember::data {

/// An (h, w) uint8 mask from run lengths (they must not pass h * w).
Tensor decode_rle(const std::vector<int64_t>& counts, int64_t h, int64_t w);
/// The run lengths of a compressed RLE string.
std::vector<int64_t> rle_counts_from_string(const std::string& s);
/// The union of polygons, each {x0, y0, x1, y1, ...} in pixels.
Tensor mask_from_polygons(const std::vector<std::vector<double>>& polygons, int64_t h, int64_t w);

}  // namespace ember::data
