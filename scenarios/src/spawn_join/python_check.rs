//! The Python side of `detached`: `scripts/daemon_check.py` run by a test, when `python3`
//! exists, under a timeout.
//!
//! It proves the claim `detached`'s doc makes about Python: threads main never joins still
//! deliver every result when they are ordinary (non-daemon) threads, because the
//! interpreter waits for them at exit, and deliver none when they are daemon threads cut
//! off at exit. Without `python3` the test says "not run" on stderr and checks nothing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long the script (two child interpreters, 0.2 s of sleep each) may take.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Run the script; `None` where `python3` cannot be started.
fn daemon_check() -> Option<serde_json::Value> {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("scripts").join("daemon_check.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    let started = Instant::now();
    while child.try_wait().expect("the child can be polled").is_none() {
        if started.elapsed() > TIMEOUT {
            child.kill().expect("a child past its timeout can be killed");
            panic!("daemon_check.py ran past {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("the child's output can be read");
    assert!(output.status.success(), "daemon_check.py failed: {}", output.status);
    Some(serde_json::from_slice(&output.stdout).expect("daemon_check.py prints one JSON object"))
}

#[test]
fn python_waits_for_non_daemon_threads_and_cuts_daemon_threads_off() {
    let Some(report) = daemon_check() else {
        eprintln!("daemon_check.py: not run (no python3)");
        return;
    };
    let results = |kind: &str| report[kind]["results"].as_array().expect("a results list").len();
    assert_eq!(report["non_daemon"]["main_done_first"], true, "{report}");
    assert_eq!(results("non_daemon"), 5, "every non-daemon thread delivers: {report}");
    assert_eq!(report["daemon"]["main_done_first"], true, "{report}");
    assert_eq!(results("daemon"), 0, "every daemon thread is cut off: {report}");
}
