# macOS templates: Mach-O for x86_64 and arm64, linked by ld64.lld against the
# hand-written libSystem stub, minimum macOS 11. ld64.lld signs them ad hoc.
#
# Layout. Every segment with file content starts on a page (16 KiB on arm64,
# 4 KiB on x86_64), and dyld needs one writable segment with file content for
# the GOT that it binds at launch. So a template is
#   __TEXT        r-x  Mach-O header, load commands, code
#   __DATA_CONST  rw-  GOT, pointer tables, strings and constants (read-only
#                      once dyld has bound the GOT)
#   __DATA        rw-  the arena: zero-fill, no file bytes
#   __LINKEDIT    r--  bind info, symbols, code signature
# Read-only data moves out of __TEXT into __DATA_CONST, whose page is mostly
# empty otherwise. The 4124-byte launch spec region goes where it costs
# fewest pages: on arm64 into __DATA_CONST, which then still fits one 16 KiB
# page; on x86_64 into __TEXT, since GOT + spec would overflow one 4 KiB
# __DATA_CONST page. Aligned to 32 bytes, the region always spans exactly two
# 4 KiB code signature pages, so finalizing re-hashes two pages.
MACOS_CPUS := x86_64 aarch64
TEMPLATES += $(foreach cpu,$(MACOS_CPUS),$(OUT)/runfiles-stub-$(cpu)-macos)
MACOS_ARCH_SRCS := arch/macos/macos.cpp arch/macos/errors.cpp

macos_triple = $(if $(filter aarch64,$1),arm64,$1)-apple-macos11
MACOS_SPEC_SEGMENT_x86_64 := __TEXT
MACOS_SPEC_SEGMENT_aarch64 := __DATA_CONST

MACOS_LDFLAGS := -fuse-ld=lld --ld-path=$(shell command -v ld64.lld-19) -Wl,-dead_strip -Wl,-x -Wl,-adhoc_codesign \
  -Wl,-no_function_starts -Wl,-no_data_in_code_info -Wl,-no_exported_symbols \
  -Wl,-rename_section,__TEXT,__cstring,__DATA_CONST,__cstring -Wl,-rename_section,__TEXT,__const,__DATA_CONST,__const \
  -Wl,-rename_section,__TEXT,__literals,__DATA_CONST,__literals

$(OUT)/runfiles-stub-%-macos: $(STUB_SRCS) $(MACOS_ARCH_SRCS) arch/macos/libSystem.tbd arch/macos/build.mk $(HEADERS) | $(OUT)
	@echo "  build  $@"
	@$(CLANG) --target=$(call macos_triple,$*) $(STUB_FLAGS) \
	  '-DLAUNCH_SPEC_SECTION="$(MACOS_SPEC_SEGMENT_$*),__launch_spec"' $(MACOS_LDFLAGS) \
	  -Wl,-sectalign,$(MACOS_SPEC_SEGMENT_$*),__launch_spec,0x20 -o $@ \
	  $(STUB_SRCS) $(MACOS_ARCH_SRCS) arch/macos/libSystem.tbd
