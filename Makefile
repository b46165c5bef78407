# broadsheet — `make help` lists the targets.
PYTHON ?= $(shell [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)
SUITE  ?= ../shared/bench/dev
PAGES  ?= 600
ROLE_PAGES ?= 8000
LAYOUT_PAGES ?= 6000

.PHONY: help install test lint bench perf extracted train train-breaks train-openings train-roles train-layout notebooks fuzz clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

install:  ## create .venv and install broadsheet with its development tools
	[ -x .venv/bin/python ] || python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	.venv/bin/pip install -q -e '.[dev]'

test:  ## run the test suite (unit, property, doctests, notebooks)
	$(PYTHON) -m pytest

lint:  ## ruff and mypy
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m mypy

bench:  ## score the dev benchmark per source and style beside the baseline (skips without ../shared)
	$(PYTHON) benchmarks/bench.py --suite $(SUITE)

perf:  ## pages per second, latency, memory, scaling, and the pdftotext ratio
	$(PYTHON) benchmarks/perf.py --suite $(SUITE)

extracted:  ## synthetic pages drawn as PDFs and read back by pdftotext, scored beside the emulated styles
	$(PYTHON) benchmarks/extracted.py

train:  ## rebuild src/broadsheet/data/model.npz from synthesised pages
	$(PYTHON) -m broadsheet.train --pages $(PAGES) --out src/broadsheet/data/model.npz

train-breaks:  ## relearn src/broadsheet/data/cjk-breaks.npz, the CJK line-break table, from ../shared's corpus
	$(PYTHON) -m broadsheet.train --breaks src/broadsheet/data/cjk-breaks.npz

train-openings:  ## relearn src/broadsheet/data/cjk-openings.npz, the CJK sentence-seam table, from ../shared's corpus
	$(PYTHON) -m broadsheet.train --openings src/broadsheet/data/cjk-openings.npz

train-roles:  ## refit only the role trees of model.npz from ROLE_PAGES synthesised pages (the shipped ones)
	$(PYTHON) -m broadsheet.train --roles-only --pages $(ROLE_PAGES) --out src/broadsheet/data/model.npz

train-layout:  ## refit only the -layout continuation trees of model.npz from LAYOUT_PAGES -layout pages (the shipped ones)
	$(PYTHON) -m broadsheet.train --layout-only --pages $(LAYOUT_PAGES) --out src/broadsheet/data/model.npz

notebooks:  ## run the notebooks top to bottom and save their figures
	$(PYTHON) -m pytest tests/test_notebooks.py

fuzz:  ## fuzz the pipeline for FUZZ_SECONDS (default 600), outside the test budget
	$(PYTHON) benchmarks/fuzz.py --seconds $${FUZZ_SECONDS:-600}

clean:  ## remove caches and build output
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis src/*.egg-info
