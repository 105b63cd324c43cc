# boundcheck -- checks published convergence theorems against measurements.
#
# The two commands a newcomer types are `make test` and `make report`; both
# first run `deps`, which installs what a fresh Debian machine lacks.
# `make help` lists every target.

# ---- user settings -------------------------------------------------------
CC         ?= cc
PKG_CONFIG ?= pkg-config
OPT        ?= -O2 -g
WARN       ?= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# SANITIZER=address or SANITIZER=undefined builds into its own folder and
# runs the tests there.
SANITIZER  ?=
# QUICK=1 makes `make report` use each check's CI-sized profile; FULL=1
# runs the experiments that have one at the paper's size (ntk_masked).
QUICK      ?=
FULL       ?=
# Threads used by `make report` and the experiments (0 = all cores).
THREADS    ?= 0
# MPI=1 also builds bin/boundcheck_mpi (OpenMPI) and `make test` runs it
# under mpirun -n 2; the default build needs no MPI.
MPI        ?=
MPICC      ?= mpicc
# ---------------------------------------------------------------------------

DEPS_PKGS = libgsl-dev liblapacke-dev libopenblas-dev libcjson-dev \
            libcmocka-dev gnuplot-nox pkg-config zlib1g-dev chromium
ifneq ($(MPI),)
  DEPS_PKGS += openmpi-bin libopenmpi-dev
endif
# Only `make fuzz` needs these (clang's libFuzzer and OpenMP runtime).
FUZZ_PKGS = clang libclang-rt-14-dev libomp-dev
FUZZ_SECONDS ?= 60
# `make bench`'s thread-scaling table goes up to this many threads
# (default: every core of the machine).
SCALING_THREADS ?=
FUZZ_TARGETS := csv params shard
# Only `make bench` needs these (the NumPy reference on the same OpenBLAS);
# it also tries python3-torch, for PyTorch references where it installs.
BENCH_PKGS = python3-numpy python3-threadpoolctl

ifeq ($(SANITIZER),)
  BUILD   := build
  BIN     := bin
  SANFLAGS :=
else ifeq ($(SANITIZER),address)
  BUILD   := build-address
  BIN     := build-address/bin
  SANFLAGS := -fsanitize=address -fno-omit-frame-pointer
else ifeq ($(SANITIZER),undefined)
  BUILD   := build-undefined
  BIN     := build-undefined/bin
  SANFLAGS := -fsanitize=undefined -fno-sanitize-recover=undefined
else ifeq ($(SANITIZER),fuzz)
  # libFuzzer: clang, coverage-instrumented, with ASan and UBSan (make fuzz)
  BUILD   := build-fuzz
  BIN     := build-fuzz/bin
  CC      := clang
  SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
else
  $(error SANITIZER must be empty, 'address', 'undefined' or 'fuzz' (got '$(SANITIZER)'))
endif

# Deferred (=) so that nothing is asked of pkg-config before `deps` ran.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags gsl lapacke openblas libcjson zlib)
# Debian's gsl.pc links GSL's own CBLAS; link OpenBLAS instead, once.
PKG_LIBS   = $(shell $(PKG_CONFIG) --define-variable=GSL_CBLAS_LIB=-lopenblas --libs gsl) \
             $(shell $(PKG_CONFIG) --libs lapacke libcjson zlib)
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka)

CFLAGS_ALL  = -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -fopenmp -fPIC $(if $(MVEC),-DBC_HAVE_MVEC) \
              $(SANFLAGS) -Isrc -I. $(PKG_CFLAGS) -MMD -MP
LDFLAGS_ALL = -fopenmp $(SANFLAGS)
# glibc's vector math library (libmvec: exp and tanh eight lanes at a time
# for the GLMs' derivatives), where the toolchain has it
MVEC       := $(shell printf 'int main(void){return 0;}' | $(CC) -x c - -lmvec -o /dev/null 2>/dev/null && echo -lmvec)
LDLIBS_ALL  = $(PKG_LIBS) $(MVEC) -lm

