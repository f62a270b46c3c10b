#include "path.h"

namespace rf {

namespace {

bool is_separator(char c, const arch::OsTraits& os) { return c == '/' || c == os.separator; }

}  // namespace

bool is_absolute(const char* path, const arch::OsTraits& os) {
  if (is_separator(path[0], os)) return true;
  if (!os.drive_letter_paths) return false;
  char c = static_cast<char>(path[0] | 0x20);
  return c >= 'a' && c <= 'z' && path[1] == ':' && is_separator(path[2], os);
}

bool is_valid_runfiles_path(Str path) {
  if (path.empty()) return false;
  for (size_t start = 0, end = 0; end <= path.size; ++end) {
    if (end < path.size && path[end] != '/') continue;
    size_t length = end - start;
    // An empty segment only at the end ("dir/" is fine); no "." or "..".
    if ((length == 0 && end < path.size) || (length > 0 && length <= 2 && path[start] == '.' && path[end - 1] == '.'))
      return false;
    start = end + 1;
  }
  return true;
}

namespace {

// Rewrites path[root..] segment by segment, joined by `separator`: empty and
// "." segments go, and with `fold_parent` ".." removes the segment before it.
// False when ".." would climb into path[..root].
bool fold_segments(char* path, size_t root, char separator, bool fold_parent, const arch::OsTraits& os) {
  size_t w = root;
  for (const char* p = path + root; *p;) {
    const char* segment = p;
    while (*p && !is_separator(*p, os)) ++p;
    size_t n = static_cast<size_t>(p - segment);
    if (*p) ++p;
    bool dots = n > 0 && n <= 2 && segment[0] == '.' && segment[n - 1] == '.';
    if (n == 0 || (dots && n == 1)) continue;
    if (dots && fold_parent) {
      if (w == root) return false;
      while (w > root && path[w - 1] != separator) --w;
      if (w > root) --w;
      continue;
    }
    // Writing never overtakes reading: w <= segment.
    if (w > root) path[w++] = separator;
    while (n--) path[w++] = *segment++;
  }
  path[w] = '\0';
  return true;
}

}  // namespace

bool fold_within_root(char* path) {
  static const arch::OsTraits kRunfilesPaths = {'/', false, false};
  return fold_segments(path, 0, '/', true, kRunfilesPaths) && *path;
}

void to_native_separators(char* path, const arch::OsTraits& os) {
  if (os.separator == '/') return;
  for (; *path; ++path)
    if (*path == '/') *path = os.separator;
}

char* make_absolute(Arena& arena, const char* path, const char* cwd, const arch::OsTraits& os) {
  const char* join = os.separator == '/' ? "%s/%s" : "%s\\%s";
  char* joined = is_absolute(path, os) ? arena.format("%s", path) : arena.format(join, cwd, path);
  // Keep the root: "/", "\\" (a network path) or "C:\".
  size_t root = is_separator(joined[0], os) ? (is_separator(joined[1], os) ? 2 : 1) : 3;
  fold_segments(joined, root, is_separator(joined[0], os) ? joined[0] : joined[2], false, os);
  return joined;
}

}  // namespace rf
