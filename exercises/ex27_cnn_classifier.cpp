// Exercise 27 — a CNN for CIFAR-10-style image classification.
//
// The seed's CNN (two conv blocks, max-pooling, two Linear layers) is
// models::SmallCNN. Two runs show it:
//  1. real images: Fashion-MNIST (Debian's dataset-fashion-mnist), 1x28x28,
//     10 classes, trained with Adam and cross-entropy in shuffled batches.
//     --quick: 15000 training images, 1 epoch, test on 1000, bar 80%;
//     full: all 60000, 3 epochs, the 10000 test images, bar 90%.
//  2. CIFAR-shaped input: SmallCNN{.in_channels = 3, .image_size = 32} on
//     synthetic 3x32x32 images whose class sets a colour (5 colours) and a
//     stripe direction (horizontal/vertical), with a random stripe phase and
//     pixel noise as strong as the signal (std 1). The shapes are printed
//     layer by layer, and the net must learn it (test accuracy over 90%).
#include <chrono>
#include <cstdio>
#include <numbers>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

double evaluate(nn::Module& model, const Tensor& x, const Tensor& y) {
  NoGradGuard no_grad;
  model.eval();
  std::vector<Tensor> parts;
  for (int64_t i = 0; i < x.size(0); i += 500)
    parts.push_back(model.forward(x.narrow(0, i, std::min<int64_t>(500, x.size(0) - i))));
  model.train();
  return train::accuracy(cat(parts, 0), y);
}

// Trains for `epochs`; returns the test accuracy.
double fit(nn::Module& model, const Tensor& x, const Tensor& y, const Tensor& x_test, const Tensor& y_test, int epochs,
           uint64_t seed) {
  auto dataset = std::make_shared<data::TensorDataset>(std::vector<Tensor>{x, y});
  data::DataLoader loader(dataset, {.batch_size = 64, .shuffle = true, .seed = seed});
  optim::Adam optimizer(model.parameters(), {.lr = 1e-3});
  double test_acc = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    auto start = std::chrono::steady_clock::now();
    train::AverageMeter loss_meter, acc_meter;
    int64_t step = 0;
    for (const data::Sample& batch : loader) {
      Tensor images = batch[0].tensor(), labels = batch[1].tensor();
      Tensor logits = model.forward(images);
      Tensor loss = F::cross_entropy(logits, labels);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      loss_meter.update(loss.item<double>(), images.size(0));
      acc_meter.update(train::accuracy(logits.detach(), labels), images.size(0));
      if (++step % 200 == 0)
        std::printf("    step %4lld/%lld  loss %.4f\n", (long long)step, (long long)loader.size(), loss_meter.mean());
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    test_acc = evaluate(model, x_test, y_test);
    std::printf("  epoch %d: train loss %.4f, train acc %.2f%%, test acc %.2f%%  (%.1f s)\n", epoch + 1,
                loss_meter.mean(), 100 * acc_meter.mean(), 100 * test_acc, seconds);
  }
  return test_acc;
}

// (N, 28, 28) uint8 -> (N, 1, 28, 28) float, normalized with Fashion-MNIST's mean and std
Tensor to_input(const Tensor& images) { return (images.to(kFloat32) / 255.0 - 0.2860) / 0.3530; }

// n CIFAR-shaped images: class c has colour palette[c % 5] and stripes that
// run horizontally (c < 5) or vertically (c >= 5), period 8, random phase.
std::pair<Tensor, Tensor> striped_images(int64_t n) {
  Tensor palette = tensor<float>({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 1, 1}});
  Tensor labels = randint(0, 10, {n});
  Tensor coord = arange(32, kFloat32);
  Tensor rows = coord.view({1, 1, 32, 1}).expand({n, 1, 32, 32}),
         cols = coord.view({1, 1, 1, 32}).expand({n, 1, 32, 32});
  Tensor vertical = labels.ge(5).to(kFloat32).view({n, 1, 1, 1});
  Tensor phase = rand({n, 1, 1, 1}) * (2 * std::numbers::pi);
  Tensor stripes = 0.5 + 0.5 * (vertical * cols + (1 - vertical) * rows).mul(2 * std::numbers::pi / 8).add(phase).sin();
  Tensor colour = palette.index_select(0, labels.remainder(5)).view({n, 3, 1, 1});
  return {colour * stripes + 1.0 * randn({n, 3, 32, 32}), labels};
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(27);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines show up at once even when piped

  // ---- 1. real Fashion-MNIST ----
  const std::string root = "/usr/share/datasets/fashion-mnist";
  data::FashionMNIST train_set(root, {.train = true}), test_set(root, {.train = false});
  const int64_t n_train = quick ? 15000 : train_set.size(), n_test = quick ? 1000 : test_set.size();
  const int epochs = quick ? 1 : 3;
  Tensor x = to_input(train_set.data().narrow(0, 0, n_train)).unsqueeze(1),
         y = train_set.targets().narrow(0, 0, n_train);
  Tensor x_test = to_input(test_set.data().narrow(0, 0, n_test)).unsqueeze(1),
         y_test = test_set.targets().narrow(0, 0, n_test);
  std::printf("Fashion-MNIST: %lld training images %s, %lld test images, %d epoch(s)\n", (long long)n_train,
              shape_str(x.sizes()).c_str(), (long long)n_test, epochs);

  auto cnn = std::make_shared<models::SmallCNN>(models::SmallCNNOptions{});
  std::cout << *cnn << "\n";
  auto start = std::chrono::steady_clock::now();
  double fashion_acc = fit(*cnn, x, y, x_test, y_test, epochs, 27);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("Fashion-MNIST test accuracy: %.2f%% (%.1f s training)\n", 100 * fashion_acc, seconds);
  double bar = quick ? 0.80 : 0.90;
  checker.check(fashion_acc > bar, std::string("Fashion-MNIST test accuracy over ") + (quick ? "80%" : "90%"));

  // ---- 2. CIFAR-shaped synthetic input ----
  auto [cx, cy] = striped_images(quick ? 3000 : 10000);
  auto [cx_test, cy_test] = striped_images(quick ? 500 : 2000);
  auto cifar_cnn = std::make_shared<models::SmallCNN>(
      models::SmallCNNOptions{.in_channels = 3, .image_size = 32, .num_classes = 10, .width = quick ? 16 : 32});
  Tensor probe = cx.narrow(0, 0, 4);
  std::printf("\nCIFAR-shaped input %s\n", shape_str(probe.sizes()).c_str());
  Tensor h = probe;
  for (auto& [name, child] : cifar_cnn->named_children()) {
    for (auto& [index, layer] : child->named_children()) {
      h = layer->forward(h);
      std::printf("  %s.%s %-12s -> %s\n", name.c_str(), index.c_str(), layer->name().c_str(),
                  shape_str(h.sizes()).c_str());
    }
  }
  checker.check(h.sizes() == IntArrayRef{4, 10}, "3x32x32 images flow to (batch, 10) logits");
  double cifar_acc = fit(*cifar_cnn, cx, cy, cx_test, cy_test, 3, 28);
  std::printf("synthetic CIFAR-shaped test accuracy: %.2f%% (chance 10%%)\n", 100 * cifar_acc);
  checker.check(cifar_acc > 0.90, "the CIFAR-shaped CNN learns the colour + stripe classes (test accuracy over 90%)");
  return checker.exit_code();
}
