# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet

.PHONY: site test check lint serve bench audit clean

## site: create .venv, install the pinned dependencies, build site/
site: $(VENV)/.site-installed
	$(PY) build.py

## test: install the test dependencies as well, then run the whole suite
test: $(VENV)/.test-installed
	$(PY) -m pytest

## check: validate every record and write nothing
check: $(VENV)/.site-installed
	$(PY) build.py check

## bench: build synthetic catalogues of 1, 100 and 1000 diseases and print what it costs
## (add sizes with `make bench BENCH_ARGS="--n 5000"`)
bench: $(VENV)/.bench-installed
	$(PY) tools/bench.py $(BENCH_ARGS)

## lint: ruff over the code, actionlint over the GitHub workflows
lint: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(VENV)/bin/actionlint

## serve: live preview on http://127.0.0.1:8000/ (another port: make serve PORT=8001)
serve: $(VENV)/.site-installed
	$(PY) build.py serve --port $(or $(PORT),8000)

## audit: Lighthouse on the site served with gzip: mobile on the home, A-Z, OPTB2 and a feature page, desktop on
## home and OPTB2; fails below 100 (95 for performance). Median of 3 runs: make audit AUDIT_ARGS="--runs 3"
audit: site tools/audit/node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) tools/audit/audit.py site $(AUDIT_ARGS)

tools/audit/node_modules/.installed: tools/audit/package.json tools/audit/package-lock.json
	npm ci --prefix tools/audit --no-audit --no-fund
	touch $@

$(VENV)/.site-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt requirements.txt $(VENV)/.site-installed
	$(PIP) install -r requirements-test.txt
	touch $@

$(VENV)/.bench-installed: requirements-bench.txt requirements-test.txt requirements.txt $(VENV)/.site-installed
	$(PIP) install -r requirements-bench.txt
	touch $@

clean:
	rm -rf build site .site.* site.* .cache .pytest_cache
