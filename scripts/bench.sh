#!/usr/bin/env bash
# The main job: loom model checks, benchmarks (criterion), then the HTML report in reports/.
# Usage: scripts/bench.sh [--quick]
#   --quick  first contact and CI: criterion's quick mode without its own plots.
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
for arg in "$@"; do
    case "$arg" in
        --quick) args+=(--quick) ;;
        -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
        *) echo "scripts/bench.sh: unknown argument '$arg' (expected --quick)" >&2; exit 2 ;;
    esac
done

cargo build --release --locked -p harness --bin threadlab
exec target/release/threadlab all "${args[@]}"
