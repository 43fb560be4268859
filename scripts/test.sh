#!/usr/bin/env bash
# Install kg with its test extras into .venv, set up what the tests need beyond Python
# (scripts/setup-test-env.sh), then run the test suite. This is the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
if [ -x scripts/setup-test-env.sh ]; then
  bash scripts/setup-test-env.sh
fi
.venv/bin/ruff check kg tests benchmarks
exec .venv/bin/python -m pytest "$@"
