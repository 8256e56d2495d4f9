// distance.cpp — CosineSimilarity and PairwiseDistance (see distance.h).
#include "nn/modules/distance.h"

#include "nn/functional_misc.h"

namespace ember::nn {

Tensor CosineSimilarity::forward(const Tensor& x1, const Tensor& x2) {
  return functional::cosine_similarity(x1, x2, dim, eps);
}

Tensor PairwiseDistance::forward(const Tensor& x1, const Tensor& x2) {
  return functional::pairwise_distance(x1, x2, p, eps, keepdim);
}

}  // namespace ember::nn
