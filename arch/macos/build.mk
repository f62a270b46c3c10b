# macOS templates: Mach-O for x86_64 and arm64, linked by ld64.lld against the
# hand-written libSystem stub, minimum macOS 11. ld64.lld signs them ad hoc.
#
# Layout. Every segment with file content starts on a page (16 KiB on arm64,
# 4 KiB on x86_64), so each costs whole pages. The link puts everything with
# file bytes in __TEXT: code, read-only data (only the GOT must be writable)
# and, last, the launch spec region. -no_data_const leaves the GOT in __DATA
# with the arena; for macOS 11, ld64.lld writes classic bind opcodes (no
# chained fixups), so the GOT's file bytes are zeros that dyld overwrites.
# pack-template then drops the empty payload and __DATA's zeros from the file
# (finalizer/macho_layout.h): a template is __TEXT up to the page holding the
# region's header, then __LINKEDIT. It merges sections to make room for the
# segment command it adds, so the link leaves no padding after the header.
MACOS_CPUS := x86_64 aarch64
TEMPLATES += $(foreach cpu,$(MACOS_CPUS),$(OUT)/runfiles-stub-$(cpu)-macos)
MACOS_ARCH_SRCS := arch/macos/macos.cpp arch/macos/errors.cpp

macos_triple = $(if $(filter aarch64,$1),arm64,$1)-apple-macos11

MACOS_LDFLAGS := -fuse-ld=lld --ld-path=$(shell command -v ld64.lld-19) -Wl,-dead_strip -Wl,-x -Wl,-adhoc_codesign \
  -Wl,-no_function_starts -Wl,-no_data_in_code_info -Wl,-no_exported_symbols -Wl,-no_data_const -Wl,-headerpad,0

# Linked as plain runfiles-stub, in a directory of its own: the code
# signature's identifier is the output's file name, and each launcher carries
# it (the CPU is in the file already).
$(OUT)/runfiles-stub-%-macos: $(STUB_SRCS) $(MACOS_ARCH_SRCS) arch/macos/libSystem.tbd arch/macos/build.mk $(HEADERS) \
    $(PACK_TEMPLATE) | $(OUT)/obj
	@echo "  build  $@"
	@mkdir -p $(OUT)/obj/$*-macos
	@$(CLANG) --target=$(call macos_triple,$*) $(STUB_FLAGS) '-DLAUNCH_SPEC_SECTION="__TEXT,__launch_spec"' \
	  $(MACOS_LDFLAGS) -o $(OUT)/obj/$*-macos/runfiles-stub $(STUB_SRCS) $(MACOS_ARCH_SRCS) arch/macos/libSystem.tbd
	@$(PACK_TEMPLATE) $(OUT)/obj/$*-macos/runfiles-stub $@
