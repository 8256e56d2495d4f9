// test_npy.cpp — .npy files: ember round-trips every dtype NumPy has, NumPy
// (Debian's /usr/bin/python3) reads what ember writes bit-exactly and the
// reverse, and truncated or hostile files are rejected with clear errors.
#include <cstdlib>
#include <fstream>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

// A v1.0 .npy file with the given header dict and payload.
std::string npy_bytes(const std::string& dict, const std::string& payload) {
  std::string header = dict;
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + payload;
}

std::vector<Tensor> one_of_each_dtype() {
  manual_seed(7);
  Tensor base = randn({3, 4}, kFloat64).mul(10);
  return {base.gt(0),           base.abs().to(kUInt8), base.to(kInt8),         base.to(kInt32),
          base.to(kInt64),      base.to(kFloat16),     base.to(kFloat32),      base,
          base.t(),  // non-contiguous: written in C order
          zeros({0, 5}),        tensor({42.0}).view({})};
}

}  // namespace

TEST_CASE("npy round-trips every dtype bit-exactly", "[core][npy]") {
  std::string dir = testing::temp_dir();
  for (const Tensor& t : one_of_each_dtype()) {
    std::string path = dir + "/t.npy";
    save_npy(path, t);
    Tensor back = load_npy(path);
    INFO("dtype " << t.scalar_type() << " shape " << shape_str(t.sizes()));
    REQUIRE_EQUAL(back, t);
  }
}

TEST_CASE("bfloat16 has no NumPy dtype and is refused", "[core][npy][errors]") {
  REQUIRE_THROWS_WITH(save_npy(testing::temp_dir() + "/b.npy", zeros({2}, kBFloat16)), Contains("[save_npy] bfloat16"));
}

TEST_CASE("NumPy reads ember's files and ember reads NumPy's", "[core][npy][python]") {
  std::string py = testing::python_with_numpy();
  if (py.empty()) {
    WARN("skipped: /usr/bin/python3 with numpy is not available");
    return;
  }
  std::string dir = testing::temp_dir();
  auto tensors = one_of_each_dtype();
  // ember writes t<i>.npy plus the raw bytes t<i>.raw; NumPy checks dtype, shape and bytes
  for (size_t i = 0; i < tensors.size(); ++i) {
    std::string stem = dir + "/t" + std::to_string(i);
    save_npy(stem + ".npy", tensors[i]);
    Tensor c = tensors[i].contiguous();
    testing::write_bytes(stem + ".raw", std::string(static_cast<const char*>(c.data_ptr()), c.nbytes()));
  }
  std::string script = dir + "/check.py";
  testing::write_bytes(script,
              "import numpy as np, sys\n"
              "d = sys.argv[1]\n"
              "names = ['bool','uint8','int8','int32','int64','float16','float32','float64','float64','float32','float32']\n"
              "for i, name in enumerate(names):\n"
              "    a = np.load(f'{d}/t{i}.npy')\n"
              "    assert a.dtype == np.dtype(name), (i, a.dtype, name)\n"
              "    assert a.tobytes() == open(f'{d}/t{i}.raw', 'rb').read(), i\n"
              "# files for ember to read: Fortran order, big-endian, version 2.0\n"
              "x = np.arange(12, dtype=np.float64).reshape(3, 4)\n"
              "np.save(f'{d}/fortran.npy', np.asfortranarray(x))\n"
              "np.save(f'{d}/big.npy', x.astype('>i4'))\n"
              "from numpy.lib import format as fmt\n"
              "with open(f'{d}/v2.npy', 'wb') as f:\n"
              "    fmt.write_array(f, x.astype(np.float32), version=(2, 0))\n"
              "np.save(f'{d}/bool.npy', x > 5)\n"
              "print('numpy ok')\n");
  REQUIRE(std::system((py + " " + script + " " + dir).c_str()) == 0);
  Tensor expected = arange(12, kFloat64).view({3, 4});
  REQUIRE_EQUAL(load_npy(dir + "/fortran.npy"), expected);
  REQUIRE_EQUAL(load_npy(dir + "/big.npy"), expected.to(kInt32));
  REQUIRE_EQUAL(load_npy(dir + "/v2.npy"), expected.to(kFloat32));
  REQUIRE_EQUAL(load_npy(dir + "/bool.npy"), expected.gt(5));
}

TEST_CASE("truncated and hostile npy files are rejected", "[core][npy][errors]") {
  std::string dir = testing::temp_dir();
  std::string good = dir + "/good.npy";
  save_npy(good, arange(100, kFloat32));
  std::string bytes = testing::read_bytes(good);

  struct Case {
    std::string name, bytes, error;
  };
  std::vector<Case> cases = {
      {"empty", "", "bad magic"},
      {"magic only", "\x93NUMPY", "bad magic"},
      {"not npy", "PK\x03\x04 this is a zip", "bad magic"},
      {"truncated header", bytes.substr(0, 40), "header length"},
      {"truncated data", bytes.substr(0, bytes.size() - 4), "truncated data"},
      {"version 9", std::string("\x93NUMPY\x09\x00", 8) + bytes.substr(8), "unsupported format version"},
      {"huge header length", std::string("\x93NUMPY\x01\x00\xff\xff", 10) + "{}", "exceeds the file size"},
      {"unknown dtype", npy_bytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", std::string(8, '\0')),
       "has no ember equivalent"},
      {"object dtype", npy_bytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", std::string(8, '\0')),
       "unsupported dtype"},
      {"missing key", npy_bytes("{'descr': '<f4', 'shape': (1,), }", std::string(4, '\0')), "missing"},
      {"bad shape", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, x), }", ""), "malformed header"},
      {"negative dim", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", ""),
       "malformed header"},
      {"overflowing shape",
       npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", ""), "too large"},
      {"huge declared size", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000,), }", "abcd"),
       "truncated data"},
      {"unterminated string", npy_bytes("{'descr': '<f8", ""), "malformed header"},
      {"unknown key", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'evil': 1}", "abcd"),
       "unexpected key"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    std::string path = dir + "/bad.npy";
    testing::write_bytes(path, c.bytes);
    REQUIRE_THROWS_WITH(load_npy(path), Contains("[load_npy]") && Contains(c.error));
  }
  REQUIRE_THROWS_WITH(load_npy(dir + "/does_not_exist.npy"), Contains("cannot open"));
}
