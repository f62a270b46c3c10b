// How the core reports failure: an exit code (SPEC 3.6) and a message, built in
// the arena. The program's main prints it with the "runfiles-stub: " prefix.
#pragma once

namespace rf {

enum ExitCode : int {
  kExitLauncherError = 125,
  kExitCannotExecute = 126,
  kExitNotFound = 127,
};

struct Error {
  int exit_code = 0;
  const char* message = nullptr;

  // Records the failure; returns false so callers can `return err.set(...)`.
  bool set(int code, const char* text) {
    exit_code = code;
    message = text;
    return false;
  }
};

}  // namespace rf
