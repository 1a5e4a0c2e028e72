# CII Valais / IIZ Wallis catalogue. Every command people and CI run is a target here.
# Each target installs the pinned Python packages into .venv by itself.

# PYTHON=/path/to/python3.x chooses the interpreter of .venv; by default scripts/venv.sh keeps the
# existing .venv or takes the first supported Python it finds (pyproject.toml's requires-python).
PYTHON ?=
VENV := .venv
PY := $(VENV)/bin/python
# Every target that runs Python depends on $(STAMP): it creates or refreshes .venv when needed.
STAMP := venv
CATALOGUE ?= catalogue
FORMAT ?= text
AXE_VERSION := 4.14.1
LIGHTHOUSE_VERSION := 12.2.3
AXE := $(VENV)/node_modules/axe-core/axe.min.js
# The hand-off sheet draws its own address as a QR code in the browser with this library; the
# build copies it into the site (assets/ciivs/vendor/qrcode.js): nothing is loaded from elsewhere.
QRCODE_VERSION := 2.0.4
QRCODE := $(VENV)/node_modules/qrcode-generator/dist/qrcode.js
# The form editor at /admin/ (Decap CMS, its bundle unpacked from the npm package without the
# packages it was built from), the YAML reader it is given, and the local proxy of `make edit`.
DECAP_VERSION := 3.16.3
DECAP := $(VENV)/decap-cms/dist/decap-cms.js
JS_YAML_VERSION := 4.1.0
JS_YAML := $(VENV)/node_modules/js-yaml/dist/js-yaml.min.js
DECAP_SERVER_VERSION := 3.11.3
DECAP_SERVER := $(VENV)/node_modules/decap-server/dist/index.js
EDITOR := $(DECAP) $(JS_YAML)
PROXY_PORT ?= 8081
HOST ?= 127.0.0.1
PORT ?= 8000
# make nginx: what nginx listens on, and the host's folder that contains a sub-path site.
LISTEN ?= 80
DOCROOT ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: help venv check format site serve test lint urls bench links clean browser-deps report constraints pythons search-report lighthouse nginx audit edit

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

venv: ## Create or update .venv with the pinned packages (PYTHON=/path/to/python3.x to choose)
	@PYTHON="$(PYTHON)" sh scripts/venv.sh

check: $(STAMP) ## Validate the catalogue (CATALOGUE=folder to check another copy; FORMAT=github for CI annotations)
	@$(PY) -m ciivs check $(CATALOGUE) --format $(FORMAT)

format: $(STAMP) ## Write every entry file in the catalogue's style, comments not kept (CHECK=1 only lists the files to rewrite; CATALOGUE=folder for a copy)
	@$(PY) -m ciivs format $(CATALOGUE) $(if $(CHECK),--check --format $(FORMAT))

report: $(STAMP) ## List entries to confirm, translate or simplify (never fails; CATALOGUE=folder for a copy)
	@$(PY) -m ciivs report $(CATALOGUE)

site: $(STAMP) $(QRCODE) $(EDITOR) ## Check, render and build the site into site/ (needs CIIVS_SITE_URL, or PREVIEW=1 for a local preview)
	@$(if $(PREVIEW),CIIVS_PREVIEW=1 )$(PY) -m ciivs site --catalogue $(CATALOGUE) $(if $(SEQUENTIAL),--sequential)

# Local previews: links and data files say http://localhost:8000/ unless CIIVS_SITE_URL is set.
serve test bench search-report lighthouse: export CIIVS_PREVIEW := 1

serve: $(STAMP) $(QRCODE) $(EDITOR) ## Build and preview at http://127.0.0.1:8000/ with live reload (also on YAML edits)
	@$(PY) -m ciivs.build.serving check-port $(HOST) $(PORT)
	@$(PY) -m ciivs render --catalogue $(CATALOGUE) || echo "The preview lists these problems until they are fixed."
	CIIVS_STRICT=false CIIVS_CATALOGUE=$(CATALOGUE) $(PY) -m mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

.PHONY: new
new: $(STAMP) ## Start a new entry from a template: make new KIND=measures ID=my-new-measure
	@$(PY) -m ciivs new "$(KIND)" "$(ID)" --catalogue $(CATALOGUE)

nginx: $(STAMP) ## Print the nginx recipe for the built site/, security headers included (LISTEN=80; DOCROOT=/srv/www for a sub-path)
	@$(PY) -m ciivs nginx --listen "$(LISTEN)" $(if $(DOCROOT),--root "$(DOCROOT)")

urls: $(STAMP) ## Record the URLs of the built site as published (after adding entries)
	@$(PY) -m ciivs urls

links: $(STAMP) ## Check internal links of site/ and list external ones (CHECK=1 also tries them, needs the network)
	@$(PY) -m ciivs links $(if $(CHECK),--check)

