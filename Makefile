# The two commands: `make run` (the platform on the embedded default) and `make test` (the suite).
# Both set everything up on a fresh Debian machine: virtualenv, packages, RabbitMQ.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every package, from the one registry of services (contracts/interra_contracts/registry.py)
PACKAGES := $(shell $(PYTHON) contracts/interra_contracts/registry.py packages)
STAMP := $(VENV)/.installed

.PHONY: run test install broker tools lint format events api clean admin bench-gateway bench-matching bench-workshops

run: install broker
	$(BIN)/python -m deploy.launcher

test: install broker tools
	$(BIN)/python -m pytest

install: $(STAMP)

$(STAMP): requirements-dev.txt $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt $(foreach p,$(PACKAGES),-e $(p))
	touch $(STAMP)

broker:
	./deploy/ensure-rabbitmq.sh

# docker-compose (Debian's package) validates docker-compose.yml in the tests.
tools:
	@command -v docker-compose >/dev/null || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; } || \
		echo "docker-compose missing: the compose test will fail (sudo apt-get install docker-compose)"

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

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

events: install
	$(BIN)/python -m interra_contracts.export docs/events

# The OpenAPI document of the gateway, checked in for frontends (a test fails when it is stale)
api: install
	$(BIN)/python -m gateway.openapi docs/api/openapi.json

clean:
	rm -rf $(VENV) var
