// The repository mapping: which entries apply to the main repository, and how
// the first path segment is mapped.
#include "../../manifest/repo_mapping.h"
#include "test_support.h"

using namespace rf;

namespace {

std::vector<std::string> map(const std::string& file, std::vector<std::string> paths) {
  test::TestArena t;
  std::vector<ManifestQuery> queries(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) queries[i].path = test::view(paths[i]);
  apply_repo_mapping("/r", test::view(file), queries.data(), queries.size(), t.arena);
  std::vector<std::string> out;
  for (const ManifestQuery& q : queries) out.push_back(test::str(q.path));
  return out;
}

}  // namespace

TEST_CASE("the main repository's mapping applies to the first segment") {
  std::string file = ",my_ws,_main\r\n,dep,dep+\nother,my_ws,wrong\n*,tools,tools+\nx*,dep2,nope\n,dep,second\n";
  CHECK(map(file, {"my_ws/bin/tool", "dep/data.txt", "tools/x", "dep2/x", "unknown/x", "my_ws", "other/x"}) ==
        std::vector<std::string>{"_main/bin/tool", "dep+/data.txt", "tools+/x", "dep2/x", "unknown/x", "my_ws",
                                 "other/x"});
}

TEST_CASE("skipped queries are not mapped") {
  test::TestArena t;
  ManifestQuery q;
  q.path = "ws/x";
  q.match = ManifestQuery::kSkipped;
  apply_repo_mapping("/r", ",ws,_main\n", &q, 1, t.arena);
  CHECK(test::str(q.path) == "ws/x");
}

TEST_CASE("only sources \"\" and \"*\" apply to the main repository") {
  CHECK(map("*x,a,wrong\nab,a,wrong\n**,a,wrong\n", {"a/f"}) == std::vector<std::string>{"a/f"});
  CHECK(map("*,a,star\n,a,plain\n", {"a/f"}) == std::vector<std::string>{"star/f"});
}

TEST_CASE("malformed mapping lines fail with their number") {
  test::TestArena t;
  std::string file = ",a,b\nonly,two\n";
  ManifestQuery path;
  path.path = "a/x";
  std::string message =
      test::failure_of([&] { apply_repo_mapping("/r/_repo_mapping", test::view(file), &path, 1, t.arena); });
  CHECK(message == "malformed repository mapping /r/_repo_mapping line 2: expected source,apparent,canonical");
  std::string four = ",a,b\n\na,b,c,d\n";
  CHECK(test::failure_of([&] { apply_repo_mapping("/r", test::view(four), &path, 1, t.arena); }) ==
        "malformed repository mapping /r line 2: expected source,apparent,canonical");
}
