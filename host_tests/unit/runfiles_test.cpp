// Runfiles discovery (SPEC 3.3) and resolution (SPEC 3.4) over the fake file system.
#include "test_support.h"

using namespace rf;
using test::FakeFs;

namespace {

struct Discovery {
  test::TestArena t;
  Runfiles rf;
  bool found = false;
  // The variables' values, or null for unset.
  Discovery(const char* manifest_env, const char* dir_env, const char* exe, bool required = true) {
    std::vector<std::string> env = {"OTHER=x"};
    if (manifest_env) env.push_back(std::string("RUNFILES_MANIFEST_FILE=") + manifest_env);
    if (dir_env) env.push_back(std::string("RUNFILES_DIR=") + dir_env);
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    found = discover_runfiles(envp.data(), exe, required, t.arena, &rf);
  }
  std::string manifest() const { return rf.manifest_path ? rf.manifest_path : "<none>"; }
  std::string dir() const { return rf.directory ? rf.directory : "<none>"; }
};

std::vector<std::string> resolve(Runfiles& rf, std::vector<std::string> paths, test::TestArena& t,
                                 std::vector<std::string>* logical = nullptr) {
  std::vector<RunfilePath> out;
  for (auto& p : paths) out.push_back({p.c_str(), nullptr});
  resolve_runfiles(rf, out.data(), out.size(), t.arena);
  std::vector<std::string> result;
  for (auto& r : out) {
    result.push_back(r.path);
    if (logical) logical->push_back(r.logical ? r.logical : "<none>");
  }
  return result;
}

}  // namespace

TEST_CASE("discovery: RUNFILES_MANIFEST_FILE first, made absolute") {
  FakeFs::reset();
  FakeFs::files["/work/x.runfiles_manifest"] = "";
  FakeFs::dirs.insert("/rf");
  Discovery d("./x.runfiles_manifest", "/rf", "/bin/launcher");
  CHECK(d.found);
  CHECK(d.manifest() == "/work/x.runfiles_manifest");
  CHECK(d.dir() == "/work/x.runfiles");
  CHECK_FALSE(d.rf.directory_verified);
}

TEST_CASE("discovery: a manifest path without a known suffix has no directory") {
  FakeFs::reset();
  FakeFs::files["/m/custom.txt"] = "";
  Discovery d("/m/custom.txt", "", nullptr);
  CHECK(d.manifest() == "/m/custom.txt");
  CHECK(d.dir() == "<none>");
}

TEST_CASE("discovery: RUNFILES_DIR, consulting its manifest first") {
  FakeFs::reset();
  FakeFs::dirs.insert("/rf");
  Discovery plain("/missing", "/rf", "/bin/launcher");
  CHECK(plain.dir() == "/rf");
  CHECK(plain.manifest() == "<none>");
  CHECK(plain.rf.directory_verified);
  FakeFs::files["/rf_manifest"] = "";
  CHECK(Discovery("", "/rf", nullptr).manifest() == "/rf_manifest");
  FakeFs::files["/rf/MANIFEST"] = "";
  CHECK(Discovery("", "/rf", nullptr).manifest() == "/rf/MANIFEST");
}

TEST_CASE("discovery: from the launcher's own path, in order") {
  FakeFs::reset();
  FakeFs::cwd = "/out";
  FakeFs::dirs.insert("/out/bin/tool.runfiles");
  Discovery dir("", "", "bin/tool");
  CHECK(dir.dir() == "/out/bin/tool.runfiles");
  CHECK(dir.manifest() == "<none>");
  // Each manifest is tried once: they are the tree's own, consulted before the directory.
  CHECK(FakeFs::opened ==
        std::vector<std::string>{"/out/bin/tool.runfiles/MANIFEST", "/out/bin/tool.runfiles_manifest"});
  CHECK(dir.rf.directory_verified);
  FakeFs::files["/out/bin/tool.runfiles_manifest"] = "";
  CHECK(Discovery("", "", "bin/tool").manifest() == "/out/bin/tool.runfiles_manifest");
  FakeFs::files["/out/bin/tool.runfiles/MANIFEST"] = "";
  Discovery first("", "", "/out/bin/tool");
  CHECK(first.manifest() == "/out/bin/tool.runfiles/MANIFEST");
  CHECK(first.rf.directory_verified);
}

TEST_CASE("discovery: a launcher inside a runfiles tree uses the innermost tree") {
  FakeFs::reset();
  FakeFs::dirs.insert("/a.runfiles/_main/b.runfiles");
  FakeFs::dirs.insert("/a.runfiles");
  Discovery d("", "", "/a.runfiles/_main/b.runfiles/_main/launcher");
  CHECK(d.dir() == "/a.runfiles/_main/b.runfiles");
  // Only the innermost: when it is not a directory, nothing is found.
  FakeFs::dirs.erase("/a.runfiles/_main/b.runfiles");
  CHECK(test::failure_of([] { Discovery("", "", "/a.runfiles/_main/b.runfiles/_main/launcher"); }) ==
        "cannot find the runfiles of /a.runfiles/_main/b.runfiles/_main/launcher; looked at:\n"
        "  RUNFILES_MANIFEST_FILE (not set)\n  RUNFILES_DIR (not set)\n"
        "  /a.runfiles/_main/b.runfiles/_main/launcher.runfiles/MANIFEST (ENOENT)\n"
        "  /a.runfiles/_main/b.runfiles/_main/launcher.runfiles_manifest (ENOENT)\n"
        "  /a.runfiles/_main/b.runfiles/_main/launcher.runfiles (not a directory)\n"
        "  /a.runfiles/_main/b.runfiles (not a directory)");
}

