// Failure messages: formatting, and a huge argument (a 1 MB path from a
// manifest) that must not push the OS error out of the message.
#include "test_support.h"

namespace {

TEST_CASE("fail formats its conversions") {
  std::string message = test::failure_of(
      [] { rf::fail("cannot execute %s (%u): %e", "/bin/x", 42ul, 2); }, 125);
  CHECK(message == std::string("cannot execute /bin/x (42): ") + arch::describe_error(2));
  // An error without a name in the table is given by its number.
  message = test::failure_of([] { rf::fail_exec(126, "%s: %e", "/bin/x", 4095); }, 126);
  CHECK(message == "/bin/x: error 4095");
}

TEST_CASE("fail keeps the text after a huge argument") {
  std::string path = "/" + std::string(1 << 20, 'x');
  std::string message =
      test::failure_of([&] { rf::fail_exec(127, "cannot execute %s: %e", path.c_str(), 2); }, 127);
  CHECK(message == "cannot execute " + path.substr(0, 4096) + ": " + arch::describe_error(2));

  message = test::failure_of([&] { rf::fail("'%s' in %s", path.c_str(), "/m/MANIFEST"); });
  CHECK(message == "'" + path.substr(0, 4096) + "' in /m/MANIFEST");
}

}  // namespace
