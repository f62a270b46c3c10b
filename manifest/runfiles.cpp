#include "runfiles.h"

#include "../stub/environment.h"
#include "../stub/fail.h"
#include "path.h"

namespace rf {

namespace {

// The messages say 32 too.
constexpr int kMaxRelativeHops = 32;
constexpr size_t kPathMax = 4096;

struct Search {
  Arena& arena;
  Runfiles* out;
  // Every place looked at and why it did not do, a line each, for the error
  // message when nothing does.
  const char* looked_at = "";

  // note() and directory() are inlined: a call of either, with its
  // arguments, takes about as much code as what it does.
  __attribute__((always_inline)) void note(const char* place, const char* why) {
    looked_at = arena.format("%s\n  %s (%s)", looked_at, place, why);
  }

  bool manifest(const char* path) {
    arch::MappedFile file;
    if (int e = arch::map_file(path, &file)) {
      looked_at = arena.format("%s\n  %s (%e)", looked_at, path, e);
      return false;
    }
    out->manifest_path = path;
    out->manifest = Str(file.data, file.size);
    return true;
  }

  __attribute__((always_inline)) bool directory(const char* dir) {
    if (arch::is_directory(dir)) return out->directory_verified = true;
    note(dir, "not a directory");
    return false;
  }

  // The runfiles tree `dir`: its manifest inside (dir/MANIFEST) or beside it
  // (dir_manifest), else the directory alone. A tree named by RUNFILES_DIR or
  // holding the launcher must be a directory (`checked_first`), and is the
  // answer, manifest or not.
  bool tree(const char* dir, bool checked_first) {
    if (checked_first && !directory(dir)) return false;
    // A manifest inside the tree shows that it is there.
    if (manifest(arena.format("%s/MANIFEST", dir))) {
      out->directory_verified = true;
    } else if (!manifest(arena.format("%s_manifest", dir)) && !checked_first && !directory(dir)) {
      return false;
    }
    out->directory = dir;
    return true;
  }

  // The absolute path a variable holds, or null when it is unset or empty.
  const char* variable(char* const* envp, const char* name) {
    const char* value = find_env(envp, name, arch::kOs);
    if (value && *value) return absolute_path(arena, value);
    note(name, "not set");
    return nullptr;
  }
};

}  // namespace

char* absolute_path(Arena& arena, const char* path) {
  char* cwd = nullptr;
  if (!is_absolute(path, arch::kOs)) {
    cwd = static_cast<char*>(arena.allocate(kPathMax));
    if (int e = arch::get_working_directory(cwd, kPathMax)) fail("cannot read %s: %e", "the working directory", e);
  }
  return make_absolute(arena, path, cwd, arch::kOs);
}

bool discover_runfiles(char* const* envp, const char* exe, bool required, Arena& arena, Runfiles* out) {
  Search search{arena, out};
  const char* path = search.variable(envp, kManifestVariable);
  if (path && search.manifest(path)) {
    // The runfiles directory is the path without "/MANIFEST" (so it is known
    // to exist) or "_manifest", as Bazel puts it around or beside it. Both
    // suffixes are 9 bytes long.
    size_t n = c_length(path);
    if (n > 9) {
      Str tail(path + n - 9, 9);
      out->directory_verified = tail == Str("/MANIFEST");
      if (out->directory_verified || tail == Str("_manifest")) out->directory = arena.format("%.*s", n - 9, path);
    }
    return true;
  }
  path = search.variable(envp, kDirectoryVariable);
  if (path && search.tree(path, true)) return true;
  if (exe) {
    char* own = absolute_path(arena, exe);  // a copy of our own, to cut
    exe = own;                              // and the one the message names
    if (search.tree(arena.format("%s.runfiles", own), false)) return true;
    // The launcher may itself live inside a runfiles tree: use the innermost one.
    for (size_t end = c_length(own); end-- > 9;) {  // a separator after ".runfiles"
      char separator = own[end];
      if ((separator != '/' && separator != arch::kOs.separator) || !(Str(own + end - 9, 9) == Str(".runfiles")))
        continue;
      // The tree is the path cut there; when it is not one, the message needs the whole path back.
      own[end] = '\0';
      if (search.tree(own, true)) return true;
      own[end] = separator;
      break;
    }
  }
  if (required) fail("cannot find the runfiles of %s; looked at:%s", exe ? exe : "this launcher", search.looked_at);
  return false;
}

namespace {

class Resolver {
 public:
  Resolver(Runfiles& runfiles, Arena& arena)
      : index_(runfiles.manifest_path, runfiles.manifest), runfiles_(runfiles), arena_(arena) {}

  // Without a manifest the index has no bytes, so it finds nothing.
  void lookup(ManifestQuery* queries, size_t count) { index_.lookup(queries, count); }
  // Follows `query`'s match to a file (SPEC 3.4), looking up relative
  // targets. A path with no file fails, or with `optional` gives null.
  const char* follow(ManifestQuery& query, const char* original, bool optional);

