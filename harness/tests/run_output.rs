//! `threadlab run` end to end: what a strategy writes to the real stderr lands in its own
//! block of the output, not as raw lines above it.

use std::path::Path;
use std::process::Command;

#[test]
fn a_strategy_that_prints_for_real_has_its_lines_shown_in_its_block_not_above_the_output() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let results = std::env::temp_dir().join(format!("threadlab-run-output-{}", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_threadlab"))
        .current_dir(workspace)
        .env("THREADLAB_RESULTS", &results)
        .args(["run", "interleaving", "--strategy", "stdout_lock", "--preset", "seed-004"])
        .output()
        .unwrap();
    let (stdout, stderr) =
        (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.trim().is_empty(), "raw lines on stderr: {stderr}");
    let block = stdout.split("\n\n").next().unwrap();
    assert!(block.starts_with("interleaving/stdout_lock"), "{stdout}");
    assert!(block.contains("written to the real stderr while it ran (10 line(s)"), "{stdout}");
    assert!(block.contains("  <1:4:1>") && block.contains("  <0:0:0>"), "{stdout}");
    let _ = std::fs::remove_dir_all(&results);
}
