// bind_data.cpp — ember.utils.data: Dataset (subclassable in Python),
// TensorDataset, Subset, ConcatDataset, random_split, the samplers and
// DataLoader.
//
// A Python Dataset subclass *is* a C++ Dataset (through the trampoline
// below), so C++ Subsets, ConcatDatasets and DataLoader workers use it
// directly; each call into Python takes the GIL, and a DataLoader iteration
// step releases it, so worker threads can run a Python __getitem__ while the
// main thread waits (C++ datasets then run in parallel, Python ones in turn).
#include <pybind11/numpy.h>

#include "bindings.h"
#include "casters.h"
#include "sample.h"

namespace py = pybind11;

namespace ember::python {

data::Sample to_sample(py::handle obj) {
  using data::Sample;
  if (obj.is_none()) return Sample();
  if (py::isinstance<Tensor>(obj)) return Sample(obj.cast<Tensor>());
  if (PyBool_Check(obj.ptr())) return Sample(static_cast<int64_t>(obj.ptr() == Py_True));
  if (PyLong_Check(obj.ptr())) return Sample(obj.cast<int64_t>());
  if (PyFloat_Check(obj.ptr())) return Sample(obj.cast<double>());
  if (PyUnicode_Check(obj.ptr())) return Sample(obj.cast<std::string>());
  if (PyTuple_Check(obj.ptr()) || PyList_Check(obj.ptr())) {
    Sample::List items;
    for (py::handle item : obj) items.push_back(to_sample(item));
    return Sample(std::move(items));
  }
  if (PyDict_Check(obj.ptr())) {
    Sample::Dict fields;
    for (auto [k, v] : py::reinterpret_borrow<py::dict>(obj)) fields.emplace(py::str(k), to_sample(v));
    return Sample(std::move(fields));
  }
  if (py::isinstance<py::array>(obj) || py::hasattr(obj, "__array_interface__")) {
    py::module_ ember = py::module_::import("ember");
    return Sample(ember.attr("tensor")(obj).cast<Tensor>());
  }
  throw py::type_error("ember.utils.data: a sample may hold tensors, numbers, strings, NumPy arrays, tuples, "
                       "lists and dicts, not " + std::string(py::str(obj.get_type())));
}

py::object from_sample(const data::Sample& s) {
  using Kind = data::Sample::Kind;
  switch (s.kind()) {
    case Kind::None: return py::none();
    case Kind::Tensor: return py::cast(s.tensor());
    case Kind::Int: return py::int_(s.to_int());
    case Kind::Double: return py::float_(s.to_double());
    case Kind::String: return py::str(s.str());
    case Kind::List: {
      py::list out;
      for (const data::Sample& item : s.list()) out.append(from_sample(item));
      return out;
    }
    case Kind::Dict: {
      py::dict out;
      for (const auto& [k, v] : s.dict()) out[py::str(k)] = from_sample(v);
      return out;
    }
    case Kind::Object: break;
  }
  throw py::type_error("ember.utils.data: this sample holds a C++ object Python cannot see");
}

namespace {

using namespace ember::data;

// A Dataset whose size and items come from Python (__len__, __getitem__).
class PyDataset : public Dataset {
 public:
  int64_t size() const override {
    py::gil_scoped_acquire gil;
    py::function len = py::get_override(static_cast<const Dataset*>(this), "__len__");
    if (!len) throw py::type_error("ember.utils.data.Dataset subclasses must define __len__ to be used here");
    return len().cast<int64_t>();
  }
  Sample get(int64_t index) const override {
    py::gil_scoped_acquire gil;
    py::function item = py::get_override(static_cast<const Dataset*>(this), "__getitem__");
    if (!item) throw py::type_error("ember.utils.data.Dataset subclasses must define __getitem__");
    return to_sample(item(index));
  }
};

// One pass over a DataLoader; keeps the loader alive while it runs.
struct LoaderIterator {
  std::shared_ptr<DataLoader> loader;
  DataLoader::Iterator it;
  bool started = false;

