# Two commands do everything on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export REFERENTIELS_DATA_DIR ?= $(CURDIR)/data
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project -path dbt_project/target -prune -o \( -name '*.sql' -o -name '*.yml' -o -name '*.md' \) -print)

.PHONY: install run test ui lint format manifest readme-sources clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# uv resolves and installs the same requirements as pip, several times faster (the CI budget is 10 min).
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev]"
	@touch $@

# dbt's manifest, which the Dagster code location reads; rebuilt when a dbt file changes.
manifest: $(MANIFEST)
$(MANIFEST): $(VENV)/.installed $(DBT_SOURCES)
	cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir .
	@touch $@

$(DAGSTER_HOME)/dagster.yaml: deploy/dagster.sqlite.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp deploy/dagster.sqlite.yaml $@

# The nightly job on the shipped samples, offline; AS_OF=YYYY-MM-DD to describe another day.
run: $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/referentiels run $(if $(AS_OF),--as-of $(AS_OF))

test: $(MANIFEST)
	scripts/start_postgres.sh
	scripts/ensure_chromium.sh
	$(BIN)/pytest -q

# Dagster UI (webserver and daemon, so the nightly schedule ticks) on http://localhost:3000
ui: $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

readme-sources: $(VENV)/.installed
	$(BIN)/referentiels readme-sources

clean:
	rm -rf dbt_project/target dbt_project/logs data/work
