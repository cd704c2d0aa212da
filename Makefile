# Two commands for a fresh machine with Python 3.11, Node and npm:
#   make run    set up, migrate, load the demo section if the database is empty, serve on :5000
#   make test   set up, then run every test (DATABASE_URL=postgresql+psycopg://... for PostgreSQL)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
VENDOR := outreach/static/vendor
CATALOGUES := $(wildcard outreach/translations/*/LC_MESSAGES/messages.po)

.PHONY: run test setup system-packages db demo lint translations-extract clean bench-setup

run: setup db demo
	@echo "Serving on http://127.0.0.1:5000  (demo logins: admin, leder, tl1, hr, veileder, fag1, ek1, lp1; password: demo)"
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup system-packages
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed $(VENDOR)/.copied $(CATALOGUES:.po=.mo)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Third-party front-end files come from npm and are copied, never committed.
$(VENDOR)/.copied: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/@picocss/pico/css/pico.min.css $(VENDOR)/pico.min.css
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe.min.js
	touch $@

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# Debian's packages the tests need: Chromium for the browser tests (Playwright drives it; it
# downloads no browser), and PostgreSQL's client tools for the backup test (pg_dump, pg_restore).
SYSTEM_PACKAGES := $(if $(shell command -v chromium),,chromium) $(if $(shell command -v pg_dump),,postgresql-client)
system-packages:
	@if [ -n "$(strip $(SYSTEM_PACKAGES))" ]; then \
	  echo "Installing Debian's $(strip $(SYSTEM_PACKAGES)) for the tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; fi; fi

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo --if-empty

# The load test's tools (benchmarks/); not needed to run or test the app.
bench-setup: setup
	$(BIN)/pip install --quiet -e '.[dev,bench]'

lint: setup
	$(BIN)/ruff check .

# After adding or changing user-facing text: refresh the catalogue, then translate.
translations-extract: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o outreach/translations/messages.pot .
	$(BIN)/pybabel update -i outreach/translations/messages.pot -d outreach/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
