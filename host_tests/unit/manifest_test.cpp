// Manifest lines and lookup: escapes, CRLF, empty values, malformed lines,
// binary search over sorted manifests and the linear pass for the rest.
#include "../../manifest/manifest_index.h"
#include "test_support.h"

using namespace rf;

namespace {

struct Lookup {
  std::string manifest;
  test::TestArena t;
  std::vector<ManifestQuery> queries;

  explicit Lookup(std::string m) : manifest(std::move(m)) {}

  void run(std::vector<std::string>& paths) {
    queries.assign(paths.size(), ManifestQuery());
    for (size_t i = 0; i < paths.size(); ++i) queries[i].path = test::view(paths[i]);
    ManifestIndex index("/m/MANIFEST", test::view(manifest));
    index.lookup(queries.data(), queries.size());
  }
  std::string value(size_t i) { return decode_value(queries[i].line, "", t.arena); }
};

}  // namespace

TEST_CASE("lines split at the first space, escaped lines decode") {
  ManifestLine line;
  REQUIRE(split_manifest_line("a/b /x y", &line) == nullptr);
  CHECK_FALSE(line.escaped);
  CHECK(line.separator == 3);
  REQUIRE(split_manifest_line(" a\\sb\\nc\\bd /v\\na\\bx", &line) == nullptr);
  CHECK(line.escaped);
  CHECK(match_key(line, "a b\nc\\d").order == 0);
  test::TestArena t;
  CHECK(std::string(decode_value(line, "", t.arena)) == "/v\na\\x");
  CHECK(std::string(decode_value(line, "/rest", t.arena)) == "/v\na\\x/rest");
  CHECK(std::string(split_manifest_line("nospace", &line)) == "no space between key and value");
  CHECK(std::string(split_manifest_line(" \\sonly", &line)) == "no space between key and value");
  // Escapes: \s only in the key; nothing else, not even a final backslash.
  for (const char* bad : {" a\\q v", " a v\\s", " a v\\", " a\\ v", " a v\\t"})
    CHECK(std::string(split_manifest_line(Str::from_c(bad), &line)) == "unknown escape");
  CHECK(split_manifest_line("a\\q v\\", &line) == nullptr);  // only escaped lines have escapes
}

TEST_CASE("key matching orders by bytes and finds directory prefixes") {
  ManifestLine line;
  REQUIRE(split_manifest_line("a/b v", &line) == nullptr);
  CHECK(match_key(line, "a/b").order == 0);
  CHECK(match_key(line, "a/c").order < 0);
  CHECK(match_key(line, "a/a").order > 0);
  KeyMatch m = match_key(line, "a/b/c/d");
  CHECK(m.order < 0);
  CHECK(m.is_dir_prefix);
  CHECK(m.key_length == 3);
  CHECK_FALSE(match_key(line, "a/bc").is_dir_prefix);
  REQUIRE(split_manifest_line("\xc3\xa9 v", &line) == nullptr);
  CHECK(match_key(line, "z").order > 0);  // unsigned bytes
}

TEST_CASE("sorted manifests are found by binary search") {
  std::string m;
  for (int i = 0; i < 1000; ++i) m += "_main/f" + std::to_string(1000 + i) + " /abs/" + std::to_string(i) + "\n";
  Lookup l(m);
  std::vector<std::string> paths = {"_main/f1000", "_main/f1999", "_main/f1500"};
  l.run(paths);
  for (size_t i = 0; i < 3; ++i) CHECK(l.queries[i].match == ManifestQuery::kExact);
  CHECK(l.value(0) == "/abs/0");
  CHECK(l.value(1) == "/abs/999");
  CHECK(l.value(2) == "/abs/500");
}

TEST_CASE("unsorted manifests, CRLF and a missing final newline still resolve") {
  Lookup l("z/last /z\r\na/first /a\r\n m/\\sspaced /s p\r\nb/x \nc/nonl /c");
  std::vector<std::string> paths = {"a/first", "m/ spaced", "b/x", "c/nonl", "absent"};
  l.run(paths);
  CHECK(l.value(0) == "/a");
  CHECK(l.value(1) == "/s p");
  CHECK(l.queries[1].key_length == 9);  // an exact match's key is as long as its path, once decoded
  CHECK(l.queries[2].match == ManifestQuery::kExact);
  CHECK(l.value(2) == "");  // a runfile with no backing file
  CHECK(l.value(3) == "/c");
  CHECK(l.queries[4].match == ManifestQuery::kNone);
}

TEST_CASE("the longest directory prefix wins") {
  Lookup l("d /dir\nd/sub /sub\nd/subx /wrong\ne /e\n");
  std::vector<std::string> paths = {"d/sub/f.txt", "d/other", "d/subx/y", "dx/y"};
  l.run(paths);
  CHECK(l.queries[0].match == ManifestQuery::kDirPrefix);
  CHECK(l.queries[0].key_length == 5);
  CHECK(l.value(0) == "/sub");
  CHECK(l.queries[1].key_length == 1);
  CHECK(l.queries[2].key_length == 6);
  CHECK(l.queries[3].match == ManifestQuery::kNone);
}

TEST_CASE("malformed lines are reported with their line number") {
  Lookup l("a /a\nb /b\nno-space\nd /d\n");
  std::vector<std::string> paths = {"zz"};
  CHECK(test::failure_of([&] { l.run(paths); }) ==
        "malformed runfiles manifest /m/MANIFEST line 3: no space between key and value");
  Lookup e(" a\\x /v\n");
  CHECK(test::failure_of([&] { e.run(paths); }) == "malformed runfiles manifest /m/MANIFEST line 1: unknown escape");
  Lookup empty("");
  empty.run(paths);
  CHECK(empty.queries[0].match == ManifestQuery::kNone);
}

TEST_CASE("finding newlines word by word") {
  std::string s(100, 'x');
  for (size_t at : {0, 1, 7, 8, 9, 63, 99}) {
    std::string t = s;
    t[at] = '\n';
    CHECK(static_cast<size_t>(find_byte(t.data(), t.data() + t.size(), '\n') - t.data()) == at);
  }
  CHECK(find_byte(s.data(), s.data() + s.size(), '\n') == s.data() + s.size());
}

TEST_CASE("lines end before their newline or CRLF") {
  std::string s = "a b\r\n\nc\rd\ne";
  const char* p = s.data();
  const char* end = s.data() + s.size();
  std::vector<std::string> lines;
  while (p < end) {
    const char* start = p;
    lines.emplace_back(start, next_line(p, end));
  }
  CHECK(lines == std::vector<std::string>{"a b", "", "c\rd", "e"});
  CHECK(p == end);
}
