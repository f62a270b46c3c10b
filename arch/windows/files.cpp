// Output, files and directories for the Windows port.
#include "../arch.h"
#include "boundary.h"
#include "kernel32.h"
#include "utf16.h"

namespace {

int last_error() { return static_cast<int>(win::GetLastError()); }

// One call writes everything: WriteFile returns only when the whole buffer is
// written (or on failure), for consoles, pipes and files alike.
bool write_handle(uint32_t which, const char* data, size_t size) {
  uint32_t written;
  return win::WriteFile(win::GetStdHandle(which), data, static_cast<uint32_t>(size), &written, nullptr);
}

}  // namespace

namespace arch {

const OsTraits kOs = {'\\', true, true};

void write_stderr(const char* data, size_t size) { write_handle(win::kStdError, data, size); }

int write_stdout(const char* data, size_t size) { return write_handle(win::kStdOutput, data, size) ? 0 : last_error(); }

void exit_process(int code) { win::ExitProcess(static_cast<uint32_t>(code)); }

int map_file(const char* path, MappedFile* out) {
  const char16_t* wide = win::wide_path(path);
  if (!wide) return win::kErrorFilenameTooLong;
  win::Handle file = win::CreateFileW(wide, win::kGenericRead, win::kShareAll, nullptr, win::kOpenExisting, 0, nullptr);
  int64_t size;
  if (reinterpret_cast<intptr_t>(file) == win::kInvalidHandle || !win::GetFileSizeEx(file, &size))
    return last_error();
  out->data = nullptr;
  out->size = static_cast<size_t>(size);
  // An empty file cannot be mapped, and needs no mapping.
  if (size == 0) return 0;
  // The handles are not inheritable, so the target never sees them; leaving
  // them open saves two calls.
  if (win::Handle mapping = win::CreateFileMappingW(file, nullptr, win::kPageReadOnly, 0, 0, nullptr))
    out->data = static_cast<const char*>(win::MapViewOfFile(mapping, win::kFileMapRead, 0, 0, 0));
  return out->data ? 0 : last_error();
}

bool is_directory(const char* path) {
  // A path too long to convert is null here, which GetFileAttributesW refuses.
  uint32_t attributes = win::GetFileAttributesW(win::wide_path(path));
  return attributes != win::kInvalidAttributes && (attributes & win::kAttributeDirectory);
}

int get_working_directory(char* buf, size_t size) {
  char16_t* wide = win::path_buffer();
  uint32_t units = win::GetCurrentDirectoryW(win::kPathUnits, wide);
  if (units == 0) return last_error();
  if (units >= win::kPathUnits) return win::kErrorFilenameTooLong;
  const char* text = win::narrow(wide, units);
  size_t bytes = win::length(text);
  if (bytes >= size) return 122;  // ERROR_INSUFFICIENT_BUFFER
  for (size_t i = 0; i <= bytes; ++i) buf[i] = text[i];
  return 0;
}

}  // namespace arch
