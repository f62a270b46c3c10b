// The launcher end to end over the fake OS: the argv, environment and file it
// hands to exec, and how exec failures map to exit codes.
#include <cstring>

#include "../../stub/launcher.h"
#include "test_support.h"

using namespace rf;
using test::FakeFs;

namespace {

struct Launch {
  test::TestArena t;
  std::vector<SpecRecord> records;
  uint32_t flags = spec::kExportRunfilesEnv;
  std::vector<std::string> argv = {"/bin/launcher"};
  std::vector<std::string> envp;
  const char* exe = "/bin/launcher";

  void arg(spec::Kind k, const char* v) { records.push_back({k, Str::from_c(v), Str::from_c(v)}); }
  void set(spec::Kind k, const char* entry) {
    Str e = Str::from_c(entry);
    size_t eq = find(e, '=');
    records.push_back({k, e, eq < e.size ? e.suffix_from(eq + 1) : e});
  }

  // Runs the launcher; returns the failure message (exec always fails here).
  std::string run(int expected_exit = 127) {
    LaunchSpec spec;
    spec.flags = flags;
    spec.count = records.size();
    spec.records = records.data();
    std::vector<char*> av, ev;
    for (auto& a : argv) av.push_back(a.data());
    av.push_back(nullptr);
    for (auto& e : envp) ev.push_back(e.data());
    ev.push_back(nullptr);
    arch::StartInfo start{static_cast<int>(argv.size()), av.data(), ev.data(), exe};
    return test::failure_of([&] { launch(spec, start, t.arena); }, expected_exit);
  }
};

}  // namespace

TEST_CASE("argv: resolved, literal and origin-relative arguments, then runtime arguments") {
  FakeFs::reset();
  FakeFs::files["/bin/launcher.runfiles_manifest"] = "_main/tool /real/tool\n_main/data /real/data\n";
  Launch l;
  l.arg(spec::kRunfile, "_main/tool");
  l.arg(spec::kLiteral, "--x");
  l.arg(spec::kRunfile, "_main/data");
  l.arg(spec::kOrigin, "../share/a");
  l.argv = {"./launcher", "", "a b"};
  CHECK(l.run() == "cannot execute /real/tool: ENOENT");
  CHECK(FakeFs::exec_paths == std::vector<std::string>{"/real/tool"});
  CHECK(FakeFs::exec_argv ==
        std::vector<std::string>{"/bin/launcher.runfiles/_main/tool", "--x", "/real/data", "/bin/../share/a", "", "a b"});
  CHECK(FakeFs::exec_env == std::vector<std::string>{"RUNFILES_MANIFEST_FILE=/bin/launcher.runfiles_manifest",
                                                     "RUNFILES_DIR=/bin/launcher.runfiles",
                                                     "JAVA_RUNFILES=/bin/launcher.runfiles"});
}

TEST_CASE("environment: stale runfiles variables replaced, spec entries applied") {
  FakeFs::reset();
  FakeFs::dirs.insert("/rf");
  Launch l;
  l.arg(spec::kLiteral, "/bin/true");
  l.set(spec::kEnvSet, "A=1");
  l.set(spec::kEnvRunfile, "DATA=_main/d");
  l.set(spec::kEnvOrigin, "HERE=.");
  l.set(spec::kEnvUnset, "GONE");
  l.envp = {"KEEP=k", "RUNFILES_DIR=/rf", "JAVA_RUNFILES=/stale", "RUNFILES_MANIFEST_FILE=", "GONE=x", "A=0"};
  l.run();
  CHECK(FakeFs::exec_env == std::vector<std::string>{"KEEP=k", "RUNFILES_DIR=/rf", "JAVA_RUNFILES=/rf", "A=1",
                                                     "DATA=/rf/_main/d", "HERE=/bin/."});
}

TEST_CASE("export off passes the environment through untouched") {
  FakeFs::reset();
  Launch l;
  l.flags = 0;
  l.arg(spec::kLiteral, "/bin/true");
  l.envp = {"JAVA_RUNFILES=/stale", "X=1"};
  l.run();
  CHECK(FakeFs::exec_env == std::vector<std::string>{"JAVA_RUNFILES=/stale", "X=1"});
  CHECK(FakeFs::opened.empty());  // nothing needed the runfiles, nothing was looked up
}

TEST_CASE("exec failures: 127 when missing, 126 otherwise") {
  FakeFs::reset();
  Launch l;
  l.flags = 0;
  l.arg(spec::kLiteral, "/bin/x");
  FakeFs::exec_error = 13;
  CHECK(l.run(126) == "cannot execute /bin/x: EACCES");
  FakeFs::exec_error = 99;
  CHECK(l.run(126) == "cannot execute /bin/x: error 99");
}

TEST_CASE("PATH search tries each directory, like execvp") {
  FakeFs::reset();
  Launch l;
  l.flags = spec::kSearchPathForArg0;
  l.arg(spec::kLiteral, "tool");
  l.envp = {"PATH=/a::/c"};
  CHECK(l.run() == "cannot find 'tool' in PATH (/a::/c)");
  CHECK(FakeFs::exec_paths == std::vector<std::string>{"/a/tool", "tool", "/c/tool"});
  FakeFs::exec_paths.clear();
  l.envp = {};
  l.run();
  CHECK(FakeFs::exec_paths == std::vector<std::string>{"/usr/local/bin/tool", "/usr/bin/tool", "/bin/tool"});
}

TEST_CASE("a required runfiles lookup with nothing found fails with 125") {
  FakeFs::reset();
  Launch l;
  l.arg(spec::kRunfile, "_main/tool");
  CHECK_THAT(l.run(125), Catch::StartsWith("cannot find the runfiles of /bin/launcher"));
}

TEST_CASE("origin-relative arguments need the launcher's path") {
  FakeFs::reset();
  Launch l;
  l.flags = 0;
  l.exe = nullptr;
  l.arg(spec::kOrigin, "x");
  CHECK(l.run(125) == "cannot resolve 'x': the launcher's own path is unknown");
}
