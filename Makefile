# newswire — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The shared samples when this checkout sits beside them, else the project's own.
SOURCES_FILE ?= deploy/sources.example.toml
SAMPLES ?= $(if $(wildcard ../shared/samples/*.txt),../shared/samples,samples)

.DEFAULT_GOAL := help
.PHONY: help install run demo crawl test test-faults test-fresh test-wheel unit integration lint stack-up stack-down stack-status bench bench-e2e eval clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/newswire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(BIN)/newswire ## create the virtualenv and install newswire into it

run: install ## the service: stack up, topics, worker, ingest the samples, run until Ctrl-C
	$(BIN)/newswire run $(SAMPLES)

demo: install ## one-shot end to end: ingest the samples, print hits for a French query
	$(BIN)/newswire demo $(SAMPLES) --query "Poutine" --lang fr

test: install stack-up ## all tests, unit and integration, against the real local stack
	$(BIN)/pytest -q

test-faults: install stack-up ## the full fault profile: 5,000 articles, SIGKILLs, Elasticsearch down 30 s, Kafka restart, rebalances; a table (~10 min)
	$(BIN)/python -m tests.faults.suite $(FAULTS_ARGS)

test-fresh: install ## a fresh machine: empty cache and Maven repository, fetch+verify+start a stack, end-to-end test
	BIN=$(BIN) tests/fresh/stack.sh

test-wheel: ## build the wheel, install it in a new virtualenv outside the checkout and use it there
	PYTHON=$(PYTHON) tests/fresh/wheel.sh

unit: install ## the unit tests only (no servers)
	$(BIN)/pytest -q tests/unit

lint: install ## ruff and mypy
	$(BIN)/ruff check pipeline tests bench quality
	$(BIN)/mypy pipeline

crawl: install stack-up ## the crawler on SOURCES (default deploy/sources.example.toml), until Ctrl-C
	$(BIN)/newswire crawl --sources $(SOURCES_FILE)

stack-up: install ## fetch (once) and start the local Kafka and Elasticsearch
	$(BIN)/newswire stack up

stack-down: install ## stop the local Kafka and Elasticsearch
	$(BIN)/newswire stack down

stack-status: install ## versions, ports and health of the stack
	$(BIN)/newswire stack status

bench-e2e: install stack-up ## the whole pipeline on the local stack: throughput vs raw passthrough, latency, stages, profile (~25 min)
	$(BIN)/pip install -q py-spy
	$(BIN)/python bench/e2e.py $(BENCH_ARGS)

eval: install ## extraction quality on real text (shared dev set, PolNeAR dev); own set and pages as regression checks
	BIN=$(BIN) eval/real.sh
	@echo "== project's own set (written with the rules: a regression check only, not a measure)"
	$(BIN)/python -m quality eval eval
	$(BIN)/python -m quality eval eval --pages

bench: install ## enrichment and page-extraction speed: medians per core vs baselines in the same run
	$(BIN)/python -m quality bench eval

clean: ## remove the virtualenv and caches (not the stack's cache)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
