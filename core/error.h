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

namespace detail {
template <class... Parts>
[[noreturn]] void fail(std::string_view op, const Parts&... parts) {
  std::ostringstream s;
  s << '[' << op << "] ";
  (s << ... << parts);
  throw Error(s.str());
}
}  // namespace detail

}  // namespace ember

#define EMBER_CHECK(cond, op, ...)                          \
  do {                                                      \
    if (!(cond)) ::ember::detail::fail((op), __VA_ARGS__);  \
  } while (0)

#define EMBER_FAIL(op, ...) ::ember::detail::fail((op), __VA_ARGS__)
