// Linux error numbers (the same on every supported CPU) and their names.
#include "../arch.h"
#include "../error_table.h"

namespace {

// See error_table.h for the layout. Aligned like a string literal (x86_64
// would pad an array to 16 bytes; s390x addresses data PC-relative in halfwords).
alignas(2) constexpr char kTable[] =
    "\x01" "EPERM\0"
    "\x02" "ENOENT\0"
    "\x05" "EIO\0"
    "\x07" "E2BIG\0"
    "\x08" "ENOEXEC\0"
    "\x0c" "ENOMEM\0"
    "\x0d" "EACCES\0"
    "\x11" "EEXIST\0"
    "\x12" "EXDEV\0"
    "\x14" "ENOTDIR\0"
    "\x15" "EISDIR\0"
    "\x16" "EINVAL\0"
    "\x17" "ENFILE\0"
    "\x18" "EMFILE\0"
    "\x1a" "ETXTBSY\0"
    "\x1c" "ENOSPC\0"
    "\x1e" "EROFS\0"
    "\x24" "ENAMETOOLONG\0"
    "\x28" "ELOOP\0";

}  // namespace

const char* arch::describe_error(int os_error) { return find_error_name(kTable, os_error); }
