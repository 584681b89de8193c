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

/// Every chart `index.html` in `out` names is there.
fn assert_page_whole(out: &Path) {
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for src in html.split("src=\"").skip(1) {
        let chart = src.split('"').next().unwrap();
        assert!(out.join(chart).is_file(), "the page names {chart}, which is missing");
    }
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// Cases 4 and 5: `report --out` keeps files it did not write, an interrupted one leaves
/// the old page whole, and nothing it left behind survives the next run.
#[test]
fn a_report_keeps_what_it_did_not_write_and_an_interrupted_one_leaves_a_whole_page() {
    let dir = scratch("report-out");
    let (results, out) = (dir.join("results"), dir.join("out"));
    std::fs::create_dir_all(out.join("charts")).unwrap();
    std::fs::write(out.join("charts").join("my-logo.svg"), "<svg/>").unwrap();
    let report = ["report", "--results", results.to_str().unwrap(), "--out", out.to_str().unwrap()];
    std::fs::create_dir_all(&results).unwrap();
    let (first, _) = threadlab(&results, &report);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_page_whole(&out);
    assert!(out.join("charts").join("my-logo.svg").is_file(), "the user's file was removed");
    for delay_ms in [5, 20, 40, 80] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_threadlab"))
            .current_dir(workspace())
            .args(report)
            .stderr(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        sigterm(child.id());
        let _ = child.wait();
        assert_page_whole(&out);
    }
    let (last, _) = threadlab(&results, &report);
    assert!(last.status.success(), "{}", stderr(&last));
    assert_page_whole(&out);
    let left: Vec<String> = files_under(&dir).into_iter().filter(|f| f.contains(".tmp")).collect();
    assert!(left.is_empty(), "temporaries survived: {left:?}");
    let beside: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains("retired"))
        .collect();
    assert!(beside.is_empty(), "left beside the report: {beside:?}");
    assert!(out.join("charts").join("my-logo.svg").is_file());
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let (output, _) = threadlab(&results, &["report", "--out", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("a file, not a folder"), "{}", stderr(&output));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// SIGTERM to `pid`, through the `kill` command (the tests use no unsafe code).
fn sigterm(pid: u32) {
    let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
}

/// The processes whose parent is `pid`, from /proc.
#[cfg(target_os = "linux")]
fn children_of(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        let Some((head, rest)) = stat.rsplit_once(") ") else { continue };
        let fields: Vec<&str> = rest.split(' ').collect();
        if fields.get(1) == Some(&pid.to_string().as_str()) {
            found.extend(head.split(' ').next().and_then(|p| p.parse::<u32>().ok()));
        }
    }
    found
}

/// Whether `pid` still runs (a zombie does not).
#[cfg(target_os = "linux")]
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| !rest.starts_with('Z')))
        .unwrap_or(false)
}

