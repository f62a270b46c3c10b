# Robustness checks beyond CTest, all run by `make test`:
#   make fuzz [FUZZ_SECONDS=N]     each libFuzzer target for N seconds (default 60)
#   make fuzz-ci                   each target briefly (FUZZ_CI_SECONDS)
#   make sanitized-unit-tests      the host unit tests built with ASan and UBSan
#   make reproducible-templates    a clean second build of the templates is byte-identical
# The bad-input and determinism suites run under CTest (host_tests/robustness.cmake).

# --- Fuzzing -------------------------------------------------------------------
# The portable core, built for the host with the fuzzer and sanitizers, over
# the unit tests' fake OS layer (failures arrive as C++ exceptions).
FUZZ_OUT := $(OUT)/fuzz
FUZZ_TARGETS := manifest launch_spec template
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 15
FUZZ_CXX ?= clang++-19
FUZZ_FLAGS := -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -fsanitize-address-use-after-return=never -Wall -Wextra -Werror
FUZZ_CORE_SRCS := $(wildcard manifest/*.cpp) \
  $(filter-out stub/main.cpp stub/spec_region.cpp stub/freestanding.cpp,$(wildcard stub/*.cpp)) \
  $(filter-out finalizer/main.cpp finalizer/pack_main.cpp,$(wildcard finalizer/*.cpp)) \
  host_tests/unit/fake_arch.cpp
FUZZ_CORE_OBJS := $(patsubst %.cpp,$(FUZZ_OUT)/obj/%.o,$(FUZZ_CORE_SRCS))
FUZZERS := $(foreach t,$(FUZZ_TARGETS),$(FUZZ_OUT)/$(t)_fuzzer)
FUZZ_MAX_LEN_template := 65536
FUZZ_MAX_LEN_manifest := 8192
FUZZ_MAX_LEN_launch_spec := 4200

$(FUZZ_OUT)/obj/%.o: %.cpp
	@mkdir -p $(@D)
	@$(FUZZ_CXX) $(FUZZ_FLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_OUT)/%_fuzzer: $(FUZZ_OUT)/obj/host_tests/fuzz/%_fuzzer.o $(FUZZ_CORE_OBJS)
	@echo "  build  $@"
	@$(FUZZ_CXX) $(FUZZ_FLAGS) -o $@ $^

# Kept between builds: the objects are shared by all the fuzzers.
.SECONDARY: $(FUZZ_CORE_OBJS) $(patsubst %,$(FUZZ_OUT)/obj/host_tests/fuzz/%_fuzzer.o,$(FUZZ_TARGETS))
-include $(wildcard $(FUZZ_OUT)/obj/*/*.d $(FUZZ_OUT)/obj/*/*/*.d)

# Seeds: the generated ones, and the real templates for the template readers.
# New inputs the fuzzers find go to $(FUZZ_OUT)/corpus and are kept between runs.
.PHONY: fuzz fuzz-ci fuzz-seeds
fuzz-seeds: templates
	@rm -rf $(FUZZ_OUT)/seeds
	@python3 host_tests/fuzz/seeds.py $(FUZZ_OUT)/seeds
	@cp $(TEMPLATES) $(FUZZ_OUT)/seeds/template/

fuzz: $(FUZZERS) fuzz-seeds
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_OUT)/corpus/$$t $(FUZZ_OUT)/crashes; \
	  $(FUZZ_OUT)/$${t}_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN_$$t) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_OUT)/crashes/$$t- $(FUZZ_OUT)/corpus/$$t $(FUZZ_OUT)/seeds/$$t \
	    > $(FUZZ_OUT)/$$t.log 2>&1 || { tail -50 $(FUZZ_OUT)/$$t.log; echo "fuzz: $$t failed (log: $(FUZZ_OUT)/$$t.log)"; exit 1; }; \
	  printf '  fuzz   %-12s %12s executions in %ss\n' $$t \
	    "$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_OUT)/$$t.log)" $(FUZZ_SECONDS); \
	done

fuzz-ci:
	+@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_CI_SECONDS)

# --- Sanitizers ----------------------------------------------------------------
# A second configuration of the host tests, in its own build directory; only
# the test binaries, not the integration suites, are built and run here.
SANITIZED_BUILD := $(OUT)/host-tests-sanitized
SANITIZED_TESTS := unit_tests windows_unit_tests size_report_tests
.PHONY: sanitized-unit-tests
sanitized-unit-tests:
	@cmake -S host_tests -B $(SANITIZED_BUILD) -DCMAKE_CXX_COMPILER=clang++-19 -DOUT_DIR=$(abspath $(OUT)) \
	  -DSANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug > $(SANITIZED_BUILD).log || (cat $(SANITIZED_BUILD).log; exit 1)
	@targets=$$(cmake --build $(SANITIZED_BUILD) --target help | sed -n 's/^\.\.\. //p' | grep -xF $(SANITIZED_TESTS:%=-e %)); \
	cmake --build $(SANITIZED_BUILD) -j2 --target $$targets >> $(SANITIZED_BUILD).log 2>&1 || { cat $(SANITIZED_BUILD).log; exit 1; }; \
	for t in $$targets; do \
	  echo "  asan+ubsan $$t"; (cd $(SANITIZED_BUILD) && ./$$t) > $(SANITIZED_BUILD)/$$t.log 2>&1 \
	    || { cat $(SANITIZED_BUILD)/$$t.log; exit 1; }; \
	done

# --- Reproducible builds -------------------------------------------------------
# A clean build of every template in another directory, from another
# environment, must give the same bytes as $(OUT)'s.
REPRO_OUT := $(OUT)/reproducible
.PHONY: reproducible-templates
reproducible-templates: templates
	@rm -rf $(REPRO_OUT)
	+@env -i PATH="$$PATH" HOME=/nonexistent TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 \
	  $(MAKE) -s --no-print-directory OUT=$(REPRO_OUT)/a-longer-directory-name templates > /dev/null
	@for t in $(notdir $(TEMPLATES)); do \
	  cmp $(OUT)/$$t $(REPRO_OUT)/a-longer-directory-name/$$t || { echo "not reproducible: $$t"; exit 1; }; \
	done
	@echo "  reproducible: a clean rebuild elsewhere gives the same $(words $(TEMPLATES)) templates, byte for byte"
	@rm -rf $(REPRO_OUT)

EXTRA_TESTS += sanitized-unit-tests fuzz-ci reproducible-templates
