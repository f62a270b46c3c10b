#include "runfiles.h"

#include "path.h"

namespace rf {

namespace {

constexpr int kMaxRelativeHops = 32;
constexpr size_t kPathMax = 4096;

// Strips "/MANIFEST" or "_manifest" from a manifest path: the runfiles
// directory that Bazel puts beside or around it.
const char* directory_of_manifest(Arena& arena, Str manifest) {
  const Str suffixes[] = {"/MANIFEST", "\\MANIFEST", "_manifest"};
  for (Str suffix : suffixes)
    if (ends_with(manifest, suffix) && manifest.size > suffix.size)
      return arena.concat(manifest.drop_back(suffix.size));
  return nullptr;
}

}  // namespace

Str PathContext::describe(int os_error) const {
  const char* text = host_.describe_error(os_error);
  return text ? Str::from_c(text) : Str::from_c(arena_.concat("error ", arena_.decimal(static_cast<uint64_t>(os_error))));
}

char* PathContext::absolute(Str path, Error& err) {
  if (!is_absolute(path, *host_.os) && !cwd_) {
    char* buf = static_cast<char*>(arena_.allocate(kPathMax, 1));
    if (int e = host_.get_working_directory(buf, kPathMax)) {
      err.set(kExitLauncherError, arena_.concat("cannot read the working directory: ", describe(e)));
      return nullptr;
    }
    cwd_ = buf;
  }
  return make_absolute(arena_, path, Str::from_c(cwd_), *host_.os);
}

namespace {

// Records each place discovery looks at, for the error message.
struct SearchLog {
  Arena& arena;
  const char* text = "";
  void add(Str what) { text = arena.concat(text, "\n  ", what); }
};

bool try_manifest(const char* path, PathContext& ctx, Runfiles* out, SearchLog& log) {
  arch::MappedFile file;
  if (int e = ctx.host().map_file(path, &file)) {
    log.add(Str::from_c(ctx.arena().concat(path, " (", ctx.describe(e), ")")));
    return false;
  }
  out->manifest_path = path;
  out->manifest = Str(file.data, file.size);
  return true;
}

bool try_directory(const char* dir, PathContext& ctx, Runfiles* out, SearchLog& log) {
  if (!ctx.host().is_directory(dir)) {
    log.add(Str::from_c(ctx.arena().concat(dir, " (not a directory)")));
    return false;
  }
  out->directory = dir;
  out->directory_verified = true;
  // A manifest in or beside the tree is consulted first; absence is fine.
  Arena& a = ctx.arena();
  SearchLog ignored{a};
  try_manifest(a.concat(dir, "/MANIFEST"), ctx, out, ignored) || try_manifest(a.concat(dir, "_manifest"), ctx, out, ignored);
  return true;
}

}  // namespace

bool discover_runfiles(Str env_manifest_file, Str env_runfiles_dir, const char* exe, PathContext& ctx,
                       Runfiles* out, Error& err) {
  Arena& a = ctx.arena();
  SearchLog log{a};
  if (!env_manifest_file.empty()) {
    char* path = ctx.absolute(env_manifest_file, err);
    if (!path) return false;
    if (try_manifest(path, ctx, out, log)) {
      out->directory = directory_of_manifest(a, Str::from_c(path));
      return true;
    }
  } else {
    log.add("RUNFILES_MANIFEST_FILE (not set)");
  }
  if (!env_runfiles_dir.empty()) {
    char* dir = ctx.absolute(env_runfiles_dir, err);
    if (!dir) return false;
    if (try_directory(dir, ctx, out, log)) return true;
  } else {
    log.add("RUNFILES_DIR (not set)");
  }
  if (exe) {
    exe = ctx.absolute(Str::from_c(exe), err);
    if (!exe) return false;
    char* dir = a.concat(exe, ".runfiles");
    if (try_manifest(a.concat(dir, "/MANIFEST"), ctx, out, log)) {
      out->directory = dir;
      out->directory_verified = true;
      return true;
    }
    if (try_manifest(a.concat(exe, ".runfiles_manifest"), ctx, out, log)) {
      out->directory = dir;
      return true;
    }
    if (try_directory(dir, ctx, out, log)) return true;
    // The launcher may itself live inside a runfiles tree: use the innermost one.
    Str path = Str::from_c(exe);
    for (size_t end = path.size; end > 0; --end) {
      if (path[end - 1] != '/' || !ends_with(path.prefix(end - 1), ".runfiles")) continue;
      if (try_directory(a.concat(path.prefix(end - 1)), ctx, out, log)) return true;
      break;
    }
  } else {
    log.add("the launcher's own path (unknown)");
  }
  return err.set(kExitLauncherError,
                 a.concat("cannot find the runfiles of ", exe ? exe : "this launcher", "; looked at:", log.text));
}

bool RunfilesResolver::load_repo_mapping(Error& err) {
  Arena& a = ctx_.arena();
  const char* path = nullptr;
  if (runfiles_.manifest_path) {
    ManifestQuery q;
    q.path = "_repo_mapping";
    if (!index_.lookup(&q, 1, a, err)) return false;
    if (q.match == ManifestQuery::kExact) {
      path = decode_value(q.line, a);
      if (!path) return index_.malformed(q.line.text.data, "unknown escape in value", a, err);
      if (!*path) return true;
    }
  }
  if (!path && runfiles_.directory && directory_usable()) path = a.concat(runfiles_.directory, "/_repo_mapping");
  if (!path) return true;
  arch::MappedFile file;
  if (int e = ctx_.host().map_file(path, &file)) {
    if (ctx_.host().error_is_not_found(e)) return true;
    return err.set(kExitLauncherError, a.concat("cannot read the repository mapping ", path, ": ", ctx_.describe(e)));
  }
  return mapping_.parse(path, Str(file.data, file.size), a, err);
}

bool RunfilesResolver::directory_usable() {
  if (!runfiles_.directory_verified && runfiles_.directory)
    runfiles_.directory_verified = ctx_.host().is_directory(runfiles_.directory);
  return runfiles_.directory_verified;
}

char* RunfilesResolver::in_directory(Str path) {
  char* joined = ctx_.arena().concat(runfiles_.directory, "/", path);
  to_native_separators(joined, *ctx_.host().os);
  return joined;
}

bool RunfilesResolver::resolve_in_manifest(Str* current, size_t count, ResolvedPath* out, const Str* original,
                                           Error& err) {
  Arena& a = ctx_.arena();
  const arch::OsTraits& os = *ctx_.host().os;
  ManifestQuery* queries = a.allocate_array<ManifestQuery>(count);
  size_t* slot = a.allocate_array<size_t>(count);
  for (int hop = 0; count > 0; ++hop) {
    if (hop > kMaxRelativeHops) {
      return err.set(kExitLauncherError, a.concat("runfiles path '", original[slot[0]], "' goes through more than ",
                                                  a.decimal(kMaxRelativeHops),
                                                  " relative manifest entries (a loop?) in ", index_.file_path()));
    }
    for (size_t i = 0; i < count; ++i) {
      if (hop == 0) slot[i] = i;
      queries[i] = ManifestQuery();
      queries[i].path = current[slot[i]];
    }
    if (!index_.lookup(queries, count, a, err)) return false;
    size_t next = 0;
    for (size_t i = 0; i < count; ++i) {
      ManifestQuery& q = queries[i];
      size_t k = slot[i];
      if (q.match == ManifestQuery::kNone) {
        if (runfiles_.directory && directory_usable()) {
          out[k].path = in_directory(q.path);
          continue;
        }
        const char* message = a.concat("cannot find runfile '", original[k], "'");
        if (!(q.path == original[k])) message = a.concat(message, " (looked up as '", q.path, "')");
        message = a.concat(message, ": no entry in manifest ", index_.file_path());
        message = runfiles_.directory ? a.concat(message, ", and ", runfiles_.directory, " is not a directory")
                                      : a.concat(message, ", and no runfiles directory is known");
        return err.set(kExitLauncherError, message);
      }
      char* value = decode_value(q.line, a);
      if (!value) return index_.malformed(q.line.text.data, "unknown escape in value", a, err);
      Str key = q.match == ManifestQuery::kExact ? q.path : q.path.prefix(q.key_length);
      Str rest = q.match == ManifestQuery::kExact ? Str() : q.path.suffix_from(q.key_length);
      if (!*value) {
        return err.set(kExitLauncherError, a.concat("runfile '", original[k], "' is listed in ", index_.file_path(),
                                                    " with no file behind it (an empty value for '", key, "')"));
      }
      if (is_absolute(Str::from_c(value), os)) {
        char* resolved = a.concat(value, rest);
        to_native_separators(resolved, os);
        out[k].path = resolved;
        continue;
      }
      // A relative target works like a symlink relative to its key's directory.
      char* target = join_within_root(a, parent_of(key), Str::from_c(value));
      if (!target) {
        return err.set(kExitLauncherError, a.concat("runfile '", original[k], "': manifest entry '", key, "' -> '",
                                                    value, "' leaves the runfiles root"));
      }
      current[k] = Str::from_c(a.concat(target, rest));
      slot[next++] = k;
    }
    count = next;
  }
  return true;
}

bool RunfilesResolver::resolve(const Str* paths, size_t count, ResolvedPath* out, Error& err) {
  Arena& a = ctx_.arena();
  size_t relative = 0;
  for (size_t i = 0; i < count; ++i) {
    out[i] = {nullptr, nullptr};
    if (is_absolute(paths[i], *ctx_.host().os)) {
      out[i].path = a.concat(paths[i]);
      continue;
    }
    if (!is_valid_runfiles_path(paths[i])) {
      return err.set(kExitLauncherError, a.concat("invalid runfiles path '", paths[i],
                                                  "': it must be relative and normalized (no empty, '.' or '..' "
                                                  "segments)"));
    }
    ++relative;
  }
  if (relative == 0) return true;
  if (!load_repo_mapping(err)) return false;
  // Paths still to resolve are packed at the front, with their original index.
  Str* pending = a.allocate_array<Str>(relative);
  Str* original = a.allocate_array<Str>(relative);
  size_t* index = a.allocate_array<size_t>(relative);
  ResolvedPath* results = a.allocate_array<ResolvedPath>(relative);
  size_t n = 0;
  for (size_t i = 0; i < count; ++i) {
    if (out[i].path) continue;
    pending[n] = mapping_.apply(paths[i], a);
    if (runfiles_.directory) out[i].logical = in_directory(pending[n]);
    original[n] = paths[i];
    index[n++] = i;
  }
  for (size_t j = 0; j < n; ++j) results[j] = {nullptr, nullptr};
  if (runfiles_.manifest_path) {
    if (!resolve_in_manifest(pending, n, results, original, err)) return false;
  } else {
    for (size_t j = 0; j < n; ++j) results[j].path = in_directory(pending[j]);
  }
  for (size_t j = 0; j < n; ++j) out[index[j]].path = results[j].path;
  return true;
}

}  // namespace rf
