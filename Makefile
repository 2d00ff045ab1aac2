# Placette: the two commands are `make run` (the demo on the embedded default) and `make test` (the whole suite on
# a throwaway PostgreSQL). Both work on a fresh clone with Debian and Python 3.11.

PYTHON ?= python3.11
UV_VERSION := 0.13.9
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
# Installed dependencies are exactly uv.lock; the stamp makes `make` re-sync only when the lock changes.
INSTALLED := $(VENV)/.placette-installed
# Serial by default: a deterministic order on a 2-core machine; `make test PYTEST_ARGS="-n 2"` runs two
# xdist workers (they share the throwaway cluster, each with its own test database).
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install kernel run test lint format system-requirements

help:
	@echo "make run    - install, migrate, load the demo data and serve http://127.0.0.1:8000 (SQLite, no broker)"
	@echo "make test   - install, then run the whole test suite on a throwaway PostgreSQL (as CI does)"
	@echo "make lint   - ruff check and ruff format --check"

$(VENV_PYTHON):
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): uv.lock | $(VENV_PYTHON)
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	UV_PYTHON_DOWNLOADS=never $(VENV)/bin/uv sync --frozen --inexact --all-groups --python $(VENV_PYTHON)
	@touch $@

# The compiled kernel of the equal-shares rule (budgets/allocation/mes_kernel.c), named after a hash of its
# source. Without gcc the rule runs in pure Python (same results, slower); `make test` requires gcc.
kernel: $(INSTALLED)
	@$(VENV_PYTHON) -m budgets.allocation.build_kernel || echo "  (no C compiler: equal shares will run in pure Python)"

install: $(INSTALLED) kernel

# --- make run: the embedded default ------------------------------------------------------------------------
# SQLite under var/, Celery tasks run in-process (no broker), e-mail written as files under var/mail.
run: export PLACETTE_DEBUG := true
run: export DATABASE_URL :=
run: export CELERY_BROKER_URL :=
run: export PLACETTE_EMAIL_BACKEND := django.core.mail.backends.filebased.EmailBackend
run: $(INSTALLED) kernel
	@mkdir -p var/mail
	$(VENV_PYTHON) manage.py migrate --noinput
	$(VENV_PYTHON) manage.py seed_demo
	@echo ""
	@echo "  Placette is served at http://127.0.0.1:8000/"
	@echo ""
	@$(VENV_PYTHON) manage.py demo_accounts
	@echo ""
	@echo "  E-mails are written to var/mail/. Stop with Ctrl-C; the data stays in var/placette.sqlite3."
	@echo ""
	$(VENV_PYTHON) manage.py runserver 127.0.0.1:8000

# --- make test: the whole suite, as CI runs it ---------------------------------------------------------------
system-requirements: $(INSTALLED)
	$(VENV_PYTHON) -m tests.infra.system_requirements

test: export PLACETTE_TEST_DATABASE := postgres
test: export PLACETTE_FAIL_ON_SKIP := 1
test: system-requirements kernel
	$(VENV_PYTHON) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
