//! Issue 26's fault cases: budgets with no end, signals, folders that cannot be written,
//! each run as a user would, on a temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().into()
}

fn threadlab(results: &Path, args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_threadlab"))
        .current_dir(workspace())
        .env("THREADLAB_RESULTS", results)
        .args(args)
        .output()
        .unwrap();
    (output, started.elapsed())
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("threadlab-faults-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Case 11: a budget with no end, and sizes whose sleeps add up to days, are refused at once.
#[test]
fn budgets_and_sleeps_without_an_end_are_refused_before_any_work() {
    let dir = scratch("budget");
    let stress = ["stress", "shared_counter", "--strategy", "atomic"];
    for (flags, says) in [
        (&["--seconds", "1e300"][..], "--seconds must be at most 86400 (a day)"),
        (&["--samples", "1000000000000"][..], "--samples must be at most"),
        (&["--deadline-ms", "100000000000"][..], "--deadline-ms must be at most"),
    ] {
        let (output, took) = threadlab(&dir, &[&stress[..], flags].concat());
        assert_eq!(output.status.code(), Some(2), "{flags:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(says), "{flags:?}: {}", stderr(&output));
        assert!(took < Duration::from_secs(10), "refused only after {took:?}");
    }
    let run = ["run", "io_vs_cpu", "--strategy", "wait_sequential", "--threads", "1"];
    let (output, took) =
        threadlab(&dir, &[&run[..], &["--ops", "10000", "--limit", "100000"]].concat());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("above the cap of 3600 s"), "{}", stderr(&output));
    assert!(took < Duration::from_secs(10), "refused only after {took:?}");
    assert!(!dir.join("stress").exists(), "nothing was recorded");
    std::fs::remove_dir_all(&dir).unwrap();
}
