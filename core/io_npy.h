// io_npy.h — reading and writing NumPy's .npy format, so arrays move between
// ember and NumPy (numpy.load reads what save_npy writes, and load_npy reads
// what numpy.save writes).
//
// Every ember dtype that NumPy has is supported: bool, uint8, int8, int32,
// int64, float16, float32, float64 (bfloat16 has no NumPy dtype and is
// refused). Big-endian and Fortran-order files are read too. Files are checked
// before anything is trusted: a truncated or malformed file is an
// ember::Error naming the file, never a crash.
#pragma once

#include <string>

#include "core/tensor.h"

namespace ember {

/// Writes `t` (any layout; moved to the CPU) as .npy; the file appears
/// atomically (written under a temporary name, then renamed).
void save_npy(const std::string& path, const Tensor& t);
/// Reads a .npy file into a new contiguous CPU tensor.
Tensor load_npy(const std::string& path);

}  // namespace ember
