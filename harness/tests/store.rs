//! The result store as every command sees it: a file from a newer format is left out of
//! `report` and `explain` with one warning naming it (and fails `report --strict`), the
//! results root means the same to every command inside and outside a workspace, a stored
//! file `stress` cannot read is never overwritten, and a folder that cannot be read is named.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn sample() -> PathBuf {
    workspace().join("results/tests/fixtures/sample")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("threadlab-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `threadlab args` in `cwd`, with `THREADLAB_RESULTS` set to `results` (unset for `None`).
fn threadlab(cwd: &Path, results: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_threadlab"));
    command.current_dir(cwd).args(args).env_remove("THREADLAB_RESULTS");
    if let Some(results) = results {
        command.env("THREADLAB_RESULTS", results);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn warnings(output: &Output) -> Vec<String> {
    stderr(output)
        .lines()
        .filter(|l| l.starts_with("threadlab: warning:"))
        .map(String::from)
        .collect()
}

/// The count `report --strict` gives for `what` (`not run`, `file(s) skipped`).
fn strict_count(output: &Output, what: &str) -> usize {
    let err = stderr(output);
    let line =
        err.lines().find(|l| l.starts_with("threadlab: --strict:")).expect("the --strict line");
    let before = line.split(&format!(" {what}")).next().unwrap();
    before.rsplit(' ').next().unwrap().parse().unwrap()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file of the sample that threadlab wrote (criterion's own live in `new/`).
fn threadlab_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for path in std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()) {
        if path.is_dir() {
            threadlab_files(&path, out);
        } else if !path.parent().unwrap().ends_with("new") {
            out.push(path);
        }
    }
}

fn report_strict(results: &Path, out: &Path) -> Output {
    let out = out.to_str().unwrap();
    let args = ["report", "--strict", "--out", out, "--results", results.to_str().unwrap()];
    threadlab(&workspace(), None, &args)
}

#[test]
fn a_file_from_a_newer_format_is_left_out_of_report_and_explain_with_one_warning() {
    let dir = scratch("newer");
    let baseline = report_strict(&sample(), &dir.join("out"));
    assert!(warnings(&baseline).is_empty(), "{}", stderr(&baseline));
    assert_eq!(strict_count(&baseline, "file(s) skipped"), 0);
    let explained = threadlab(&workspace(), Some(&sample()), &["explain", "shared_counter/atomic"]);
    assert!(explained.status.success(), "{}", stderr(&explained));

    let mut files = Vec::new();
    threadlab_files(&sample(), &mut files);
    assert_eq!(files.len(), 11, "one file of each format: {files:?}");
    for (i, file) in files.iter().enumerate() {
        let copy = dir.join(format!("copy-{i}"));
        copy_tree(&sample(), &copy);
        let raised = copy.join(file.strip_prefix(sample()).unwrap());
        let text = std::fs::read_to_string(&raised).unwrap();
        let newer = text.replacen("\"format_version\": 1,", "\"format_version\": 2,", 1);
        assert_ne!(newer, text, "{} carries its version", raised.display());
        std::fs::write(&raised, newer).unwrap();

        let output = report_strict(&copy, &dir.join("out"));
        assert_ne!(output.status.code(), Some(0), "--strict fails: {}", stderr(&output));
        assert_eq!(strict_count(&output, "file(s) skipped"), 1);
        let lines = warnings(&output);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains(&raised.display().to_string()), "{lines:?}");
        assert!(lines[0].contains("version 2, newer than this threadlab reads (version 1)"));
        if raised.starts_with(copy.join("loom")) {
            let explained =
                threadlab(&workspace(), Some(&copy), &["explain", "shared_counter/atomic"]);
            assert!(!explained.status.success());
            let err = stderr(&explained);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(&raised.display().to_string()) && err.contains("newer"), "{err}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn outside_a_workspace_report_reads_where_stress_wrote() {
    let dir = scratch("outside");
    let (empty, used) = (dir.join("empty"), dir.join("used"));
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::create_dir_all(&used).unwrap();
    let stress = ["stress", "shared_counter", "--strategy", "atomic", "--samples", "64"];
    let stressed = threadlab(&used, None, &stress);
    assert!(stressed.status.success(), "{}", stderr(&stressed));
    assert!(used.join("threadlab-results/stress/shared_counter.json").is_file());
    let report = |cwd: &Path| threadlab(cwd, None, &["report", "--strict", "--out", "out"]);
    let (before, after) = (report(&empty), report(&used));
    let not_run = |o: &Output| strict_count(o, "not run");
    assert!(not_run(&after) < not_run(&before), "{}\n{}", stderr(&before), stderr(&after));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_empty_or_missing_results_folder_means_the_same_to_every_command() {
    let dir = scratch("root");
    let (missing, out) = (dir.join("missing"), dir.join("out"));
    let commands: [&[&str]; 3] = [
        &["report", "--out", out.to_str().unwrap()],
        &["explain", "shared_counter/atomic"],
        &["stress", "shared_counter", "--strategy", "atomic", "--samples", "8"],
    ];
    for args in commands {
        let empty = threadlab(&workspace(), Some(Path::new("")), args);
        assert_eq!(empty.status.code(), Some(2), "{args:?}: {}", stderr(&empty));
        assert!(stderr(&empty).contains("THREADLAB_RESULTS is set but empty"), "{args:?}");
    }
    for args in &commands[..2] {
        let output = threadlab(&workspace(), Some(&missing), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("no such folder"), "{args:?}: {}", stderr(&output));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stress_refuses_before_any_work_to_overwrite_a_file_it_cannot_read() {
    let dir = scratch("refuse");
    let path = dir.join("stress/shared_counter.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let stored = std::fs::read_to_string(sample().join("stress/shared_counter.json")).unwrap();
    let newer = stored.replacen("\"format_version\": 1,", "\"format_version\": 2,", 1);
    for text in [&stored[..stored.len() / 2], &newer[..]] {
        std::fs::write(&path, text).unwrap();
        let args = ["stress", "shared_counter", "--strategy", "atomic", "--seconds", "30"];
        let started = std::time::Instant::now();
        let output = threadlab(&workspace(), Some(&dir), &args);
        assert!(started.elapsed().as_secs() < 20, "refused before any work");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&path.display().to_string()) && err.contains("move it away"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "left as it was");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn calibrate_and_seeds_refuse_before_any_work_to_overwrite_a_newer_file() {
    let dir = scratch("whole");
    for (name, args) in
        [("calibration.json", &["calibrate", "--quick"][..]), ("seeds.json", &["seeds"])]
    {
        let stored = std::fs::read_to_string(sample().join(name)).unwrap();
        let newer = stored.replacen("\"format_version\": 1,", "\"format_version\": 2,", 1);
        std::fs::write(dir.join(name), &newer).unwrap();
        let output = threadlab(&workspace(), Some(&dir), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(&dir.join(name).display().to_string()), "{args:?}");
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), newer, "left as it was");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Run as root, mode bits do not stop a read: the report runs as `nobody` through
/// `setpriv` (skipped, with a note, where that is not possible).
#[test]
fn an_unreadable_folder_is_named_in_a_warning() {
    let dir = scratch("mode");
    let results = dir.join("results");
    copy_tree(&sample(), &results);
    let open = |p: &Path, mode| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    open(&dir, 0o777);
    let mut command = Command::new("setpriv");
    command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
    command.arg(env!("CARGO_BIN_EXE_threadlab")).args(["report", "--out"]).arg(dir.join("out"));
    command.arg("--results").arg(&results).current_dir(&dir).env_remove("THREADLAB_RESULTS");
    open(&results.join("loom"), 0o000);
    let output = command.output();
    open(&results.join("loom"), 0o755);
    let output = match output {
        Ok(o) if !stderr(&o).starts_with("setpriv:") => o,
        other => {
            eprintln!("note: skipped, cannot run the report as another user: {other:?}");
            return;
        }
    };
    let named = warnings(&output)
        .into_iter()
        .filter(|w| w.contains(&results.join("loom").display().to_string()))
        .collect::<Vec<_>>();
    assert_eq!(named.len(), 1, "{}", stderr(&output));
    assert!(named[0].contains("cannot read the folder"), "{named:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
