#!/usr/bin/env bash
# Install newsgraph with its test tools, then run the whole test suite.
# This is the README's second command; .ci/run calls it unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test,ray]"
# Browser tests drive Debian's Chromium through Playwright (never `playwright install`: no downloads).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "chromium could not be installed: browser tests will be skipped" >&2
fi
python -m ruff check src tests bench
python -m pytest -q "$@"