LIB_SRC   := $(wildcard src/*/*.c) $(filter-out proofs_checks/main_%.c,$(wildcard proofs_checks/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB       := $(BUILD)/libboundcheck.a

# One binary per check: bin/check_<paper>_<statement>, from the registry ids.
CHECK_IDS  := $(shell sed -n 's/^ *BC_REGISTER(\([A-Za-z0-9_]*\)).*/\1/p' proofs_checks/registry.c)
CHECK_BINS := $(CHECK_IDS:%=$(BIN)/check_%)
EXP_SRC    := $(wildcard experiments/*.c)
EXP_BINS   := $(EXP_SRC:experiments/%.c=$(BIN)/%)
TEST_SRC   := $(wildcard tests/test_*.c)
TEST_BINS  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC  := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

ALL_BINS := $(BIN)/boundcheck $(CHECK_BINS) $(EXP_BINS) $(TEST_BINS) $(BENCH_BINS)
ifneq ($(MPI),)
  ALL_BINS += $(BIN)/boundcheck_mpi
endif

ifneq ($(QUICK),)
  REPORT_FLAGS := --quick
else ifneq ($(FULL),)
  REPORT_FLAGS := --full
else
  REPORT_FLAGS :=
endif

.PHONY: test-mpi fuzz _fuzz
.PHONY: default all test report plots bench clean help deps calibrate memcheck \
        _all _test _report _plots _bench
.DEFAULT_GOAL := default
# keep the objects of chained pattern rules (tests, check mains); no
# built-in rules, and the dependency files are never remade
.SECONDARY:
.SUFFIXES:
MAKEFLAGS += -r
%.d: ;

ifeq ($(SANITIZER),)
default: all
else
default: test
endif

# ---- public targets: deps first, then the real work in a sub-make --------
all: deps
	@$(MAKE) --no-print-directory _all
test: deps
	@$(MAKE) --no-print-directory _test
report: deps
	@$(MAKE) --no-print-directory _report
plots: deps
	@$(MAKE) --no-print-directory _plots
# valgrind memcheck over representative runs: no errors, no leaks
MEMCHECK_RUNS = "$(BIN)/check_multirate_b4 --quick --threads 1 --trials 20" \
                "$(BIN)/check_sgr_thm3_3 --quick --threads 1" \
                "$(BIN)/check_sgr_prop3_5 --quick --threads 1" \
                "$(BIN)/check_clars_thm2 --quick --threads 1 --mult 0.5" \
                "$(BIN)/check_multirate_b4 --data /nonexistent" \
                "$(BIN)/check_dcasgd_lemmaC1 --threads 1 --trials 20 --lambda 1 --d 6" \
                "$(BIN)/check_dcasgd_thm3_1 --threads 1 --trials 20 --K 4 --dist 0.5 --w-scale 1" \
                "$(BIN)/dcasgd_delay --out $(BUILD)/memcheck-results passes=1 runs=2 n=100" \
                "$(BIN)/check_dcasgd_thm4_1 --quick --threads 1 --trials 4 --T 200 --rho 0.1 --step recursion" \
                "$(BIN)/check_dcasgd_lemmaF1 --quick --threads 1 --trials 4 --T 200" \
                "$(BIN)/check_multirate_b4 --quick --threads 1 --trials 20 --shard 0/2 --json $(BUILD)/mc-s0.json" \
                "$(BIN)/check_multirate_b4 --quick --threads 1 --trials 20 --shard 1/2 --json $(BUILD)/mc-s1.json" \
                "$(BIN)/boundcheck merge --json $(BUILD)/mc-merged.json $(BUILD)/mc-s1.json $(BUILD)/mc-s0.json" \
                "$(BIN)/boundcheck merge --json $(BUILD)/mc-merged.json $(BUILD)/mc-s1.json" \
                "$(BIN)/boundcheck list"
memcheck: deps
	@sh tools/deps.sh valgrind
	@$(MAKE) --no-print-directory _all
	@for c in $(MEMCHECK_RUNS); do \
	  valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=99 -q $$c > /dev/null 2> $(BUILD)/memcheck.txt; rc=$$?; \
	  if [ $$rc -eq 99 ]; then cat $(BUILD)/memcheck.txt; echo "memcheck: FAILED: $$c"; exit 1; fi; \
	  echo "memcheck clean (exit $$rc): $$c"; done

# the MPI driver alone, under mpirun -n 2 (installs OpenMPI when missing)
test-mpi:
	@$(MAKE) --no-print-directory MPI=1 deps
	@$(MAKE) --no-print-directory MPI=1 _all
	BIN=$(BIN) sh tests/cli/mpi.sh

# coverage-guided fuzzing of the input parsers, FUZZ_SECONDS each
fuzz: deps
	@sh tools/deps.sh $(FUZZ_PKGS)
	@$(MAKE) --no-print-directory SANITIZER=fuzz _fuzz

calibrate: deps
	@$(MAKE) --no-print-directory _all
	$(BUILD)/bench/calibrate --reps 20000

bench: deps
	@sh tools/deps.sh $(BENCH_PKGS)
	@sh tools/deps.sh python3-torch || echo "bench: the PyTorch references are skipped (python3-torch did not install)"
	@$(MAKE) --no-print-directory _bench

deps:
	@sh tools/deps.sh $(DEPS_PKGS)

help:
	@echo "boundcheck make targets"
	@echo "  make            build libboundcheck.a, bin/check_*, bin/boundcheck, experiments, tests"
	@echo "  make test       build, then run the cmocka unit tests and the command-line tests"
	@echo "  make report     run every check, search and experiment (QUICK=1: CI-sized) into"
	@echo "                  results/, draw the figures, write report/index.html and REPORT.md"
	@echo "  make plots      redraw the figures from the CSV files already under results/"
	@echo "  make bench      time the heavy paths against a NumPy reference on the same BLAS"
	@echo "  make calibrate  false-VIOLATED and detection rates of every interval method"
	@echo "  make memcheck   valgrind memcheck over representative runs (no errors, no leaks)"
	@echo "  make deps       install the Debian packages that are missing (as root)"
	@echo "  make clean      remove build/, bin/ and the sanitizer folders"
	@echo "  make install PREFIX=DIR   programs, libraries, headers, pkg-config file, man pages"
	@echo "  make uninstall PREFIX=DIR remove exactly what install wrote"
	@echo "  make python-install       the Python package (python/boundcheck), pip, no network"
	@echo "  make SANITIZER=address|undefined   build into build-<name>/ and run the tests there"
	@echo "  make MPI=1 [test]  also build bin/boundcheck_mpi (OpenMPI) and test it with mpirun -n 2"
	@echo "  make test-mpi   only the MPI driver's tests (mpirun -n 2)"
	@echo "  make fuzz       libFuzzer on the CSV loader, parameter parser and shard reader"
	@echo "                  (clang, ASan+UBSan), FUZZ_SECONDS=60 each"
	@echo "settings: CC=$(CC) OPT='$(OPT)' THREADS=$(THREADS) QUICK=$(QUICK)"

# ---- install -------------------------------------------------------------
# make install PREFIX=/opt/boundcheck: programs (checks, boundcheck,
# experiments), libboundcheck.a/.so, headers, boundcheck.pc, man pages from
# --help; make uninstall PREFIX=... removes exactly those files.
PREFIX ?= /usr/local
INSTALL_BINS := $(BIN)/boundcheck $(CHECK_BINS) $(EXP_BINS)
.PHONY: install uninstall python-install
install: deps
	@$(MAKE) --no-print-directory _all
	@rm -rf $(BUILD)/install-bin && mkdir -p $(BUILD)/install-bin && cp $(INSTALL_BINS) $(BUILD)/install-bin/
	@sh tools/install.sh $(PREFIX) $(BUILD)/install-bin $(BUILD)
uninstall:
	@sh tools/uninstall.sh $(PREFIX)
# The Python package (python/boundcheck) with the library copied in,
# installed by pip from the repository with no network.
python-install: deps
	@$(MAKE) --no-print-directory _all
	cp $(BUILD)/libboundcheck.so python/boundcheck/
	python3 -m pip install --no-build-isolation --no-deps --no-index python/

# ---- the build -----------------------------------------------------------
# The shared library the Python package loads (python/boundcheck), in the
# plain build only (a sanitizer's runtime cannot be loaded into Python).
SOLIB := $(if $(SANITIZER),,$(BUILD)/libboundcheck.so)

_all: $(ALL_BINS) $(SOLIB)

$(BUILD)/libboundcheck.so: $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) -shared $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# Each check binary is the generic runner bound to one registry entry,
# named by the id with '.' read as '_' (multirate.b4 -> check_multirate_b4).
$(BIN)/check_%: $(BUILD)/proofs_checks/main_check_%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/proofs_checks/main_check_%.o: proofs_checks/main_check.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -DBC_CHECK_BIN='"$*"' -c $< -o $@

$(BIN)/boundcheck: $(BUILD)/proofs_checks/main_boundcheck.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BIN)/boundcheck_mpi: $(BUILD)/mpi/main_mpi.o $(LIB)
	@mkdir -p $(@D)
	$(MPICC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/mpi/main_mpi.o: mpi/main_mpi.c Makefile
	@mkdir -p $(@D)
	$(MPICC) $(CFLAGS_ALL) -c $< -o $@

$(BIN)/%: $(BUILD)/experiments/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/bc_test.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL) $(TEST_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

# ---- tests ---------------------------------------------------------------
_test: _all
	@fail=0; for t in $(TEST_BINS); do \
	  echo "== $$t"; OMP_NUM_THREADS=2 $$t || fail=1; done; \
	echo "== tests/cli/run.sh"; BIN=$(BIN) sh tests/cli/run.sh || fail=1; \
	if [ -n "$(SOLIB)" ]; then echo "== tests/python/run.sh (the Python package)"; \
	  SOLIB=$(SOLIB) sh tests/python/run.sh || fail=1; \
	  echo "== tests/cli/install.sh (make install, uninstall)"; \
	  BIN=$(BIN) BUILD=$(BUILD) sh tests/cli/install.sh || fail=1; fi; \
	if [ -n "$(MPI)" ]; then echo "== tests/cli/mpi.sh"; BIN=$(BIN) sh tests/cli/mpi.sh || fail=1; fi; \
	echo "== $(BUILD)/bench/calibrate (finite-sample intervals never above alpha)"; \
	$(BUILD)/bench/calibrate > $(BUILD)/calibration.txt || { cat $(BUILD)/calibration.txt; fail=1; }; \
	if [ $$fail -ne 0 ]; then echo "make test: FAILURES"; exit 1; fi; \
	echo "make test: all passed"

# ---- report and figures --------------------------------------------------
# Every step runs whatever the one before found (experiments/report.sh);
# a figure that cannot be drawn is listed like any step that did not
# finish, and the page is always written. The exit status is nonzero only
# when a check could not run or the page could not be written.
_report: _all
	@mkdir -p results/figures report
	@BIN=$(BIN) THREADS=$(THREADS) sh experiments/report.sh $(REPORT_FLAGS); st=$$?; \
	$(MAKE) --no-print-directory _plots || echo "make plots (a figure could not be drawn)" >> results/failed_steps.txt; \
	$(BIN)/boundcheck report --results results --out report --bin $(BIN) || exit 1; \
	if [ -s results/failed_steps.txt ]; then echo "make report: steps that did not finish (listed on the page):"; cat results/failed_steps.txt; fi; \
	exit $$st

# Each script names its inputs on a "# needs:" line; a script whose inputs
# are not under results/ yet is skipped with a message (run make report).
_plots:
	@mkdir -p results/figures
	@for g in plots/*.gp; do \
	  missing=""; for f in $$(sed -n 's/^# needs://p' $$g); do \
	    [ -e results/$$f ] || missing="$$missing $$f"; done; \
	  if [ -n "$$missing" ]; then echo "skip $$g (missing under results/:$$missing)"; continue; fi; \
	  echo "gnuplot $$g"; gnuplot -e "resdir='results'" $$g || fail=1; done; exit $${fail:-0}

# Each target starts from its seed corpus (fuzz/corpus/NAME, read only) and
# the inputs it found before (build-fuzz/corpus-NAME); a crash is saved as
# build-fuzz/crash-* and fails the target.
_fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do mkdir -p $(BUILD)/corpus-$$t; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/ -max_len=4096 $(BUILD)/corpus-$$t fuzz/corpus/$$t \
	    > $(BUILD)/fuzz_$$t.log 2>&1 || { tail -40 $(BUILD)/fuzz_$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' $(BUILD)/fuzz_$$t.log; \
	  echo "   corpus $$(ls $(BUILD)/corpus-$$t | wc -l) inputs, no crash"; done

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/fuzz_%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_ALL)

_bench: _all
	$(BUILD)/bench/bench_multirate
	$(BUILD)/bench/bench_ntk
	$(BUILD)/bench/bench_masked
	$(BUILD)/bench/bench_scaling $(SCALING_THREADS)
	@echo "== the benchmarks' ratios against their targets (issue 15)"; sh tools/bench_table.sh results

clean:
	rm -rf build build-address build-undefined build-fuzz bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
