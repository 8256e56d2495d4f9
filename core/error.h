// error.h — ember::Error and the checks that throw it.
//
// Every failed check names the op in brackets and then the offending values:
//   [matmul] shapes (3, 4) and (5, 2) cannot be multiplied
// EMBER_CHECK(cond, "op", parts...) streams the parts into the message only when
// the check fails, so a passing check costs one branch.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ember {

/// The one exception type ember throws for bad input.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An index out of range (Python sees an IndexError, as torch raises; a
/// `for` loop over a sequence relies on it).
class IndexError : public Error {
 public:
  using Error::Error;
};

namespace detail {
template <class E = Error, class... Parts>
[[noreturn]] void fail(std::string_view op, const Parts&... parts) {
  std::ostringstream s;
  s << '[' << op << "] ";
  (s << ... << parts);
  throw E(s.str());
}
}  // namespace detail

}  // namespace ember

#define EMBER_CHECK(cond, op, ...)                          \
  do {                                                      \
    if (!(cond)) ::ember::detail::fail((op), __VA_ARGS__);  \
  } while (0)

// The same for an index out of range: throws ember::IndexError.
#define EMBER_CHECK_INDEX(cond, op, ...)                                     \
  do {                                                                       \
    if (!(cond)) ::ember::detail::fail<::ember::IndexError>((op), __VA_ARGS__); \
  } while (0)

#define EMBER_FAIL(op, ...) ::ember::detail::fail((op), __VA_ARGS__)
