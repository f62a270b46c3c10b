#include "manifest_index.h"

namespace rf {

ManifestLine ManifestIndex::next(const char*& p) const {
  ManifestLine line;
  const char* start = p;
  const char* end = next_line(p, end_);
  if (const char* why = split_manifest_line(Str(start, static_cast<size_t>(end - start)), &line))
    fail_malformed_line("runfiles manifest", file_path_, start_, line.text.data, why);
  return line;
}

int ManifestIndex::consider(const ManifestLine& line, ManifestQuery& q) const {
  KeyMatch m = match_key(line, q.path);
  if (m.order == 0 || (m.is_dir_prefix && (q.match == ManifestQuery::kNone || m.key_length > q.key_length))) {
    q.match = m.order == 0 ? ManifestQuery::kExact : ManifestQuery::kDirPrefix;
    q.line = line;
    q.key_length = m.key_length;
  }
  return m.order;
}

void ManifestIndex::binary_search(ManifestQuery& query) const {
  const char *lo = start_, *hi = end_;  // both at line starts
  while (lo < hi) {
    const char* start = lo + static_cast<size_t>(hi - lo) / 2;
    while (start > lo && start[-1] != '\n') --start;
    const char* p = start;
    int order = consider(next(p), query);
    if (order == 0) return;
    if (order < 0) {
      lo = p;
    } else {
      hi = start;
    }
  }
}

void ManifestIndex::linear_pass(ManifestQuery* queries, size_t count) const {
  for (const char* p = start_; p < end_;) {
    ManifestLine line = next(p);
    for (size_t i = 0; i < count; ++i) {
      ManifestQuery& q = queries[i];
      // This pass reads every line of what may be a huge file: a plain key can
      // only match a path of its length or one with a '/' right after it.
      size_t n = line.separator;
      if (q.match >= ManifestQuery::kExact ||
          (!line.escaped && (n < q.path.size ? q.path[n] != '/' : n != q.path.size)))
        continue;
      consider(line, q);
    }
  }
}

void ManifestIndex::lookup(ManifestQuery* queries, size_t count) const {
  bool missing = false;
  for (size_t i = 0; i < count; ++i) {
    if (queries[i].match == ManifestQuery::kSkipped) continue;
    binary_search(queries[i]);
    missing |= queries[i].match != ManifestQuery::kExact;
  }
  if (missing) linear_pass(queries, count);
}

}  // namespace rf
