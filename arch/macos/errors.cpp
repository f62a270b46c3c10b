// macOS error numbers and their meaning. They match Linux up to 34 and differ
// above (ELOOP is 62, ENAMETOOLONG 63); exec adds Mach-O specific ones.
#include "../arch.h"

namespace {

// Each entry: the number as one byte, then "NAME: text", NUL-terminated.
constexpr char kTable[] =
    "\x01" "EPERM: operation not permitted\0"
    "\x02" "ENOENT: no such file or directory\0"
    "\x05" "EIO: input/output error\0"
    "\x07" "E2BIG: argument list too long\0"
    "\x08" "ENOEXEC: exec format error\0"
    "\x0c" "ENOMEM: cannot allocate memory\0"
    "\x0d" "EACCES: permission denied\0"
    "\x11" "EEXIST: file exists\0"
    "\x12" "EXDEV: cross-device link\0"
    "\x14" "ENOTDIR: not a directory\0"
    "\x15" "EISDIR: is a directory\0"
    "\x16" "EINVAL: invalid argument\0"
    "\x17" "ENFILE: too many open files in system\0"
    "\x18" "EMFILE: too many open files\0"
    "\x1a" "ETXTBSY: text file busy\0"
    "\x1c" "ENOSPC: no space left on device\0"
    "\x1e" "EROFS: read-only file system\0"
    "\x22" "ERANGE: result too large\0"
    "\x3e" "ELOOP: too many levels of symbolic links\0"
    "\x3f" "ENAMETOOLONG: file name too long\0"
    "\x55" "EBADEXEC: bad executable\0"
    "\x56" "EBADARCH: bad CPU type in executable\0"
    "\x58" "EBADMACHO: malformed Mach-O file\0";

}  // namespace

const char* arch::describe_error(int os_error) {
  for (const char* p = kTable; *p; ) {
    const char* text = p + 1;
    if (static_cast<unsigned char>(*p) == static_cast<unsigned>(os_error)) return text;
    while (*p) ++p;
    ++p;
  }
  return nullptr;
}