  py::object next() {
    {
      py::gil_scoped_release release;  // workers may need the GIL for a Python dataset
      if (started) ++it;
      started = true;
    }
    if (it == loader->end()) throw py::stop_iteration();
    return from_sample(*it);
  }
};

}  // namespace

void bind_data(py::module_& m) {
  py::module_ d = m.def_submodule("data", "datasets, samplers and DataLoader");

  py::class_<Dataset, PyDataset, std::shared_ptr<Dataset>>(d, "Dataset")
      .def(py::init<>())
      .def("__len__", &Dataset::size)
      .def("__getitem__", [](const Dataset& ds, int64_t i) {
        if (i < 0) i += ds.size();
        if (i < 0 || i >= ds.size()) throw py::index_error("dataset index " + std::to_string(i) + " out of range");
        return from_sample(ds.get(i));
      });
  py::class_<TensorDataset, Dataset, std::shared_ptr<TensorDataset>>(d, "TensorDataset")
      .def(py::init([](py::args tensors) { return std::make_shared<TensorDataset>(tensors.cast<TensorList>()); }))
      .def_property_readonly("tensors", [](const TensorDataset& ds) { return py::tuple(py::cast(ds.tensors())); });
  py::class_<Subset, Dataset, std::shared_ptr<Subset>>(d, "Subset")
      .def(py::init<std::shared_ptr<const Dataset>, std::vector<int64_t>>(), py::arg("dataset"), py::arg("indices"),
           py::keep_alive<1, 2>())
      .def_property_readonly("indices", &Subset::indices)
      .def_property_readonly("dataset", [](const Subset& s) { return std::const_pointer_cast<Dataset>(s.dataset()); });
  py::class_<ConcatDataset, Dataset, std::shared_ptr<ConcatDataset>>(d, "ConcatDataset")
      .def(py::init<std::vector<std::shared_ptr<const Dataset>>>(), py::arg("datasets"), py::keep_alive<1, 2>())
      .def_property_readonly("cumulative_sizes", &ConcatDataset::cumulative_sizes);
  d.def("random_split", [](std::shared_ptr<Dataset> ds, std::vector<double> lengths) {
          return random_split(ds, lengths);
        },
        py::arg("dataset"), py::arg("lengths"));

  // ---- samplers ----
  py::class_<Sampler, std::shared_ptr<Sampler>>(d, "Sampler")
      .def("__iter__", [](Sampler& s) { return py::iter(py::cast(s.indices())); })
      .def("__len__", &Sampler::size);
  py::class_<SequentialSampler, Sampler, std::shared_ptr<SequentialSampler>>(d, "SequentialSampler")
      .def(py::init([](py::object data_source) { return std::make_shared<SequentialSampler>(py::len(data_source)); }),
           py::arg("data_source"));
  py::class_<RandomSampler, Sampler, std::shared_ptr<RandomSampler>>(d, "RandomSampler")
      .def(py::init([](py::object data_source, bool replacement, std::optional<int64_t> num_samples,
                       std::optional<uint64_t> seed) {
             return std::make_shared<RandomSampler>(py::len(data_source),
                                                    RandomSamplerOptions{replacement, num_samples, seed});
           }),
           py::arg("data_source"), py::arg("replacement") = false, py::arg("num_samples") = py::none(),
           py::arg("seed") = py::none());
  py::class_<SubsetRandomSampler, Sampler, std::shared_ptr<SubsetRandomSampler>>(d, "SubsetRandomSampler")
      .def(py::init<std::vector<int64_t>, std::optional<uint64_t>>(), py::arg("indices"),
           py::arg("seed") = py::none());
  py::class_<WeightedRandomSampler, Sampler, std::shared_ptr<WeightedRandomSampler>>(d, "WeightedRandomSampler")
      .def(py::init<std::vector<double>, int64_t, bool, std::optional<uint64_t>>(), py::arg("weights"),
           py::arg("num_samples"), py::arg("replacement") = true, py::arg("seed") = py::none());
  py::class_<BatchSamplerBase, std::shared_ptr<BatchSamplerBase>>(d, "BatchSamplerBase")
      .def("__iter__", [](BatchSamplerBase& s) { return py::iter(py::cast(s.batches())); })
      .def("__len__", &BatchSamplerBase::size);
  py::class_<BatchSampler, BatchSamplerBase, std::shared_ptr<BatchSampler>>(d, "BatchSampler")
      .def(py::init<std::shared_ptr<Sampler>, int64_t, bool>(), py::arg("sampler"), py::arg("batch_size"),
           py::arg("drop_last"));

  // ---- DataLoader ----
  py::class_<LoaderIterator>(d, "_LoaderIterator")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &LoaderIterator::next);
  py::class_<DataLoader, std::shared_ptr<DataLoader>>(d, "DataLoader")
      .def(py::init([](std::shared_ptr<const Dataset> dataset, int64_t batch_size, bool shuffle,
                       std::shared_ptr<Sampler> sampler, std::shared_ptr<BatchSamplerBase> batch_sampler,
                       int64_t num_workers, py::object collate_fn, bool pin_memory, bool drop_last,
                       py::object worker_init_fn, int64_t prefetch_factor,
                       bool persistent_workers, std::optional<uint64_t> seed) {
             DataLoaderOptions o;
             o.batch_size = batch_size;
             o.shuffle = shuffle;
             o.sampler = sampler;
             o.batch_sampler = batch_sampler;
             o.num_workers = num_workers;
             if (!collate_fn.is_none()) {
               std::shared_ptr<py::object> fn = hold(collate_fn);
               o.collate_fn = [fn](std::vector<Sample> batch) {
                 py::gil_scoped_acquire gil;
                 py::list items;
                 for (const Sample& s : batch) items.append(from_sample(s));
                 return to_sample((*fn)(items));
               };
             }
             o.pin_memory = pin_memory;
             o.drop_last = drop_last;
             if (!worker_init_fn.is_none()) {
               std::shared_ptr<py::object> fn = hold(worker_init_fn);
               o.worker_init_fn = [fn](int64_t worker_id) {
                 py::gil_scoped_acquire gil;
                 (*fn)(worker_id);
               };
             }
             o.prefetch_factor = prefetch_factor;
             o.persistent_workers = persistent_workers;
             o.seed = seed;
             return std::make_shared<DataLoader>(dataset, o);
           }),
           py::arg("dataset"), py::arg("batch_size") = 1, py::arg("shuffle") = false, py::arg("sampler") = nullptr,
           py::arg("batch_sampler") = nullptr, py::arg("num_workers") = 0, py::arg("collate_fn") = py::none(),
           py::arg("pin_memory") = false, py::arg("drop_last") = false, py::arg("worker_init_fn") = py::none(),
           py::arg("prefetch_factor") = 2, py::arg("persistent_workers") = false, py::arg("seed") = py::none(),
           py::keep_alive<1, 2>())
      .def("__iter__", [](std::shared_ptr<DataLoader> loader) {
        LoaderIterator it{loader, {}, false};
        {
          py::gil_scoped_release release;
          it.it = loader->begin();
        }
        return it;
      })
      .def("__len__", &DataLoader::size)
      .def_property_readonly("batch_size", [](const DataLoader& l) { return l.options().batch_size; })
      .def_property_readonly("num_workers", [](const DataLoader& l) { return l.options().num_workers; });
}

}  // namespace ember::python
