// bind_vision.cpp — ember.vision: the image transforms and the datasets
// FashionMNIST, MNIST, CIFAR10, CIFAR100 and ImageFolder, with
// torchvision's signatures.
//
// Every built-in transform is one Python type, Transform, holding the C++
// callable, so a Compose of built-ins runs without the GIL inside DataLoader
// workers; a Python callable given as a transform is called with the GIL.
// target_transform and download are not supported (ember reads files that
// are already on disk; labels come back as ints).
#include <pybind11/stl.h>

#include "bindings.h"
#include "casters.h"
#include "sample.h"

namespace py = pybind11;

namespace ember::python {
namespace {

using namespace ember::data;
using transforms::TransformFn;

struct Transform {
  std::string repr;
  TransformFn fn;
};

// A built-in Transform's own function, or a Python callable behind the GIL.
TransformFn to_transform(py::object obj) {
  if (obj.is_none()) return nullptr;
  if (py::isinstance<Transform>(obj)) return obj.cast<const Transform&>().fn;
  if (!PyCallable_Check(obj.ptr())) throw py::type_error("ember.vision: a transform must be callable");
  std::shared_ptr<py::object> fn = hold(std::move(obj));
  return [fn](const Tensor& img) {
    py::gil_scoped_acquire gil;
    return (*fn)(img).cast<Tensor>();
  };
}

// torchvision sizes: an int (square, or the shorter edge) or (h, w)
std::vector<int64_t> size_arg(py::handle v) {
  if (PyLong_Check(v.ptr())) return {v.cast<int64_t>()};
  return v.cast<std::vector<int64_t>>();
}

// an int n means (n, n), as torchvision's crop and blur sizes
std::vector<int64_t> square_size_arg(py::handle v) {
  std::vector<int64_t> s = size_arg(v);
  if (s.size() == 1) s.push_back(s[0]);
  return s;
}

std::vector<double> range_arg(py::handle v) {
  if (PyLong_Check(v.ptr()) || PyFloat_Check(v.ptr())) {
    double d = v.cast<double>();
    return {-d, d};
  }
  return v.cast<std::vector<double>>();
}

transforms::InterpolationMode interpolation_arg(const std::string& mode) {
  if (mode == "bilinear") return transforms::InterpolationMode::BILINEAR;
  EMBER_CHECK(mode == "nearest", "transforms", "interpolation must be 'bilinear' or 'nearest', got '", mode, "'");
  return transforms::InterpolationMode::NEAREST;
}

// torchvision's (root, train=True, transform=None, download=False)
// constructor, for a dataset D built from (root, Options{train, transform})
template <class D, class Options, class Class>
Class& def_split_init(Class& cls) {
  return cls.def(py::init([](const std::string& root, bool train, py::object transform, bool download) {
                   EMBER_CHECK(!download, "vision.datasets",
                               "download=True is not supported: ember reads files already on disk");
                   return std::make_shared<D>(root, Options{train, to_transform(std::move(transform))});
                 }),
                 py::arg("root"), py::arg("train") = true, py::arg("transform") = py::none(),
                 py::arg("download") = false);
}

}  // namespace

void bind_vision(py::module_& m) {
  py::module_ vision = m.def_submodule("vision", "image transforms and datasets");
  py::module_ t = vision.def_submodule("transforms", "image transforms");

  py::class_<Transform>(t, "Transform")
      .def("__call__", [](const Transform& tr, const Tensor& img) { return tr.fn(img); }, py::arg("img"))
      .def("__repr__", [](const Transform& tr) { return tr.repr; });
  t.def("Compose", [](std::vector<py::object> list) {
    std::vector<TransformFn> fns;
    std::string repr = "Compose(\n";
    for (py::object& o : list) {
      repr += "    " + std::string(py::repr(o)) + "\n";
      fns.push_back(to_transform(o));
    }
    return Transform{repr + ")", transforms::Compose(fns)};
  }, py::arg("transforms"));
  t.def("ToTensor", [] { return Transform{"ToTensor()", transforms::ToTensor()}; });
  t.def("Normalize", [](std::vector<double> mean, std::vector<double> std, bool) {
    return Transform{"Normalize(mean=" + std::string(py::repr(py::cast(mean))) + ", std=" +
                         std::string(py::repr(py::cast(std))) + ")",
                     transforms::Normalize(mean, std)};
  }, py::arg("mean"), py::arg("std"), py::arg("inplace") = false);
  t.def("Resize", [](py::object size, std::string interpolation) {
    return Transform{"Resize(size=" + std::string(py::repr(size)) + ")",
                     transforms::Resize(size_arg(size), interpolation_arg(interpolation))};
  }, py::arg("size"), py::arg("interpolation") = "bilinear");
  t.def("CenterCrop", [](py::object size) {
    std::vector<int64_t> s = square_size_arg(size);
    return Transform{"CenterCrop(size=" + std::string(py::repr(size)) + ")", transforms::CenterCrop(s)};
  }, py::arg("size"));
  t.def("Grayscale", [](int64_t channels) {
    return Transform{"Grayscale(num_output_channels=" + std::to_string(channels) + ")",
                     transforms::Grayscale(channels)};
  }, py::arg("num_output_channels") = 1);
  t.def("RandomCrop", [](py::object size, py::object padding, bool pad_if_needed, double fill,
                         std::string padding_mode) {
    std::vector<int64_t> s = square_size_arg(size);
    transforms::RandomCropOptions o;
    if (!padding.is_none()) o.padding = size_arg(padding);
    o.pad_if_needed = pad_if_needed;
    o.fill = fill;
    o.padding_mode = padding_mode;
    return Transform{"RandomCrop(size=" + std::string(py::repr(size)) + ")", transforms::RandomCrop(s, o)};
  }, py::arg("size"), py::arg("padding") = py::none(), py::arg("pad_if_needed") = false, py::arg("fill") = 0.0,
     py::arg("padding_mode") = "constant");
  t.def("RandomResizedCrop", [](py::object size, std::vector<double> scale, std::vector<double> ratio,
                                std::string interpolation) {
    std::vector<int64_t> s = square_size_arg(size);
    return Transform{"RandomResizedCrop(size=" + std::string(py::repr(size)) + ")",
                     transforms::RandomResizedCrop(s, {scale, ratio, interpolation_arg(interpolation)})};
  }, py::arg("size"), py::arg("scale") = std::vector<double>{0.08, 1.0},
     py::arg("ratio") = std::vector<double>{3.0 / 4.0, 4.0 / 3.0}, py::arg("interpolation") = "bilinear");
  t.def("RandomHorizontalFlip", [](double p) {
    return Transform{"RandomHorizontalFlip(p=" + std::to_string(p) + ")", transforms::RandomHorizontalFlip(p)};
  }, py::arg("p") = 0.5);
  t.def("RandomVerticalFlip", [](double p) {
    return Transform{"RandomVerticalFlip(p=" + std::to_string(p) + ")", transforms::RandomVerticalFlip(p)};
  }, py::arg("p") = 0.5);
  t.def("RandomRotation", [](py::object degrees, std::string interpolation, bool expand) {
    transforms::RandomRotationOptions o;
    o.interpolation = interpolation_arg(interpolation);
    o.expand = expand;
    return Transform{"RandomRotation(degrees=" + std::string(py::repr(degrees)) + ")",
                     transforms::RandomRotation(range_arg(degrees), o)};
  }, py::arg("degrees"), py::arg("interpolation") = "nearest", py::arg("expand") = false);
  t.def("ColorJitter", [](double brightness, double contrast, double saturation, double hue) {
    return Transform{"ColorJitter()", transforms::ColorJitter({brightness, contrast, saturation, hue})};
  }, py::arg("brightness") = 0.0, py::arg("contrast") = 0.0, py::arg("saturation") = 0.0, py::arg("hue") = 0.0);
  t.def("GaussianBlur", [](py::object kernel_size, py::object sigma) {
    std::vector<int64_t> k = square_size_arg(kernel_size);
    std::vector<double> s = PyFloat_Check(sigma.ptr()) || PyLong_Check(sigma.ptr())
                                ? std::vector<double>{sigma.cast<double>(), sigma.cast<double>()}
                                : sigma.cast<std::vector<double>>();
    return Transform{"GaussianBlur(kernel_size=" + std::string(py::repr(kernel_size)) + ")",
                     transforms::GaussianBlur(k, s)};
  }, py::arg("kernel_size"), py::arg("sigma") = std::vector<double>{0.1, 2.0});
  t.def("RandomErasing", [](double p, std::vector<double> scale, std::vector<double> ratio, double value) {
    return Transform{"RandomErasing(p=" + std::to_string(p) + ")",
                     transforms::RandomErasing({p, scale, ratio, value, false})};
  }, py::arg("p") = 0.5, py::arg("scale") = std::vector<double>{0.02, 0.33},
     py::arg("ratio") = std::vector<double>{0.3, 3.3}, py::arg("value") = 0.0);

  // ---- datasets: (image, label) samples; train= picks the split ----
  py::module_ ds = vision.def_submodule("datasets", "image datasets");
  py::class_<MNIST, Dataset, std::shared_ptr<MNIST>> mnist(ds, "MNIST");
  def_split_init<MNIST, MNISTOptions>(mnist)
      .def_property_readonly("data", &MNIST::data)
      .def_property_readonly("targets", &MNIST::targets)
      .def_property_readonly("classes", &MNIST::classes);
  py::class_<FashionMNIST, MNIST, std::shared_ptr<FashionMNIST>> fashion(ds, "FashionMNIST");
  def_split_init<FashionMNIST, MNISTOptions>(fashion);
  py::class_<CIFAR10, Dataset, std::shared_ptr<CIFAR10>> cifar10(ds, "CIFAR10");
  def_split_init<CIFAR10, CIFAROptions>(cifar10)
      .def_property_readonly("data", &CIFAR10::data)
      .def_property_readonly("targets", &CIFAR10::targets)
      .def_property_readonly_static("classes", [](py::object) { return CIFAR10::classes(); });
  py::class_<CIFAR100, CIFAR10, std::shared_ptr<CIFAR100>> cifar100(ds, "CIFAR100");
  def_split_init<CIFAR100, CIFAROptions>(cifar100).def_property_readonly("coarse_targets", &CIFAR100::coarse_targets);
  py::class_<ImageFolder, Dataset, std::shared_ptr<ImageFolder>>(ds, "ImageFolder")
      .def(py::init([](const std::string& root, py::object transform) {
             ImageFolderOptions o;
             o.transform = to_transform(transform);
             return std::make_shared<ImageFolder>(root, o);
           }),
           py::arg("root"), py::arg("transform") = py::none())
      .def_property_readonly("classes", &ImageFolder::classes)
      .def_property_readonly("class_to_idx", &ImageFolder::class_to_idx)
      .def_property_readonly("samples", &ImageFolder::samples);
}

}  // namespace ember::python
