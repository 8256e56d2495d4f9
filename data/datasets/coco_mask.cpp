// coco_mask.cpp — pycocotools' maskApi.c decoders, with bounds checks for
// hostile input (pycocotools trusts its input).
#include "data/datasets/coco_mask.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/ops_creation.h"

namespace ember::data {

Tensor decode_rle(const std::vector<int64_t>& counts, int64_t h, int64_t w) {
  EMBER_CHECK(h >= 0 && w >= 0, "decode_rle", "size must be non-negative, got (", h, ", ", w, ")");
  Tensor column_major = zeros({w, h}, kUInt8);  // (x, y): the RLE's walking order
  uint8_t* m = column_major.data_ptr<uint8_t>();
  int64_t pos = 0, total = h * w;
  for (size_t k = 0; k < counts.size(); ++k) {
    EMBER_CHECK(counts[k] >= 0, "decode_rle", "run ", k, " has negative length ", counts[k]);
    EMBER_CHECK(counts[k] <= total - pos, "decode_rle", "the runs cover more than the ", h, "x", w, " image");
    if (k % 2 == 1) std::fill(m + pos, m + pos + counts[k], uint8_t{1});
    pos += counts[k];
  }
  return column_major.t().contiguous();
}

std::vector<int64_t> rle_counts_from_string(const std::string& s) {
  std::vector<int64_t> counts;
  size_t p = 0;
  while (p < s.size()) {
    int64_t x = 0;
    int k = 0;
    bool more = true;
    while (more) {
      EMBER_CHECK(p < s.size(), "rle_counts_from_string", "the RLE string ends inside a run");
      EMBER_CHECK(k < 7, "rle_counts_from_string", "a run of the RLE string is too long");
      int c = static_cast<unsigned char>(s[p]) - 48;
      EMBER_CHECK(c >= 0 && c < 64, "rle_counts_from_string", "invalid character '", s[p], "' in the RLE string");
      x |= static_cast<int64_t>(c & 0x1f) << (5 * k);
      more = (c & 0x20) != 0;
      ++p;
      ++k;
      if (!more && (c & 0x10)) x |= -(int64_t{1} << (5 * k));  // sign-extend
    }
    if (counts.size() > 2) x += counts[counts.size() - 2];  // stored as the difference from the run two back
    counts.push_back(x);
  }
  return counts;
}

namespace {
// pycocotools' rleFrPoly, returning run lengths.
std::vector<int64_t> polygon_counts(const std::vector<double>& xy, int64_t h, int64_t w) {
  const double scale = 5;
  size_t k = xy.size() / 2;
  // upsample the vertices and walk the outline densely
  std::vector<int64_t> x(k + 1), y(k + 1);
  for (size_t j = 0; j < k; ++j) x[j] = static_cast<int64_t>(scale * xy[2 * j] + .5);
  for (size_t j = 0; j < k; ++j) y[j] = static_cast<int64_t>(scale * xy[2 * j + 1] + .5);
  x[k] = x[0];
  y[k] = y[0];
  std::vector<int64_t> u, v;
  for (size_t j = 0; j < k; ++j) {
    int64_t xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
    int64_t dx = std::llabs(xe - xs), dy = std::llabs(ys - ye);
    bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) std::swap(xs, xe), std::swap(ys, ye);
    double s = dx >= dy ? static_cast<double>(ye - ys) / static_cast<double>(dx)
                        : static_cast<double>(xe - xs) / static_cast<double>(dy);
    if (dx >= dy) {
      for (int64_t d = 0; d <= dx; ++d) {
        int64_t t = flip ? dx - d : d;
        u.push_back(t + xs);
        v.push_back(static_cast<int64_t>(static_cast<double>(ys) + s * static_cast<double>(t) + .5));
      }
    } else {
      for (int64_t d = 0; d <= dy; ++d) {
        int64_t t = flip ? dy - d : d;
        v.push_back(t + ys);
        u.push_back(static_cast<int64_t>(static_cast<double>(xs) + s * static_cast<double>(t) + .5));
      }
    }
  }
  // where the outline crosses a pixel column's centre, downsampled: (x, y boundary)
  std::vector<int64_t> a;
  for (size_t j = 1; j < u.size(); ++j) {
    if (u[j] == u[j - 1]) continue;
    double xd = static_cast<double>(u[j] < u[j - 1] ? u[j] : u[j] - 1);
    xd = (xd + .5) / scale - .5;
    if (std::floor(xd) != xd || xd < 0 || xd > static_cast<double>(w - 1)) continue;
    double yd = static_cast<double>(v[j] < v[j - 1] ? v[j] : v[j - 1]);
    yd = (yd + .5) / scale - .5;
    yd = std::ceil(std::clamp(yd, 0.0, static_cast<double>(h)));
    a.push_back(static_cast<int64_t>(xd) * h + static_cast<int64_t>(yd));
  }
  // the sorted crossings toggle the mask along the column-major walk
  a.push_back(h * w);
  std::sort(a.begin(), a.end());
  int64_t prev = 0;
  for (int64_t& t : a) {
    int64_t value = t;
    t -= prev;
    prev = value;
  }
  std::vector<int64_t> counts;
  size_t j = 0;
  counts.push_back(a[j++]);
  while (j < a.size()) {
    if (a[j] > 0) {
      counts.push_back(a[j++]);
    } else {  // an empty run merges its neighbours
      ++j;
      if (j < a.size()) counts.back() += a[j++];
    }
  }
  return counts;
}
}  // namespace

Tensor mask_from_polygons(const std::vector<std::vector<double>>& polygons, int64_t h, int64_t w) {
  EMBER_CHECK(h > 0 && w > 0, "mask_from_polygons", "size must be positive, got (", h, ", ", w, ")");
  Tensor mask = zeros({h, w}, kUInt8);
  for (const auto& poly : polygons) {
    EMBER_CHECK(poly.size() >= 6 && poly.size() % 2 == 0, "mask_from_polygons",
                "a polygon needs at least 3 (x, y) points, got ", poly.size(), " numbers");
    // the outline walk is 5 points per pixel of length: keep it near the image
    double limit = 2.0 * static_cast<double>(std::max(h, w));
    for (double c : poly)
      EMBER_CHECK(std::isfinite(c) && c >= -limit && c <= limit, "mask_from_polygons", "coordinate ", c,
                  " is far outside the ", h, "x", w, " image");
    mask = mask.bitwise_or(decode_rle(polygon_counts(poly, h, w), h, w));
  }
  return mask;
}

}  // namespace ember::data
