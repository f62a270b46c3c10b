// The target's environment: inherited entries, overrides, removal, no name twice.
#include "../../stub/environment.h"
#include "test_support.h"

using namespace rf;

namespace {

std::vector<std::string> build(std::vector<std::string> inherited, std::vector<const char*> overrides,
                               const arch::OsTraits& os = test::kPosix) {
  test::TestArena t;
  std::vector<char*> envp;
  for (auto& s : inherited) envp.push_back(s.data());
  envp.push_back(nullptr);
  char** out = build_environment(envp.data(), overrides.data(), overrides.size(), os, t.arena);
  std::vector<std::string> result;
  for (; *out; ++out) result.push_back(*out);
  return result;
}

}  // namespace

TEST_CASE("overrides replace, remove and add; the last one of a name wins") {
  auto env = build({"A=1", "B=2", "C=3", "A=dup"},
                   {"B=new", "C", "D=4", "F=6", "D=5", "E"});
  CHECK(env == std::vector<std::string>{"A=1", "B=new", "F=6", "D=5"});
}

TEST_CASE("inherited duplicates keep the first") {
  CHECK(build({"X=1", "Y=2", "X=3", "X=4"}, {}) == std::vector<std::string>{"X=1", "Y=2"});
}

TEST_CASE("entries without '=' and Windows drive entries keep their names") {
  CHECK(build({"=C:=C:\\w", "=D:=D:\\", "WEIRD"}, {}) == std::vector<std::string>{"=C:=C:\\w", "=D:=D:\\", "WEIRD"});
}

TEST_CASE("Windows names fold case") {
  auto env = build({"Path=a", "PATH=b", "x=1"}, {"X=2"}, test::kWindows);
  CHECK(env == std::vector<std::string>{"Path=a", "X=2"});
  CHECK(std::string(find_env(std::vector<char*>{const_cast<char*>("Path=z"), nullptr}.data(), "PATH", test::kWindows)) ==
        "z");
}

TEST_CASE("lookup finds the first exact name") {
  std::string a = "PATHX=1", b = "PATH=/bin", c = "PATH=/usr";
  std::vector<char*> envp = {a.data(), b.data(), c.data(), nullptr};
  CHECK(std::string(find_env(envp.data(), "PATH", test::kPosix)) == "/bin");
  CHECK(find_env(envp.data(), "PAT", test::kPosix) == nullptr);
}

TEST_CASE("twenty thousand variables pass through in order") {
  std::vector<std::string> in;
  for (int i = 0; i < 20000; ++i) in.push_back("V" + std::to_string(i) + "=" + std::to_string(i));
  auto out = build(in, {"V5"});
  REQUIRE(out.size() == 19999);
  CHECK(out[4] == "V4=4");
  CHECK(out[5] == "V6=6");
}
