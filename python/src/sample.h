// sample.h — data::Sample <-> Python objects, for bind_data.cpp and
// bind_vision.cpp.
//
//   Tensor <-> Tensor, int <-> int, float <-> float, str <-> str,
//   tuple/list -> list (a batch comes back as a list, like torch's collate),
//   dict <-> dict, None <-> None; NumPy arrays become tensors (copied) and
//   Python bools ints, as default_collate would treat them.
// Both directions need the GIL.
#pragma once

#include <pybind11/pybind11.h>

#include "ember.h"

namespace ember::python {

data::Sample to_sample(pybind11::handle obj);
pybind11::object from_sample(const data::Sample& s);

}  // namespace ember::python
