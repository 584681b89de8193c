#!/usr/bin/env bash
# The user-crate example (examples/user-crate/): a crate outside the workspace that
# registers its own shared_counter strategies, and a scenario of its own (running_max)
# with its strategies, with `scenarios::threadlab_main!`. Runs `cargo threadlab --quick`
# there (loom with --cfg loom in its own target/loom, stress, criterion, the report),
# results under examples/user-crate/target/threadlab/ and target/criterion/; exits non-zero
# unless every Correct strategy is proved (or, declared not modelled like the spin-crate
# wrapper, recorded so), every Broken one refuted with its intended kind and a
# counter-example trace, every strategy has a stress entry and a criterion estimate, and
# the report (examples/user-crate/reports/) names each beside the built-in reference rows
# (which the same commands run too), marked as the crate's own. Then it edits one user
# strategy's file and checks that explain and `report --strict` call its results stale,
# and no other strategy's, and puts the file back. The deep tiers run over the same rows
# with the crate's binary as their runner (`cargo threadlab deep`): Miri and
# ThreadSanitizer, quick (--no-tsan leaves TSan out; --shuttle adds shuttle, one more
# release build of the crate); every Correct user strategy must be clean under each (or
# not applicable, with the reason), every Broken one caught with its intended kind by at
# least one, and the report must show those verdicts.
# Then `cargo threadlab init` on a crate fresh from `cargo new`, and its whole job: its
# example strategy proved, stressed, benchmarked and in its report.
# Usage: scripts/user-crate.sh [--seconds S] [--no-tsan] [--shuttle]   (S: stress seconds per strategy; default 1)
set -euo pipefail
self="$(realpath "$0")"  # for --help, after the cd
cd "$(dirname "$0")/../examples/user-crate"

seconds=1
tsan=1
shuttle=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
        --no-tsan) tsan=0; shift ;;
        --shuttle) shuttle=1; shift ;;
        -h|--help) sed -n '2,21p' "$self"; exit 0 ;;
        *) echo "scripts/user-crate.sh: unknown argument '$1' (expected --seconds S, --no-tsan or --shuttle)" >&2; exit 2 ;;
    esac
done
deep_tiers=(miri)
if [[ $tsan -eq 1 ]]; then deep_tiers+=(tsan); fi
if [[ $shuttle -eq 1 ]]; then deep_tiers+=(shuttle); fi

results=target/threadlab  # fresh files each run: the loom step rewrites every verdict, stress its entries

echo "== cargo-threadlab, built from this workspace and found on the PATH as cargo finds it"
cargo build -q --locked --manifest-path ../../Cargo.toml -p cargo-threadlab
PATH="$(cd ../.. && pwd)/target/debug:$PATH"

# The whole job: loom (its --cfg loom build in target/loom), stress, benchmarks, report,
# each step timed; a failed step fails the run after the checks below have had their say.
status=0
cargo threadlab --locked --quick --seconds "$seconds" || status=$?

echo "== selftest (each scenario of the crate's own: its check fails on a Broken strategy)"
cargo threadlab -q --locked selftest || status=$?

echo "== deep tiers (${deep_tiers[*]}, quick; the crate's binary is their runner)"
# The crate's rows and the reference rows of their scenarios, as the whole job's steps.
# Verdicts land in target/threadlab/<tier>/; the table's own judgement is checked again
# from the files below. Needs nightly with miri and rust-src (scripts/verify-deep.sh shows
# how they are installed); a tier that cannot run fails the step, naming the command.
# Then the report again, so it shows them.
deep_args=()
for tier in "${deep_tiers[@]}"; do deep_args+=(--tier "$tier"); done
cargo threadlab -q --locked deep "${deep_args[@]}" --quick || status=$?
cargo threadlab -q --locked report || status=$?

echo "== explain shared_counter/cas_once"
cargo threadlab -q --locked explain shared_counter/cas_once | head -n 12

