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

namespace test {

struct ArenaFull : std::runtime_error {
  ArenaFull() : std::runtime_error("arena full") {}
};

[[noreturn]] inline void throw_full(size_t) { throw ArenaFull(); }

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

// Files and directories by absolute path; the working directory is fixed.
struct FakeFs {
  static inline std::map<std::string, std::string> files;
  static inline std::set<std::string> dirs;
  static inline std::string cwd = "/work";
  static inline std::vector<std::string> opened;

  static void reset() {
    files.clear();
    dirs.clear();
    opened.clear();
    cwd = "/work";
  }
  static int map_file(const char* path, arch::MappedFile* out) {
    opened.push_back(path);
    auto it = files.find(path);
    if (it == files.end()) return dirs.count(path) ? 21 : 2;
    out->data = it->second.data();
    out->size = it->second.size();
    return 0;
  }
  static bool is_directory(const char* path) { return dirs.count(path) > 0; }
  static int get_working_directory(char* buf, size_t size) {
    if (cwd.size() + 1 > size) return 34;
    std::copy(cwd.begin(), cwd.end(), buf);
    buf[cwd.size()] = '\0';
    return 0;
  }
  static bool not_found(int e) { return e == 2; }
  static const char* describe(int e) { return e == 2 ? "ENOENT: no such file or directory" : nullptr; }

  static rf::Host host(const arch::OsTraits& os = kPosix) {
    return {&os, map_file, is_directory, get_working_directory, not_found, describe};
  }
};

}  // namespace test
