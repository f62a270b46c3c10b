# Builds every template and the finalizer with Debian's clang-19/lld-19.
#   make            templates + finalizer into $(OUT), with their sizes
#   make demo       finalize a launcher and run it through a runfiles manifest
#   make test       everything, then all tests through CTest
OUT ?= out
CLANG ?= clang-19
LAUNCH_SPEC_CAPACITY ?= 4096

LINUX_CPUS := x86_64 aarch64 s390x
TEMPLATES := $(foreach cpu,$(LINUX_CPUS),$(OUT)/runfiles-stub-$(cpu)-linux)
FINALIZER := $(OUT)/finalize-stub
PACK_TEMPLATE := $(OUT)/obj/pack-template

CORE_SRCS := $(wildcard manifest/*.cpp) stub/arena.cpp stub/format.cpp stub/str.cpp stub/launch_spec.cpp \
             stub/environment.cpp stub/exec.cpp stub/launcher.cpp stub/fail.cpp
STUB_SRCS := $(CORE_SRCS) stub/main.cpp stub/spec_region.cpp stub/freestanding.cpp
FINALIZER_CORE_SRCS := manifest/path.cpp stub/arena.cpp stub/format.cpp stub/str.cpp stub/launch_spec.cpp stub/fail.cpp \
  stub/freestanding.cpp $(filter-out finalizer/main.cpp finalizer/pack_main.cpp,$(wildcard finalizer/*.cpp))
FINALIZER_SRCS := $(FINALIZER_CORE_SRCS) finalizer/main.cpp
LINUX_ARCH_SRCS := arch/linux/linux.cpp arch/linux/errors.cpp
HEADERS := $(wildcard arch/*.h arch/*/*.h stub/*.h manifest/*.h finalizer/*.h)

# Freestanding: no libc, no C++ runtime, no unwinding, no static constructors.
FREESTANDING_FLAGS := -std=c++20 -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics \
  -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector \
  -ffunction-sections -fdata-sections -fvisibility=hidden -nostdlib -nostdinc++ \
  -Wall -Wextra -Werror -Wno-unused-command-line-argument
# A switch becomes compares, not a table of 8-byte addresses.
STUB_FLAGS := $(FREESTANDING_FLAGS) -Oz -flto -fno-jump-tables -DLAUNCH_SPEC_CAPACITY=$(LAUNCH_SPEC_CAPACITY)
# Per-CPU code generation: aarch64's tiny code model fits binaries this small,
# and the core has no floating point, so SIMD registers only cost moves;
# Linux, unlike Apple's and Windows' arm64 ABIs, does not require frame records
# (x86_64 and s390x omit them at -Oz already); z196 is the oldest s390x machine
# Debian (since 10) and other current distributions support. On x86_64 a
# function with locals in the red zone loads small constants with 10-byte movabs
# instead of push/pop; without it, it has to move its stack pointer instead.
CPU_FLAGS_x86_64 := -mno-red-zone
CPU_FLAGS_aarch64 := -mcmodel=tiny -mgeneral-regs-only -fomit-frame-pointer
CPU_FLAGS_s390x := -march=z196
# -O2: lld also merges strings that end another one.
ELF_LDFLAGS := -fuse-ld=lld -static -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro \
  -Wl,--build-id=none -Wl,-s -Wl,-z,max-page-size=4096 -Wl,--no-rosegment -Wl,-O2

# Each other area (arch/<os>/build.mk, size_report/build.mk, bench/build.mk, ...)
# adds its templates to TEMPLATES and its own targets. The fragments come before
# the rules below, so `all` is named the default explicitly.
.DEFAULT_GOAL := all
include $(sort $(wildcard arch/*/build.mk */build.mk))

.PHONY: all templates finalizer demo test clean
all: templates finalizer
	@echo "Built into $(OUT)/:"
	@for f in $(TEMPLATES) $(FINALIZER); do printf '  %-40s %6d bytes\n' "$$(basename $$f)" "$$(stat -c %s $$f)"; done

