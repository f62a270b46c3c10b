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

char* put_backslashes(char* w, size_t count) {
  for (; count; --count) *w++ = '\\';
  return w;
}

char* put_argument(const char* arg, char* w) {
  bool quoted = needs_quotes(arg);
  if (quoted) *w++ = '"';
  size_t backslashes = 0;  // how many were just written
  for (; *arg; ++arg) {
    // Before a quote, each backslash doubled, and one more to make the quote
    // literal.
    if (*arg == '"') w = put_backslashes(w, backslashes + 1);
    backslashes = *arg == '\\' ? backslashes + 1 : 0;
    *w++ = *arg;
  }
  if (quoted) {
    // Before the closing quote, backslashes must be doubled too.
    w = put_backslashes(w, backslashes);
    *w++ = '"';
  }
  return w;
}

}  // namespace

int split_command_line(char* line, char** argv) {
  const char* r = line;
  char* w = line;  // never ahead of r: an argument only shrinks
  int argc = 0;
  for (;;) {
    bool program = argc == 0;
    argv[argc++] = w;
    for (bool grouped = false;;) {
      size_t backslashes = 0;
      if (!program)
        while (*r == '\\') ++r, ++backslashes;
      bool literal = true;
      if (*r == '"') {
        if (backslashes % 2 == 0) {
          if (!program && grouped && r[1] == '"') {
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
    // r is at the end or at the blank that ended the argument; step over it
    // before the terminator may overwrite it.
    if (*r) ++r;
    *w++ = '\0';
    while (is_blank(*r)) ++r;
    if (!*r) break;
  }
  argv[argc] = nullptr;
  return argc;
}

size_t build_command_line(const char* const* argv, char* out) {
  char* w = out;
  *w++ = '"';
  for (const char* p = argv[0]; *p; ++p) {
    if (*p == '"') return 0;
    *w++ = *p;
  }
  *w++ = '"';
  for (const char* const* arg = argv + 1; *arg; ++arg) {
    *w++ = ' ';
    w = put_argument(*arg, w);
  }
  return static_cast<size_t>(w - out);
}

}  // namespace win
