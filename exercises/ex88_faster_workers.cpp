// Exercise 88 — faster data loading with workers.
//
// The seed uses torch.multiprocessing workers; ember's are threads. Two
// slow transforms are timed with 0, 2 and 4 workers: one that waits (as
// reading from disk or network does), where workers overlap the waiting,
// and one that computes (a Gaussian blur), where the gain is capped by the
// number of CPU cores (reported only: it depends on what else runs). The
// batches must not depend on the worker count.
#include <chrono>
#include <thread>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace T = ember::data::transforms;

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  int64_t n = quick ? 64 : 512;
  manual_seed(88);
  Tensor images = rand({n, 3, 64, 64});
  auto waiting = std::make_shared<data::LambdaDataset>(n, [](int64_t i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    return data::Sample(full({10}, static_cast<double>(i)));
  });
  T::GaussianBlur blur({9}, {2.0});
  auto computing = std::make_shared<data::LambdaDataset>(n, [&](int64_t i) { return data::Sample(blur(images[i])); });

  auto time_epoch = [](const std::shared_ptr<data::LambdaDataset>& ds, int64_t workers, Tensor* last) {
    data::DataLoader loader(ds, {.batch_size = 8, .shuffle = true, .seed = 88, .num_workers = workers});
    auto start = std::chrono::steady_clock::now();
    for (const data::Sample& batch : loader) *last = batch.tensor();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  double io_speedup = 0, cpu_speedup = 0;  // the computing one is reported, not checked: it depends on the load
  bool same = true;
  for (auto [name, ds] : {std::pair{"waiting (3 ms per sample)", waiting}, std::pair{"computing (9x9 blur)", computing}}) {
    Tensor reference, last;
    double t0 = time_epoch(ds, 0, &reference);
    std::cout << name << ": 0 workers " << t0 << " s";
    for (int64_t workers : {2, 4}) {
      double t = time_epoch(ds, workers, &last);
      same &= last.equal(reference);
      std::cout << ", " << workers << " workers " << t << " s (" << t0 / t << "x)";
      if (workers == 4) (ds == waiting ? io_speedup : cpu_speedup) = t0 / t;
    }
    std::cout << "\n";
  }
  std::cout << "this machine has " << std::thread::hardware_concurrency() << " hardware threads; 4 workers: "
            << io_speedup << "x on waiting, " << cpu_speedup << "x on computing\n";
  checker.check(same, "the batches do not depend on the number of workers");
  checker.check(io_speedup > 2.0, "4 workers overlap waiting: more than 2x faster");
  return checker.exit_code();
}
