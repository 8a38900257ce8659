# The project's commands; see README.md.
.PHONY: demo test lint readme i18n screenshots bench

# The venv's python has docutils, which checks the README it writes.
PYTHON := $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)

demo:  ## Odoo with kolecto_dunning and its demo data on http://localhost:8069
	bash scripts/demo.sh

test:  ## Install and test the add-ons in a fresh database; ends with "N passed, N failed"
	bash scripts/test.sh

lint:  ## ruff, ruff-format, prettier and pylint-odoo through pre-commit (reports only)
	bash scripts/lint.sh

readme:  ## Write each add-on's README.rst from its readme/*.md fragments
	$(PYTHON) scripts/gen_readme.py

i18n:  ## Export each add-on's i18n/<module>.pot and merge it into its i18n/fr.po
	bash scripts/update_i18n.sh

screenshots:  ## Refresh the user documentation's screenshots from the demo database
	bash scripts/screenshots.sh

bench:  ## Benchmark the reminder cron against Odoo's floor and the OCA peers (BENCH_QUICK=1: smoke run)
	bash bench/run.sh
