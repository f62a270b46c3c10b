// finalize-stub: reads the template, writes the launcher. All decisions are in
// cli.cpp and template_patch.cpp; this file only does I/O.
#include "../arch/arch.h"
#include "../manifest/path.h"
#include "cli.h"
#include "template_patch.h"

namespace {

constexpr size_t kArenaSize = 256u << 20;
alignas(16) char g_arena[kArenaSize];

void print(const char* text) { arch::write_stderr(text, rf::c_length(text)); }

[[noreturn]] void* out_of_memory(size_t) {
  print("finalize-stub: out of memory\n");
  arch::exit_process(1);
}

int fail(rf::Arena& a, const char* message) {
  print(a.concat("finalize-stub: ", message, "\n"));
  return 1;
}

rf::Str describe(rf::Arena& a, int os_error) {
  const char* text = arch::describe_error(os_error);
  return rf::Str::from_c(text ? text : a.concat("error ", a.decimal(static_cast<uint64_t>(os_error))));
}

// Writes `bytes` to a new file beside `output`, then renames it over `output`,
// so readers see either the old file or the complete new one.
int write_atomically(rf::Arena& a, const char* output, rf::Str bytes) {
  const char* temp = nullptr;
  intptr_t handle = 0;
  int e = 0;
  for (unsigned attempt = 0;; ++attempt) {
    temp = a.concat(output, ".tmp-", a.decimal(arch::process_id()), "-", a.decimal(attempt));
    e = arch::create_new_file(temp, &handle);
    if (!arch::error_is_exists(e) || attempt == 100) break;
  }
  if (e) return fail(a, a.concat("cannot create ", temp, ": ", describe(a, e)));
  const char* step = "write";
  e = arch::write_file(handle, bytes.data, bytes.size);
  if (!e) step = "set the mode of", e = arch::make_executable(handle);
  int close_error = arch::close_file(handle);
  if (!e && close_error) step = "close", e = close_error;
  if (!e) step = "rename", e = arch::rename_file(temp, output);
  if (e) {
    arch::remove_file(temp);
    return fail(a, a.concat("cannot ", step, " ", temp, ": ", describe(a, e)));
  }
  return 0;
}

}  // namespace

int program_main(const arch::StartInfo& start) {
  rf::Arena a(g_arena, kArenaSize, out_of_memory);
  rf::Error err;
  rf::FinalizeOptions options;
  if (!rf::parse_command_line(start.argc, start.argv, a, &options, err)) {
    print(a.concat("finalize-stub: ", err.message, "\nTry 'finalize-stub --help' for more information.\n"));
    return err.exit_code;
  }
  if (options.help) return arch::write_stdout(rf::kHelpText, rf::c_length(rf::kHelpText)) ? 1 : 0;
  if (options.version) return arch::write_stdout(rf::kVersionText, rf::c_length(rf::kVersionText)) ? 1 : 0;

  arch::MappedFile file;
  if (int e = arch::map_file(options.template_path, &file))
    return fail(a, a.concat("cannot read template ", options.template_path, ": ", describe(a, e)));
  rf::Str output;
  if (!rf::finalize_template(rf::Str(file.data, file.size), options.spec, a, &output, err))
    return fail(a, a.concat(options.template_path, ": ", err.message));

  const char* out_path = options.output_path;
  if (out_path) {
    if (arch::is_directory(out_path)) return fail(a, a.concat("output ", out_path, " is a directory"));
    arch::FileId in_id, out_id;
    if (rf::Str::from_c(out_path) == rf::Str::from_c(options.template_path) ||
        (!arch::file_id(options.template_path, &in_id) && !arch::file_id(out_path, &out_id) &&
         in_id.device == out_id.device && in_id.inode == out_id.inode))
      return fail(a, a.concat("output ", out_path, " is the template itself; write the launcher somewhere else"));
    if (int status = write_atomically(a, out_path, output)) return status;
  } else if (int e = arch::write_stdout(output.data, output.size)) {
    return fail(a, a.concat("cannot write to standard output: ", describe(a, e)));
  }
  if (options.verbose) {
    rf::SpecLocation where;
    rf::locate_spec_region(output, &where, a, err);
    uint32_t used = rf::read_u32_le(reinterpret_cast<const unsigned char*>(output.data) + where.offset + 24);
    size_t arguments = 0;
    for (size_t i = 0; i < options.spec.count; ++i) arguments += rf::is_argument(options.spec.records[i].kind);
    print(a.concat("finalize-stub: wrote ", out_path ? out_path : "standard output", " (",
                   rf::format_name(rf::detect_format(output)), ", ", a.decimal(output.size), " bytes; launch spec ",
                   a.decimal(used), " of ", a.decimal(where.capacity), " bytes: ", a.decimal(arguments),
                   " arguments, ", a.decimal(options.spec.count - arguments), " environment entries)\n"));
  }
  return 0;
}
