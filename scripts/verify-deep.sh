#!/usr/bin/env bash
# The tiers beyond loom: every strategy's real code under Miri, ThreadSanitizer and shuttle.
# Installs what it needs (nightly's miri and rust-src components, Miri's sysroot), runs the
# tiers, writes verdicts to target/threadlab/{miri,tsan,shuttle}/ and prints the table.
#
# Usage:
#   scripts/verify-deep.sh [--quick] [--tier miri|tsan|shuttle]... [scenario[/strategy]]...
#   scripts/verify-deep.sh --replay FILE scenario/strategy   # replay a saved shuttle schedule
#
# Exits non-zero when a component cannot be installed, a tier cannot run, a correct strategy
# is flagged, or a broken one is caught by no tier. A tier that did not run is never "passed".
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'scripts/verify-deep.sh: %s\n' "$*" >&2; exit 1; }

# A replay needs only the shuttle build, which threadlab-deep makes itself.
wants_nightly=1
if [[ "${1:-}" == "--replay" ]]; then
    wants_nightly=0
fi

# Which tiers were asked for (all by default): only those need the nightly pieces.
if [[ " $* " == *" --tier "* ]] && [[ " $* " != *" --tier miri "* ]] && [[ " $* " != *" --tier tsan "* ]]; then
    wants_nightly=0
fi

if [[ $wants_nightly -eq 1 ]]; then
    say "nightly toolchain with miri and rust-src"
    if ! rustup toolchain list | grep -q '^nightly'; then
        rustup toolchain install nightly --profile minimal \
            || die "cannot install the nightly toolchain: the Miri and TSan tiers cannot run"
    fi
    rustup component add miri rust-src --toolchain nightly \
        || die "cannot install the nightly components miri and rust-src: the Miri and TSan tiers cannot run"
    say "cargo +nightly miri setup (Miri's sysroot, once)"
    cargo +nightly miri setup >/dev/null 2>&1 || cargo +nightly miri setup \
        || die "cargo +nightly miri setup failed: the Miri tier cannot run"
fi

say "building threadlab-deep"
cargo build --release --locked -p deep-tests --bin threadlab-deep
exec target/release/threadlab-deep "$@"
