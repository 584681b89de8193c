//! Stale marking end to end: stress results recorded by this binary, then a scratch copy of
//! the workspace's sources in which one strategy's file gains a comment, and the report
//! re-rendered there by the same binary (no rebuild): exactly that strategy is stale, and
//! `--strict` exits 1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn threadlab() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_threadlab"))
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn report(cwd: &Path, results: &Path, strict: bool) -> Output {
    let mut command = Command::new(threadlab());
    command.current_dir(cwd).arg("report").arg("--out").arg(cwd.join("out"));
    command.arg("--results").arg(results);
    if strict {
        command.arg("--strict");
    }
    command.output().unwrap()
}

fn stale_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("threadlab: stale: "))
        .map(|l| l.split(" (from ").next().unwrap_or(l).to_owned())
        .collect()
}

#[test]
fn a_comment_in_one_strategy_file_marks_exactly_that_strategy_stale() {
    let scratch = std::env::temp_dir().join(format!("threadlab-stale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let results = scratch.join("results");
    for (scenario, strategy) in
        [("shared_counter", "atomic"), ("shared_counter", "std_mutex"), ("event", "condvar")]
    {
        let status = Command::new(threadlab())
            .current_dir(workspace())
            .env("THREADLAB_RESULTS", &results)
            .args(["stress", scenario, "--strategy", strategy, "--samples", "64"])
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    }
    let copy = scratch.join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::write(copy.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    copy_tree(&workspace().join("scenarios/src"), &copy.join("scenarios/src"));

    let unchanged = report(&copy, &results, false);
    assert!(unchanged.status.success(), "{}", String::from_utf8_lossy(&unchanged.stderr));
    assert_eq!(stale_lines(&unchanged), Vec::<String>::new(), "nothing changed yet");

    let file = copy.join("scenarios/src/shared_counter/atomic.rs");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("// a comment is a change too\n");
    std::fs::write(&file, text).unwrap();
    let changed = report(&copy, &results, true);
    assert_eq!(changed.status.code(), Some(1), "--strict refuses a stale result");
    assert_eq!(stale_lines(&changed), ["results: shared_counter/atomic stress"]);
    let html = std::fs::read_to_string(copy.join("out/shared_counter.html")).unwrap();
    assert_eq!(html.matches("<td class=\"stale\">").count(), 1, "one cell greyed");
    let index = std::fs::read_to_string(copy.join("out/index.html")).unwrap();
    assert!(index.contains("id=\"stale\""), "the answer page lists the stale result");
    std::fs::remove_dir_all(&scratch).unwrap();
}
