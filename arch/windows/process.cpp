// Starting the target. Windows cannot replace a process, so the launcher
// starts the target, waits for it and exits with its exit code.
#include "../arch.h"
#include "boundary.h"
#include "command_line.h"
#include "kernel32.h"
#include "utf16.h"

namespace {

using win::length;

constexpr int kErrorInvalidName = 123;

// Ctrl+C reaches every process on the console: the target decides what it
// means, and the launcher waits for the target's exit code. A handler (not
// SetConsoleCtrlHandler(nullptr, ...)) because that setting would be inherited.
int ignore_ctrl_c(uint32_t) { return 1; }

// The environment as a UTF-16 block: "NAME=value\0" per entry, then "\0".
// The memory comes zeroed, so only the entries need writing.
char16_t* environment_block(char* const* envp) {
  size_t bytes = 0;
  for (char* const* e = envp; *e; ++e) bytes += length(*e) + 1;
  // A unit per byte at most, and two NULs when there are no entries.
  char16_t* block = static_cast<char16_t*>(win::allocate((bytes + 2) * sizeof(char16_t)));
  char16_t* w = block;
  for (char* const* e = envp; *e; ++e) w += win::to_utf16(*e, w);
  return block;
}

char16_t* command_line(char* const* argv) {
  size_t bound = 0;
  for (char* const* a = argv; *a; ++a) bound += 2 * length(*a) + 3;
  // The UTF-8 line and its NUL (the memory comes zeroed), then at an even
  // offset its UTF-16 form (a unit per byte at most).
  char* line = static_cast<char*>(win::allocate(3 * bound + 4));
  if (win::build_command_line(argv, line) == 0) return nullptr;
  char16_t* wide = reinterpret_cast<char16_t*>(line + bound + 2 - (bound & 1));
  win::to_utf16(line, wide);
  return wide;
}

bool has_extension(const char* path) {
  bool dot = false;
  for (; *path; ++path) {
    if (*path == '/' || *path == '\\') dot = false;
    if (*path == '.') dot = true;
  }
  return dot;
}

}  // namespace

namespace arch {

int exec_target(const char* path, char* const* argv, char* const* envp) {
  char16_t* line = command_line(argv);
  if (!line) return kErrorInvalidName;  // a quote in the program name
  char16_t* environment = environment_block(envp);
  size_t units;
  char16_t* application = win::wide_path(path, &units);
  if (!application) return win::kErrorFilenameTooLong;
  // Like CreateProcess's own search: a name without an extension is first
  // tried as name.exe. The dot says whether the suffix is on.
  if (!has_extension(path) && units + 4 < win::kPathUnits) __builtin_memcpy(application + units, u".exe", 8);
  win::SetConsoleCtrlHandler(ignore_ctrl_c, 1);
  // Zero-filled (no code to clear it), as Windows wants all but the size.
  static win::StartupInfo startup;
  startup.cb = sizeof startup;
  win::ProcessInformation process;
  while (!win::CreateProcessW(application, line, nullptr, nullptr, 1, win::kCreateUnicodeEnvironment, environment,
                              nullptr, &startup, &process)) {
    int error = static_cast<int>(win::GetLastError());
    if (!application[units] || !error_is_not_found(error)) return error;
    application[units] = u'\0';
  }
  win::WaitForSingleObject(process.process, win::kInfinite);
  uint32_t code = 125;  // the launcher's own failure, should the code be unreadable
  win::GetExitCodeProcess(process.process, &code);
  win::ExitProcess(code);
}

}  // namespace arch