echo "== staleness: an edit of src/cas_once.rs makes its results stale, and no other strategy's"
cp src/cas_once.rs target/cas_once.rs.orig
trap 'cp "'"$PWD"'/target/cas_once.rs.orig" "'"$PWD"'/src/cas_once.rs"' EXIT  # put back on any exit
echo "// an edit after the verdicts were recorded" >> src/cas_once.rs
edited=$(cargo threadlab -q --locked explain shared_counter/cas_once 2>&1 | sed -n 2p)
untouched=$(cargo threadlab -q --locked explain shared_counter/ticket 2>&1 | sed -n 2p)
if cargo threadlab -q --locked report --strict > target/strict.log 2>&1; then
    echo "FAILED: report --strict passed with an edited strategy"; exit 1
fi
cp target/cas_once.rs.orig src/cas_once.rs
trap - EXIT
restored=$(cargo threadlab -q --locked explain shared_counter/cas_once 2>&1 | sed -n 2p)
echo "edited cas_once:   $edited"
echo "untouched ticket:  $untouched"
echo "report --strict:   $(grep -- '--strict' target/strict.log)"
echo "restored cas_once: $restored"
case "$edited|$untouched|$restored" in
    STALE*"|current"*"|current"*) ;;
    *) echo "FAILED: explain's freshness did not follow the edit"; exit 1 ;;
esac
grep -q "shared_counter/cas_once loom" target/strict.log \
    || { echo "FAILED: report --strict did not name cas_once's stale verdict"; exit 1; }


echo "== result files"
if ! python3 - "$results" "${deep_tiers[*]}" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
# Each registered strategy and what its files must say (the example's own declarations).
expected = {
    "shared_counter": {
        "ticket": ("proved", None),
        "cas_once": ("refuted", "lost-update"),
        "spin_crate": ("not-modelled", None),
    },
    "running_max": {
        "fetch_max": ("proved", None),
        "load_store": ("refuted", "max-went-backwards"),
    },
}
bad = []
for scenario, strategies in expected.items():
    stress = json.loads((root / "stress" / f"{scenario}.json").read_text())
    stressed = {s["strategy"]: s for s in stress["strategies"]}
    for name, (verdict, kind) in strategies.items():
        loom = json.loads((root / "loom" / f"{scenario}.{name}.json").read_text())
        if loom["verdict"] != verdict or loom.get("violation_kind") != kind:
            bad.append(f"{scenario}/{name}: loom says {loom['verdict']} "
                       f"{loom.get('violation_kind')}, expected {verdict} {kind}")
        if not (loom.get("provenance") or {}).get("source_hash"):
            bad.append(f"{scenario}/{name}: its loom verdict records no source_hash")
        if kind and not (loom.get("counter_example") or {}).get("trace"):
            bad.append(f"{scenario}/{name}: refuted without a counter-example trace")
        if name not in stressed:
            bad.append(f"{scenario}/{name}: no stress entry")
        if not list(pathlib.Path("target/criterion", scenario, name).glob("*/new/estimates.json")):
            bad.append(f"{scenario}/{name}: no criterion estimate")
        print(f"{scenario}/{name}: loom {loom['verdict']} {loom.get('violation_kind') or ''}; "
              f"stress {stressed.get(name, {}).get('verdict', 'missing')}")
# The report names every user strategy, and beside the user's shared_counter rows the
# built-in reference rows of that scenario (std_mutex is one).
pages = "".join(p.read_text() for p in pathlib.Path("reports").glob("**/*.html"))
for scenario, strategies in expected.items():
    for name in strategies:
        if name not in pages:
            bad.append(f"{scenario}/{name}: not named in reports/")
if "std_mutex" not in pages:
    bad.append("shared_counter: no built-in reference row (std_mutex) in reports/")
