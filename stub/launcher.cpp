#include "launcher.h"

#include "../manifest/path.h"
#include "environment.h"

namespace rf {

namespace {

constexpr Str kExportedNames[] = {"RUNFILES_MANIFEST_FILE", "RUNFILES_DIR", "JAVA_RUNFILES"};

bool needs_runfiles(const LaunchSpec& spec) {
  for (size_t i = 0; i < spec.arg_count; ++i)
    if (spec.args[i].kind == spec::ArgKind::kRunfile) return true;
  for (size_t i = 0; i < spec.env_count; ++i)
    if (spec.env[i].kind == spec::EnvKind::kSetRunfile) return true;
  return false;
}

// Resolves paths relative to the launcher's directory, finding that directory once.
class Origin {
 public:
  Origin(const LaunchContext& ctx) : ctx_(ctx) {}

  const char* exe(Error& err) {
    if (!exe_ && ctx_.start->exe_path) exe_ = ctx_.paths->absolute(Str::from_c(ctx_.start->exe_path), err);
    return exe_;
  }

  const char* resolve(Str value, Error& err) {
    const arch::OsTraits& os = *ctx_.paths->host().os;
    Arena& a = ctx_.paths->arena();
    if (is_absolute(value, os)) return a.concat(value);
    if (!exe(err)) {
      if (!err.message) err.set(kExitLauncherError, "cannot find the launcher's own path to resolve its directory");
      return nullptr;
    }
    size_t dir_end = c_length(exe_);
    while (dir_end > 0 && exe_[dir_end - 1] != '/' && exe_[dir_end - 1] != os.separator) --dir_end;
    char* joined = join_path(a, Str(exe_, dir_end ? dir_end - 1 : 0), value, os);
    to_native_separators(joined, os);
    return joined;
  }

 private:
  const LaunchContext& ctx_;
  const char* exe_ = nullptr;
};

}  // namespace

void launch(const LaunchSpec& spec, const LaunchContext& ctx, Error& err) {
  PathContext& paths = *ctx.paths;
  Arena& a = paths.arena();
  const arch::OsTraits& os = *paths.host().os;
  char* const* envp = ctx.start->envp;
  Origin origin(ctx);

  bool exporting = spec.flags & spec::kExportRunfilesEnv;
  bool required = needs_runfiles(spec);
  Runfiles runfiles;
  bool found = false;
  if (required || exporting) {
    Str manifest = Str::from_c(find_env(envp, "RUNFILES_MANIFEST_FILE", os));
    Str dir = Str::from_c(find_env(envp, "RUNFILES_DIR", os));
    Error discovery_error;
    found = discover_runfiles(manifest, dir, ctx.start->exe_path, paths, &runfiles, discovery_error);
    if (!found && required) {
      err = discovery_error;
      return;
    }
  }

  // Every runfiles path, from arguments and environment, resolved in one go.
  size_t count = 0;
  Str* wanted = a.allocate_array<Str>(spec.arg_count + spec.env_count);
  for (size_t i = 0; i < spec.arg_count; ++i)
    if (spec.args[i].kind == spec::ArgKind::kRunfile) wanted[count++] = spec.args[i].value;
  for (size_t i = 0; i < spec.env_count; ++i)
    if (spec.env[i].kind == spec::EnvKind::kSetRunfile) wanted[count++] = spec.env[i].value;
  ResolvedPath* resolved = a.allocate_array<ResolvedPath>(count);
  if (count) {
    RunfilesResolver resolver(runfiles, paths);
    if (!resolver.resolve(wanted, count, resolved, err)) return;
  }

  int runtime_args = ctx.start->argc > 1 ? ctx.start->argc - 1 : 0;
  char** argv = a.allocate_array<char*>(spec.arg_count + static_cast<size_t>(runtime_args) + 1);
  const char* file = nullptr;
  size_t next = 0;
  for (size_t i = 0; i < spec.arg_count; ++i) {
    const SpecArg& arg = spec.args[i];
    const char* value = arg.value.data;
    if (arg.kind == spec::ArgKind::kRunfile) {
      const ResolvedPath& r = resolved[next++];
      value = r.path;
      if (i == 0 && r.logical) file = r.path, value = r.logical;
    } else if (arg.kind == spec::ArgKind::kOrigin) {
      value = origin.resolve(arg.value, err);
      if (!value) return;
    }
    argv[i] = const_cast<char*>(value);
  }
  if (!file) file = argv[0];
  for (int i = 0; i < runtime_args; ++i) argv[spec.arg_count + static_cast<size_t>(i)] = ctx.start->argv[i + 1];
  argv[spec.arg_count + static_cast<size_t>(runtime_args)] = nullptr;

  EnvOverride* overrides = a.allocate_array<EnvOverride>(3 + spec.env_count);
  size_t override_count = 0;
  if (exporting) {
    const char* dir = found ? runfiles.directory : nullptr;
    const char* values[] = {found ? runfiles.manifest_path : nullptr, dir, dir};
    for (int k = 0; k < 3; ++k) overrides[override_count++] = {kExportedNames[k], values[k]};
  }
  for (size_t i = 0; i < spec.env_count; ++i) {
    const SpecEnv& e = spec.env[i];
    const char* value = e.value.data;
    if (e.kind == spec::EnvKind::kUnset) {
      value = nullptr;
    } else if (e.kind == spec::EnvKind::kSetRunfile) {
      value = resolved[next++].path;
    } else if (e.kind == spec::EnvKind::kSetOrigin) {
      value = origin.resolve(e.value, err);
      if (!value) return;
    }
    overrides[override_count++] = {e.name, value};
  }
  char** env = build_environment(envp, overrides, override_count, os, a);
  exec_file(file, argv, env, spec.flags & spec::kSearchPathForArg0, ctx.exec, paths, err);
}

}  // namespace rf
