#include "manifest_index.h"

namespace rf {

namespace {

Str line_text(const char* start, const char* end) {
  const char* stop = find_newline(start, end);
  Str text(start, static_cast<size_t>(stop - start));
  if (!text.empty() && text.back() == '\r') text = text.drop_back(1);
  return text;
}

}  // namespace

bool ManifestIndex::malformed(const char* line_start, const char* why, Arena& arena, Error& err) const {
  uint64_t number = 1;
  for (const char* p = bytes_.data; p < line_start; ++p) number += *p == '\n';
  return err.set(kExitLauncherError, arena.concat("malformed runfiles manifest ", file_path_, " line ",
                                                  arena.decimal(number), ": ", why));
}

bool ManifestIndex::line_at(const char* start, ManifestLine* line, Arena& arena, Error& err) const {
  if (!split_manifest_line(line_text(start, bytes_.data + bytes_.size), line))
    return malformed(start, "no space between key and value", arena, err);
  return true;
}

bool ManifestIndex::binary_search(ManifestQuery& query, Arena& arena, Error& err) const {
  const char* base = bytes_.data;
  size_t lo = 0, hi = bytes_.size;  // both at line starts
  while (lo < hi) {
    size_t start = lo + (hi - lo) / 2;
    while (start > lo && base[start - 1] != '\n') --start;
    ManifestLine line;
    if (!line_at(base + start, &line, arena, err)) return false;
    KeyMatch m = match_key(line, query.path);
    if (m.bad_escape) return malformed(base + start, "unknown escape in key", arena, err);
    if (m.order == 0) {
      query.match = ManifestQuery::kExact;
      query.line = line;
      return true;
    }
    if (m.order < 0) {
      lo = static_cast<size_t>(find_newline(base + start, base + hi) - base) + 1;
    } else {
      hi = start;
    }
  }
  return true;
}

bool ManifestIndex::linear_pass(ManifestQuery* queries, size_t count, Arena& arena, Error& err) const {
  const char* end = bytes_.data + bytes_.size;
  for (const char* p = bytes_.data; p < end;) {
    ManifestLine line;
    if (!line_at(p, &line, arena, err)) return false;
    if (!escapes_valid(line)) return malformed(p, "unknown escape", arena, err);
    for (size_t i = 0; i < count; ++i) {
      ManifestQuery& q = queries[i];
      if (q.match == ManifestQuery::kExact) continue;
      // This pass reads every line of what may be a huge file: a plain key can
      // only match a path of its length or one with a '/' right after it.
      size_t n = line.separator;
      if (!line.escaped && n != q.path.size && !(n < q.path.size && q.path[n] == '/')) continue;
      KeyMatch m = match_key(line, q.path);
      if (m.order == 0) {
        q.match = ManifestQuery::kExact;
        q.line = line;
      } else if (m.is_dir_prefix && (q.match == ManifestQuery::kNone || m.key_length > q.key_length)) {
        q.match = ManifestQuery::kDirPrefix;
        q.line = line;
        q.key_length = m.key_length;
      }
    }
    const char* newline = find_newline(p + line.text.size, end);
    p = newline == end ? end : newline + 1;
  }
  return true;
}

bool ManifestIndex::lookup(ManifestQuery* queries, size_t count, Arena& arena, Error& err) const {
  size_t missing = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!binary_search(queries[i], arena, err)) return false;
    missing += queries[i].match == ManifestQuery::kNone;
  }
  return missing == 0 || linear_pass(queries, count, arena, err);
}

}  // namespace rf
