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
  const char* end = path.data + path.size;
  for (const char* p = path.data;; ++p) {
    const char* segment = p;
    while (p < end && *p != '/') ++p;
    // An empty segment only at the end of a non-empty path ("dir/" is fine);
    // no "." or "..".
    if (p == segment ? p < end || p == path.data : p - segment <= 2 && segment[0] == '.' && p[-1] == '.') return false;
    if (p == end) return true;
  }
}

size_t fold_within_root(char* path) {
  char* w = path;  // the end of what is kept
  for (const char* r = path; *r;) {
    if (*r == '/') {  // an empty segment
      ++r;
      continue;
    }
    const char* segment = r;
    while (*r && *r != '/') ++r;
    size_t n = static_cast<size_t>(r - segment);
    if (n <= 2 && segment[0] == '.' && r[-1] == '.') {
      if (n == 1) continue;
      // ".." removes the segment before it, with its '/'.
      if (w == path) return 0;
      do --w;
      while (w > path && *w != '/');
      continue;
    }
    // Writing never overtakes reading: w <= segment.
    if (w > path) *w++ = '/';
    while (segment < r) *w++ = *segment++;
  }
  *w = '\0';
  return static_cast<size_t>(w - path);
}

void to_native_separators(char* path, const arch::OsTraits& os) {
  if (os.separator == '/') return;
  for (; *path; ++path)
    if (*path == '/') *path = os.separator;
}

char* make_absolute(Arena& arena, const char* path, const char* cwd, const arch::OsTraits& os) {
  const char* join = os.separator == '/' ? "%s/%s" : "%s\\%s";
  char* joined = cwd ? arena.format(join, cwd, path) : arena.format("%s", path);
  // Keep the root: "/", "\\" (a network path) or "C:\"; then drop "." and
  // empty segments.
  char* w = joined + (is_separator(joined[0], os) ? (is_separator(joined[1], os) ? 2 : 1) : 3);
  char separator = w[-1];
  char* root = w;
  for (const char* r = w; *r;) {
    if (is_separator(*r, os) || (r[0] == '.' && (!r[1] || is_separator(r[1], os)))) {
      ++r;
      continue;
    }
    if (w > root) *w++ = separator;
    while (*r && !is_separator(*r, os)) *w++ = *r++;
  }
  *w = '\0';
  return joined;
}

}  // namespace rf
