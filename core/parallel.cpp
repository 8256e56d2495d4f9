// parallel.cpp — thread count control over OpenMP.
#include "core/parallel.h"

#include <omp.h>

#include "core/error.h"

namespace ember {

void set_num_threads(int n) {
  EMBER_CHECK(n > 0, "set_num_threads", "the number of threads must be positive, got ", n);
  omp_set_num_threads(n);
}

int get_num_threads() { return omp_get_max_threads(); }

}  // namespace ember
