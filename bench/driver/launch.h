// Starting a program the way a build tool does (spawn, then wait), timed or traced.
#pragma once
#include <string>
#include <vector>

namespace bench {

class Launch {
 public:
  // argv[0] is the file to execute.
  Launch(std::vector<std::string> argv, std::vector<std::string> env);

  // Wall-clock microseconds from spawn to the end of wait. Throws when the
  // program does not exit with status 0.
  double time() const;

  // What the launched program does before the target runs.
  struct Trace {
    int syscalls = 0;                // every system call entered, the target's execve included
    std::vector<std::string> names;  // in order
    long peak_rss_kib = 0;           // VmHWM of the image that execs the target
    long anon_rss_kib = 0;           // its anonymous (private) part at that moment
  };
  // Follows the program and its children with ptrace until `target` is
  // executed, counting from the launched program's own start.
  Trace trace(const std::string& target) const;

 private:
  std::vector<std::string> strings_;
  std::vector<char*> argv_, env_;
};

}  // namespace bench
