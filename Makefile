# Guest Gallery. `make run` and `make test` work on a fresh machine with Python 3.11+.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test bench lint format check install install-dev browser migrations clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

.secret_key:
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Serves plain http on localhost: HTTPS_ONLY is off here, on by default elsewhere.
run: install .secret_key
	@export SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" HTTPS_ONLY="$${HTTPS_ONLY:-0}"; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	$(PY) manage.py demo && \
	PORT=$(PORT) bin/serve

# Chromium for the browser tests (Debian's package; Playwright's own download cannot work here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else echo "warning: /usr/bin/chromium is missing: browser tests will be skipped (apt-get install chromium)"; fi; \
	fi

TEST_ENV := SECRET_KEY=test-secret-key-not-for-production DEBUG=0 HTTPS_ONLY=0 QUEUE_SYNC=1 \
	DJANGO_ALLOW_ASYNC_UNSAFE=true

test: install-dev browser
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(TEST_ENV) $(PY) -m tests.bench

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations: install
	DEBUG=1 $(PY) manage.py makemigrations

check: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" DEBUG=0 \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .secret_key
