# hiresim: `make run` runs the main job, `make test` the test suite.
# Both create the virtual environment (.venv) with everything the project needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint docs scenarios app sweep-demo bench bench-quick bench-sweep profile clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# A typical grant-funded programme against no programme (its twin world).
run: $(STAMP)
	$(BIN)/hiresim run scenarios/imdi_typical.yaml --overwrite

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q -n 2 --dist loadfile; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

docs: $(STAMP)
	$(BIN)/python -m hiresim params --markdown > docs/parameters.md.tmp && \
	mv docs/parameters.md.tmp docs/parameters.md
	$(BIN)/python -m hiresim metrics --markdown > docs/metrics.md.tmp && \
	mv docs/metrics.md.tmp docs/metrics.md

scenarios: $(STAMP)
	$(BIN)/hiresim check scenarios/*.yaml

app: $(STAMP)
	$(BIN)/hiresim app

sweep-demo: $(STAMP)
	$(BIN)/hiresim sweep experiments/meetings_x_matching.yaml --resume && \
	$(BIN)/hiresim analyze sweeps/meetings_x_matching

bench: $(STAMP)
	$(BIN)/python -m benchmarks.scale

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks.scale --quick

profile: $(STAMP)
	$(BIN)/python -m benchmarks.profile_week

bench-sweep: $(STAMP)
	$(BIN)/python -m benchmarks.sweep_workers

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find src tests benchmarks -name __pycache__ -prune -exec rm -rf {} +
