# opsim: build, run, test and benchmark with nothing but Go installed.
GO      ?= go
BIN     := bin/opsim
PKGS    := ./...

.PHONY: all build install run test race bench benchcmp instrcmp pgo lint check docs screenshots chromium clean

all: build

build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/opsim

# install: put opsim on PATH, in $(go env GOBIN) or else $(go env GOPATH)/bin,
# so that the README's "opsim ..." commands work as written.
install:
	$(GO) install -buildvcs=auto ./cmd/opsim

# run: the main job on the bundled default scenario.
run: build
	./$(BIN) compare scenarios/default.toml

# test: lint first, then every package's tests (unit, statistical validation,
# examples, the workshop page in headless Chromium), then the README's cluster
# recipes on a single-node Slurm (.ci/chromium.sh installs chromium, and
# .ci/slurm-test.sh slurm-wlm, munge and parallel, with apt if needed).
test: lint chromium
	$(GO) test -count=1 $(PKGS)
	./.ci/slurm-test.sh

# race: the tests under the race detector (parallel replications, progress);
# about 10 minutes on 2 cores, so it is not part of test.
race:
	$(GO) test -race -count=1 $(PKGS)

# bench: the engine and model benchmarks; figures depend on the machine.
# 2 s per benchmark keeps the parallel-replication speedup out of the noise
# of a shared 2-core machine.
# The benchmarks are compiled with opsim's profile (see pgo), so that they
# measure the code as `go build` ships it.
BENCHTIME ?= 2s
bench:
	$(GO) test -pgo=$(PGO) -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PKGS)

# benchcmp: one benchmark of the working tree side by side with the same
# benchmark at commit BASE (.ci/benchcmp.sh), the two builds alternated
# CMPN times: for targets stated as ratios (issue 12: BenchmarkModel at 1.5x
# the events/s of b187092), which single timings on a machine whose speed
# drifts cannot show. For the 1,000-team year against the previous commit
# (BASE must have the benchmark; BenchmarkThousandTeams came with ff920a7):
#   make benchcmp BASE=HEAD~1 CMPPKG=./scenarios CMPBENCH=BenchmarkThousandTeams/collective CMPTIME=1x
# CMPPGO=1 builds each side with its own PGO profile, as its make bench
# did (a commit from before make pgo gets none); by default neither has one.
BASE     ?= HEAD
CMPPKG   ?= ./models
CMPBENCH ?= BenchmarkModel$$
CMPTIME  ?= 200x
CMPN     ?= 7
CMPPGO   ?=
benchcmp:
	CMPPGO='$(CMPPGO)' ./.ci/benchcmp.sh '$(BASE)' '$(CMPPKG)' '$(CMPBENCH)' '$(CMPTIME)' '$(CMPN)'

# instrcmp: the instructions one iteration of a benchmark executes, in the
# working tree and at commit BASE (.ci/instrcmp.sh, valgrind's cachegrind):
# a count that, unlike time, does not drift with the machine's load, so a
# change of a few percent shows in one run. Cache misses cost time and no
# instructions: confirm with benchcmp. For a 1,000-team year (minutes):
#   make instrcmp BASE=HEAD~1 CMPPKG=./scenarios INSTRBENCH=BenchmarkThousandTeams/collective INSTRN=1
# INSTRL2=1048576 also counts the misses of a simulated 1 MB last-level
# cache, which at 1,000 teams cost as much time as the instructions.
INSTRBENCH ?= ^BenchmarkModel$$/^collective$$
INSTRN     ?= 5
INSTRL2    ?=
instrcmp:
	CMPPGO='$(CMPPGO)' ./.ci/instrcmp.sh '$(BASE)' '$(CMPPKG)' '$(INSTRBENCH)' '$(INSTRN)' '$(INSTRL2)'

# pgo: profile-guided optimisation. go build compiles opsim with the CPU
# profile in cmd/opsim/default.pgo (about 6% faster simulation on 2 cores of
# an AMD EPYC: the compiler inlines the hot event handlers and the random
# source); this remakes it from the model benchmarks, a year of the 8-team
# default organisation and one of 1,000 teams, after the model changes.
PGO := cmd/opsim/default.pgo
pgo:
	tmp=$$(mktemp -d) && \
	$(GO) test -c -o $$tmp/models.test ./models && \
	$(GO) test -c -o $$tmp/scenarios.test ./scenarios && \
	$$tmp/models.test -test.run '^$$' -test.bench 'BenchmarkModel$$' -test.benchtime 600x -test.cpuprofile $$tmp/model.prof >/dev/null && \
	$$tmp/scenarios.test -test.run '^$$' -test.bench 'BenchmarkThousandTeams/centralized' -test.benchtime 1x -test.cpuprofile $$tmp/thousand.prof >/dev/null && \
	$(GO) tool pprof -proto $$tmp/model.prof $$tmp/thousand.prof > $(PGO) && \
	rm -rf $$tmp

# chromium: Debian's chromium for the browser tests, installed when missing.
chromium:
	./.ci/chromium.sh

lint:
	@out="$$(gofmt -l cmd sim models scenarios analysis results 2>/dev/null)"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

# check: lint plus staticcheck (fetched through the Go module proxy on first
# use; not part of test, so CI needs nothing beyond the Go toolchain).
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
check: lint
	$(GO) run $(STATICCHECK) $(PKGS)

# docs: regenerate the scenario reference and the JSON Schema for editors
# from scenarios/reference_keys.go (a test fails when they are stale).
docs:
	$(GO) run ./cmd/opsim schema > docs/scenarios.md
	$(GO) run ./cmd/opsim schema --json-schema > docs/opsim.schema.json

# screenshots: the README's pictures of the first screen of the default and
# growth reports in a 1280x800 window, and of the workshop page (its browser
# test keeps its screenshots in docs/). Needs Chromium (make chromium);
# --no-sandbox because containers often run as root.
CHROMIUM ?= chromium
screenshots: build chromium
	OPSIM_SCREENSHOTS=$$(pwd)/docs $(GO) test -count=1 -run TestWorkshopPageInBrowser ./cmd/opsim
	./$(BIN) compare scenarios/default.toml -q -o out/default --force
	./$(BIN) sweep scenarios/growth.toml -q -o out/growth --force
	for r in default growth; do \
		d=$$(mktemp -d); \
		$(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
			--disable-sync --no-first-run --user-data-dir=$$d --window-size=1280,800 --hide-scrollbars \
			--screenshot=docs/report-$$r.png file://$$(pwd)/out/$$r/report.html; \
		rm -rf $$d; \
	done

clean:
	rm -rf bin out
