// pack-template: a build step, not shipped. Turns a linked ELF stub (section
// headers stripped), PE or Mach-O stub into a template whose spec payload is
// not in the file (elf_layout.h, pe_layout.h, macho_layout.h).
//   pack-template LINKED OUTPUT
#include "../arch/arch.h"
#include "elf_layout.h"
#include "macho_layout.h"
#include "pe_layout.h"
#include "template_patch.h"

namespace {

alignas(16) char g_arena[4u << 20];

[[noreturn]] void* out_of_memory(size_t) {
  arch::write_stderr("pack-template: out of memory\n", 29);
  arch::exit_process(1);
}

int fail(rf::Arena& a, const char* what, const char* detail) {
  const char* text = a.concat("pack-template: ", what, ": ", detail, "\n");
  arch::write_stderr(text, rf::c_length(text));
  return 1;
}

}  // namespace

int program_main(const arch::StartInfo& start) {
  rf::Arena a(g_arena, sizeof g_arena, out_of_memory);
  if (start.argc != 3) return fail(a, "usage", "pack-template LINKED OUTPUT");
  const char* in_path = start.argv[1];
  const char* out_path = start.argv[2];
  arch::MappedFile in;
  if (int e = arch::map_file(in_path, &in)) return fail(a, in_path, arch::describe_error(e));
  rf::Str bytes(in.data, in.size);
  rf::Error err;
  rf::SpecLocation where;
  rf::Str packed;
  auto pack = rf::pack_elf_template;
  switch (rf::detect_format(bytes)) {
    case rf::BinaryFormat::kElf: break;
    case rf::BinaryFormat::kPe: pack = rf::pack_pe_template; break;
    case rf::BinaryFormat::kMachO: pack = rf::pack_macho_template; break;
    default: return fail(a, in_path, "not ELF, PE or Mach-O");
  }
  if (!rf::locate_spec_region(bytes, &where, a, err) || !pack(bytes, where.offset, where.capacity, a, &packed, err))
    return fail(a, in_path, err.message);
  arch::remove_file(out_path);
  intptr_t handle;
  int e = arch::create_new_file(out_path, &handle);
  if (!e) e = arch::write_file(handle, packed.data, packed.size);
  if (!e) e = arch::make_executable(handle);
  if (!e) e = arch::close_file(handle);
  return e ? fail(a, out_path, arch::describe_error(e)) : 0;
}
