#!/usr/bin/env bash
# Mutation check of strategy files: every mutant cargo-mutants makes of each file is judged
# by the whole suite around it, cheapest stage first, and is killed by the first stage that
# fails (a stage that runs past its time limit kills it too):
#   build   cargo test -p scenarios --no-run (a mutant that does not build is unviable)
#   unit    cargo test -p scenarios (unit and integration tests)
#   loom    every loom trial of the file's scenario (loom-tests/tests/verdicts.rs filtered on
#           "<scenario>/"), then each loom test file that loads that scenario
#   stress  threadlab stress <scenario> --seconds 0.3
# Prints killed / survived per file and lists each survivor with its note from
# scripts/mutants-equivalent.txt (or "NOT MARKED EQUIVALENT"), and writes that output to
# reports/mutants/<UTC date>.txt (below that day's earlier runs) with the date and the commit
# it ran on. Exits 1 if a survivor is not marked equivalent. Not run by CI or scripts/test.sh
# (it takes tens of minutes). Mutates the files in place, one mutant at a time, and puts each back on exit.
# Verdict and stress files go to a temporary directory, never target/threadlab.
# Usage: scripts/mutants.sh FILE...   (paths under scenarios/src, e.g. timer/python_like.rs)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "scripts/mutants.sh: $*" >&2; exit 2; }

