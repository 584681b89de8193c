#!/usr/bin/env bash
# The main job: run the criterion benchmarks of every scenario.
# Usage: scripts/bench.sh [--quick]   (--quick: criterion's quick mode, for first contact)
set -euo pipefail
cd "$(dirname "$0")/.."

criterion_args=()
for arg in "$@"; do
    case "$arg" in
        --quick) criterion_args+=(--quick) ;;
        -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
        *) echo "scripts/bench.sh: unknown argument '$arg' (expected --quick)" >&2; exit 2 ;;
    esac
done

cargo bench -p harness --locked -- "${criterion_args[@]}"
echo
echo "criterion results: target/criterion/ (open target/criterion/report/index.html)"
