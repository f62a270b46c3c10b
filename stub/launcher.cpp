#include "launcher.h"

#include "../manifest/path.h"
#include "../manifest/runfiles.h"
#include "environment.h"
#include "exec.h"
#include "fail.h"

namespace rf {

namespace {

// `value` relative to the directory holding the launcher.
const char* from_origin(Str value, const char* exe, Arena& arena) {
  if (is_absolute(value, arch::kOs)) return value.data;
  if (!exe) fail(kExitLauncherError, "cannot resolve '%s': the launcher's own path is unknown", value.data);
  // The launcher's directory, with its trailing separator.
  char* dir = absolute_path(arena, exe);
  size_t dir_end = c_length(dir);
  while (dir[dir_end - 1] != '/' && dir[dir_end - 1] != arch::kOs.separator) --dir_end;
  dir[dir_end] = '\0';
  char* joined = arena.format("%s%s", dir, value.data);
  to_native_separators(joined, arch::kOs);
  return joined;
}

}  // namespace

void launch(const LaunchSpec& spec, const arch::StartInfo& start, Arena& arena) {
  char* const* envp = start.envp;

  // Every runfiles path, from arguments and environment, resolved in one go.
  size_t count = 0;
  Str* wanted = arena.allocate_array<Str>(spec.arg_count + spec.env_count);
  for (size_t i = 0; i < spec.arg_count; ++i)
    if (spec.args[i].kind == spec::ArgKind::kRunfile) wanted[count++] = spec.args[i].value;
  for (size_t i = 0; i < spec.env_count; ++i)
    if (spec.env[i].kind == spec::EnvKind::kSetRunfile) wanted[count++] = spec.env[i].value;

  bool exporting = spec.flags & spec::kExportRunfilesEnv;
  Runfiles runfiles;
  bool found = (count || exporting) &&
               discover_runfiles(find_env(envp, kManifestVariable, arch::kOs),
                                 find_env(envp, kDirectoryVariable, arch::kOs), start.exe_path, count > 0, arena,
                                 &runfiles);
  ResolvedPath* resolved = arena.allocate_array<ResolvedPath>(count);
  if (count) resolve_runfiles(runfiles, wanted, count, arena, resolved);

  size_t runtime_args = start.argc > 1 ? static_cast<size_t>(start.argc - 1) : 0;
  char** argv = arena.allocate_array<char*>(spec.arg_count + runtime_args + 1);
  const char* file = nullptr;
  size_t next = 0;
  for (size_t i = 0; i < spec.arg_count; ++i) {
    const SpecArg& arg = spec.args[i];
    const char* value = arg.value.data;
    if (arg.kind == spec::ArgKind::kRunfile) {
      const ResolvedPath& r = resolved[next++];
      value = r.path;
      // Programs that find their runfiles from argv[0] get the path inside the tree.
      if (i == 0 && r.logical) file = r.path, value = r.logical;
    } else if (arg.kind == spec::ArgKind::kOrigin) {
      value = from_origin(arg.value, start.exe_path, arena);
    }
    argv[i] = const_cast<char*>(value);
  }
  if (!file) file = argv[0];
  for (size_t i = 0; i < runtime_args; ++i) argv[spec.arg_count + i] = start.argv[i + 1];
  argv[spec.arg_count + runtime_args] = nullptr;

  const char** overrides = arena.allocate_array<const char*>(3 + spec.env_count);
  size_t override_count = 0;
  if (exporting) {
    // Set to what was found, or removed: a stale value must not reach the target.
    const char* name = kRunfilesVariables;
    for (int k = 0; k < 3; ++k, name += c_length(name) + 1) {
      const char* value = !found ? nullptr : k == 0 ? runfiles.manifest_path : runfiles.directory;
      overrides[override_count++] = value ? arena.format("%s=%s", name, value) : name;
    }
  }
  for (size_t i = 0; i < spec.env_count; ++i) {
    const SpecEnv& e = spec.env[i];
    // "NAME=" with the value to come, or the whole entry.
    Str head = Str(e.entry.data, e.name.size + 1);
    const char* entry = e.entry.data;
    if (e.kind == spec::EnvKind::kSetRunfile) {
      entry = arena.format("%.*s%s", head.size, head.data, resolved[next++].path);
    } else if (e.kind == spec::EnvKind::kSetOrigin) {
      entry = arena.format("%.*s%s", head.size, head.data, from_origin(e.value, start.exe_path, arena));
    }
    overrides[override_count++] = entry;
  }
  char** env = build_environment(envp, overrides, override_count, arch::kOs, arena);
  exec_file(file, argv, env, spec.flags & spec::kSearchPathForArg0, arena);
}

}  // namespace rf
