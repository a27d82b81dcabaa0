# Every target sets itself up from a fresh clone: the virtual environment lives in .venv/
# and is rebuilt when pyproject.toml or constraints.txt change; the front-end libraries
# (package.json) live in node_modules/ and are reinstalled when package-lock.json changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
DEMO   := var/demo
# worksteal: a worker that runs out of tests takes half of the other's queue (with the default
# `load`, one worker sat idle for minutes at the end while the other ran the e2e modules)
PYTEST := $(BIN)/python -m pytest -n 2 --dist worksteal -q
# Debian's Chromium drives the end-to-end tests (tests/e2e); never a browser from Playwright
BROWSER := /usr/bin/chromium
# Debian's LibreOffice is the real client the Excel/Word tests open our files with (tests/office)
SOFFICE := /usr/bin/soffice
# Debian's python3-uno: a test drives LibreOffice through UNO (edits a template as a clerk would)
UNO    := /usr/lib/python3/dist-packages/uno.py
# a CJK font (Debian's fonts-noto-cjk) for the charts of the quality status report (matplotlib)
FONTS  := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# fontconfig aliases: the official font names (仿宋_GB2312, 方正小标宋简体 …) → the SC faces, so
# LibreOffice draws Chinese glyph shapes (reinstalled whenever scripts/fonts/ changes)
FONT_ALIASES := /etc/fonts/conf.d/65-qcounty-cjk.conf
# Debian's nginx: the example reverse proxy (deploy/nginx/) is tested in front of gunicorn
NGINX  := /usr/sbin/nginx
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test test-sqlite test-postgresql test-core test-e2e smoke screenshot lint format bench bench-web manuals clean mutation

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(BROWSER):
	bash scripts/install-browser.sh

$(SOFFICE) $(UNO):
	bash scripts/install-office.sh

$(FONTS):
	bash scripts/install-fonts.sh

$(FONT_ALIASES): scripts/fonts/65-qcounty-cjk.conf
	bash scripts/install-fonts.sh

$(NGINX):
	bash scripts/install-nginx.sh

# the ranking of a synthetic 136-county cohort, then the web application on SQLite with the
# demo organisations and users (password printed), with the background-task worker (the
# province's bulk import) beside it, restarted whenever it exits; stop both with Ctrl-C
demo: $(STAMP) $(NPM_STAMP)
	mkdir -p $(DEMO)
	$(BIN)/qcounty cohort generate --counties 136 --seed 7 --output $(DEMO)/cohort.json
	$(BIN)/qcounty score $(DEMO)/cohort.json --top 20
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_demo
	@echo "演示地址：http://$(HOST):$(PORT)/  （按 Ctrl-C 停止）"
	$(BIN)/python manage.py supervise_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# the whole suite on SQLite, then the tests that use the database (tests/web) on a throwaway
# PostgreSQL cluster (tests/pg_cluster.py; needs PostgreSQL's server programs installed), then
# the production smoke test; lint (ruff with the complexity ratchet, mypy strict) first
test: $(STAMP) $(NPM_STAMP) $(BROWSER) $(SOFFICE) $(UNO) $(FONTS) $(FONT_ALIASES) $(NGINX) lint
	$(PYTEST)
	QCOUNTY_TEST_DB=postgresql $(PYTEST) tests/web
	bash scripts/production-smoke.sh

test-sqlite: $(STAMP) $(NPM_STAMP) $(BROWSER) $(SOFFICE) $(UNO) $(FONTS) $(FONT_ALIASES) $(NGINX)
	$(PYTEST)

test-postgresql: $(STAMP) $(NPM_STAMP) $(FONTS) $(FONT_ALIASES)
	QCOUNTY_TEST_DB=postgresql $(PYTEST) tests/web

test-core: $(STAMP)
	$(BIN)/python -m pytest -q tests/core

# mutation testing (mutmut, [tool.mutmut] in pyproject.toml): every mutant of the scoring core
# (core/efficacy.py, core/scoring.py, core/rules/) against tests/core, from a fresh copy in
# mutants/; then the score per module (scripts/mutation_score.py) and the survivors. Slow (1,998
# mutants; a survivor of a hot path runs ~150 s of tests: hours on two busy cores), so not part of
# `make test`; docs/mutation.md has the last score and the equivalent mutants
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/python scripts/mutation_score.py
	$(BIN)/mutmut results

test-e2e: $(STAMP) $(NPM_STAMP) $(BROWSER)
	$(BIN)/python -m pytest -q tests/e2e -p no:xdist

# production as an operator runs it: PostgreSQL, two gunicorn app servers, a supervised worker
# that is killed during a robustness run; clerk → office → province over HTTP; /healthz
smoke: $(STAMP) $(NPM_STAMP)
	bash scripts/production-smoke.sh

# refresh the README's screenshots from the end-to-end tests
screenshot: $(STAMP) $(NPM_STAMP) $(BROWSER)
	QCOUNTY_E2E_SCREENSHOT=docs/screenshot-application.png $(BIN)/python -m pytest -q tests/e2e -p no:xdist -k clerk_fills
	QCOUNTY_E2E_DASHBOARD_SCREENSHOT=docs/screenshot-dashboard.png $(BIN)/python -m pytest -q tests/e2e/test_county_cockpit.py -p no:xdist
	QCOUNTY_E2E_EVALUATION_SCREENSHOT=docs/screenshot-evaluation.png $(BIN)/python -m pytest -q tests/e2e/test_evaluation.py -p no:xdist

# every document of the demo as PDF and PNG pages under var/docs-preview/ (LibreOffice, pdftoppm)
.PHONY: docs-preview
docs-preview: $(STAMP) $(SOFFICE)
	bash scripts/install-fonts.sh
	bash scripts/docs-preview.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/scoring.py
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/documents.py
	$(BIN)/python benchmarks/province.py
	$(BIN)/python benchmarks/plausibility.py

# the production server (gunicorn, DEBUG off) under the roles' load on a throwaway PostgreSQL and
# on SQLite, with the demo; about 15 minutes (BENCH_MINUTES=1 shortens the open-loop run, see
# benchmarks/web.py for the other BENCH_ variables); prints Markdown tables with the targets
bench-web: $(STAMP) $(NPM_STAMP)
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache .hypothesis mutants

# the users' manuals (用户操作手册), one per role, .docx and PDF, in var/manuals: the end-to-end
# tests photograph every page of each manual in Chromium, then the manuals are built from the
# help texts (src/qcounty/web/help/texts) with those screenshots
manuals: $(STAMP) $(NPM_STAMP) $(BROWSER) $(SOFFICE)
	QCOUNTY_MANUAL_SCREENSHOTS=$(CURDIR)/var/manual-screenshots $(BIN)/python -m pytest -q tests/e2e/test_manual_screenshots.py -p no:xdist
	QCOUNTY_MANUAL_SCREENSHOTS=$(CURDIR)/var/manual-screenshots $(BIN)/python manage.py build_manuals --output var/manuals
