#include "path.h"

namespace rf {

namespace {

bool is_separator(char c, const arch::OsTraits& os) { return c == '/' || c == os.separator; }

}  // namespace

bool is_absolute(Str path, const arch::OsTraits& os) {
  if (path.empty()) return false;
  if (is_separator(path[0], os)) return true;
  if (!os.drive_letter_paths || path.size < 3) return false;
  char c = static_cast<char>(path[0] | 0x20);
  return c >= 'a' && c <= 'z' && path[1] == ':' && is_separator(path[2], os);
}

bool is_valid_runfiles_path(Str path) {
  if (path.empty() || path == Str(".") || path == Str("..")) return false;
  if (starts_with(path, "../") || starts_with(path, "./")) return false;
  if (ends_with(path, "/.") || ends_with(path, "/..")) return false;
  return !contains(path, "/../") && !contains(path, "/./") && !contains(path, "//");
}

Str parent_of(Str path) {
  size_t slash = find_last(path, '/');
  return slash == path.size ? Str() : path.prefix(slash);
}

char* join_within_root(Arena& arena, Str base_dir, Str target) {
  char* out = arena.concat(base_dir, "/", target);
  // Fold segments in place: `w` is the length of the folded prefix.
  size_t w = 0;
  for (const char* p = out; *p;) {
    const char* end = p;
    while (*end && *end != '/') ++end;
    Str segment(p, static_cast<size_t>(end - p));
    if (segment == Str("..")) {
      if (w == 0) return nullptr;
      while (w > 0 && out[w - 1] != '/') --w;
      if (w > 0) --w;
    } else if (!segment.empty() && !(segment == Str("."))) {
      if (w > 0) out[w++] = '/';
      for (size_t i = 0; i < segment.size; ++i) out[w++] = segment[i];
    }
    p = *end ? end + 1 : end;
  }
  out[w] = '\0';
  return w ? out : nullptr;
}

char* join_path(Arena& arena, Str dir, Str rest, const arch::OsTraits& os) {
  char separator[2] = {os.separator, '\0'};
  return arena.concat(dir, separator, rest);
}

void to_native_separators(char* path, const arch::OsTraits& os) {
  if (os.separator == '/') return;
  for (; *path; ++path)
    if (*path == '/') *path = os.separator;
}

char* make_absolute(Arena& arena, Str path, Str cwd, const arch::OsTraits& os) {
  char* joined = is_absolute(path, os) ? arena.concat(path) : join_path(arena, cwd, path, os);
  // Drop "." segments and doubled separators; keep a leading "\\" (UNC).
  size_t w = 0, r = 0;
  if (is_separator(joined[0], os) && is_separator(joined[1], os)) w = r = 2;
  while (joined[r]) {
    bool at_segment_start = w == 0 || is_separator(joined[w - 1], os);
    if (at_segment_start && is_separator(joined[r], os) && w > 0) {
      ++r;
    } else if (at_segment_start && joined[r] == '.' && (!joined[r + 1] || is_separator(joined[r + 1], os)) && w > 0) {
      r += joined[r + 1] ? 2 : 1;
    } else {
      joined[w++] = joined[r++];
    }
  }
  if (w > 1 && is_separator(joined[w - 1], os) && !(w == 3 && joined[1] == ':')) --w;
  joined[w] = '\0';
  return joined;
}

}  // namespace rf
