// test_layers2_distance.cpp — CosineSimilarity and PairwiseDistance layers
// against torch 1.13 (values and gradients, fixtures from
// tests/fixtures/make_nn_layers_fixtures.py).
#include "layers_case.h"

using namespace ember;
using testing::check_layers_case;

TEST_CASE("distance layers match torch", "[nn][layers]") {
  nn::CosineSimilarity cosine(1, 1e-6);
  check_layers_case("cosine_similarity", {"x1", "x2"}, [&](const TensorList& t) { return cosine(t[0], t[1]); });
  nn::PairwiseDistance distance(1.5, 1e-6, true);
  check_layers_case("pairwise_distance", {"x1", "x2"}, [&](const TensorList& t) { return distance(t[0], t[1]); });
}
