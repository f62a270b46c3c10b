// One line of a runfiles manifest: "key value", split at the first space.
// A line that starts with a space is escaped: in the key "\s" is a space,
// "\n" a newline and "\b" a backslash; in the value "\n" and "\b".
#pragma once
#include "../stub/arena.h"

namespace rf {

struct ManifestLine {
  Str text;  // without its '\n' or trailing '\r'
  bool escaped;
  size_t separator;  // index of the space between key and value
};

// Fails (exit 125): "malformed <what> <file_path> line <n>: <why>", where n
// counts the lines from `file_start` to `line_start`.
[[noreturn]] void fail_malformed_line(const char* what, const char* file_path, const char* file_start,
                                      const char* line_start, const char* why);

// The first `c` in [p, end), or end.
const char* find_byte(const char* p, const char* end, char c);

// The end of the line starting at `p`, before its '\n' or trailing '\r';
// moves `p` to the next line (or `end`).
const char* next_line(const char*& p, const char* end);

// Splits `text` and checks its escapes. Returns null, or why the line is
// malformed: it has no separator, or an escaped line has an unknown escape.
const char* split_manifest_line(Str text, ManifestLine* out);

// The functions below take lines that split_manifest_line accepted.

// How a line's key relates to a path, which is NUL-terminated (and holds no
// other NUL).
struct KeyMatch {
  int order;           // <0, 0, >0: the key sorts before, equal to, after the path
  bool is_dir_prefix;  // the key is a proper prefix of the path, ending at a '/'
  size_t key_length;   // the decoded key's length (valid when order is 0 or is_dir_prefix)
};
KeyMatch match_key(const ManifestLine& line, Str path);

// The decoded value followed by `suffix`, NUL-terminated in the arena.
char* decode_value(const ManifestLine& line, const char* suffix, Arena& arena);

}  // namespace rf