  // <runfiles dir>/<path>. Inlined: its call costs about as much as the formatting.
  __attribute__((always_inline)) char* in_directory(Str path) {
    char* joined = arena_.format("%s/%.*s", runfiles_.directory, path.size, path.data);
    to_native_separators(joined, arch::kOs);
    return joined;
  }

  // Maps `queries` through the `_repo_mapping` runfile, looked up with
  // `mapping`, a query that has matched nothing yet (zeroed arena memory
  // costs nothing to set up).
  void map_repositories(ManifestQuery* queries, size_t count, ManifestQuery& mapping);

 private:
  bool directory_usable() {
    if (!runfiles_.directory_verified && runfiles_.directory)
      runfiles_.directory_verified = arch::is_directory(runfiles_.directory);
    return runfiles_.directory_verified;
  }

  // First, so that a lookup is passed the resolver's own address.
  ManifestIndex index_;
  Runfiles& runfiles_;
  Arena& arena_;
};

// The mapping is a runfile like any other, which may be missing.
void Resolver::map_repositories(ManifestQuery* queries, size_t count, ManifestQuery& mapping) {
  mapping.path = "_repo_mapping";
  lookup(&mapping, 1);
  const char* path = follow(mapping, mapping.path.data, true);
  arch::MappedFile file;
  if (!path) return;
  if (int e = arch::map_file(path, &file)) {
    if (arch::error_is_not_found(e)) return;
    fail("cannot read %s: %e", path, e);
  }
  apply_repo_mapping(path, Str(file.data, file.size), queries, count, arena_);
}

const char* Resolver::follow(ManifestQuery& q, const char* original, bool optional) {
  for (int hops_left = kMaxRelativeHops;; --hops_left) {
    if (q.match == ManifestQuery::kNone) {
      if (directory_usable()) return in_directory(q.path);
      if (optional) return nullptr;
      fail("cannot find runfile '%s' (looked up as '%s') in %s, and no runfiles directory %s", original, q.path.data,
           runfiles_.manifest_path, runfiles_.directory ? runfiles_.directory : "is known");
    }
    size_t key_length = q.key_length;
    if (q.line.separator + 1 == q.line.text.size) {
      if (optional) return nullptr;
      fail("runfile '%s' has no file behind it: %s lists '%.*s' with an empty value", original, runfiles_.manifest_path,
           key_length, q.path.data);
    }
    // Under a directory artifact's key, the rest of the path continues its target.
    char* value = decode_value(q.line, q.path.data + key_length, arena_);
    if (is_absolute(value, arch::kOs)) {
      to_native_separators(value, arch::kOs);
      return value;
    }
    // A relative target works like a symlink relative to its key's directory.
    size_t directory = key_length;  // the key's directory, with its '/'
    while (directory && q.path[directory - 1] != '/') --directory;
    char* target = arena_.format("%.*s%s", directory, q.path.data, value);
    size_t target_length = fold_within_root(target);
    if (!target_length) {
      fail("runfile '%s': the manifest entry '%.*s' -> '%s' leaves the runfiles root", original, key_length,
           q.path.data, value);
    }
    if (!hops_left) {
      fail("runfile '%s' loops through more than 32 relative manifest entries in %s", original,
           runfiles_.manifest_path);
    }
    // What a query holds besides these only counts once it has a match.
    q.match = ManifestQuery::kNone;
    q.path = Str(target, target_length);
    lookup(&q, 1);
  }
}

}  // namespace

void resolve_runfiles(Runfiles& runfiles, RunfilePath* paths, size_t count, Arena& arena) {
  Resolver resolver(runfiles, arena);
  // Zeroed: nothing matched yet. One more for the repository mapping.
  ManifestQuery* queries = arena.allocate_array<ManifestQuery>(count + 1);
  bool relative = false;
  for (size_t i = 0; i < count; ++i) {
    ManifestQuery& q = queries[i];
    q.path = Str::from_c(paths[i].path);
    if (is_absolute(q.path.data, arch::kOs)) {
      q.match = ManifestQuery::kSkipped;
      continue;
    }
    if (!is_valid_runfiles_path(q.path)) fail("invalid runfiles path '%s' (empty, '.' or '..' segment)", q.path.data);
    relative = true;
  }
  if (!relative) return;
  resolver.map_repositories(queries, count, queries[count]);
  // One batch: a single linear pass covers every key binary search misses.
  resolver.lookup(queries, count);
  for (size_t i = 0; i < count; ++i) {
    ManifestQuery& q = queries[i];
    if (q.match == ManifestQuery::kSkipped) continue;
    if (runfiles.directory) paths[i].logical = resolver.in_directory(q.path);
    paths[i].path = resolver.follow(q, paths[i].path, false);
  }
}

}  // namespace rf