browser-deps: $(STAMP) $(AXE) $(QRCODE) $(EDITOR) $(DECAP_SERVER) ## Install what the browser and HTML tests need (chromium, nginx, Java, openssl, zbar-tools, poppler-utils, axe-core)
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	  command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	  command -v openssl >/dev/null 2>&1 || missing="$$missing openssl"; \
	  command -v zbarimg >/dev/null 2>&1 || missing="$$missing zbar-tools"; \
	  command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  [ -z "$$missing" ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "The tests need$$missing: run 'sudo apt-get install -y$$missing', then make test again."; exit 1; fi; }

$(QRCODE):
	@command -v npm >/dev/null 2>&1 || { echo "The hand-off sheet draws its QR code with qrcode-generator, installed by npm (apt-get install -y npm); without it the sheet shows its address as text only."; exit 0; }
	npm install --silent --no-audit --no-fund -E --prefix $(VENV) qrcode-generator@$(QRCODE_VERSION)

$(DECAP):
	@command -v npm >/dev/null 2>&1 || { echo "The form editor (/admin/) needs npm (apt-get install -y npm); the site is built without it."; exit 0; }
	rm -rf $(VENV)/decap-cms && mkdir -p $(VENV)/decap-cms
	cd $(VENV)/decap-cms && npm pack --silent decap-cms@$(DECAP_VERSION) >/dev/null && tar -xzf decap-cms-$(DECAP_VERSION).tgz --strip-components=1 && rm decap-cms-$(DECAP_VERSION).tgz

$(JS_YAML):
	@command -v npm >/dev/null 2>&1 || exit 0
	npm install --silent --no-audit --no-fund -E --prefix $(VENV) js-yaml@$(JS_YAML_VERSION)

$(DECAP_SERVER):
	@command -v npm >/dev/null 2>&1 || { echo "make edit and the form editor's test need npm (apt-get install -y npm) for decap-server."; exit 1; }
	npm install --silent --no-audit --no-fund -E --prefix $(VENV) decap-server@$(DECAP_SERVER_VERSION)

edit: $(STAMP) $(EDITOR) $(DECAP_SERVER) ## Edit the catalogue in the form editor on this clone: saves are commits on cms/... branches (PROXY_PORT=8081, PORT=8000)
	@$(PY) -m ciivs edit --host $(HOST) --port $(PORT) --proxy-port $(PROXY_PORT)

$(AXE):
	@command -v npm >/dev/null 2>&1 || { echo "Accessibility tests need npm (apt-get install -y npm) for axe-core."; exit 1; }
	npm install --silent --no-audit --no-fund --prefix $(VENV) axe-core@$(AXE_VERSION)

lint: $(STAMP) ## Lint, format check, type check, layers contract and import cycles (ruff, mypy, import-linter)
	$(VENV)/bin/ruff check scripts tests
	$(VENV)/bin/ruff format --check scripts tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m ciivs.tools.imports

test: lint browser-deps ## Run every test (lint first, then build the site)
	@$(PY) -m ciivs site
	$(PY) -m pytest -n 2 -q

LIGHTHOUSE := $(VENV)/node_modules/lighthouse/cli/index.js
$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund -E --prefix $(VENV) lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: browser-deps $(LIGHTHOUSE) ## Lighthouse (mobile) on home, a measure, the list, the finder and a search, both languages (a benchmark)
	@test -f site/index.html || $(PY) -m ciivs site
	@$(PY) -m ciivs.tools.lighthouse

search-report: browser-deps ## Run the readers' queries (tests/search-queries.yml) on site/: share first, top three, no result
	@test -f site/index.html || $(PY) -m ciivs site
	@$(PY) tests/searchkit.py

bench: $(STAMP) ## Measure build (3 runs, interleaved with plain MkDocs and the floor), preview, memory and search at 7, 100, 1,000 and 5,000 measures; writes BENCHMARKS.md
	$(PY) -m ciivs.tools.bench

audit: $(STAMP) ## Known vulnerabilities of the pinned Python and npm packages (pip-audit, npm audit); says so when the database cannot be reached
	@$(PY) -m ciivs.tools.audit --npm axe-core@$(AXE_VERSION) --npm lighthouse@$(LIGHTHOUSE_VERSION) --npm decap-cms@$(DECAP_VERSION) --npm decap-server@$(DECAP_SERVER_VERSION) --npm js-yaml@$(JS_YAML_VERSION)

constraints: $(STAMP) ## Pin every package for each supported Python found into scripts/constraints.txt (UPGRADE=1: newest releases)
	$(PY) -m ciivs.tools.pythons lock $(if $(UPGRADE),--upgrade)

pythons: $(STAMP) ## Install, check and build the site with every supported Python found, each in a fresh venv
	$(PY) -m ciivs.tools.pythons try

clean: ## Remove built files (keeps .venv)
	rm -rf site build .site-* tests/artifacts