/// Case 6: SIGTERM to a command with children stops them within a few seconds, exits 130,
/// and nothing is written after it exits.
#[cfg(target_os = "linux")]
#[test]
fn sigterm_stops_the_children_and_nothing_is_written_after_the_parent_exits() {
    let dir = scratch("sigterm");
    let mut parent = Command::new(env!("CARGO_BIN_EXE_threadlab"))
        .current_dir(workspace())
        .env("THREADLAB_RESULTS", &dir)
        .args(["stress", "shared_counter", "--seconds", "30", "--json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut workers = Vec::new();
    while workers.is_empty() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
        workers = children_of(parent.id());
    }
    assert!(!workers.is_empty(), "the stress run started no worker");
    sigterm(parent.id());
    let signalled = Instant::now();
    let status = parent.wait().unwrap();
    assert!(signalled.elapsed() < Duration::from_secs(6), "took {:?}", signalled.elapsed());
    assert_eq!(status.code(), Some(130), "{status}");
    let still: Vec<u32> = workers.iter().copied().filter(|&w| running(w)).collect();
    assert!(still.is_empty(), "workers outlived the parent: {still:?}");
    let before = files_under(&dir);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(files_under(&dir), before, "written after the parent exited");
    assert!(!dir.join("stress").join("shared_counter.json").exists(), "an interrupted run wrote");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Case 8: a results folder or report folder that cannot be written is named, with the
/// operation and the OS error, before any work (exit 2).
#[test]
fn a_folder_that_cannot_be_written_is_named_before_any_work() {
    let dir = scratch("unwritable");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let unwritable = Path::new("/proc/threadlab-results");
    let stress = ["stress", "shared_counter", "--strategy", "atomic", "--seconds", "30"];
    for args in [&stress[..], &["calibrate", "--quick"][..], &["seeds"][..]] {
        let (output, took) = threadlab(unwritable, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        let said = stderr(&output);
        assert!(said.contains("results folder /proc/threadlab-results"), "{args:?}: {said}");
        assert!(said.contains("cannot create it") && said.contains("os error"), "{said}");
        assert!(took < Duration::from_secs(10), "{args:?} refused only after {took:?}");
    }
    let (output, _) = threadlab(Path::new("/proc"), &stress);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("cannot write a file in it"), "{}", stderr(&output));
    let out = "/proc/threadlab-report";
    let (output, _) =
        threadlab(&dir, &["report", "--results", dir.to_str().unwrap(), "--out", out]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--out: the folder /proc: cannot write"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A loom verdict file for `scenario/strategy` in `results/loom`.
fn write_verdict(results: &Path, strategy: &str, verdict: &str) {
    let loom = results.join("loom");
    std::fs::create_dir_all(&loom).unwrap();
    let text = format!(
        r#"{{"scenario": "shared_counter", "strategy": "{strategy}", "expectation": "correct",
            "verdict": "{verdict}", "model": "real", "threads": 2, "ops": 2, "limit": 0,
            "executions": 10, "seconds": 0.1, "loom_version": "0.7"}}"#
    );
    std::fs::write(loom.join(format!("shared_counter.{strategy}.json")), text).unwrap();
}

/// Case 13: the small items, each one line and the right exit code.
#[test]
fn the_small_items_each_say_what_is_wrong() {
    let dir = scratch("small");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let refused = |args: &[&str], says: &str| {
        let (output, took) = threadlab(&dir, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(says), "{args:?}: {}", stderr(&output));
        assert!(took < Duration::from_secs(10), "{args:?} refused only after {took:?}");
        stderr(&output)
    };
    refused(&["report", "--results", file.to_str().unwrap()], "a file, not a results folder");
    refused(
        &["run", "shared_counter", "--limit", "5"],
        "--limit: `shared_counter` has no third knob",
    );
    let stress = ["stress", "shared_counter", "--strategy", "atomic", "--samples", "5"];
    refused(&[&stress[..], &["--limit", "5"]].concat(), "has no third knob");
    let said = refused(&[&stress[..], &["--threads", "100000"]].concat(), "threads");
    assert!(!said.contains("--oversubscribe"), "{said}");
    write_verdict(&dir, "atomic", "proved");
    refused(&["explain", "--replay", "shared_counter/atomic"], "no saved counter-example");
    write_verdict(&dir, "rayon", "not-modelled");
    let (output, _) = threadlab(&dir, &["explain", "shared_counter/rayon"]);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.contains("verdict: not modelled"), "{printed}");
    assert!(!printed.contains("NotModelled"), "{printed}");
    // A verdict file that is a folder, or garbage: named, not "run scripts/test.sh first".
    let loom = dir.join("loom");
    std::fs::create_dir_all(loom.join("shared_counter.spin.json")).unwrap();
    let (output, _) = threadlab(&dir, &["explain", "shared_counter/spin"]);
    assert!(stderr(&output).contains("cannot read the loom verdict"), "{}", stderr(&output));
    std::fs::write(loom.join("shared_counter.unsync.json"), [0xff, 0xfe, 0x00]).unwrap();
    let (output, _) = threadlab(&dir, &["explain", "shared_counter/unsync"]);
    assert!(!stderr(&output).contains("run scripts/test.sh first"), "{}", stderr(&output));
    std::fs::remove_dir_all(&dir).unwrap();
}
