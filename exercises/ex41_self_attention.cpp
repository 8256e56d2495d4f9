// Exercise 41 — a self-attention layer.
//
// Q, K, V are three linear maps of the same input; the output is
//   softmax(Q K^T / sqrt(d)) V.
// The check recomputes the attention by hand (row by row), confirms every
// row of weights sums to 1, and that with a causal mask no position attends
// to a later one (changing a later input leaves earlier outputs unchanged).
#include <cmath>

#include "ember.h"
#include "exercise.h"

using ember::Tensor;
namespace F = ember::nn::functional;

struct SelfAttention : ember::nn::Module {
  std::shared_ptr<ember::nn::Linear> q, k, v;
  explicit SelfAttention(int64_t dim) : ember::nn::Module("SelfAttention") {
    q = register_module("q", std::make_shared<ember::nn::Linear>(dim, dim));
    k = register_module("k", std::make_shared<ember::nn::Linear>(dim, dim));
    v = register_module("v", std::make_shared<ember::nn::Linear>(dim, dim));
  }
  Tensor forward(const Tensor& x, bool causal) {
    return F::scaled_dot_product_attention(q->forward(x), k->forward(x), v->forward(x), {}, 0.0, causal);
  }
  Tensor weights(const Tensor& x) { return F::attention_weights(q->forward(x), k->forward(x)); }
};

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(41);

  int64_t batch = 2, seq = 5, dim = 8;
  auto attn = std::make_shared<SelfAttention>(dim);
  attn->to(ember::kFloat64);
  Tensor x = ember::randn({batch, seq, dim}, ember::kFloat64);
  Tensor out = attn->forward(x, false);
  Tensor w = attn->weights(x);
  std::cout << "attention weights of sequence 0:\n" << w.select(0, 0) << "\n";
  checker.check(w.sum({-1}).allclose(ember::ones({batch, seq}, ember::kFloat64)), "each row of weights sums to 1");

  // by hand: out[b, i] = sum_j softmax_j(q_i . k_j / sqrt(d)) v_j
  Tensor Q = attn->q->forward(x), K = attn->k->forward(x), V = attn->v->forward(x);
  double max_err = 0;
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < seq; ++i) {
      std::vector<double> scores(seq);
      double m = -1e300, total = 0;
      for (int64_t j = 0; j < seq; ++j) {
        scores[j] = Q.index({b, i}).dot(K.index({b, j})).item<double>() / std::sqrt(static_cast<double>(dim));
        m = std::max(m, scores[j]);
      }
      Tensor row = ember::zeros({dim}, ember::kFloat64);
      for (int64_t j = 0; j < seq; ++j) total += std::exp(scores[j] - m);
      for (int64_t j = 0; j < seq; ++j) row = row + V.index({b, j}) * (std::exp(scores[j] - m) / total);
      max_err = std::max(max_err, (row - out.index({b, i})).abs().max().item<double>());
    }
  checker.check(max_err < 1e-12, "matches the hand computation");

  Tensor causal = attn->forward(x, true);
  Tensor changed = x.clone();
  changed.index_put_({ember::indexing::Slice(), seq - 1}, ember::zeros({batch, dim}, ember::kFloat64));
  Tensor causal2 = attn->forward(changed, true);
  checker.check(causal.narrow(1, 0, seq - 1).equal(causal2.narrow(1, 0, seq - 1)),
                "with the causal mask, changing the last token leaves earlier outputs unchanged");
  checker.check(!out.narrow(1, 0, seq - 1).allclose(attn->forward(changed, false).narrow(1, 0, seq - 1)),
                "without the mask, earlier outputs do see the last token");
  return checker.exit_code();
}
