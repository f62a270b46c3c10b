// Process start: the arguments, environment and own path that Windows keeps in
// the process block, converted once to the core's UTF-8.
#include "../arch.h"
#include "boundary.h"
#include "command_line.h"
#include "kernel32.h"
#include "utf16.h"

namespace {

using win::length;

// Each helper has one caller, the entry point. That ends in a call that never
// returns, which makes the inliner treat its calls as cold and keep the
// helpers as functions of their own; inlined, they take fewer bytes.
[[gnu::always_inline]] inline char** arguments(int* argc) {
  const char16_t* line = win::GetCommandLineW();
  // split_command_line's bound holds for the UTF-16 units too.
  size_t units = length(line), slots = units / 2 + 2;
  char** argv = static_cast<char**>(win::allocate(slots * sizeof(char*)));
  *argc = win::split_command_line(win::narrow(line, units), argv);
  return argv;
}

// The block is "NAME=value\0...\0\0"; converted whole, its NULs stay NULs.
[[gnu::always_inline]] inline char** environment() {
  const char16_t* block = win::GetEnvironmentStringsW();
  if (!block) block = u"";  // only when memory is short
  size_t units = 0;
  while (block[units]) units += length(block + units) + 1;
  // An entry takes at least two units with its NUL. The memory comes zeroed,
  // so the converted block ends in an empty entry, and the array in a null.
  char** envp = static_cast<char**>(win::allocate((units / 2 + 1) * sizeof(char*)));
  char** e = envp;
  for (char* text = win::narrow(block, units); *text; text += length(text) + 1) *e++ = text;
  return envp;
}

[[gnu::always_inline]] inline const char* own_path() {
  char16_t* buffer = win::path_buffer();
  size_t units = win::GetModuleFileNameW(nullptr, buffer, win::kPathUnits);
  return units == 0 || units == win::kPathUnits ? nullptr : win::narrow(buffer, units);
}

}  // namespace

extern "C" [[noreturn]] void windows_start() {
  arch::StartInfo start;
  start.argv = arguments(&start.argc);
  start.envp = environment();
  start.exe_path = own_path();
  arch::exit_process(program_main(start));
}
