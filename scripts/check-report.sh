#!/usr/bin/env bash
# Browser check of the generated report: loads every page of reports/ from index.html in
# headless Chromium (Debian's package, installed here if missing) through playwright-core,
# writes a first-screen screenshot per page (reports/screenshot-<page>.png), and fails on a
# console error, a broken internal link, a table row that does not span its header's
# columns, a chart that did not render, a counter-example stepper that does not step, or a
# page's first screen missing its answer (scripts/browser-check/check.mjs). Then proves the
# table check can fail: on a copy of the report with one matrix row short of a cell, the
# check must fail (scripts/browser-check/selftest.mjs).
# Usage: scripts/check-report.sh   (after scripts/bench.sh or threadlab report)
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f reports/index.html ] || { echo "scripts/check-report.sh: no reports/index.html; run scripts/bench.sh --quick first" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
    echo "== installing chromium (Debian package)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/tmp/threadlab-chromium-install.log 2>&1; then
        echo "scripts/check-report.sh: cannot install chromium (see /tmp/threadlab-chromium-install.log)" >&2
        exit 3
    fi
fi
command -v node >/dev/null 2>&1 || { echo "scripts/check-report.sh: node is required" >&2; exit 3; }

(cd scripts/browser-check && npm ci --silent --no-audit --no-fund)
node scripts/browser-check/check.mjs reports/index.html reports/screenshot.png
node scripts/browser-check/selftest.mjs reports
