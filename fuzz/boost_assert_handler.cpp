// BOOST_ASSERT in the fuzz build (BOOST_ENABLE_ASSERT_HANDLER, see CMakeLists.txt): every failed
// Boost assertion aborts like a failed assert, except the one known false alarm below.
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace boost {

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
  // Beast 1.81's chunk parser asserts `n >= 5` on a chunked body that ends right after the last
  // chunk's "0\r\n"; the assertion is wrong and the code after it answers need_more, as it should
  // (boostorg/beast#2861, fixed upstream in 2024). Release builds, like ours, compile it out.
  if (std::strstr(file, "beast/http/impl/basic_parser.ipp") && std::strcmp(expr, "n >= 5") == 0) return;
  std::fprintf(stderr, "%s:%ld: %s: Boost assertion `%s' failed%s%s\n", file, line, function, expr, msg ? ": " : "",
               msg ? msg : "");
  std::abort();
}

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  assertion_failed_msg(expr, nullptr, function, file, line);
}

}  // namespace boost
