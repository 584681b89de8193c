#!/usr/bin/env bash
# Build threadlab and every bench binary into a folder that runs on another Linux x86-64
# host without Rust (e.g. one with more cores), plus the script that runs them there.
# Usage: scripts/portable-bundle.sh [OUT_DIR]   (default: target/portable)
# On the other host: OUT_DIR/run-sample.sh SAMPLE_DIR [--quick]; copy SAMPLE_DIR back
# into reports/samples/ and `threadlab report` renders it beside the local run.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/portable}"
mkdir -p "$out/benches"

cargo build --release --locked -p harness --bin threadlab
# --no-run builds the bench binaries; cargo prints their paths as JSON messages.
cargo bench --locked -p harness --no-run --message-format=json 2>/dev/null \
    | python3 -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and "bench" in msg["target"]["kind"] and msg.get("executable"):
        print(msg["target"]["name"], msg["executable"])
' | while read -r name exe; do cp "$exe" "$out/benches/$name"; done

cp target/release/threadlab scripts/seed_counter.py "$out/"
cat > "$out/run-sample.sh" <<'RUN'
#!/usr/bin/env bash
# Run threadlab's measurements here (no Rust needed) into SAMPLE_DIR:
# stress, calibrate, then every bench binary at its thread counts.
# Usage: run-sample.sh SAMPLE_DIR [--quick]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sample="${1:?usage: run-sample.sh SAMPLE_DIR [--quick]}"
mode="${2:-}"
mkdir -p "$sample"
sample="$(cd "$sample" && pwd)"
export THREADLAB_RESULTS="$sample" CRITERION_HOME="$sample/criterion"
seconds=2; bench_args=()
if [ "$mode" = "--quick" ]; then seconds=0.3; bench_args=(--quick --noplot); fi
"$here/threadlab" stress --seconds "$seconds" | tee "$sample/stress.txt"
"$here/threadlab" calibrate | tee "$sample/calibration.txt"
for bench in "$here"/benches/*; do
    "$bench" --bench "${bench_args[@]}" | tee "$sample/bench-$(basename "$bench").txt"
done
echo "sample written to $sample"
RUN
chmod +x "$out/run-sample.sh"
echo "bundle: $out ($(du -sh "$out" | cut -f1)); run $out/run-sample.sh SAMPLE_DIR [--quick] on the other host"
