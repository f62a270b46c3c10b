// Process start: the arguments, environment and own path that Windows keeps in
// the process block, converted once to the core's UTF-8.
#include "../arch.h"
#include "boundary.h"
#include "command_line.h"
#include "kernel32.h"
#include "utf16.h"

namespace {

size_t length(const char16_t* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

char** arguments(int* argc) {
  const char16_t* line = win::GetCommandLineW();
  size_t units = length(line);
  size_t bytes = win::to_utf8(line, units, nullptr);
  size_t slots = bytes / 2 + 2;
  char** argv = static_cast<char**>(win::allocate(slots * sizeof(char*) + bytes + 1));
  char* text = reinterpret_cast<char*>(argv + slots);
  win::to_utf8(line, units, text);
  *argc = win::split_command_line(text, argv);
  return argv;
}

// The block is "NAME=value\0...\0\0"; converted whole, its NULs stay NULs.
char** environment() {
  const char16_t* block = win::GetEnvironmentStringsW();
  if (!block) block = u"";  // only when memory is short
  size_t count = 0, units = 0;
  for (; block[units]; units += length(block + units) + 1) ++count;
  size_t bytes = win::to_utf8(block, units, nullptr);
  char** envp = static_cast<char**>(win::allocate((count + 1) * sizeof(char*) + bytes));
  char* text = reinterpret_cast<char*>(envp + count + 1);
  win::to_utf8(block, units, text);
  for (size_t i = 0; i < count; ++i) {
    envp[i] = text;
    while (*text++) {
    }
  }
  return envp;
}

const char* own_path() {
  char16_t* buffer = win::path_buffer();
  size_t units = win::GetModuleFileNameW(nullptr, buffer, win::kPathUnits);
  if (units == 0 || units == win::kPathUnits) return nullptr;
  char* path = static_cast<char*>(win::allocate(win::to_utf8(buffer, units, nullptr) + 1));
  win::to_utf8(buffer, units, path);
  return path;
}

}  // namespace

extern "C" [[noreturn]] void windows_start() {
  arch::StartInfo start;
  start.argv = arguments(&start.argc);
  start.envp = environment();
  start.exe_path = own_path();
  arch::exit_process(program_main(start));
}
