// Manifest lookups, value decoding, the repository mapping and resolution on
// any bytes. Lookups are checked against a plain reading of SPEC 3.4: an
// exact key is found when there is one, a directory prefix is the longest,
// and a malformed manifest is reported as malformed.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <optional>

#include "fuzz_support.h"

namespace {

constexpr size_t kMaxQueries = 4;

// One manifest line as SPEC 3.4 reads it; nullopt for a malformed line.
struct Entry {
  std::string key;
  std::optional<std::string> value;  // nullopt: an unknown escape in the value
};

// `line` is without its '\n' and trailing '\r'.
std::optional<Entry> read_line(const std::string& line) {
  bool escaped = !line.empty() && line[0] == ' ';
  size_t space = line.find(' ', escaped ? 1 : 0);
  if (space == std::string::npos) return std::nullopt;
  if (!escaped) return Entry{line.substr(0, space), line.substr(space + 1)};
  auto unescape = [](const std::string& s, bool in_key) -> std::optional<std::string> {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\') {
        out += s[i];
        continue;
      }
      char next = i + 1 < s.size() ? s[++i] : '\0';
      if (next == 'n') out += '\n';
      else if (next == 'b') out += '\\';
      else if (next == 's' && in_key) out += ' ';
      else return std::nullopt;
    }
    return out;
  };
  auto key = unescape(line.substr(1, space - 1), true);
  if (!key) return std::nullopt;
  return Entry{*key, unescape(line.substr(space + 1), false)};
}

struct Reading {
  std::vector<Entry> entries;
  bool malformed = false;  // some line is, or its value has an unknown escape
};

Reading read_manifest(const std::string& bytes) {
  Reading r;
  for (size_t p = 0; p < bytes.size();) {
    size_t newline = bytes.find('\n', p);
    if (newline == std::string::npos) newline = bytes.size();
    std::string line = bytes.substr(p, newline - p);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto entry = read_line(line);
    if (!entry || !entry->value) r.malformed = true;
    if (entry) r.entries.push_back(*entry);
    p = newline + 1;
  }
  return r;
}

std::string key_of(const rf::ManifestLine& line) {
  auto entry = read_line(test::str(line.text));
  FUZZ_CHECK(entry.has_value());
  return entry->key;
}

void check_lookup(const std::string& bytes, const std::vector<std::string>& paths, rf::Arena& arena) {
  rf::ManifestIndex index("/rf/MANIFEST", test::view(bytes));
  rf::ManifestQuery queries[kMaxQueries];
  for (size_t i = 0; i < paths.size(); ++i) queries[i].path = test::view(paths[i]);
  Reading reading = read_manifest(bytes);
  try {
    index.lookup(queries, paths.size());
  } catch (const test::Failure& f) {
    FUZZ_CHECK(reading.malformed);
    FUZZ_CHECK(std::string(f.what()).rfind("malformed runfiles manifest /rf/MANIFEST line ", 0) == 0);
    return;
  }
  bool linear_pass_ran = false;
  for (size_t i = 0; i < paths.size(); ++i) linear_pass_ran |= queries[i].match != rf::ManifestQuery::kExact;
  for (size_t i = 0; i < paths.size(); ++i) {
    const rf::ManifestQuery& q = queries[i];
    const std::string& path = paths[i];
    if (q.match == rf::ManifestQuery::kExact) {
      FUZZ_CHECK(key_of(q.line) == path);
    } else if (q.match == rf::ManifestQuery::kDirPrefix) {
      FUZZ_CHECK(q.key_length < path.size() && path[q.key_length] == '/');
      FUZZ_CHECK(key_of(q.line) == path.substr(0, q.key_length));
    }
    if (q.match != rf::ManifestQuery::kNone) {
      // A matched line was checked whole, its value's escapes too.
      char* value = rf::decode_value(q.line, "", arena);
      auto entry = read_line(test::str(q.line.text));
      FUZZ_CHECK(entry->value.has_value());
      FUZZ_CHECK(*entry->value == std::string(value, entry->value->size()));
    }
    if (!linear_pass_ran) continue;
    // The whole file was read, so it was well-formed and the answer is complete.
    FUZZ_CHECK(!reading.malformed);
    bool exact = false;
    size_t longest_prefix = 0;
    bool any_prefix = false;
    for (const Entry& e : reading.entries) {
      exact |= e.key == path;
      if (e.key.size() < path.size() && path[e.key.size()] == '/' && path.compare(0, e.key.size(), e.key) == 0) {
        longest_prefix = any_prefix ? std::max(longest_prefix, e.key.size()) : e.key.size();
        any_prefix = true;
      }
    }
    FUZZ_CHECK(exact == (q.match == rf::ManifestQuery::kExact));
    if (!exact) FUZZ_CHECK(any_prefix == (q.match == rf::ManifestQuery::kDirPrefix));
    if (!exact && any_prefix) FUZZ_CHECK(q.key_length == longest_prefix);
  }
}