[ $# -gt 0 ] || die "usage: scripts/mutants.sh FILE... (paths under scenarios/src, e.g. timer/python_like.rs)"
command -v python3 >/dev/null || die "python3 is needed to read cargo-mutants' JSON"
if ! cargo mutants --version >/dev/null 2>&1; then
    echo "installing cargo-mutants (cargo install --locked cargo-mutants)" >&2
    cargo install --locked cargo-mutants >&2 ||
        die "cannot install cargo-mutants with 'cargo install --locked cargo-mutants'"
fi

files=()
for arg in "$@"; do
    path="scenarios/src/${arg#scenarios/src/}"
    [ -f "$path" ] || die "no such strategy file: $path"
    [[ "${path#scenarios/src/}" == */* ]] || die "$path is not in a scenario's folder"
    git diff --quiet HEAD -- "$path" || die "$path has uncommitted changes: commit them first"
    files+=("$path")
done

equivalent_file=scripts/mutants-equivalent.txt
started_at=$(date +%s)
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
commit=$(git rev-parse --short HEAD)
work=$(mktemp -d)
logs="target/mutants/$stamp"
mkdir -p "$logs" reports/mutants
export THREADLAB_RESULTS="$work/results"
backup=""
restore() {
    if [ -n "$backup" ]; then cp "$work/backup" "$backup"; fi
    rm -rf "$work"
}
trap restore EXIT

scenario_of() { local rel="${1#scenarios/src/}"; echo "${rel%%/*}"; }

loom=(env "RUSTFLAGS=--cfg loom" CARGO_TARGET_DIR=target/loom)

# The loom test files (beside verdicts.rs) that load this scenario from the catalogue.
loom_files_of() {
    { grep -l "scenario(\"$1\")" loom-tests/tests/*.rs || true; } | xargs -r -n1 basename | sed 's/\.rs$//' | sort -u
}

# Run one stage, its output to $2; print "ok", "fail" or "timeout".
stage() {
    local limit=$1 log=$2
    shift 2
    local rc=0
    timeout --kill-after=10 "$limit" "$@" >>"$log" 2>&1 || rc=$?
    case $rc in
        0) echo ok ;;
        124 | 137) echo timeout ;;
        *) echo fail ;;
    esac
}

timed_out() { if [ "$1" = timeout ]; then echo "(timeout)"; fi; }

# Judge the tree as it is for `scenario`: prints "survived", "unviable" or "killed:<stage>".
judge() {
    local scenario=$1 log=$2 r
    r=$(stage 1200 "$log" cargo test -q -p scenarios --locked --no-run)
    [ "$r" = ok ] || { echo unviable; return; }
    r=$(stage 120 "$log" cargo test -q -p scenarios --locked)
    [ "$r" = ok ] || { echo "killed:unit$(timed_out "$r")"; return; }
    local tests=(--test verdicts)
    for t in $(loom_files_of "$scenario"); do tests+=(--test "$t"); done
    r=$(stage 1200 "$log" "${loom[@]}" cargo test -q -p loom-tests --release --locked "${tests[@]}" --no-run)
    [ "$r" = ok ] || { echo "unviable"; return; }
    r=$(stage 600 "$log" "${loom[@]}" cargo test -q -p loom-tests --release --locked --test verdicts -- "$scenario/")
    [ "$r" = ok ] || { echo "killed:loom-trial$(timed_out "$r")"; return; }
    for t in $(loom_files_of "$scenario"); do
        r=$(stage 600 "$log" "${loom[@]}" cargo test -q -p loom-tests --release --locked --test "$t" -- --test-threads=2)
        [ "$r" = ok ] || { echo "killed:loom-$t$(timed_out "$r")"; return; }
    done
    r=$(stage 1200 "$log" cargo build -q -p harness --locked)
    [ "$r" = ok ] || { echo unviable; return; }
    r=$(stage 300 "$log" cargo run -q -p harness --locked -- stress "$scenario" --seconds 0.3)
    [ "$r" = ok ] || { echo "killed:stress$(timed_out "$r")"; return; }
    echo survived
}

# The note for a survivor: its line in the equivalence file, matched by file and
# description (the mutant's name without line and column).
note_of() {
    python3 - "$equivalent_file" "$1" <<'EOF'
import re, sys
path, name = sys.argv[1], sys.argv[2]
key = re.sub(r":\d+:\d+: ", ": ", name, count=1)
try:
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("#") or " | " not in line:
            continue
        mutant, reason = line.split(" | ", 1)
        if mutant.strip() == key:
            print("equivalent: " + reason.strip())
            sys.exit(0)
except FileNotFoundError:
    pass
print("NOT MARKED EQUIVALENT")
EOF
}

out="$work/out.txt"
say() { echo "$*" | tee -a "$out"; }

say "scripts/mutants.sh $* (cargo-mutants $(cargo mutants --version | awk '{print $2}'))"
say "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit: $commit; uptime:$(uptime)"
say "logs: $logs"

# The unmutated tree must pass every stage, or every mutant would read as killed.
for scenario in $(for f in "${files[@]}"; do scenario_of "$f"; done | sort -u); do
    verdict=$(judge "$scenario" "$logs/baseline-$scenario.log")
    [ "$verdict" = survived ] ||
        die "the unmutated tree fails for $scenario ($verdict): see $logs/baseline-$scenario.log"
    say "baseline $scenario: every stage passes"
done

rows=()
survivors=()
unmarked=0
n=0
for path in "${files[@]}"; do
    scenario=$(scenario_of "$path")
    mutants="$work/mutants"
    rm -rf "$mutants"
    mkdir -p "$mutants"
    cargo mutants --list --json --diff -f "$path" >"$work/list.json" ||
        die "cargo mutants --list failed for $path"
    count=$(python3 - "$work/list.json" "$mutants" <<'EOF'
import json, sys
mutants = json.load(open(sys.argv[1]))
for i, m in enumerate(mutants):
    open(f"{sys.argv[2]}/{i}.diff", "w").write(m["diff"])
    open(f"{sys.argv[2]}/{i}.name", "w").write(m["name"])
print(len(mutants))
EOF
)
    viable=0 killed=0 survived=0 equivalent=0
    cp "$path" "$work/backup"
    backup="$path"
    for ((i = 0; i < count; i++)); do
        n=$((n + 1))
        name=$(cat "$mutants/$i.name")
        log="$logs/$n.log"
        echo "$name" >"$log"
        patch --quiet --forward "$path" <"$mutants/$i.diff" >>"$log" 2>&1 ||
            die "cannot apply mutant $name (see $log)"
        t0=$(date +%s)
        verdict=$(judge "$scenario" "$log")
        cp "$work/backup" "$path"
        say "  $verdict ($(($(date +%s) - t0)) s): $name"
        case $verdict in
            unviable) ;;
            survived)
                viable=$((viable + 1)) survived=$((survived + 1))
                note=$(note_of "$name")
                [[ "$note" == equivalent:* ]] && equivalent=$((equivalent + 1)) || unmarked=$((unmarked + 1))
                survivors+=("$name"$'\n'"      $note")
                ;;
            *) viable=$((viable + 1)) killed=$((killed + 1)) ;;
        esac
    done
    backup=""
    rows+=("$(printf '%-40s %6s %6s %8s %10s' "${path#scenarios/src/}" "$viable" "$killed" "$survived" "$equivalent")")
done

say ""
say "$(printf '%-40s %6s %6s %8s %10s' file viable killed survived equivalent)"
for row in "${rows[@]}"; do say "$row"; done
say ""
if [ ${#survivors[@]} -eq 0 ]; then
    say "survivors: none"
else
    say "survivors:"
    for s in "${survivors[@]}"; do say "  $s"; done
fi
say ""
say "took $(($(date +%s) - started_at)) s; uptime at the end:$(uptime)"
# One file a day: a later run that day is added below the earlier ones.
report="reports/mutants/$(date -u +%Y-%m-%d).txt"
{ if [ -f "$report" ]; then cat "$report" && echo; fi; cat "$out"; } >"$report.tmp"
mv "$report.tmp" "$report"
echo "written: $report"
[ "$unmarked" -eq 0 ] || { echo "scripts/mutants.sh: $unmarked survivor(s) not marked equivalent" >&2; exit 1; }
