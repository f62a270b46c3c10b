#include "manifest_line.h"

#include "../stub/fail.h"
#include "../stub/mem.h"

namespace rf {

void fail_malformed_line(const char* what, const char* file_path, const char* file_start, const char* line_start,
                         const char* why) {
  unsigned long number = 1;
  for (const char* p = file_start; p < line_start; ++p) number += *p == '\n';
  fail("malformed %s %s line %u: %s", what, file_path, number, why);
}

const char* find_byte(const char* p, const char* end, char c) {
  // Eight bytes at a time: a word holds a `c` byte iff (word ^ c..c) has a
  // zero byte. Which byte it is, the loop below finds, on either byte order.
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  for (; end - p >= 8; p += 8) {
    uint64_t x;
    mem_copy(&x, p, 8);
    x ^= kOnes * static_cast<unsigned char>(c);
    if ((x - kOnes) & ~x & kHighs) break;
  }
  while (p < end && *p != c) ++p;
  return p;
}

const char* next_line(const char*& p, const char* end) {
  const char* start = p;
  const char* newline = find_byte(start, end, '\n');
  p = newline == end ? end : newline + 1;
  return newline > start && newline[-1] == '\r' ? newline - 1 : newline;
}

const char* split_manifest_line(Str text, ManifestLine* out) {
  out->text = text;
  out->escaped = !text.empty() && text[0] == ' ';
  const char* end = text.data + text.size;
  const char* separator = find_byte(text.data + (out->escaped ? 1 : 0), end, ' ');
  out->separator = static_cast<size_t>(separator - text.data);
  if (separator == end) return "no space between key and value";
  if (!out->escaped) return nullptr;
  for (const char* p = text.data; p < end; ++p) {
    if (*p != '\\') continue;
    char next = ++p < end ? *p : '\0';
    if (next != 'n' && next != 'b' && !(next == 's' && p <= separator)) return "unknown escape";
  }
  return nullptr;
}

namespace {

// The byte an escape stands for; the line was checked when it was split.
char unescape(char next) { return next == 'n' ? '\n' : next == 'b' ? '\\' : ' '; }

}  // namespace

KeyMatch match_key(const ManifestLine& line, Str path) {
  const char* p = line.text.data + (line.escaped ? 1 : 0);
  const char* end = line.text.data + line.separator;
  size_t i = 0;
  for (; p < end; ++i) {
    int c = static_cast<unsigned char>(*p++);
    if (c == '\\' && line.escaped) c = static_cast<unsigned char>(unescape(*p++));
    int d = static_cast<unsigned char>(path[i]);
    // The path's NUL sorts before whatever is left of the key, a NUL too.
    if (c != d || d == 0) return {c < d ? -1 : 1, false, i};
  }
  return {path[i] ? -1 : 0, path[i] == '/', i};
}

char* decode_value(const ManifestLine& line, const char* suffix, Arena& arena) {
  Str value = line.text.suffix_from(line.separator + 1);
  size_t suffix_length = c_length(suffix);
  char* out = static_cast<char*>(arena.allocate(value.size + suffix_length + 1));
  size_t w = 0;
  for (size_t r = 0; r < value.size; ++r) {
    char c = value[r];
    if (line.escaped && c == '\\') c = unescape(value[++r]);
    out[w++] = c;
  }
  copy_bytes(out + w, suffix, suffix_length);  // the NUL is there: the arena hands out zeros
  return out;
}

}  // namespace rf
