# The README's two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.newskg-installed

.PHONY: run test setup lint typecheck pytest browser virtuoso bench eval clean dist

run: setup
	@# compiled once here: where PYTHONDONTWRITEBYTECODE is set (Docker images often do),
	@# every kg command would compile the package again (a tenth of a second each)
	$(BIN)/python -m compileall -q kg >/dev/null
	$(BIN)/kg build seeds --out output

test: setup browser virtuoso lint typecheck pytest

setup: $(STAMP)

# Re-installs when the dependencies or the model pins change.
$(STAMP): pyproject.toml kg/config.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/kg models
	touch $(STAMP)

# Debian's Chromium for the browser tests, when it is missing (needs root, as on CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's Virtuoso for the second SPARQL server the load tests use (root, as on CI; without
# root its tests skip and say so).
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian's virtuoso-opensource-7-bin for the SPARQL server tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource-7-bin >/dev/null; \
		else echo "virtuoso-t missing and not root: the Virtuoso tests will skip"; fi; }

lint:
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks
	$(BIN)/lint-imports

# The source distribution and the wheel (ontology/ and the page template inside), in dist/.
dist: setup
	$(BIN)/python -m build --outdir dist

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

# Scores on the seeds and development sets A and B (read from ../shared/eval, never copied here):
# P/R/F1 per relation and language, misses and false positives with their sentences, entities.
SHARED_EVAL ?= ../shared/eval
eval: setup
	@test -d $(SHARED_EVAL) || { echo "no evaluation material at $(SHARED_EVAL) (set SHARED_EVAL=...)"; exit 2; }
	@$(BIN)/kg build seeds --out build/eval/seeds --no-store >/dev/null || true
	@echo "== seeds"; $(BIN)/kg eval --gold $(SHARED_EVAL)/seeds-gold.yaml build/eval/seeds --verbose
	@$(BIN)/kg build $(SHARED_EVAL)/dev/articles --out build/eval/dev --no-store >/dev/null || true
	@echo "== development set A"; $(BIN)/kg eval --gold $(SHARED_EVAL)/dev-gold.yaml build/eval/dev --verbose
	@$(BIN)/kg build $(SHARED_EVAL)/dev-b/articles --out build/eval/dev-b --no-store >/dev/null || true
	@echo "== development set B"; $(BIN)/kg eval --gold $(SHARED_EVAL)/dev-b-gold.yaml build/eval/dev-b --verbose

bench: setup
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
