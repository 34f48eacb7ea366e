# Treinico — two commands: `make run` (the app on SQLite with demo data) and `make test`.
# Everything is installed from the package registries (PyPI, npm, Debian) into the project.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
BUN_VERSION := 1.4.4
LIGHTHOUSE_VERSION := 12.8.2
TOOLS := $(CURDIR)/.tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/uv/bin/uv)
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
BUN := $(TOOLS)/node_modules/.bin/bun
# axe-core, injected into every page by tests/e2e/test_accessibility.py: its current release,
# asked of the npm registry on every `make browser` (a new release's rules apply at once).
AXE_PREFIX := $(TOOLS)/axe-current
export PATH := $(TOOLS)/node_modules/.bin:$(BIN):$(PATH)
export UV_PYTHON_DOWNLOADS := never
CHROMIUM ?= /usr/bin/chromium

.PHONY: help setup run prod dev test lint typecheck test-unit test-e2e benchmark lighthouse soak workers loadtest interaction clean browser

help:
	@echo "make run   - instala tudo, migra o SQLite, carrega a demo e serve em http://localhost:3000"
	@echo "make test  - instala tudo e roda lint, tipos, testes (SQLite e PostgreSQL) e navegador"
	@echo "make dev   - como 'make run', com recarga automática"
	@echo "make prod  - o arranjo de produção nesta máquina: PostgreSQL, Redis, um worker por núcleo"

$(UV):
	$(PYTHON) -m pip install --quiet --target $(TOOLS)/uv uv

$(BIN)/reflex: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

$(BUN):
	npm install --prefix $(TOOLS) --no-audit --no-fund --silent bun@$(BUN_VERSION)


.env:
	@echo "# Local settings (not committed). See .env.example for every option." > .env
	@echo "TREINICO_SESSION_SECRET=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(48))')" >> .env
	@echo "TREINICO_DATA_KEYS=$$($(PYTHON) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')" >> .env
	@echo "Criado .env com um segredo local aleatório."

setup: $(BIN)/reflex $(BUN) .env

run: setup
	$(BIN)/treinico migrate
	$(BIN)/treinico seed-demo
	$(BIN)/reflex run --env prod --single-port

# The production layout on this machine: its PostgreSQL and Redis, one backend worker per core
# (TREINICO_WORKERS), the demo data and the console WhatsApp. docs/deployment.md has the rest.
PROD_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/treinico
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0
prod: setup
	@DB=$$(echo "$(PROD_DATABASE_URL)" | sed -E 's#.*/([^/?]+).*#\1#'); \
	ADMIN=$$(echo "$(PROD_DATABASE_URL)" | sed -E 's#^postgresql(\+psycopg)?://#postgresql://#; s#/[^/?]+(\?.*)?$$#/postgres#'); \
	psql "$$ADMIN" -tAc "SELECT 1 FROM pg_database WHERE datname = '$$DB'" | grep -q 1 \
		|| psql "$$ADMIN" -c "CREATE DATABASE \"$$DB\"" >/dev/null
	TREINICO_DATABASE_URL=$(PROD_DATABASE_URL) TREINICO_REDIS_URL=$(PROD_REDIS_URL) $(BIN)/treinico migrate
	TREINICO_DATABASE_URL=$(PROD_DATABASE_URL) TREINICO_REDIS_URL=$(PROD_REDIS_URL) $(BIN)/treinico seed-demo
	TREINICO_DATABASE_URL=$(PROD_DATABASE_URL) TREINICO_REDIS_URL=$(PROD_REDIS_URL) \
		$(BIN)/reflex run --env prod --single-port

dev: setup
	$(BIN)/treinico migrate
	$(BIN)/treinico seed-demo
	$(BIN)/reflex run --env dev

browser:
	npm install --prefix $(AXE_PREFIX) --no-audit --no-fund --silent --no-save axe-core@latest
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Instale o Chromium: sudo apt-get install chromium"; exit 1; \
		fi; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

test-unit: setup
	$(BIN)/pytest tests --ignore=tests/e2e -p no:cacheprovider -n auto

test-e2e: setup browser
	$(BIN)/pytest tests/e2e -p no:cacheprovider

# Lint, types and the services/state tests run beside the browser tests, at the lowest CPU
# priority: the browser tests wait on pages and timers for about a quarter of their time, and
# the other stages use that time instead of stages of their own (docs/performance.md, "The
# test suite"). Their output is kept in test-results/checks.log and printed when both are done.
test: setup browser
	@mkdir -p test-results
	@( nice -n 19 $(MAKE) --no-print-directory lint typecheck \
		&& nice -n 19 $(BIN)/pytest tests --ignore=tests/e2e -p no:cacheprovider -n 2 ) \
		> test-results/checks.log 2>&1 & checks=$$!; \
	$(BIN)/pytest tests/e2e -p no:cacheprovider; e2e=$$?; \
	wait $$checks; status=$$?; \
	echo "--- lint, tipos, serviços, estado, segurança e migrações (test-results/checks.log) ---"; \
	cat test-results/checks.log; \
	[ $$status -eq 0 ] && [ $$e2e -eq 0 ]

benchmark: setup
	$(BIN)/python -m benchmarks.entitlements --db both
	$(BIN)/python -m benchmarks.agenda --db both
	$(BIN)/python -m benchmarks.progress --db both
	$(BIN)/python -m benchmarks.health --db both
	$(BIN)/python -m benchmarks.bulk --db both
	$(BIN)/python -m benchmarks.messages --db both

# Lighthouse 12 on the public page and the portal login beside a bare Reflex page (slow: it
# builds both apps; figures in docs/performance.md). Its own prefix: it brings the axe-core
# it was built with, beside the current one the accessibility tests use.
lighthouse: setup browser
	npm install --prefix $(TOOLS)/lighthouse --no-audit --no-fund --silent lighthouse@$(LIGHTHOUSE_VERSION)
	$(BIN)/python -m benchmarks.lighthouse

# 30 minutes of portal sessions arriving and leaving, on one worker (SQLite, tab state in memory) and
# on two with PostgreSQL + Redis: memory, .states/ and Redis keys level off (docs/performance.md).
SOAK_MINUTES ?= 30
soak: setup
	$(BIN)/python -m benchmarks.soak --minutes $(SOAK_MINUTES)
	$(BIN)/python -m benchmarks.soak --minutes $(SOAK_MINUTES) --redis --workers 2

# Portal clients and staff held over the websocket beside a bare Reflex counter, the app's
# CPU per event against the counter's (docs/performance.md, "Speed under load").
LOADTEST_ARGS ?= --portal 100 --staff 4 --minutes 1 --phases 2 --ramp 15
loadtest: setup
	$(BIN)/python -m benchmarks.loadtest $(LOADTEST_ARGS)

# Interaction latency in Chromium: from a click or a keystroke to the result on screen, beside
# the bare Reflex app built the same way (docs/performance.md, "Interaction latency").
INTERACTION_ARGS ?= --runs 20
interaction: setup browser
	$(BIN)/python -m benchmarks.interaction $(INTERACTION_ARGS)

# The worker count for this machine: the production layout under the same load with 1-4
# workers (docs/deployment.md, "How many workers").
workers: setup
	$(BIN)/python -m benchmarks.workers

clean:
	rm -rf .web .states test-results .pytest_cache .mypy_cache .ruff_cache
