// generator.cpp — Generator bookkeeping; the random bits come from Philox.
#include "core/generator.h"

#include "kernels/philox.h"

namespace ember {

Generator::Generator(const Generator& other) {
  std::lock_guard<std::mutex> lock(other.mutex_);
  seed_ = other.seed_;
  offset_ = other.offset_;
}

Generator& Generator::operator=(const Generator& other) {
  if (this == &other) return *this;
  State s = other.get_state();
  set_state(s);
  return *this;
}

void Generator::manual_seed(uint64_t seed) {
  std::lock_guard<std::mutex> lock(mutex_);
  seed_ = seed;
  offset_ = 0;
}

uint64_t Generator::initial_seed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return seed_;
}

uint64_t Generator::reserve(uint64_t blocks) {
  std::lock_guard<std::mutex> lock(mutex_);
  uint64_t first = offset_;
  offset_ += blocks;
  return first;
}

uint64_t Generator::next_uint64() {
  uint64_t seed = initial_seed();
  kernels::Philox4 r = kernels::philox(reserve(1), seed);
  return static_cast<uint64_t>(r.x[0]) << 32 | r.x[1];
}

double Generator::next_double() {
  uint64_t seed = initial_seed();
  kernels::Philox4 r = kernels::philox(reserve(1), seed);
  return kernels::uniform_double(r.x[0], r.x[1]);
}

Generator::State Generator::get_state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return State{seed_, offset_};
}

void Generator::set_state(State state) {
  std::lock_guard<std::mutex> lock(mutex_);
  seed_ = state.seed;
  offset_ = state.offset;
}

Generator& default_generator() {
  static Generator gen;
  return gen;
}

void manual_seed(uint64_t seed) { default_generator().manual_seed(seed); }

}  // namespace ember
