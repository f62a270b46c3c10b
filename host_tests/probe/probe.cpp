// The integration tests' target program: reports exactly what it was started
// with on stdout, as NUL-terminated records: "A<arg>" per argument, "E<entry>"
// per environment entry, "C<working directory>". Exits with $PROBE_EXIT_CODE.
#include "../../arch/arch.h"
#include "../../stub/str.h"

namespace {

char g_buffer[1 << 20];
size_t g_used = 0;

void record(char tag, const char* text) {
  size_t n = rf::c_length(text);
  // A single string is at most 128 KiB on Linux, so it always fits after a flush.
  if (g_used + n + 2 > sizeof g_buffer) {
    arch::write_stdout(g_buffer, g_used);
    g_used = 0;
  }
  g_buffer[g_used++] = tag;
  for (size_t i = 0; i < n; ++i) g_buffer[g_used++] = text[i];
  g_buffer[g_used++] = '\0';
}

}  // namespace

int program_main(const arch::StartInfo& start) {
  int exit_code = 0;
  for (int i = 0; i < start.argc; ++i) record('A', start.argv[i]);
  for (char** e = start.envp; *e; ++e) {
    record('E', *e);
    rf::Str entry = rf::Str::from_c(*e);
    if (rf::starts_with(entry, "PROBE_EXIT_CODE="))
      for (size_t i = 16; i < entry.size; ++i) exit_code = exit_code * 10 + (entry[i] - '0');
  }
  static char cwd[4096];
  if (arch::get_working_directory(cwd, sizeof cwd) == 0) record('C', cwd);
  arch::write_stdout(g_buffer, g_used);
  return exit_code;
}
