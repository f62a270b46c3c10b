#include "cli.h"

#include "../manifest/path.h"

namespace rf {

const char kHelpText[] =
    "Usage: finalize-stub --template TEMPLATE [-o OUTPUT] [options] -- PROGRAM [ARG...]\n"
    "\n"
    "Writes a launcher: a copy of TEMPLATE (a runfiles-stub-<arch>-<os> file) that\n"
    "runs PROGRAM with the embedded ARGs, followed by the arguments the launcher\n"
    "itself is given. Embedded arguments are numbered from 0 (PROGRAM).\n"
    "\n"
    "Options:\n"
    "  --template PATH            the template to copy (required)\n"
    "  -o, --output PATH          where to write the launcher, atomically, mode 0755\n"
    "                             (default: standard output)\n"
    "  --transform N[,M...]       resolve embedded arguments N, M, ... as runfiles\n"
    "                             paths at run time (repeatable)\n"
    "  --origin N[,M...]          resolve embedded arguments N, M, ... relative to the\n"
    "                             directory holding the launcher (repeatable)\n"
    "  --path-search              look PROGRAM up in PATH when it has no '/'\n"
    "  --env NAME=VALUE           set an environment variable for the program\n"
    "  --env-runfile NAME=PATH    set NAME to the runfiles path PATH, resolved at run time\n"
    "  --env-origin NAME=PATH     set NAME to PATH relative to the launcher's directory\n"
    "  --unset-env NAME           remove NAME from the program's environment\n"
    "  --export-runfiles-env=true|false\n"
    "                             pass RUNFILES_MANIFEST_FILE, RUNFILES_DIR and\n"
    "                             JAVA_RUNFILES on to the program (default: true)\n"
    "  -v, --verbose              describe what was written on standard error\n"
    "  -h, --help                 show this help\n"
    "  --version                  show the version\n"
    "\n"
    "The same inputs always give the same bytes, whatever host runs the finalizer.\n"
    "Exit status: 0 on success, 1 when the launcher cannot be written, 2 on a usage error.\n";

const char kVersionText[] = "finalize-stub 1.0.0 (launch spec format 2)\n";

namespace {

struct Parser {
  int argc;
  char* const* argv;
  Arena& arena;
  Error& err;
  int i = 1;

  template <class... Parts>
  bool usage(const Parts&... parts) {
    return err.set(2, arena.concat(parts...));
  }

