# The two commands the README promises: `make site` and `make test`. Both set up .venv from the locked
# requirements first, so they work on a fresh machine with only Python 3.11.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TODAY_ARG := $(if $(TRACKER_TODAY),--today $(TRACKER_TODAY),)
PYTEST_ARGS ?=

.PHONY: site test venv validate lint typecheck test-tools clean serve publish

site: $(STAMP) ## Validate data/platforms.yaml and build output/
	$(PY) -m tracker validate $(TODAY_ARG)
	$(PY) -m tracker build $(TODAY_ARG)

test: $(STAMP) test-tools lint typecheck ## Lint, type-check and run the whole test suite
	$(PY) -m pytest $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(STAMP)

test-tools:
	bash scripts/ensure-test-tools.sh

validate: $(STAMP)
	$(PY) -m tracker validate $(TODAY_ARG)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m tracker schema --check

typecheck: $(STAMP)
	$(PY) -m mypy

clean:
	rm -rf output .output-* .cache

# Campaigners' and maintainers' tasks live in tasks.py (`.venv/bin/invoke --list`); these delegate to it.
serve: $(STAMP) ## Preview output/ at http://127.0.0.1:8000/
	$(VENV)/bin/invoke serve

publish: $(STAMP) ## Build the public site with publishconf.py into a clean output/ (the deploy job)
	$(VENV)/bin/invoke publish $(TODAY_ARG)
