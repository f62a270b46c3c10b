#include "command_line.h"

namespace win {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Whether an argument must be put in quotes to stay one argument. Newlines
// and vertical tabs are included for parsers stricter than the C runtime's.
bool needs_quotes(const char* arg) {
  if (!*arg) return true;
  for (; *arg; ++arg)
    if (is_blank(*arg) || *arg == '\n' || *arg == '\v') return true;
  return false;
}

struct Writer {
  char* out;
  size_t size = 0;
  void put(char c, size_t count = 1) {
    for (; count; --count, ++size)
      if (out) out[size] = c;
  }
};

void put_argument(const char* arg, Writer& w) {
  bool quoted = needs_quotes(arg);
  if (quoted) w.put('"');
  for (;;) {
    size_t backslashes = 0;
    while (*arg == '\\') ++arg, ++backslashes;
    if (*arg == '"') {
      // Each backslash doubled, and one more to make the quote literal.
      w.put('\\', 2 * backslashes + 1);
      w.put('"');
    } else if (!*arg) {
      // Before the closing quote, backslashes must be doubled too.
      w.put('\\', quoted ? 2 * backslashes : backslashes);
      break;
    } else {
      w.put('\\', backslashes);
      w.put(*arg);
    }
    ++arg;
  }
  if (quoted) w.put('"');
}

}  // namespace

int split_command_line(char* line, char** argv) {
  const char* r = line;
  char* w = line;  // never ahead of r: an argument only shrinks
  int argc = 0;
  argv[argc++] = w;
  for (bool grouped = false; *r && (grouped || !is_blank(*r)); ++r) {
    if (*r == '"') {
      grouped = !grouped;
    } else {
      *w++ = *r;
    }
  }
  for (;;) {
    // r is at the end or at the blank that ended the argument; step over it
    // before the terminator may overwrite it.
    if (*r) ++r;
    *w++ = '\0';
    while (is_blank(*r)) ++r;
    if (!*r) break;
    argv[argc++] = w;
    for (bool grouped = false;;) {
      size_t backslashes = 0;
      while (*r == '\\') ++r, ++backslashes;
      bool literal = true;
      if (*r == '"') {
        if (backslashes % 2 == 0) {
          if (grouped && r[1] == '"') {
            ++r;
          } else {
            literal = false;
            grouped = !grouped;
          }
        }
        backslashes /= 2;
      }
      for (; backslashes; --backslashes) *w++ = '\\';
      if (!*r || (!grouped && is_blank(*r))) break;
      if (literal) *w++ = *r;
      ++r;
    }
  }
  argv[argc] = nullptr;
  return argc;
}

size_t build_command_line(const char* const* argv, char* out) {
  Writer w{out};
  w.put('"');
  for (const char* p = argv[0]; *p; ++p) {
    if (*p == '"') return 0;
    w.put(*p);
  }
  w.put('"');
  for (const char* const* arg = argv + 1; *arg; ++arg) {
    w.put(' ');
    put_argument(*arg, w);
  }
  return w.size;
}

}  // namespace win
