// test_print.cpp — `std::cout << tensor` against the exact strings PyTorch 1.13
// prints (repr(t) from /usr/bin/python3, with "dtype=torch.X" written
// "dtype=ember.X"): every dtype, whole-number and scientific formatting,
// NaN/inf, empty and 0-d tensors, line wrapping at 80 columns, dtype and
// requires_grad suffixes, and the "..." summary of tensors over 1000
// elements.
#include <cmath>
#include <limits>
#include <sstream>

#include "support/test_utils.h"

using namespace ember;

namespace {

std::string str(const Tensor& t) {
  std::ostringstream s;
  s << t;
  return s.str();
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

struct PrintCase {
  const char* name;
  Tensor t;
  const char* expected;
};

}  // namespace

TEST_CASE("tensors print exactly as torch prints them", "[print]") {
  const std::vector<PrintCase> cases = {
      {"float matrix", tensor({{0.1, -2.0}, {3.5, 4.0}}),
       R"(tensor([[ 0.1000, -2.0000],
        [ 3.5000,  4.0000]]))"},
      {"int64 vector", tensor(std::vector<int64_t>{1, -20, 300}),
       R"(tensor([  1, -20, 300]))"},
      {"bool vector", tensor({true, false, true}),
       R"(tensor([ True, False,  True]))"},
      {"float64", tensor({1.5, 2.0}, kFloat64),
       R"(tensor([1.5000, 2.0000], dtype=ember.float64))"},
      {"whole-number floats", tensor({1.0, 2.0, -3.0}),
       R"(tensor([ 1.,  2., -3.]))"},
      {"scientific: a tiny value", tensor({1e-5, 1.0, 123.0}),
       R"(tensor([1.0000e-05, 1.0000e+00, 1.2300e+02]))"},
      {"scientific: a range over 1000x", tensor({1.0, 12345.0}),
       R"(tensor([1.0000e+00, 1.2345e+04]))"},
      {"scientific: whole numbers over 1000x", tensor({1.0, 100000.0}),
       R"(tensor([1.0000e+00, 1.0000e+05]))"},
      {"scientific: above 1e8", tensor({1e9, 2.0}),
       R"(tensor([1.0000e+09, 2.0000e+00]))"},
      {"nan and inf among whole numbers", tensor({1.0, kNaN, kInf, -kInf}),
       R"(tensor([1., nan, inf, -inf]))"},
      {"nan and inf among fractions", tensor({0.5, kNaN, -kInf}),
       R"(tensor([0.5000,    nan,   -inf]))"},
      {"only nan", tensor({kNaN, kNaN}),
       R"(tensor([nan, nan]))"},
      {"zeros", zeros({3}),
       R"(tensor([0., 0., 0.]))"},
      {"negative zero", tensor({-0.0, 1.5}),
       R"(tensor([-0.0000, 1.5000]))"},
      {"empty", zeros({0}),
       R"(tensor([]))"},
      {"empty 2-d", zeros({2, 0}),
       R"(tensor([], size=(2, 0)))"},
      {"empty int64", zeros({0}, kInt64),
       R"(tensor([], dtype=ember.int64))"},
      {"empty int32 2-d", zeros({0, 3}, kInt32),
       R"(tensor([], size=(0, 3), dtype=ember.int32))"},
      {"empty bool", zeros({0}, kBool),
       R"(tensor([], dtype=ember.bool))"},
      {"0-d float", tensor({3.5}).view({}),
       R"(tensor(3.5000))"},
      {"0-d int", tensor(std::vector<int64_t>{7}).view({}),
       R"(tensor(7))"},
      {"0-d bool", tensor({true}).view({}),
       R"(tensor(True))"},
      {"0-d float64", tensor({-2.0}, kFloat64).view({}),
       R"(tensor(-2., dtype=ember.float64))"},
      {"float16", tensor({0.5, 1.25, -3.0}).to(kFloat16),
       R"(tensor([ 0.5000,  1.2500, -3.0000], dtype=ember.float16))"},
      {"bfloat16", tensor({0.5, 1.25, -3.0}).to(kBFloat16),
       R"(tensor([ 0.5000,  1.2500, -3.0000], dtype=ember.bfloat16))"},
      {"uint8", tensor(std::vector<uint8_t>{0, 7, 255}),
       R"(tensor([  0,   7, 255], dtype=ember.uint8))"},
      {"int8", tensor(std::vector<int8_t>{-128, 5}),
       R"(tensor([-128,    5], dtype=ember.int8))"},
      {"int32 matrix", arange(6, kInt32).view({2, 3}),
       R"(tensor([[0, 1, 2],
        [3, 4, 5]], dtype=ember.int32))"},
      {"transposed", arange(6).view({2, 3}).t(),
       R"(tensor([[0, 3],
        [1, 4],
        [2, 5]]))"},
      {"3-d", arange(8).view({2, 2, 2}),
       R"(tensor([[[0, 1],
         [2, 3]],

        [[4, 5],
         [6, 7]]]))"},
      {"a long row wraps at 80 columns", arange(30, kFloat32) * 1.5,
       R"(tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,
        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,
        24.0000, 25.5000, 27.0000, 28.5000, 30.0000, 31.5000, 33.0000, 34.5000,
        36.0000, 37.5000, 39.0000, 40.5000, 42.0000, 43.5000]))"},
      {"a long row with a dtype suffix", arange(20, kFloat64) / 3,
       R"(tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,
        3.0000, 3.3333, 3.6667, 4.0000, 4.3333, 4.6667, 5.0000, 5.3333, 5.6667,
        6.0000, 6.3333], dtype=ember.float64))"},
      {"requires_grad", tensor({1.0, 2.0}).requires_grad_(),
       R"(tensor([1., 2.], requires_grad=True))"},
      {"grad_fn of a recorded result", tensor({1.0, 2.0}).requires_grad_() * 2,
       R"(tensor([2., 4.], grad_fn=<MulBackward0>))"},
      {"summarized 1-d", arange(2000),
       R"(tensor([   0,    1,    2,  ..., 1997, 1998, 1999]))"},
      {"summarized 2-d, scientific", arange(3000, kFloat32).view({50, 60}) / 7,
       R"(tensor([[0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 8.1429e+00, 8.2857e+00,
         8.4286e+00],
        [8.5714e+00, 8.7143e+00, 8.8571e+00,  ..., 1.6714e+01, 1.6857e+01,
         1.7000e+01],
        [1.7143e+01, 1.7286e+01, 1.7429e+01,  ..., 2.5286e+01, 2.5429e+01,
         2.5571e+01],
        ...,
        [4.0286e+02, 4.0300e+02, 4.0314e+02,  ..., 4.1100e+02, 4.1114e+02,
         4.1129e+02],
        [4.1143e+02, 4.1157e+02, 4.1171e+02,  ..., 4.1957e+02, 4.1971e+02,
         4.1986e+02],
        [4.2000e+02, 4.2014e+02, 4.2029e+02,  ..., 4.2814e+02, 4.2829e+02,
         4.2843e+02]]))"},
      {"summarized 3-d", arange(1100).view({11, 10, 10}),
       R"(tensor([[[   0,    1,    2,  ...,    7,    8,    9],
         [  10,   11,   12,  ...,   17,   18,   19],
         [  20,   21,   22,  ...,   27,   28,   29],
         ...,
         [  70,   71,   72,  ...,   77,   78,   79],
         [  80,   81,   82,  ...,   87,   88,   89],
         [  90,   91,   92,  ...,   97,   98,   99]],

        [[ 100,  101,  102,  ...,  107,  108,  109],
         [ 110,  111,  112,  ...,  117,  118,  119],
         [ 120,  121,  122,  ...,  127,  128,  129],
         ...,
         [ 170,  171,  172,  ...,  177,  178,  179],
         [ 180,  181,  182,  ...,  187,  188,  189],
         [ 190,  191,  192,  ...,  197,  198,  199]],

        [[ 200,  201,  202,  ...,  207,  208,  209],
         [ 210,  211,  212,  ...,  217,  218,  219],
         [ 220,  221,  222,  ...,  227,  228,  229],
         ...,
         [ 270,  271,  272,  ...,  277,  278,  279],
         [ 280,  281,  282,  ...,  287,  288,  289],
         [ 290,  291,  292,  ...,  297,  298,  299]],

        ...,

        [[ 800,  801,  802,  ...,  807,  808,  809],
         [ 810,  811,  812,  ...,  817,  818,  819],
         [ 820,  821,  822,  ...,  827,  828,  829],
         ...,
         [ 870,  871,  872,  ...,  877,  878,  879],
         [ 880,  881,  882,  ...,  887,  888,  889],
         [ 890,  891,  892,  ...,  897,  898,  899]],

        [[ 900,  901,  902,  ...,  907,  908,  909],
         [ 910,  911,  912,  ...,  917,  918,  919],
         [ 920,  921,  922,  ...,  927,  928,  929],
         ...,
         [ 970,  971,  972,  ...,  977,  978,  979],
         [ 980,  981,  982,  ...,  987,  988,  989],
         [ 990,  991,  992,  ...,  997,  998,  999]],

        [[1000, 1001, 1002,  ..., 1007, 1008, 1009],
         [1010, 1011, 1012,  ..., 1017, 1018, 1019],
         [1020, 1021, 1022,  ..., 1027, 1028, 1029],
         ...,
         [1070, 1071, 1072,  ..., 1077, 1078, 1079],
         [1080, 1081, 1082,  ..., 1087, 1088, 1089],
         [1090, 1091, 1092,  ..., 1097, 1098, 1099]]]))"},
  };
  for (const PrintCase& c : cases) {
    INFO(c.name);
    CHECK(str(c.t) == c.expected);
  }
}

TEST_CASE("printing follows the default dtype and reads any layout", "[print]") {
  // the dtype suffix is left out for the default float dtype, int64 and bool
  set_default_dtype(kFloat64);
  std::string f64 = str(tensor({1.5}, kFloat64)), f32 = str(tensor({1.5}, kFloat32));
  std::string empty64 = str(zeros({0}, kFloat64)), empty32 = str(zeros({0}, kFloat32));
  set_default_dtype(kFloat32);
  CHECK(f64 == "tensor([1.5000])");
  CHECK(f32 == "tensor([1.5000], dtype=ember.float32)");
  CHECK(empty64 == "tensor([])");
  CHECK(empty32 == "tensor([], dtype=ember.float32)");
  // a strided or expanded view prints its logical values
  CHECK(str(arange(12).view({3, 4}).slice(1, 0, std::nullopt, 2)) == "tensor([[ 0,  2],\n        [ 4,  6],\n        [ 8, 10]])");
  CHECK(str(tensor({1.5}).expand({2, 2})) == "tensor([[1.5000, 1.5000],\n        [1.5000, 1.5000]])");
  CHECK(str(Tensor()) == "[ undefined tensor ]");
}
