# Rätt väg — the two commands of the README: `make run` and `make test`.
# Everything installs what is missing first (Debian 12 packages), then builds into build/.

BUILD_DIR ?= build
DEMO_DIR  ?= demo
DEMO_DB   ?= $(DEMO_DIR)/rattvag.db
JOBS      ?= $(shell nproc)
TODAY     := $(shell date +%F)

# Debian 12 packages the build and the tests need.
APT_PACKAGES := build-essential cmake ninja-build pkg-config \
  libboost1.81-dev libboost-json1.81-dev libsqlite3-dev sqlite3 libfmt-dev bc time \
  libgtest-dev libgmock-dev libbenchmark-dev libsodium-dev \
  libssl-dev liboath-dev zlib1g-dev \
  libxlsxwriter-dev python3 \
  clang-14 libclang-rt-14-dev \
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils \
  libical-dev

.PHONY: all deps build run test test-quick bench bench-server bench-web clean demo fuzz-build fuzz

all: build

deps:
	@./scripts/install-deps.sh $(APT_PACKAGES)
	@command -v node >/dev/null || ./scripts/install-deps.sh nodejs npm
	@[ -d tests/crosscheck/node_modules ] || npm ci --prefix tests/crosscheck --no-audit --no-fund --loglevel=error
	@# FHIR R4 validators (tests/fhir, docs/FHIR.md): reinstalled when the lock file changes.
	@[ tests/fhir/node_modules/.package-lock.json -nt tests/fhir/package-lock.json ] || npm ci --prefix tests/fhir --no-audit --no-fund --loglevel=error

build: deps web
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The web application (web/, README "The web application"): npm packages from the lock file,
# then a type check and Vite's build into web/dist, which `rattvag serve --web` serves. Both
# only when their inputs changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json
.PHONY: web
web: web/dist/index.html
web/node_modules/.package-lock.json: web/package-lock.json
	@command -v node >/dev/null || ./scripts/install-deps.sh nodejs npm
	@npm ci --prefix web --no-audit --no-fund --loglevel=error
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@npm run --prefix web --silent build >/dev/null
	@echo "web: built web/dist"

LISTEN    ?= 127.0.0.1:8080

# A demo journal (1,000 persons in six municipalities) with demo units and users (README).
# Made once; `make clean` starts over.
demo: build
	@mkdir -p $(DEMO_DIR)
	@if [ ! -f $(DEMO_DB) ]; then $(BUILD_DIR)/rattvag demo --db $(DEMO_DB) --persons 1000 --municipalities 6 --seed 1 --users; fi

# The follow-up and the deadline list of the demo journal, then the server on loopback
# (Ctrl-C stops it).
run: demo
	@$(BUILD_DIR)/rattvag report --db $(DEMO_DB) --as-of $(TODAY)
	@echo
	@$(BUILD_DIR)/rattvag deadlines --db $(DEMO_DB) --as-of $(TODAY) --municipality 1380 | head -n 40
	@echo
	@echo "Demo journal: $(DEMO_DB). Demo logins: see README.md. Try: $(BUILD_DIR)/rattvag --help"
	@$(BUILD_DIR)/rattvag serve --db $(DEMO_DB) --listen $(LISTEN) --web web/dist

# Every test: unit and integration tiers (ctest prints the summary line). A tier that holds no
# test at all fails the run, so a broken test discovery cannot pass silently.
TIERS := unit integration crosscheck security e2e
# Then the fuzz targets, FUZZ_SECONDS each (below).
test: build fuzz-build security-deps e2e-deps
	@cd $(BUILD_DIR) && for tier in $(TIERS); do \
	  n=$$(ctest -N -L "^$$tier$$" | grep -c 'Test *#'); \
	  if [ "$$n" -eq 0 ]; then echo "tier $$tier has no tests" >&2; exit 1; fi; done
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/run-fuzz.sh $(FUZZ_BUILD_DIR) $(FUZZ_TARGETS)

# The fast tier only, for every change.
test-quick: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

# Fuzzing (fuzz/, README "Fuzzing"): the libFuzzer targets in a clang build of their own, with
# ASan and UBSan; `make test` runs each for FUZZ_SECONDS (side by side), `make fuzz` only them:
# FUZZ_SECONDS=600 make fuzz. Reproducers of failures land in $(FUZZ_BUILD_DIR)/fuzz-artifacts/.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS   ?= 60
FUZZ_TARGETS   := fuzz_event_json fuzz_http_request

fuzz-build: deps
	@cmake -S . -B $(FUZZ_BUILD_DIR) -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DRATTVAG_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target $(FUZZ_TARGETS)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/run-fuzz.sh $(FUZZ_BUILD_DIR) $(FUZZ_TARGETS)

bench: build
	@./bench/run.sh

# The server benchmark (docs/BENCHMARKS.md, run d): wrk against `rattvag serve` and an nginx
# baseline, both on loopback. Only this target needs these packages.
BENCH_PACKAGES := wrk nginx-light curl

bench-server: build
	@./scripts/install-deps.sh $(BENCH_PACKAGES)
	@./bench/server/run.sh

# The web application's speed (docs/BENCHMARKS.md, "Targets of issue 4"): bundle size, first
# view, a list of 1,000+ rows, against a plain HTML page, in Debian's Chromium on loopback.
bench-web: build e2e-deps
	@node bench/web/run.mjs $(or $(RUNS),7)

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_BUILD_DIR) $(DEMO_DIR) web/dist

# `make security`: only the scans with Debian's sqlmap and wapiti against the live server on
# loopback, logged in, failing on any injectable parameter or a wapiti finding of medium
# severity or higher (security/run.sh, docs/SECURITY.md). `make test` runs them too, as the
# ctest tier `security` (about 4 minutes, alone on the machine).
SECURITY_PACKAGES := sqlmap wapiti curl iproute2
# The browser of the end-to-end tests (web/e2e): Debian's Chromium, driven by playwright-core.
E2E_PACKAGES := chromium
.PHONY: e2e-deps e2e
e2e-deps:
	@./scripts/install-deps.sh $(E2E_PACKAGES)
# Only the browser tests: `make e2e`.
e2e: build e2e-deps
	@cd $(BUILD_DIR) && ctest --output-on-failure -L e2e
.PHONY: security security-deps
security-deps:
	@./scripts/install-deps.sh $(SECURITY_PACKAGES)
security: build security-deps
	@./security/run.sh $(BUILD_DIR)/rattvag
