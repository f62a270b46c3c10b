// The repository mapping: which entries apply to the main repository, and how
// the first path segment is mapped.
#include "../../manifest/repo_mapping.h"
#include "test_support.h"

using namespace rf;

TEST_CASE("source patterns: exact names and '*' prefixes") {
  CHECK(repo_source_matches("", ""));
  CHECK(repo_source_matches("*", ""));
  CHECK(repo_source_matches("*", "anything"));
  CHECK(repo_source_matches("rules_x+*", "rules_x+ext+repo"));
  CHECK_FALSE(repo_source_matches("rules_x+*", "rules_y"));
  CHECK_FALSE(repo_source_matches("other", ""));
  CHECK_FALSE(repo_source_matches("x*", ""));
}

TEST_CASE("the main repository's mapping applies to the first segment") {
  test::TestArena t;
  RepoMapping m;
  std::string file = ",my_ws,_main\r\n,dep,dep+\nother,my_ws,wrong\n*,tools,tools+\nx*,dep2,nope\n";
  m.parse("/r", test::view(file), t.arena);
  auto apply = [&](const char* p) { return test::str(m.apply(Str::from_c(p), t.arena)); };
  CHECK(apply("my_ws/bin/tool") == "_main/bin/tool");
  CHECK(apply("dep/data.txt") == "dep+/data.txt");
  CHECK(apply("tools/x") == "tools+/x");
  CHECK(apply("dep2/x") == "dep2/x");
  CHECK(apply("unknown/x") == "unknown/x");
  CHECK(apply("my_ws") == "my_ws");  // no '/': nothing to map
}

TEST_CASE("malformed mapping lines fail with their number") {
  test::TestArena t;
  RepoMapping m;
  std::string file = ",a,b\nonly,two\n";
  std::string message = test::failure_of([&] { m.parse("/r/_repo_mapping", test::view(file), t.arena); });
  CHECK(message == "malformed repository mapping /r/_repo_mapping line 2: expected source,apparent,canonical");
  RepoMapping n;
  std::string four = "a,b,c,d\n";
  CHECK_THAT(test::failure_of([&] { n.parse("/r", test::view(four), t.arena); }), Catch::Contains("line 1"));
}