void check_repo_mapping(const std::string& mapping, const std::vector<std::string>& paths, rf::Arena& arena) {
  std::vector<rf::ManifestQuery> mapped(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) mapped[i].path = test::view(paths[i]);
  try {
    rf::apply_repo_mapping("/rf/_repo_mapping", test::view(mapping), mapped.data(), mapped.size(), arena);
  } catch (const test::Failure& f) {
    FUZZ_CHECK(std::string(f.what()).rfind("malformed repository mapping /rf/_repo_mapping line ", 0) == 0);
    return;
  }
  // A NUL in a canonical name cuts the mapped path short, as a C string would be anyway.
  if (mapping.find('\0') != std::string::npos) return;
  // A plain reading: the first "source,apparent,canonical" line for the main
  // repository (source "" or "*") whose apparent name is the first segment.
  std::vector<std::vector<std::string>> lines;
  for (size_t p = 0; p < mapping.size();) {
    size_t newline = std::min(mapping.find('\n', p), mapping.size());
    std::string line = mapping.substr(p, newline - p);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields(1);
    for (char c : line) {
      if (c == ',') fields.emplace_back();
      else fields.back().push_back(c);
    }
    FUZZ_CHECK(fields.size() == 3);
    lines.push_back(fields);
    p = newline + 1;
  }
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string expected = paths[i];
    size_t slash = expected.find('/');
    for (const auto& f : lines) {
      if (slash == std::string::npos || (f[0] != "" && f[0] != "*") || f[1] != expected.substr(0, slash)) continue;
      expected = f[2] + expected.substr(slash);
      break;
    }
    FUZZ_CHECK(test::str(mapped[i].path) == expected);
  }
}

// The whole resolution: repository mapping, lookups, relative targets.
void check_resolution(const std::string& bytes, const std::string& mapping, const std::vector<std::string>& paths,
                      rf::Arena& arena) {
  test::FakeFs::reset();
  test::FakeFs::dirs.insert("/rf");
  test::FakeFs::files["/rf/_repo_mapping"] = mapping;
  rf::Runfiles runfiles;
  runfiles.manifest_path = "/rf/MANIFEST";
  runfiles.manifest = test::view(bytes);
  runfiles.directory = "/rf";
  runfiles.directory_verified = true;
  rf::RunfilePath resolved[kMaxQueries] = {};
  for (size_t i = 0; i < paths.size(); ++i) resolved[i].path = paths[i].c_str();
  try {
    rf::resolve_runfiles(runfiles, resolved, paths.size(), arena);
  } catch (const test::Failure& f) {
    FUZZ_CHECK(f.exit_code == rf::kExitLauncherError);
    return;
  }
  for (size_t i = 0; i < paths.size(); ++i) FUZZ_CHECK(resolved[i].path != nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::vector<std::string> paths(in.ConsumeIntegralInRange<size_t>(1, kMaxQueries));
  // Runfiles paths come from spec records, which hold no NUL bytes.
  for (std::string& p : paths) {
    p = in.ConsumeRandomLengthString(128);
    std::erase(p, '\0');
  }
  std::string mapping = in.ConsumeRandomLengthString(512);
  std::string manifest = in.ConsumeRemainingBytesAsString();
  try {
    rf::Arena& arena = fuzz::fresh_arena();
    check_lookup(manifest, paths, arena);
    check_repo_mapping(mapping, paths, arena);
    check_resolution(manifest, mapping, paths, arena);
  } catch (const test::ArenaFull&) {
  }
  return 0;
}
