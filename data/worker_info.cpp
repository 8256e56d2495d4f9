// worker_info.cpp — the thread-local worker info and sample generator.
#include "data/worker_info.h"

namespace ember::data {

namespace {
thread_local const WorkerInfo* t_worker_info = nullptr;
thread_local Generator* t_sample_generator = nullptr;

// splitmix64: a bijective mix of 64 bits (Steele, Lea, Flood 2014)
uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
}  // namespace

const WorkerInfo* get_worker_info() { return t_worker_info; }

Generator& sample_generator() { return t_sample_generator ? *t_sample_generator : default_generator(); }

SampleGeneratorGuard::SampleGeneratorGuard(Generator& gen) : previous_(t_sample_generator) { t_sample_generator = &gen; }
SampleGeneratorGuard::~SampleGeneratorGuard() { t_sample_generator = previous_; }

WorkerInfoGuard::WorkerInfoGuard(const WorkerInfo& info) : previous_(t_worker_info) { t_worker_info = &info; }
WorkerInfoGuard::~WorkerInfoGuard() { t_worker_info = previous_; }

uint64_t sample_seed(uint64_t base, uint64_t position) { return splitmix64(base ^ splitmix64(position)); }

}  // namespace ember::data
