# make bench: launch times of the x86_64 Linux launcher against the exec floor.
# A developer tool: nothing here is shipped or gated.
BENCH_OUT := $(OUT)/bench
BENCH_DRIVER_SRCS := $(wildcard bench/driver/*.cpp)

.PHONY: bench
bench: $(OUT)/runfiles-stub-x86_64-linux $(FINALIZER) $(BENCH_OUT)/noop $(BENCH_OUT)/exec_floor $(BENCH_OUT)/runfiles-bench
	@$(BENCH_OUT)/runfiles-bench $(OUT)
	@rm -rf $(BENCH_OUT)/data

# The target and the floor are as small as a static program gets, on the arch/ layer.
$(BENCH_OUT)/%: bench/%.cpp $(LINUX_ARCH_SRCS) stub/freestanding.cpp $(HEADERS) | $(BENCH_OUT)
	@echo "  build  $@"
	@$(CLANG) --target=x86_64-linux $(FREESTANDING_FLAGS) -Oz $(ELF_LDFLAGS) -o $@ $< $(LINUX_ARCH_SRCS) stub/freestanding.cpp

$(BENCH_OUT)/runfiles-bench: $(BENCH_DRIVER_SRCS) $(wildcard bench/driver/*.h) | $(BENCH_OUT)
	@echo "  build  $@"
	@clang++-19 -std=c++20 -O2 -Wall -Wextra -Werror -o $@ $(BENCH_DRIVER_SRCS)

$(BENCH_OUT):
	mkdir -p $@
