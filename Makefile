# The only ways in: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('requirements.lock','rb').read()).hexdigest()[:12])")
PYTEST_ARGS ?=
WITH_DB := $(BIN)/python scripts/with_db.py

.PHONY: install run test lint format lock benchmark clean-db

install: $(STAMP)

$(STAMP): requirements.lock
	@$(PYTHON) -c "import sys; sys.exit('Python 3.11+ is required') if sys.version_info < (3, 11) else None"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: install
	$(BIN)/python scripts/run.py

test: install
	$(WITH_DB) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(WITH_DB) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate requirements.lock from pyproject.toml (needs network access to PyPI).
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 -o requirements.lock

clean-db:
	$(BIN)/python -m config.embedded stop || true
	rm -rf var/pgdata
