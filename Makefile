# The README's two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.newskg-installed

.PHONY: run test setup lint typecheck pytest browser bench clean

run: setup
	$(BIN)/kg build seeds --out output

test: setup browser lint typecheck pytest

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

lint:
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