# The reference rows were run beside the user's, on this machine, by the same commands.
for ref in ("atomic", "std_mutex"):
    loom = json.loads((root / "loom" / f"shared_counter.{ref}.json").read_text())
    if loom["verdict"] != "proved":
        bad.append(f"shared_counter/{ref} (reference row): loom says {loom['verdict']}")
    if ref not in {s["strategy"] for s in json.loads((root / "stress" / "shared_counter.json").read_text())["strategies"]}:
        bad.append(f"shared_counter/{ref} (reference row): no stress entry")
index = pathlib.Path("reports/index.html").read_text()
if index.count('class="yours"') < sum(len(s) for s in expected.values()):
    bad.append("reports/index.html: not every user strategy is marked 'yours'")
if 'href="timer.html"' in index:
    bad.append("reports/index.html: shows scenarios this crate registered nothing for")
print("report: every user strategy named, beside the built-in reference rows")
# The deep tiers that ran: a Correct strategy clean under each (or not applicable, with
# the tier's reason); a Broken one never an unexpected finding or an error, and caught
# with its intended kind by at least one tier (TSan is silent on a lost update made of
# atomics, by design: "missed" there is allowed, as threadlab-deep's table allows it).
tiers = sys.argv[2].split()
titles = {"miri": "Miri", "tsan": "TSan", "shuttle": "shuttle"}
for scenario, strategies in expected.items():
    for name, (_, kind) in strategies.items():
        cells, caught_by = [], []
        for tier in tiers:
            path = root / tier / f"{scenario}.{name}.json"
            if not path.exists():
                bad.append(f"{scenario}/{name}: no {tier} verdict")
                continue
            deep = json.loads(path.read_text())
            status = deep["status"]
            cells.append(f"{tier} {status}")
            if kind is None and status not in ("clean", "not-applicable"):
                bad.append(f"{scenario}/{name}: correct, but {tier} says {status}: {deep.get('detail')}")
            elif kind and status in ("unexpected-finding", "error"):
                bad.append(f"{scenario}/{name}: {tier} says {status}: {deep.get('detail')}")
            elif kind and status == "caught" and kind in deep.get("kinds", []):
                caught_by.append(tier)
        if kind and not caught_by:
            bad.append(f"{scenario}/{name}: broken ({kind}), but no deep tier caught it")
        # The index grid shows the row's deep verdicts, not "not run".
        at = index.find(f'href="{scenario}.html#row-{scenario}-{name}"')
        cell = index[at:index.find("</a>", at)] if at >= 0 else ""
        for tier in tiers:
            if f'title="{titles[tier]}: ' not in cell or f'title="{titles[tier]}: not run"' in cell:
                bad.append(f"{scenario}/{name}: reports/index.html shows no {tier} verdict")
        print(f"{scenario}/{name}: " + ", ".join(cells))
for line in bad:
    print("FAILED:", line)
sys.exit(1 if bad else 0)
PY
then status=1; fi

echo "== cargo threadlab init on a crate fresh from cargo new, then its whole job"
# In a scratch folder, sharing the example's Cargo.lock and target dir, so threadlab's
# crates are built once for both and only the new crate's own code builds here.
example="$PWD"
fresh="$(mktemp -d)"
(cd "$fresh" && cargo new -q --vcs none mine)
(cd "$fresh/mine" && cargo threadlab init && cp "$example/Cargo.lock" . &&
    CARGO_TARGET_DIR="$example/target" cargo threadlab --quick --seconds "$seconds") || status=$?
if ! python3 - "$fresh/mine" <<'PY'
import json, pathlib, sys
mine = pathlib.Path(sys.argv[1])
results = mine / "target" / "threadlab"
bad = []
loom = json.loads((results / "loom" / "shared_counter.locked_total.json").read_text())
if loom["verdict"] != "proved":
    bad.append(f"locked_total: loom says {loom['verdict']}, expected proved")
stress = json.loads((results / "stress" / "shared_counter.json").read_text())
if "locked_total" not in {s["strategy"] for s in stress["strategies"]}:
    bad.append("locked_total: no stress entry")
