// parallel.h — the size of ember's one thread pool (OpenMP's).
//
// Kernels split work across threads only above a size threshold
// (kernels/cpu/loops.h), so small ops stay on the calling thread.
#pragma once

namespace ember {

/// Threads used by CPU kernels (torch.set_num_threads).
void set_num_threads(int n);
int get_num_threads();

}  // namespace ember
