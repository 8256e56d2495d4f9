// Exercise 1 — create a tensor and convert it to a NumPy array.
//
// In C++ the bridge to NumPy is a file: ember writes NumPy's own .npy format,
// and numpy.load reads it. The check: NumPy sees the same dtype, shape and
// bytes (run through Debian's /usr/bin/python3 when it is there), and ember
// reads the file back bit-exactly. (The zero-copy .numpy() of the Python
// package is the Python twin of this exercise.)
#include <cstdlib>
#include <fstream>

#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;

  ember::Tensor t = ember::tensor({1.0f, 2.5f, -3.0f, 4.25f, 5.0f});
  std::cout << "tensor: " << t << "\n";
  ember::save_npy("ex01.npy", t);
  std::cout << "saved as ex01.npy\n";

  ember::Tensor back = ember::load_npy("ex01.npy");
  checker.check(back.equal(t) && back.scalar_type() == ember::kFloat32, "ember reads the .npy back bit-exactly");

  std::string python = EMBER_PYTHON;
  if (!python.empty() && std::system((python + " -c 'import numpy' 2>/dev/null").c_str()) == 0) {
    std::ofstream("ex01_check.py") << "import numpy as np\n"
                                      "a = np.load('ex01.npy')\n"
                                      "print('numpy sees:', repr(a))\n"
                                      "expected = np.array([1.0, 2.5, -3.0, 4.25, 5.0], dtype=np.float32)\n"
                                      "assert a.dtype == np.float32 and a.shape == (5,)\n"
                                      "assert a.tobytes() == expected.tobytes()\n";
    int rc = std::system((python + " ex01_check.py").c_str());
    checker.check(rc == 0, "numpy.load gives a float32 array with the same bytes");
  } else {
    std::cout << "  (Python with NumPy not found: NumPy check skipped)\n";
  }
  return checker.exit_code();
}
