//! Bad input is refused before any work, with one line naming what was wrong and exit code
//! 2; a run that measured nothing replaces nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use threadlab_results::stress::StressFile;

fn threadlab(results: &Path, args: &[&str]) -> (Output, Duration) {
    let workspace: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().into();
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_threadlab"))
        .current_dir(workspace)
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
    let dir = std::env::temp_dir().join(format!("threadlab-bad-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_results_folder_that_is_a_file_or_empty_is_refused_before_any_work() {
    let dir = scratch("file");
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let stress = ["stress", "shared_counter", "--strategy", "atomic", "--seconds", "30"];
    let (output, took) = threadlab(&file, &stress);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains(&file.display().to_string()), "{}", stderr(&output));
    assert!(took < Duration::from_secs(10), "refused only after {took:?}");
    let (output, _) = threadlab(Path::new(""), &stress);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("THREADLAB_RESULTS is set but empty"), "{}", stderr(&output));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn parameters_whose_product_is_above_the_cap_are_refused_naming_it() {
    let dir = scratch("cap");
    let run = ["run", "shared_counter", "--strategy", "atomic", "--threads", "256"];
    let (output, _) = threadlab(&dir, &[&run[..], &["--ops", "100000000"]].concat());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("above the cap of 1000000000"), "{}", stderr(&output));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_run_without_a_sample_is_inconclusive_and_keeps_the_stored_entry() {
    let dir = scratch("zero");
    let stress = ["stress", "shared_counter", "--strategy", "atomic"];
    let (first, _) = threadlab(&dir, &[&stress[..], &["--samples", "50"]].concat());
    assert!(first.status.success(), "{}", stderr(&first));
    let (empty, _) = threadlab(&dir, &[&stress[..], &["--seconds", "1e-9"]].concat());
    assert!(String::from_utf8_lossy(&empty.stdout).contains("INCONCLUSIVE"));
    let file = threadlab_results::file::read::<StressFile>(&dir.join("stress/shared_counter.json"))
        .unwrap();
    let kept: Vec<u64> = file.strategies.iter().map(|s| s.samples).collect();
    assert!(kept.len() == 1 && kept[0] >= 50, "the stored entry was replaced: {kept:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_deadline_shorter_than_a_normal_trial_is_refused_before_the_run() {
    let dir = scratch("deadline");
    let args = ["stress", "io_vs_cpu", "--strategy", "wait_sequential", "--samples", "5"];
    let (output, _) = threadlab(&dir, &[&args[..], &["--deadline-ms", "1"]].concat());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("shorter than one normal trial"), "{}", stderr(&output));
    assert!(!dir.join("stress").exists(), "nothing was recorded");
    std::fs::remove_dir_all(&dir).unwrap();
}
