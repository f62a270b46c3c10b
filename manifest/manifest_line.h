// One line of a runfiles manifest: "key value", split at the first space.
// A line that starts with a space is escaped: in the key "\s" is a space,
// "\n" a newline and "\b" a backslash; in the value "\n" and "\b".
#pragma once
#include "../stub/arena.h"

namespace rf {

struct ManifestLine {
  Str text;          // without its '\n' or trailing '\r'
  bool escaped;
  size_t separator;  // index of the space between key and value
};

// The first `c` in [p, end), or end.
const char* find_byte(const char* p, const char* end, char c);

// The line starting at `p`, without its '\n' or trailing '\r'; moves `p` to
// the next line (or `end`).
Str next_line(const char*& p, const char* end);

// Splits `text`; false when it has no separator (a malformed line).
bool split_manifest_line(Str text, ManifestLine* out);

// How a line's key relates to a path.
struct KeyMatch {
  int order;           // <0, 0, >0: the key sorts before, equal to, after the path
  bool is_dir_prefix;  // the key is a proper prefix of the path, ending at a '/'
  bool bad_escape;     // the key has an escape other than \s \n \b
  size_t key_length;   // the decoded key's length (valid when is_dir_prefix)
};
KeyMatch match_key(const ManifestLine& line, Str path);

// False when an escaped line's key or value has an unknown escape.
bool escapes_valid(const ManifestLine& line);

// The decoded value, NUL-terminated in the arena; null on a bad escape.
char* decode_value(const ManifestLine& line, Arena& arena);

}  // namespace rf