if not list((mine / "target" / "criterion" / "shared_counter" / "locked_total").glob("*/new/estimates.json")):
    bad.append("locked_total: no criterion estimate where the report reads it")
pages = "".join(p.read_text() for p in (mine / "reports").glob("**/*.html"))
if "locked_total" not in pages or "std_mutex" not in pages:
    bad.append("reports/: no locked_total row beside the built-in ones")
print(f"fresh crate: loom {loom['verdict']}; stress, criterion and report rows for locked_total")
for line in bad:
    print("FAILED:", line)
sys.exit(1 if bad else 0)
PY
then status=1; fi
rm -rf "$fresh"

echo "== faults: user strategies that panic and deadlock (examples/user-faults, --only-mine)"
# Built into the example's target dirs, so only the faulty crate itself compiles.
cd ../user-faults
rm -rf target/threadlab && mkdir -p target
loom_status=0
RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=../user-crate/target/loom \
    cargo run -q --release --locked -- loom --only-mine > target/loom.log 2>&1 || loom_status=$?
stress_status=0
CARGO_TARGET_DIR=../user-crate/target \
    cargo run -q --release --locked -- stress --only-mine --seconds 0.5 > target/stress.log 2>&1 \
    || stress_status=$?
no_loom_status=0
CARGO_TARGET_DIR=../user-crate/target \
    cargo run -q --release --locked -- loom > target/no-loom.log 2>&1 || no_loom_status=$?
grep -E '^shared_counter/' target/loom.log
grep -E '^threadlab: ' target/stress.log
cat target/no-loom.log
if ! python3 - "$loom_status" "$stress_status" "$no_loom_status" <<'PY'
import json, pathlib, sys
loom_status, stress_status, no_loom_status = map(int, sys.argv[1:])
root = pathlib.Path("target/threadlab")
bad = []
def expect(holds, what):
    if not holds:
        bad.append(what)
expect(loom_status == 1, f"loom over the faults exited {loom_status}, expected 1 (findings)")
expect(stress_status == 1, f"stress over the faults exited {stress_status}, expected 1 (findings)")
expect(no_loom_status == 2, f"loom from a build without --cfg loom exited {no_loom_status}, expected 2")
expect('RUSTFLAGS="--cfg loom"' in pathlib.Path("target/no-loom.log").read_text(),
       "loom from a build without --cfg loom does not name the command that works")
panics = json.loads((root / "loom" / "shared_counter.panics.json").read_text())
expect(panics["verdict"] == "unexpected-violation"
       and panics["violation"].startswith("panicked: user code gave up"),
       f"loom on panics: {panics['verdict']} {panics.get('violation')}")
dead = json.loads((root / "loom" / "shared_counter.deadlocks.json").read_text())
expect(dead["verdict"] == "unexpected-violation" and dead.get("violation_kind") == "deadlock-or-hang"
       and any(b.get("file") == "src/deadlocks.rs" for b in dead.get("blocked", [])),
       f"loom on deadlocks: {dead['verdict']} {dead.get('violation_kind')} {dead.get('blocked')}")
stress = {s["strategy"]: s for s in json.loads((root / "stress" / "shared_counter.json").read_text())["strategies"]}
rows = lambda name: {o["result"]: o for o in stress.get(name, {}).get("outcomes", [])}
crashed = rows("panics").get("crashed", {}).get("description", "")
expect("src/panics.rs" in crashed and "gave up" in crashed,
       f"stress on panics does not name the panic and its place: {crashed!r}")
expect("hung" in rows("deadlocks"), "stress on deadlocks has no hung trial")
print("faults: each is a finding about its strategy, in one line, and the run went on past it")
for line in bad:
    print("FAILED:", line)
sys.exit(1 if bad else 0)
PY
then status=1; fi
if [ "$status" -ne 0 ]; then echo "scripts/user-crate.sh: FAILED" >&2; fi
exit "$status"
