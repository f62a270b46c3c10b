#include "launch.h"

#include <signal.h>
#include <spawn.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>

namespace bench {

Launch::Launch(std::vector<std::string> argv, std::vector<std::string> env) {
  strings_ = std::move(argv);
  size_t argc = strings_.size();
  strings_.insert(strings_.end(), env.begin(), env.end());
  // strings_ no longer changes, so pointers into it stay valid, moves included.
  for (size_t i = 0; i < strings_.size(); ++i) (i < argc ? argv_ : env_).push_back(strings_[i].data());
  argv_.push_back(nullptr);
  env_.push_back(nullptr);
}

namespace {

void check_exit(const char* program, int status) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  throw std::runtime_error(std::string(program) + (WIFEXITED(status) ? " exited with status " : " died of signal ") +
                           std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status)));
}

double now_us() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

std::string exe_of(pid_t pid) {
  char buf[PATH_MAX];
  ssize_t n = readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

// A "Name:   1234 kB" field of /proc/<pid>/status.
long status_kib(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.compare(0, name.size() + 1, name + ":") == 0) return std::stol(line.substr(name.size() + 1));
  return -1;
}

std::string syscall_name(unsigned long nr) {
  static const std::map<unsigned long, const char*> names = {
      {SYS_read, "read"},           {SYS_write, "write"},       {SYS_close, "close"},   {SYS_mmap, "mmap"},
      {SYS_munmap, "munmap"},       {SYS_brk, "brk"},           {SYS_execve, "execve"}, {SYS_getcwd, "getcwd"},
      {SYS_openat, "openat"},       {SYS_statx, "statx"},       {SYS_newfstatat, "newfstatat"},
      {SYS_exit_group, "exit_group"}, {SYS_readlink, "readlink"}, {SYS_lseek, "lseek"}, {SYS_pread64, "pread64"},
      {SYS_madvise, "madvise"},     {SYS_fstat, "fstat"}};
  auto it = names.find(nr);
  return it != names.end() ? it->second : "syscall " + std::to_string(nr);
}

}  // namespace

double Launch::time() const {
  double start = now_us();
  pid_t pid;
  if (int err = posix_spawn(&pid, argv_[0], nullptr, nullptr, argv_.data(), env_.data()))
    throw std::runtime_error("cannot start " + strings_[0] + ": " + strerror(err));
  int status;
  if (waitpid(pid, &status, 0) != pid) throw std::runtime_error("waitpid failed");
  double elapsed = now_us() - start;
  check_exit(argv_[0], status);
  return elapsed;
}

Launch::Trace Launch::trace(const std::string& target) const {
  pid_t main_pid = fork();
  if (main_pid < 0) throw std::runtime_error("fork failed");
  if (main_pid == 0) {
    ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
    raise(SIGSTOP);
    execve(argv_[0], argv_.data(), env_.data());
    _exit(127);
  }
  int status;
  waitpid(main_pid, &status, 0);
  ptrace(PTRACE_SETOPTIONS, main_pid, nullptr,
         PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
             PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);
  ptrace(PTRACE_SYSCALL, main_pid, nullptr, nullptr);

  Trace trace;
  enum { kBeforeStart, kCounting, kDone } phase = kBeforeStart;
  for (;;) {
    pid_t pid = waitpid(-1, &status, __WALL);
    if (pid < 0) throw std::runtime_error("lost the traced program");
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (pid != main_pid) continue;
      check_exit(argv_[0], status);
      if (phase != kDone) throw std::runtime_error(strings_[0] + " exited without starting " + target);
      return trace;
    }
    int signal = WSTOPSIG(status), event = status >> 16;
    int inject = 0;
    if (signal == (SIGTRAP | 0x80)) {
      __ptrace_syscall_info info;
      ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info);
      if (phase == kCounting && info.op == PTRACE_SYSCALL_INFO_ENTRY) {
        ++trace.syscalls;
        trace.names.push_back(syscall_name(info.entry.nr));
        if (pid == main_pid && info.entry.nr == SYS_execve) {
          trace.peak_rss_kib = status_kib(pid, "VmHWM");
          trace.anon_rss_kib = status_kib(pid, "RssAnon");
        }
      }
    } else if (signal == SIGTRAP && event == PTRACE_EVENT_EXEC) {
      if (exe_of(pid) == target) phase = kDone;
      else if (phase == kBeforeStart) phase = kCounting;
    } else if (signal == SIGTRAP && event != 0) {
      // A fork, vfork or clone: the new process is traced from its start.
    } else if (!(signal == SIGSTOP && pid != main_pid)) {  // new children start stopped
      inject = signal;
    }
    ptrace(phase == kDone ? PTRACE_CONT : PTRACE_SYSCALL, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(inject)));
  }
}

}  // namespace bench
