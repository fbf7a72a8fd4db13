# Two commands do all the set-up on a fresh machine (see README):
#   make demo   venv, install, migrate, demo district, serve on http://127.0.0.1:8000/
#               (another port: make demo PORT=8001)
#   make test   venv, install, ruff and mypy, the suite on SQLite and on PostgreSQL, browser tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# PostgreSQL for the second run of the suite: a fresh database name per run.
PG_URL ?= postgres://postgres@127.0.0.1:5432
PG_DB := taizhang_ci_$(shell date +%s)_$(shell echo $$$$)
CHROMIUM ?= /usr/bin/chromium
# pytest workers of the database passes (one per core by default).
WORKERS ?= auto
# The port `make demo` serves on.
PORT ?= 8000

.PHONY: install demo test lint test-sqlite test-postgres test-browser clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error

demo: install
	$(BIN)/taizhang demo --port $(PORT)

test: install lint test-sqlite test-postgres test-browser

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy taizhang

# The two database passes run on every core (pytest-xdist; one test database per worker).
# Not --dist worksteal: pytest-django runs the transactional tests (which empty the database,
# and with it the rows the migrations seed) last on each worker; a stealing worker would run
# them before ordinary tests. The walker's shares are spread by the default scheduler.
# PostgreSQL: settings_test.py connects through the local unix socket when it can.
XDIST := -n $(WORKERS)
test-sqlite:
	$(BIN)/pytest -q -p no:cacheprovider $(XDIST)

test-postgres:
	DATABASE_URL=$(PG_URL)/$(PG_DB) $(BIN)/pytest -q -p no:cacheprovider --create-db $(XDIST)

test-browser:
	@test -x $(CHROMIUM) || { echo "Browser tests need Debian's chromium: apt-get install -y chromium"; exit 1; }
	$(BIN)/pytest -q -p no:cacheprovider -m browser

clean:
	rm -rf $(VENV) node_modules data

# After changing UI text: refresh the Chinese catalogs, translate the new entries, compile.
# The package catalog (taizhang/locale) covers every app without a locale folder of its own.
APP_CATALOGS := $(patsubst taizhang/%/locale,%,$(wildcard taizhang/*/locale))
messages:
	cd taizhang && ../$(BIN)/taizhang makemessages -l zh_Hans --no-obsolete --ignore "migrations/*" \
		$(foreach app,$(APP_CATALOGS),--ignore "$(app)/*")
	for app in $(APP_CATALOGS); do \
		(cd taizhang/$$app && ../../$(BIN)/taizhang makemessages -l zh_Hans --no-obsolete \
			--ignore "migrations/*") || exit 1; \
	done
	cd taizhang && ../$(BIN)/taizhang compilemessages -l zh_Hans
