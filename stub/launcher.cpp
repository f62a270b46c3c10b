#include "launcher.h"

#include "../manifest/path.h"
#include "../manifest/runfiles.h"
#include "environment.h"
#include "exec.h"
#include "fail.h"
#include "mem.h"

namespace rf {

void launch(const LaunchSpec& spec, const arch::StartInfo& start, Arena& arena) {
  char* const* envp = start.envp;

  // Every runfiles path, from arguments and environment, resolved in one go.
  RunfilePath* resolved = arena.allocate_array<RunfilePath>(spec.count);
  size_t count = 0;
  for (size_t i = 0; i < spec.count; ++i) {
    const SpecRecord& r = spec.records[i];
    if (r.kind == spec::kRunfile || r.kind == spec::kEnvRunfile) resolved[count++].path = r.value.data;
  }
  bool exporting = spec.flags & spec::kExportRunfilesEnv;
  Runfiles runfiles;
  // Nothing found leaves `runfiles` empty.
  if (count || exporting) discover_runfiles(envp, start.exe_path, count > 0, arena, &runfiles);
  if (count) resolve_runfiles(runfiles, resolved, count, arena);

  size_t runtime_args = start.argc > 1 ? static_cast<size_t>(start.argc - 1) : 0;
  // The target's argv, null-terminated (the arena's memory comes zeroed),
  // then the environment overrides: the exports and the spec's entries.
  size_t argv_slots = spec.count + runtime_args + 1;
  char** argv = arena.allocate_array<char*>(argv_slots + 3 + spec.count);
  const char** overrides = const_cast<const char**>(argv + argv_slots);
  size_t argc = 0, override_count = 0;
  if (exporting) {
    // Set to what was found, or removed: a stale value must not reach the target.
    const char* value = runfiles.manifest_path;
    for (const char* name = kRunfilesVariables; *name; name += c_length(name) + 1) {
      overrides[override_count++] = value ? arena.format("%s=%s", name, value) : name;
      value = runfiles.directory;  // RUNFILES_DIR and JAVA_RUNFILES
    }
  }
  const char* file = nullptr;
  char* origin = nullptr;  // the launcher's directory with its trailing separator, once needed
  size_t next = 0;
  for (const SpecRecord *record = spec.records, *records_end = record + spec.count; record < records_end; ++record) {
    const SpecRecord& r = *record;
    const char* value = r.value.data;
    if (r.kind == spec::kRunfile || r.kind == spec::kEnvRunfile) {
      const RunfilePath& p = resolved[next++];
      value = p.path;
      // Programs that find their runfiles from argv[0] get the path inside the tree.
      if (r.kind == spec::kRunfile && argc == 0 && p.logical) file = p.path, value = p.logical;
    } else if ((r.kind == spec::kOrigin || r.kind == spec::kEnvOrigin) && !is_absolute(value, arch::kOs)) {
      if (!origin) {
        if (!start.exe_path) fail("cannot resolve '%s': the launcher's own path is unknown", value);
        origin = absolute_path(arena, start.exe_path);
        size_t end = c_length(origin);
        while (origin[end - 1] != '/' && origin[end - 1] != arch::kOs.separator) --end;
        origin[end] = '\0';
      }
      char* joined = arena.format("%s%s", origin, value);
      to_native_separators(joined, arch::kOs);
      value = joined;
    }
    if (is_argument(r.kind)) {
      argv[argc++] = const_cast<char*>(value);
    } else {
      // The entry as written, or its "NAME=" with the value found for it.
      overrides[override_count++] =
          value == r.value.data
              ? r.text.data
              : arena.format("%.*s%s", static_cast<size_t>(r.value.data - r.text.data), r.text.data, value);
    }
  }
  copy_bytes(argv + argc, start.argv + 1, runtime_args * sizeof(char*));
  char** env = build_environment(envp, overrides, override_count, arch::kOs, arena);
  exec_file(file ? file : argv[0], argv, env, spec.flags & spec::kSearchPathForArg0, arena);
}

}  // namespace rf
