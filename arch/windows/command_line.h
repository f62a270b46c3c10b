// Windows command lines: one string that each program splits into arguments
// itself. These follow the rules of the Microsoft C runtime, which is what
// the target's own start-up code will apply:
//   - arguments are separated by spaces and tabs;
//   - "..." groups text, spaces included; a quote may start or end anywhere
//     in an argument;
//   - backslashes are literal unless they precede a quote: 2n backslashes and
//     a quote give n backslashes and a grouping quote, 2n+1 give n and a
//     literal quote;
//   - inside a group, "" is a literal quote;
//   - the program name (argument 0) is special: quotes only group, and
//     backslashes are always literal.
// The functions work on UTF-8 bytes: every character that matters is ASCII,
// and no ASCII byte occurs inside a multi-byte sequence.
#pragma once
#include <stddef.h>

namespace win {

// Splits the NUL-terminated `line` in place into NUL-terminated arguments and
// fills `argv` with them, followed by a null. `argv` needs room for
// length / 2 + 2 entries (an argument after the first takes at least two
// bytes with its separator, or two units of the UTF-16 line it came from).
// Returns the count.
int split_command_line(char* line, char** argv);

// The command line that split_command_line turns back into exactly `argv`:
// the program name quoted, then each argument, quoted only when needed.
// Writes it to `out`, which needs room for 2 bytes per byte of the arguments
// and 3 per argument; returns its length (no NUL written). Returns 0 when the
// program name holds a quote, which it cannot express.
size_t build_command_line(const char* const* argv, char* out);

}  // namespace win
