// Exercise 18 — loading with several workers.
//
// num_workers = 4 starts four worker threads that build batches ahead
// (batch k on worker k mod 4, delivered in order). The batches are the
// same as with no workers — random transforms included, because every
// sample draws from its own seeded generator — and a slow dataset loads
// faster.
#include <chrono>
#include <thread>

#include "ember.h"
#include "exercise.h"

using namespace ember;

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  int64_t n = 100;
  // each sample takes 2 ms (as reading a file would) and adds random noise
  auto dataset = std::make_shared<data::LambdaDataset>(n, [](int64_t i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return data::Sample::list({static_cast<double>(i) + data::sample_generator().next_double(), i});
  });
  auto run = [&](int64_t workers, bool print) {
    data::DataLoader dataloader(dataset, {.batch_size = 10, .shuffle = true, .seed = 18, .num_workers = workers});
    std::vector<Tensor> batches;
    auto start = std::chrono::steady_clock::now();
    for (int epoch = 0; epoch < (quick ? 1 : 3); ++epoch)
      for (const data::Sample& batch : dataloader) {
        if (print && epoch == 0) std::cout << "Batch: " << batch[1].tensor() << "\n";
        batches.push_back(batch[0].tensor());
      }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::make_pair(batches, seconds);
  };
  auto [parallel, t4] = run(4, true);
  auto [serial, t0] = run(0, false);
  bool same = parallel.size() == serial.size();
  for (size_t k = 0; same && k < serial.size(); ++k) same = parallel[k].equal(serial[k]);
  std::cout << "0 workers: " << t0 << " s, 4 workers: " << t4 << " s (" << t0 / t4 << "x)\n";
  checker.check(same, "4 workers give exactly the batches of 0 workers");
  checker.check(t0 / t4 > 1.5, "4 workers are faster on a slow dataset");
  return checker.exit_code();
}