  // The value of an option given as "--name VALUE" or "--name=VALUE".
  bool value(Str arg, Str name, const char** out) {
    if (arg == name) {
      if (i + 1 >= argc) return usage(arena.concat(name), " needs a value");
      *out = argv[++i];
      return true;
    }
    if (starts_with(arg, name) && arg.size > name.size && arg[name.size] == '=') {
      *out = arg.data + name.size + 1;
      return true;
    }
    return false;
  }
};

// "3,0,5" into flags over `count` arguments (marks[i] = kind).
bool mark_indices(const char* list, spec::Kind kind, uint8_t* marks, size_t max_marks, size_t* highest,
                  Parser& p, const char* option) {
  Str s = Str::from_c(list);
  for (size_t start = 0; start <= s.size;) {
    size_t end = find(s, ',', start);
    if (end == start) return p.usage(option, ": expected comma-separated argument numbers, got '", list, "'");
    uint64_t n = 0;
    for (size_t k = start; k < end; ++k) {
      if (s[k] < '0' || s[k] > '9' || n > 1000000) {
        return p.usage(option, ": '", Str(s.data + start, end - start), "' is not an argument number");
      }
      n = n * 10 + static_cast<uint64_t>(s[k] - '0');
    }
    if (n >= max_marks) return p.usage(option, ": argument number too large");
    if (marks[n] != 0 && marks[n] != static_cast<uint8_t>(kind) + 1) {
      return p.usage("argument ", p.arena.decimal(n), " is marked both for --transform and --origin");
    }
    marks[n] = static_cast<uint8_t>(kind) + 1;
    if (n + 1 > *highest) *highest = n + 1;
    start = end + 1;
  }
  return true;
}

// "NAME=VALUE" with a non-empty NAME.
bool split_assignment(const char* text, SpecRecord* out) {
  Str s = Str::from_c(text);
  size_t eq = find(s, '=');
  if (eq == 0 || eq == s.size) return false;
  out->text = s;
  out->value = s.suffix_from(eq + 1);
  return true;
}

bool valid_runfiles_target(Str path) {
  static const arch::OsTraits kAny = {'\\', true, false};
  return is_absolute(path.data, kAny) || is_valid_runfiles_path(path);
}

}  // namespace

bool parse_command_line(int argc, char* const* argv, Arena& arena, FinalizeOptions* out, Error& err) {
  Parser p{argc, argv, arena, err};
  const size_t max_marks = static_cast<size_t>(argc) + 1;
  uint8_t* marks = arena.allocate_array<uint8_t>(max_marks);
  for (size_t k = 0; k < max_marks; ++k) marks[k] = 0;
  size_t highest_mark = 0;
  SpecRecord* env = arena.allocate_array<SpecRecord>(static_cast<size_t>(argc));
  size_t env_count = 0;
  bool export_env = true, path_search = false;
  int first_embedded = argc;

  for (; p.i < argc; ++p.i) {
    Str arg = Str::from_c(argv[p.i]);
    const char* v = nullptr;
    if (arg == Str("--")) {
      first_embedded = p.i + 1;
      break;
    }
    if (arg.empty() || arg[0] != '-') {
      first_embedded = p.i;
      break;
    }
    if (arg == Str("-h") || arg == Str("--help")) {
      out->help = true;
    } else if (arg == Str("--version")) {
      out->version = true;
    } else if (arg == Str("-v") || arg == Str("--verbose")) {
      out->verbose = true;
    } else if (arg == Str("--path-search")) {
      path_search = true;
    } else if (p.value(arg, "--template", &v)) {
      out->template_path = v;
    } else if (p.value(arg, "--output", &v) || p.value(arg, "-o", &v)) {
      out->output_path = v;
    } else if (p.value(arg, "--transform", &v)) {
      if (!mark_indices(v, spec::kRunfile, marks, max_marks, &highest_mark, p, "--transform")) return false;
    } else if (p.value(arg, "--origin", &v)) {
      if (!mark_indices(v, spec::kOrigin, marks, max_marks, &highest_mark, p, "--origin")) return false;
    } else if (p.value(arg, "--export-runfiles-env", &v)) {
      Str b = Str::from_c(v);
      if (!(b == Str("true")) && !(b == Str("false")))
        return p.usage("--export-runfiles-env expects true or false, got '", v, "'");
      export_env = b == Str("true");
    } else if (p.value(arg, "--env", &v) || p.value(arg, "--env-runfile", &v) || p.value(arg, "--env-origin", &v)) {
      SpecRecord& e = env[env_count++];
      e.kind = starts_with(arg, "--env-runfile") ? spec::kEnvRunfile
               : starts_with(arg, "--env-origin") ? spec::kEnvOrigin
                                                  : spec::kEnvSet;
      if (!split_assignment(v, &e)) return p.usage(argv[p.i], ": expected NAME=VALUE, got '", v, "'");
      if (e.kind == spec::kEnvRunfile && !valid_runfiles_target(e.value))
        return p.usage("invalid runfiles path '", e.value, "': it must be absolute, or relative with no empty, '.' or '..' segments");
    } else if (p.value(arg, "--unset-env", &v)) {
      SpecRecord& e = env[env_count++];
      e = {spec::kEnvUnset, Str::from_c(v), Str::from_c(v)};
      if (e.text.empty() || find(e.text, '=') < e.text.size) return p.usage("--unset-env: invalid variable name '", v, "'");
    } else {
      // value() has already reported an option that lacks its value.
      return err.message ? false : p.usage("unknown option '", argv[p.i], "'");
    }
  }
  if (out->help || out->version) return true;
  if (!out->template_path) return p.usage("--template is required");

  size_t count = static_cast<size_t>(argc - first_embedded);
  if (count == 0) return p.usage("no program given: put the program and its arguments after --");
  if (highest_mark > count) {
    return p.usage("argument ", arena.decimal(highest_mark - 1), " is marked, but there are only ",
                   arena.decimal(count), " embedded arguments");
  }
  // The arguments first, then the environment entries (launch_spec.h).
  LaunchSpec& s = out->spec;
  s.flags = (export_env ? spec::kExportRunfilesEnv : 0) | (path_search ? spec::kSearchPathForArg0 : 0);
  s.count = count + env_count;
  s.records = arena.allocate_array<SpecRecord>(s.count);
  for (size_t k = 0; k < count; ++k) {
    SpecRecord& r = s.records[k];
    r.text = r.value = Str::from_c(argv[first_embedded + static_cast<int>(k)]);
    r.kind = marks[k] ? static_cast<spec::Kind>(marks[k] - 1) : spec::kLiteral;
    if (r.kind == spec::kRunfile && !valid_runfiles_target(r.value)) {
      return p.usage("invalid runfiles path '", r.value,
                     "': it must be absolute, or relative with no empty, '.' or '..' segments");
    }
  }
  for (size_t k = 0; k < env_count; ++k) s.records[count + k] = env[k];
  return true;
}

}  // namespace rf
