// Helpers shared by the unit tests: an arena that throws when full, and a
// fake file system for runfiles discovery.
#pragma once
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../../manifest/runfiles.h"
#include "../../stub/fail.h"

namespace test {

struct ArenaFull : std::runtime_error {
  ArenaFull() : std::runtime_error("arena full") {}
};

[[noreturn]] inline void* throw_full(size_t) { throw ArenaFull(); }

// An arena over its own heap buffer.
struct TestArena {
  std::vector<char> storage;
  rf::Arena arena;
  explicit TestArena(size_t size = 1 << 20) : storage(size), arena(storage.data(), size, throw_full) {}
};

inline std::string str(rf::Str s) { return std::string(s.data, s.size); }
inline rf::Str view(const std::string& s) { return rf::Str(s.data(), s.size()); }

inline const arch::OsTraits kPosix = {'/', false, false};
inline const arch::OsTraits kWindows = {'\\', true, true};

// A launcher failure, as thrown by the tests' report_failure().
struct Failure : std::runtime_error {
  int exit_code;
  Failure(int code, const std::string& message) : std::runtime_error(message), exit_code(code) {}
};

// The fake file system behind the tests' arch:: functions (fake_arch.cpp):
// files and directories by absolute path, and a fixed working directory.
struct FakeFs {
  static inline std::map<std::string, std::string> files;
  static inline std::set<std::string> dirs;
  static inline std::string cwd = "/work";
  static inline std::vector<std::string> opened;
  // What the last exec_target() was given; it then fails with `exec_error`.
  static inline std::vector<std::string> exec_argv, exec_env;
  static inline std::vector<std::string> exec_paths;
  static inline int exec_error = 2;

  static void reset() {
    files.clear();
    dirs.clear();
    opened.clear();
    exec_argv.clear();
    exec_env.clear();
    exec_paths.clear();
    exec_error = 2;
    cwd = "/work";
  }
};

// Runs `body`, expecting a launcher failure with `exit_code`; returns its message.
template <class F>
std::string failure_of(F body, int exit_code = 125) {
  try {
    body();
  } catch (const Failure& f) {
    CHECK(f.exit_code == exit_code);
    return f.what();
  }
  FAIL("expected a launcher failure");
  return "";
}

}  // namespace test
