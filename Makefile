# Aiguillage — every task a newcomer needs. `make run` and `make test` do all the set-up.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
# Development mode is Flask's debug mode: only then does the app accept its built-in
# development SECRET_KEY. `make serve` (production) uses SECRET_KEY or instance/secret-key.
DEV_FLASK := FLASK_DEBUG=1 $(FLASK)
PORT ?= 5000
APT_PACKAGES := chromium libatomic1 python3-venv espeak-ng fonts-dejavu-core libfribidi0 poppler-utils postgresql nginx

.PHONY: run serve database test test-pg bench eval load lint format i18n i18n-check translations system-deps clean

# bin/pip marks a whole environment: without Debian's python3-venv, `venv` writes
# bin/python and then fails in ensurepip, and a rule on bin/python would take that
# broken .venv for a good one on the next run. A half-made one is removed.
VENV_HELP := Python 3.11 or newer with its venv module is needed. On Debian:  sudo apt-get install -y python3-venv
$(BIN)/pip:
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); python3 -m venv $(VENV); } \
	  || { rm -rf $(VENV); echo "Could not create $(VENV). $(VENV_HELP)"; exit 1; }

$(VENV)/.installed: pyproject.toml | $(BIN)/pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d translations

database: $(VENV)/.installed  ## create or upgrade the database; demo data on first start
	$(DEV_FLASK) init-db
	$(DEV_FLASK) load-demo --if-empty

run: translations database  ## serve the kiosk on http://127.0.0.1:$(PORT) (development mode)
	$(DEV_FLASK) run --host 127.0.0.1 --port $(PORT)

instance/secret-key: | $(BIN)/pip  ## a random SECRET_KEY for `make serve`, made once, readable by you only
	@mkdir -p instance && umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@
	@echo "make serve: a new SECRET_KEY is in $@ (or set SECRET_KEY in the environment)."

# The recipe the load test measures (bench/load.py; docs/decisions.md says why).
serve: translations database instance/secret-key  ## the production server (gunicorn), locally
	SECRET_KEY="$${SECRET_KEY:-$$(cat instance/secret-key)}" PUBLIC_BASE_URL="$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --keep-alive 75 wsgi:app

system-deps:  ## what the browser and PostgreSQL tests need from Debian
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Missing Debian packages. Run:  sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

lint: $(VENV)/.installed
	$(BIN)/ruff check kiosk tests bench tools wsgi.py
	$(BIN)/ruff format --check kiosk tests bench tools wsgi.py

format: $(VENV)/.installed
	$(BIN)/ruff format kiosk tests bench tools wsgi.py
	$(BIN)/ruff check --fix kiosk tests bench tools wsgi.py

i18n: $(VENV)/.installed  ## extract, update and compile the translation catalogs
	$(BIN)/pybabel -q extract -F babel.cfg -k _l --add-location=file --sort-output -o translations/messages.pot .
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel -q compile -d translations

i18n-check: $(VENV)/.installed  ## fail when the catalogs are stale or a language has an untranslated string
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_translations.py

# pytest-xdist: a worker a core, each with its own files, servers, browser and (on
# PostgreSQL) databases; worksteal evens out modules of very different lengths. The
# load test runs alone afterwards: its p99 is a time (docs/decisions.md).
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS) --dist worksteal

test: system-deps translations lint i18n-check  ## every test on SQLite, then on PostgreSQL
	$(BIN)/python -m pytest -q $(XDIST) -m "not load"
	$(BIN)/python -m pytest -q tests/load/test_load.py
	$(MAKE) --no-print-directory test-pg

# On PostgreSQL the browser tests add little (their servers but one use their own SQLite
# file) and much time: the journey test stands for them, against a PostgreSQL server.
test-pg: system-deps translations  ## the suite again on a throwaway PostgreSQL server
	PYTHON=$(BIN)/python tests/pg/run-suite.sh -q $(XDIST) tests/unit tests/admin tests/test_*.py tests/e2e/test_journey.py

bench: system-deps translations  ## measure every size; writes bench/results.md and bench/staff.md
	$(BIN)/python -m bench $(BENCH_ARGS)
	$(BIN)/python -m bench.staff $(BENCH_STAFF_ARGS)

eval: translations  ## the real files of ../shared/data/real, four kiosks: bench/real-data.md
	$(BIN)/python -m bench.evaluate --output bench/real-data.md $(EVAL_ARGS)

load: translations  ## 200 kiosks and 3 editors for 60 s against gunicorn; prints the figures
	$(BIN)/python -m bench.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV)
