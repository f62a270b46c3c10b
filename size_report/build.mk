# Binary sizes: reports and the per-binary size gate.
#   make size-check               every shipped binary against $(SIZE_BUDGETS); fails when one is over
#   make size-report BASE=<ref>   Markdown report of this tree against git ref <ref> (default HEAD),
#                                 for a pull-request comment; SIZE_REPORT_FLAGS=--json for JSON
# The shipped binaries are $(TEMPLATES) and $(FINALIZER), so a new target is
# covered once its build.mk adds it to TEMPLATES and size_report/budgets gives
# it a limit.
SIZE_REPORT := $(OUT)/size-report
SIZE_BUDGETS ?= size_report/budgets
BASE ?= HEAD
SIZE_REPORT_FLAGS ?=
SIZE_REPORT_CXX ?= clang++-19

.PHONY: size-check size-report

$(SIZE_REPORT): $(wildcard size_report/*.cpp size_report/*.h) | $(OUT)
	@echo "  build  $@"
	@$(SIZE_REPORT_CXX) -std=c++20 -O2 -Wall -Wextra -Werror -o $@ $(filter %.cpp,$^)

size-check: templates finalizer $(SIZE_REPORT)
	@$(SIZE_REPORT) check $(SIZE_BUDGETS) $(TEMPLATES) $(FINALIZER)

# The base is built from a clean checkout of BASE with its own Makefile, so the
# report compares what each tree ships, whatever its build rules were then.
# Build output goes to stderr, leaving stdout to the report alone.
size-report:
	+@$(MAKE) -s --no-print-directory templates finalizer $(SIZE_REPORT) >&2
	@$(SIZE_REPORT) measure -o $(OUT)/sizes.txt $(TEMPLATES) $(FINALIZER)
	+@MAKE="$(MAKE)" size_report/measure_ref.sh "$(BASE)" $(abspath $(SIZE_REPORT)) $(OUT)/sizes-base.txt
	@$(SIZE_REPORT) compare $(SIZE_REPORT_FLAGS) $(OUT)/sizes-base.txt $(OUT)/sizes.txt
EXTRA_TESTS += size-check