templates: $(TEMPLATES)
finalizer: $(FINALIZER)

# The spec region is the last initialized data; packing drops its empty
# payload from the file (see finalizer/elf_layout.h).
$(OUT)/runfiles-stub-%-linux: $(STUB_SRCS) $(LINUX_ARCH_SRCS) arch/linux/launch_spec.ld $(HEADERS) $(PACK_TEMPLATE) | $(OUT)/obj
	@echo "  build  $@"
	@$(CLANG) --target=$*-linux $(STUB_FLAGS) $(CPU_FLAGS_$*) -DLAUNCH_SPEC_SECTION='".launch_spec"' $(ELF_LDFLAGS) -Wl,-T,arch/linux/launch_spec.ld \
	  -o $(OUT)/obj/$(@F).linked $(STUB_SRCS) $(LINUX_ARCH_SRCS)
	@llvm-objcopy-19 --strip-sections $(OUT)/obj/$(@F).linked $(OUT)/obj/$(@F).stripped
	@$(PACK_TEMPLATE) $(OUT)/obj/$(@F).stripped $@

$(PACK_TEMPLATE): $(FINALIZER_CORE_SRCS) finalizer/pack_main.cpp $(LINUX_ARCH_SRCS) arch/linux/file_output.cpp $(HEADERS) | $(OUT)/obj
	@echo "  build  $@"
	@$(CLANG) --target=x86_64-linux $(FREESTANDING_FLAGS) -Os $(ELF_LDFLAGS) -o $@ $(filter %.cpp,$^)

$(FINALIZER): $(FINALIZER_SRCS) $(LINUX_ARCH_SRCS) arch/linux/file_output.cpp $(HEADERS) | $(OUT)
	@echo "  build  $@"
	@$(CLANG) --target=x86_64-linux $(FREESTANDING_FLAGS) -Os $(ELF_LDFLAGS) -o $@ \
	  $(FINALIZER_SRCS) $(LINUX_ARCH_SRCS) arch/linux/file_output.cpp

demo: all
	@./demo.sh $(OUT)

$(OUT) $(OUT)/obj:
	@mkdir -p $@

clean:
	rm -rf $(OUT)

# The integration tests' target program, built on the same arch/ layer.
$(OUT)/test-probe: host_tests/probe/probe.cpp $(LINUX_ARCH_SRCS) arch/linux/file_output.cpp stub/str.cpp stub/freestanding.cpp $(HEADERS) | $(OUT)
	@echo "  build  $@"
	@$(CLANG) --target=x86_64-linux $(FREESTANDING_FLAGS) -Os $(ELF_LDFLAGS) -o $@ $(filter %.cpp,$^)

# --- Tests ---------------------------------------------------------------------
CMAKE_BUILD := $(OUT)/host-tests
CTEST_JOBS ?= 2

# Other areas add their checks (sanitizer runs, fuzzing, size gates) to
# EXTRA_TESTS in their build.mk; `make test` runs them after CTest.
.PHONY: test ctest unit-tests
unit-tests:
	@cmake -S host_tests -B $(CMAKE_BUILD) -DCMAKE_CXX_COMPILER=clang++-19 -DOUT_DIR=$(abspath $(OUT)) \
	  -DSANITIZE=$(SANITIZE) -DCMAKE_BUILD_TYPE=Debug > $(CMAKE_BUILD).log || (cat $(CMAKE_BUILD).log; exit 1)
	@cmake --build $(CMAKE_BUILD) -j2 > $(CMAKE_BUILD).log 2>&1 || (cat $(CMAKE_BUILD).log; exit 1)

test: ctest $(EXTRA_TESTS)

ctest: all $(OUT)/test-probe unit-tests
	cd $(CMAKE_BUILD) && ctest -j$(CTEST_JOBS) --output-on-failure
