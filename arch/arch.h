// The one interface between the portable core and the operating system.
//
// Everything OS- or CPU-specific lives below arch/: the entry point, system
// calls, file mapping and starting the target. The portable core (stub/,
// manifest/, finalizer/) only sees these declarations. Strings are UTF-8 and
// NUL-terminated on every OS; arch/ converts at the boundary where the OS
// wants something else.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace arch {

// How the OS spells paths and environment names. Constant per target; the
// portable core takes it as a value so host tests can exercise every style.
struct OsTraits {
  char separator;              // '/' or '\\'
  bool drive_letter_paths;     // "C:\..." and "\\server\..." are absolute
  bool env_names_fold_case;    // Windows: "Path" and "PATH" are one variable
};

// What the process was started with.
struct StartInfo {
  int argc;
  char** argv;
  char** envp;           // NULL-terminated
  const char* exe_path;  // as the OS reports it; may be relative or null
};

// A read-only view of a whole file. Empty files have size 0 and data == nullptr.
struct MappedFile {
  const char* data;
  size_t size;
};

extern const OsTraits kOs;

// Returns `p` by a path the optimiser cannot see through: data that the
// finalizer patches after the build must be read from memory, not folded
// from its initial value.
inline const void* hide_from_optimizer(const void* p) {
  __asm__("" : "+r"(p));
  return p;
}

// Writes all bytes to stderr, ignoring failures (there is nowhere to report them).
void write_stderr(const char* data, size_t size);

[[noreturn]] void exit_process(int code);

// Maps a regular file read-only. Returns 0 or an OS error code.
int map_file(const char* path, MappedFile* out);

// True when `path` names a directory.
bool is_directory(const char* path);

// Writes the working directory (NUL-terminated) into buf. Returns 0 or an OS error.
int get_working_directory(char* buf, size_t size);

// Replaces the process with `path` (or, where the OS cannot, runs it and exits
// with its status). Returns only on failure, with the OS error code.
int exec_target(const char* path, char* const* argv, char* const* envp);

// True when an exec error means the file does not exist (exit 127, not 126).
bool error_is_not_found(int os_error);

// The name of an OS error code, e.g. "ENOENT", or null when it is not in the
// table (the caller then prints the number).
const char* describe_error(int os_error);

// --- File output, used by the finalizer only. ---

struct FileId {
  uint64_t device;
  uint64_t inode;
};

// Identifies the file at `path` (following links). Returns 0 or an OS error.
int file_id(const char* path, FileId* out);

// Writes all bytes to stdout. Returns 0 or an OS error.
int write_stdout(const char* data, size_t size);

// Creates `path`, failing if it exists. Returns 0 or an OS error.
int create_new_file(const char* path, intptr_t* handle);
int write_file(intptr_t handle, const char* data, size_t size);
int make_executable(intptr_t handle);  // mode 0755, whatever the umask
int close_file(intptr_t handle);
int rename_file(const char* from, const char* to);  // replaces `to`
void remove_file(const char* path);
bool error_is_exists(int os_error);
unsigned process_id();

}  // namespace arch

// Provided by the program (stub or finalizer); called by arch/ at process start.
int program_main(const arch::StartInfo& start);
