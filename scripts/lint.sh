#!/usr/bin/env bash
# Command 3: the repository's lint (ruff, ruff-format, prettier, pylint-odoo's
# mandatory checks, see .pre-commit-config.yaml) through pre-commit, on every
# file git knows plus the new ones not yet added. Only reports: it rewrites
# nothing. `bash scripts/lint.sh --hook-stage manual` also runs the fixers
# (ruff --fix, ruff format, prettier --write), which do rewrite files.
# pre-commit installs the hooks' pinned tools from PyPI and npm on the first
# run (in ~/.cache/pre-commit), then reuses them.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
cd "$ROOT"

if [ ! -x "$VENV/bin/pre-commit" ]; then
    # `make test` / `make demo` make the full venv; lint needs only pre-commit.
    printf '\033[1m==> %s\033[0m\n' "Installing pre-commit in $VENV" >&2
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check \
        "$(grep -E '^pre-commit([=<>!~ ]|$)' requirements-dev.txt)"
fi

# This is `pre-commit run --all-files`, except that --all-files sees tracked
# files only: new files not yet added would slip through. So it gets git's
# full list instead (tracked + untracked, minus ignored and deleted ones).
mapfile -t files < <(git ls-files --cached --others --exclude-standard \
    | while IFS= read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done)
exec "$VENV/bin/pre-commit" run --color=auto --files "${files[@]}" "$@"
