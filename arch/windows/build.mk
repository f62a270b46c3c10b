# The Windows templates (gnullvm): clang and lld in MinGW mode, no SDK. The
# only import library is made from arch/windows/kernel32.def.
WINDOWS_CPUS := x86_64 aarch64
TEMPLATES += $(foreach cpu,$(WINDOWS_CPUS),$(OUT)/runfiles-stub-$(cpu)-windows.exe)

WINDOWS_ARCH_SRCS := $(wildcard arch/windows/*.cpp)
DLLTOOL ?= llvm-dlltool-19
DLLTOOL_MACHINE_x86_64 := i386:x86-64
DLLTOOL_MACHINE_aarch64 := arm64
# A console program with its own entry point; no timestamp, so builds are
# reproducible. Read-only data joins the code: one section less, and its
# padding. Base relocations only where the CPU demands ASLR (ARM64).
PE_LDFLAGS := -fuse-ld=lld -Wl,--entry=windows_start -Wl,--subsystem,console -Wl,--gc-sections -Wl,-s \
  -Wl,--no-insert-timestamp -Wl,--file-alignment=512 -Wl,--Xlink=-merge:.rdata=.text
# The spec region (read-only at run time) joins the code too, after the
# read-only data: lld merges in the order of the names, .rdata before .spec,
# and packing checks that the region comes last. The writable data is all
# zero-filled, so the file holds nothing but the headers and .text.
PE_SPEC_LDFLAGS := -Wl,--Xlink=-merge:.spec=.text
PE_LDFLAGS_x86_64 := -Wl,--disable-dynamicbase -Wl,--disable-reloc-section
PE_LDFLAGS_aarch64 :=
# ARM64: the core has no floating point, so SIMD registers would only cost moves.
WINDOWS_CPU_FLAGS_aarch64 := -mgeneral-regs-only

$(OUT)/kernel32-%.lib: arch/windows/kernel32.def | $(OUT)
	@$(DLLTOOL) -d $< -m $(DLLTOOL_MACHINE_$*) -l $@

# The spec region closes .text, so packing can drop its empty payload from the
# file (finalizer/pe_layout.h).
$(OUT)/runfiles-stub-%-windows.exe: $(STUB_SRCS) $(WINDOWS_ARCH_SRCS) $(HEADERS) $(OUT)/kernel32-%.lib \
    $(PACK_TEMPLATE) | $(OUT)/obj
	@echo "  build  $@"
	@$(CLANG) --target=$*-w64-windows-gnu $(STUB_FLAGS) $(WINDOWS_CPU_FLAGS_$*) -DLAUNCH_SPEC_SECTION='".spec"' $(PE_LDFLAGS) \
	  $(PE_SPEC_LDFLAGS) $(PE_LDFLAGS_$*) -o $(OUT)/obj/$(@F).linked $(STUB_SRCS) $(WINDOWS_ARCH_SRCS) $(OUT)/kernel32-$*.lib
	@$(PACK_TEMPLATE) $(OUT)/obj/$(@F).linked $@

# The Windows integration tests' target program.
$(OUT)/test-probe.exe: host_tests/probe/probe.cpp $(WINDOWS_ARCH_SRCS) stub/str.cpp stub/freestanding.cpp $(HEADERS) \
    $(OUT)/kernel32-x86_64.lib | $(OUT)
	@echo "  build  $@"
	@$(CLANG) --target=x86_64-w64-windows-gnu $(FREESTANDING_FLAGS) -Os $(PE_LDFLAGS) $(PE_LDFLAGS_x86_64) -o $@ \
	  $(filter %.cpp %.lib,$^)

ctest: $(OUT)/test-probe.exe
.SECONDARY: $(foreach cpu,$(WINDOWS_CPUS),$(OUT)/kernel32-$(cpu).lib)
