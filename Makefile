# The project's commands; see README.md.
.PHONY: demo test lint

demo:  ## Odoo with kolecto_dunning and its demo data on http://localhost:8069
	bash scripts/demo.sh

test:  ## Install and test the add-ons in a fresh database; ends with "N passed, N failed"
	bash scripts/test.sh

lint:  ## ruff, ruff-format and pylint-odoo through pre-commit
	bash scripts/lint.sh
