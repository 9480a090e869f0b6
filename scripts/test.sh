#!/usr/bin/env bash
# Install newsgraph with its test tools, then run the whole test suite.
# This is the README's second command; .ci/run calls it unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test]"
python -m ruff check src tests bench
python -m pytest -q "$@"
