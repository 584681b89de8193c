#!/usr/bin/env bash
# Every test threadlab has: formatting, lints, unit and integration tests, then the loom
# model checks (built with --cfg loom in their own target directory). Exits non-zero on the
# first failure. Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

for component in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
        step "installing the $component component"
        rustup component add "$component" || {
            echo "scripts/test.sh: cannot install the rustup component '$component'" >&2
            exit 1
        }
    fi
done

step "cargo fmt --check"
cargo fmt --all -- --check

step "the example crates' Cargo.lock files match the workspace's crates (examples/*)"
for manifest in examples/*/Cargo.toml; do
    cargo metadata --locked --format-version 1 --manifest-path "$manifest" >/dev/null || {
        echo "scripts/test.sh: ${manifest%Cargo.toml}Cargo.lock is out of date: run" \
            "'cargo metadata --format-version 1 --manifest-path $manifest' and commit it" >&2
        exit 1
    }
done

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo clippy under --cfg loom (the facade's loom arm, target/loom)"
RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
    cargo clippy -p scenarios -p loom-tests --all-targets --locked -- -D warnings

step "cargo clippy under --cfg shuttle (the facade's shuttle arm, target/shuttle)"
RUSTFLAGS="--cfg shuttle" CARGO_TARGET_DIR=target/shuttle \
    cargo clippy -p scenarios -p deep-tests --all-targets --locked -- -D warnings

step "rustdoc of the public crates (warnings are errors: every link resolves)"
RUSTDOCFLAGS="-D warnings" cargo doc -q --no-deps --locked -p scenarios -p threadlab-results \
    -p harness -p loom-tests -p deep-tests -p threadlab-report

step "cargo test (unit and integration)"
cargo test --workspace --locked

step "stress smoke run (shared_counter, 0.3 s per strategy, results in a temporary dir)"
# Exits non-zero if a correct strategy shows a forbidden outcome. The real results under
# target/threadlab/stress/ are left alone.
smoke_results="$(mktemp -d)"
trap 'rm -rf "$smoke_results"' EXIT
THREADLAB_RESULTS="$smoke_results" cargo run -q -p harness --locked -- \
    stress shared_counter --seconds 0.3

step "loom model checks (RUSTFLAGS=--cfg loom, target/loom)"
# Verdict files land in target/threadlab/loom/ whatever the target dir.
RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
    cargo test -p loom-tests --release --locked -- --test-threads=2

step "loom ignores LOOM_* limits in the environment (shared_counter/channel, target/loom)"
# The runner owns its search: with limits that would cut the search short if obeyed
# (loom checks them every 20,000 executions; this model explores 23,160), the verdict and
# execution count must be the suite's own.
env_results="$(mktemp -d)"
trap 'rm -rf "$smoke_results" "$env_results"' EXIT
THREADLAB_RESULTS="$env_results" LOOM_MAX_PERMUTATIONS=5 LOOM_MAX_DURATION=1 \
    LOOM_MAX_PREEMPTIONS=0 RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
    cargo test -q -p loom-tests --release --locked --test verdicts -- \
    --exact shared_counter/channel
verdict_lines() { grep -E '"(verdict|executions)"' "$1"; }
suite_file="${THREADLAB_RESULTS:-target/threadlab}/loom/shared_counter.channel.json"
if ! diff <(verdict_lines "$suite_file") <(verdict_lines "$env_results/loom/shared_counter.channel.json"); then
    echo "scripts/test.sh: LOOM_* variables changed the channel counter's verdict" >&2
    exit 1
fi
grep -q 'LOOM_MAX_PERMUTATIONS=5' "$env_results/loom/shared_counter.channel.json" || {
    echo "scripts/test.sh: the verdict does not record the ignored LOOM_* variables" >&2
    exit 1
}

step "all tests passed"
