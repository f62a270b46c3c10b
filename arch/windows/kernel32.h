// The kernel32 functions the Windows port uses, declared by hand: there is no
// Windows SDK here. kernel32.def lists the same names for the import library.
// Strings are UTF-16; DWORD is uint32_t and BOOL is int, as on Windows.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace win {

using Handle = void*;

constexpr intptr_t kInvalidHandle = -1;  // compared as a number: a cast is not constexpr
constexpr uint32_t kStdOutput = static_cast<uint32_t>(-11);
constexpr uint32_t kStdError = static_cast<uint32_t>(-12);
constexpr uint32_t kGenericRead = 0x80000000;
constexpr uint32_t kShareAll = 7;  // read, write and delete
constexpr uint32_t kOpenExisting = 3;
constexpr uint32_t kPageReadOnly = 2;
constexpr uint32_t kPageReadWrite = 4;
constexpr uint32_t kFileMapRead = 4;
constexpr uint32_t kMemCommitReserve = 0x3000;
constexpr uint32_t kInvalidAttributes = 0xffffffff;
constexpr uint32_t kAttributeDirectory = 0x10;
constexpr uint32_t kCreateUnicodeEnvironment = 0x400;
constexpr uint32_t kInfinite = 0xffffffff;

struct StartupInfo {
  uint32_t cb;
  char16_t* reserved;
  char16_t* desktop;
  char16_t* title;
  uint32_t x, y, x_size, y_size, x_chars, y_chars, fill_attribute, flags;
  uint16_t show_window;
  uint16_t reserved2_size;
  uint8_t* reserved2;
  Handle std_input, std_output, std_error;
};

struct ProcessInformation {
  Handle process;
  Handle thread;
  uint32_t process_id;
  uint32_t thread_id;
};

using CtrlHandler = int (*)(uint32_t ctrl_type);

extern "C" {
__declspec(dllimport) Handle CreateFileMappingW(Handle file, void* security, uint32_t protect, uint32_t size_high,
                                                uint32_t size_low, const char16_t* name);
__declspec(dllimport) Handle CreateFileW(const char16_t* path, uint32_t access, uint32_t share, void* security,
                                         uint32_t disposition, uint32_t flags, Handle template_file);
__declspec(dllimport) int CreateProcessW(const char16_t* application, char16_t* command_line, void* process_security,
                                         void* thread_security, int inherit_handles, uint32_t flags,
                                         void* environment, const char16_t* directory, StartupInfo* startup,
                                         ProcessInformation* info);
[[noreturn]] __declspec(dllimport) void ExitProcess(uint32_t code);
__declspec(dllimport) char16_t* GetCommandLineW();
__declspec(dllimport) uint32_t GetCurrentDirectoryW(uint32_t size, char16_t* buffer);
__declspec(dllimport) char16_t* GetEnvironmentStringsW();
__declspec(dllimport) int GetExitCodeProcess(Handle process, uint32_t* code);
__declspec(dllimport) uint32_t GetFileAttributesW(const char16_t* path);
__declspec(dllimport) int GetFileSizeEx(Handle file, int64_t* size);
__declspec(dllimport) uint32_t GetLastError();
__declspec(dllimport) uint32_t GetModuleFileNameW(Handle module, char16_t* buffer, uint32_t size);
__declspec(dllimport) Handle GetStdHandle(uint32_t which);
__declspec(dllimport) void* MapViewOfFile(Handle mapping, uint32_t access, uint32_t offset_high,
                                          uint32_t offset_low, size_t size);
__declspec(dllimport) int SetConsoleCtrlHandler(CtrlHandler handler, int add);
__declspec(dllimport) void* VirtualAlloc(void* address, size_t size, uint32_t type, uint32_t protect);
__declspec(dllimport) uint32_t WaitForSingleObject(Handle handle, uint32_t milliseconds);
__declspec(dllimport) int WriteFile(Handle file, const void* data, uint32_t size, uint32_t* written,
                                    void* overlapped);
}

}  // namespace win
