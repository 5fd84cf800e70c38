# The two commands of the README:
#   make seeds   set up the environment and ingest seeds/ into newsroom.db (SQLite, no server)
#   make test    set up the environment and run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup seeds test lint gate bench eval

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.installed

seeds: setup
	$(BIN)/newsroom ingest seeds

test: setup
	PREFECT_HOME=$(CURDIR)/.prefect $(BIN)/python -m pytest $(PYTEST_ARGS)

# The gates CI runs before the tests: types, lint, formatting (tool versions pinned in pyproject).
lint: setup
	$(BIN)/mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Quality floors on the evaluation data (../shared/data), when it is there: eval/gate.py.
gate: setup
	$(BIN)/python eval/gate.py

# bench/archive.py is left out: it builds a million-article archive first (half an hour).
bench: setup
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/parse_jsonl.py
	$(BIN)/python bench/cpu.py
	$(BIN)/python bench/language.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/wire.py
	$(BIN)/python bench/clusters.py

eval: setup
	$(BIN)/python eval/spacing.py
	$(BIN)/python eval/datelines.py
	$(BIN)/python eval/multilingual.py
	$(BIN)/python eval/topics.py
	$(BIN)/python eval/extraction.py
	$(BIN)/python eval/wire.py
	$(BIN)/python eval/clusters.py
	$(BIN)/python eval/langid.py