TEST_CASE("discovery: nothing found lists every place, or is fine when not required") {
  FakeFs::reset();
  std::string message = test::failure_of([] { Discovery("/m", "/d", "/x/l"); });
  CHECK(message ==
        "cannot find the runfiles of /x/l; looked at:\n  /m (ENOENT)\n  /d (not a directory)\n"
        "  /x/l.runfiles/MANIFEST (ENOENT)\n  /x/l.runfiles_manifest (ENOENT)\n  /x/l.runfiles (not a directory)");
  CHECK_THAT(
      test::failure_of([] { Discovery("", "", nullptr); }),
      Catch::Contains("this launcher; looked at:\n  RUNFILES_MANIFEST_FILE (not set)\n  RUNFILES_DIR (not set)"));
  Discovery optional("", "", "/x/l", false);
  CHECK_FALSE(optional.found);
  // The launcher exports what it finds, so a search that finds nothing leaves nothing behind.
  CHECK(optional.manifest() == "<none>");
  CHECK(optional.dir() == "<none>");
  CHECK_FALSE(optional.rf.directory_verified);
}

TEST_CASE("resolution through a manifest: mapping, prefixes, relative hops") {
  FakeFs::reset();
  FakeFs::files["/r/MANIFEST"] =
      "_main/bin/tool ../lib/tool\n_main/d /real/d\n_main/lib/tool /real/tool\n_repo_mapping /r/mapping\n";
  FakeFs::files["/r/mapping"] = ",ws,_main\n";
  Discovery d("/r/MANIFEST", "", nullptr);
  std::vector<std::string> logical;
  auto out = resolve(d.rf, {"ws/bin/tool", "ws/d/x/y", "/abs/kept"}, d.t, &logical);
  CHECK(out == std::vector<std::string>{"/real/tool", "/real/d/x/y", "/abs/kept"});
  CHECK(logical == std::vector<std::string>{"/r/_main/bin/tool", "/r/_main/d/x/y", "<none>"});
}

TEST_CASE("resolution falls back to the runfiles directory") {
  FakeFs::reset();
  FakeFs::dirs.insert("/rf");
  FakeFs::files["/rf/MANIFEST"] = "_main/a /real/a\n";
  FakeFs::files["/rf/_repo_mapping"] = ",ws,_main\n";
  Discovery d("", "/rf", nullptr);
  CHECK(resolve(d.rf, {"ws/a", "ws/b"}, d.t) == std::vector<std::string>{"/real/a", "/rf/_main/b"});
}

TEST_CASE("directory mode without a manifest joins paths") {
  FakeFs::reset();
  FakeFs::dirs.insert("/rf");
  Discovery d("", "/rf", nullptr);
  CHECK(resolve(d.rf, {"a/b"}, d.t) == std::vector<std::string>{"/rf/a/b"});
}

TEST_CASE("resolution failures name the path and where it looked") {
  FakeFs::reset();
  FakeFs::files["/m"] = "_main/e \n_main/loop1 loop2\n_main/loop2 loop1\n_main/up ../../x\n";
  Discovery d("/m", "", nullptr);
  CHECK(test::failure_of([&] { resolve(d.rf, {"_main/x/../y"}, d.t); }) ==
        "invalid runfiles path '_main/x/../y' (empty, '.' or '..' segment)");
  CHECK(test::failure_of([&] { resolve(d.rf, {"_main/absent"}, d.t); }) ==
        "cannot find runfile '_main/absent' (looked up as '_main/absent') in /m, and no runfiles directory is known");
  CHECK_THAT(test::failure_of([&] { resolve(d.rf, {"_main/e"}, d.t); }), Catch::Contains("no file behind it"));
  CHECK_THAT(test::failure_of([&] { resolve(d.rf, {"_main/loop1"}, d.t); }),
             Catch::Contains("loops through more than 32 relative manifest entries"));
  CHECK_THAT(test::failure_of([&] { resolve(d.rf, {"_main/up"}, d.t); }), Catch::Contains("leaves the runfiles root"));
}

TEST_CASE("a derived directory is checked before falling back to it") {
  FakeFs::reset();
  FakeFs::files["/o/x.runfiles_manifest"] = "_main/a /real/a\n";
  Discovery d("/o/x.runfiles_manifest", "", nullptr);
  CHECK_THAT(test::failure_of([&] { resolve(d.rf, {"_main/b"}, d.t); }),
             Catch::EndsWith("and no runfiles directory /o/x.runfiles"));
  FakeFs::dirs.insert("/o/x.runfiles");
  CHECK(resolve(d.rf, {"_main/b"}, d.t) == std::vector<std::string>{"/o/x.runfiles/_main/b"});
}
