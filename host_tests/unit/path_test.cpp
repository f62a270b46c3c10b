// Path rules (SPEC 3.4) and path arithmetic.
#include <cstring>

#include "../../manifest/path.h"
#include "test_support.h"

using namespace rf;
using test::kPosix;
using test::kWindows;

TEST_CASE("runfiles paths must be relative and normalized") {
  for (const char* ok : {"a", "_main/bin/tool", "a/b.c/d", "a/..b", "a/b..", ".a/b", "dir/", "a/.../b"})
    CHECK(is_valid_runfiles_path(Str::from_c(ok)));
  for (const char* bad :
       {"", ".", "..", "../a", "./a", "a/../b", "a/./b", "a//b", "a/.", "a/..", "/", "a//", "a/b/../../c"})
    CHECK_FALSE(is_valid_runfiles_path(Str::from_c(bad)));
}

TEST_CASE("absolute paths per OS") {
  CHECK(is_absolute("/x", kPosix));
  CHECK_FALSE(is_absolute("x/y", kPosix));
  CHECK_FALSE(is_absolute("C:/x", kPosix));
  CHECK(is_absolute("C:/x", kWindows));
  CHECK(is_absolute("c:\\x", kWindows));
  CHECK(is_absolute("\\\\server\\share", kWindows));
  CHECK_FALSE(is_absolute("C:x", kWindows));
  CHECK_FALSE(is_absolute("", kWindows));
}

TEST_CASE("relative targets fold within the runfiles root") {
  auto fold = [](std::string path) {
    size_t length = fold_within_root(path.data());
    if (!length) return std::string("<null>");
    CHECK(length == std::strlen(path.c_str()));
    return std::string(path.c_str());
  };
  CHECK(fold("_main/bin/../lib/tool") == "_main/lib/tool");
  CHECK(fold("_main/bin/./x/./y") == "_main/bin/x/y");
  CHECK(fold("_main/../other/x") == "other/x");
  CHECK(fold("/x") == "x");  // a key without a directory: its target joins the root
  CHECK(fold("a//b/") == "a/b");
  CHECK(fold("_main/../../x") == "<null>");
  CHECK(fold("/../x") == "<null>");
  CHECK(fold("a/..") == "<null>");
  CHECK(fold("./.") == "<null>");
}

TEST_CASE("making paths absolute tidies them") {
  test::TestArena t;
  auto abs = [&](const char* p, const char* cwd, const arch::OsTraits& os = kPosix) {
    return std::string(make_absolute(t.arena, p, cwd, os));
  };
  CHECK(abs("bin/./tool", "/work") == "/work/bin/tool");
  CHECK(abs("./tool", "/work/") == "/work/tool");
  CHECK(abs("/a//b/./c/", nullptr) == "/a/b/c");
  CHECK(abs("../x", "/w") == "/w/../x");
  CHECK(abs("/", nullptr) == "/");
  CHECK(abs("tool", "C:\\work", kWindows) == "C:\\work\\tool");
  CHECK(abs("C:/a/./b", nullptr, kWindows) == "C:/a/b");
  CHECK(abs("\\\\srv\\share\\.\\x", nullptr, kWindows) == "\\\\srv\\share\\x");
}

TEST_CASE("native separators") {
  test::TestArena t;
  char* p = t.arena.concat("C:/a/b");
  to_native_separators(p, kWindows);
  CHECK(std::string(p) == "C:\\a\\b");
  char* q = t.arena.concat("/a/b");
  to_native_separators(q, kPosix);
  CHECK(std::string(q) == "/a/b");
}
