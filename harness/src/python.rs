//! The Python side of a run: `scripts/gil_check.py` for io_vs_cpu (the same computing job
//! in Python threads and Python processes) and a scenario's Python twin (e.g. the seeds'
//! counter without its lock, beside `unsync`), when a `python3` is on the PATH; "not run"
//! when none is, never a made-up number. Every Python run is under a timeout, so a hung
//! interpreter costs the Python column, never the Rust results.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long a Python script may run before it is killed and reported as failed.
pub const PYTHON_TIMEOUT: Duration = Duration::from_secs(180);

use serde::Serialize;
use serde_json::Value;

/// What the Python run gave, or why there is nothing.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum PythonRun {
    /// The script's own JSON object (times, speedups, checksum, GIL state).
    Ran {
        result: Value,
    },
    NotRun {
        reason: String,
    },
    Failed {
        reason: String,
    },
}

/// The script `name`: beside the binary (or in `scripts/` there), else in `scripts/` of
/// the workspace the command runs in, else of the tree this binary was built from.
pub fn find_script(name: &str) -> PathBuf {
    let beside = std::env::current_exe().ok().and_then(|e| e.parent().map(Path::to_path_buf));
    let mut candidates = Vec::new();
    if let Some(dir) = beside {
        candidates.push(dir.join(name));
        candidates.push(dir.join("scripts").join(name));
    }
    if let Some(workspace) = threadlab_results::paths::current_workspace() {
        candidates.push(workspace.join("scripts").join(name));
    }
    let built = crate::files::build_workspace().join("scripts").join(name);
    candidates.into_iter().find(|p| p.is_file()).unwrap_or(built)
}

/// The io_vs_cpu script (see [`find_script`]).
pub fn script_path() -> PathBuf {
    find_script("gil_check.py")
}

/// Run `command` to completion, killing it after `timeout`: `Err` says it timed out or
/// could not start (`ErrorKind::NotFound` when the program is missing).
pub fn output_within(mut command: Command, timeout: Duration) -> std::io::Result<Output> {
    let mut child = crate::children::spawn(command.stdout(Stdio::piped()).stderr(Stdio::piped()))?;
    let pipe = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = pipe(child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>));
    let err = pipe(child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("timed out after {} s and was killed", timeout.as_secs_f64()),
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    Ok(Output { status, stdout, stderr })
}

/// Run the script for `tasks` tasks of `steps` LCG steps on `workers` threads/processes,
/// each way `repeat` times (the fastest counts), and as many waiting tasks of `wait_ms`
/// each, one after another and on `workers` threads (none where `wait_ms` is 0).
pub fn gil_check(
    tasks: usize,
    steps: u64,
    workers: usize,
    repeat: usize,
    wait_ms: f64,
) -> PythonRun {
    gil_check_with("python3", tasks, steps, workers, repeat, wait_ms, PYTHON_TIMEOUT)
}

/// As [`gil_check`], with the interpreter named.
pub fn gil_check_with(
    python: &str,
    tasks: usize,
    steps: u64,
    workers: usize,
    repeat: usize,
    wait_ms: f64,
    timeout: Duration,
) -> PythonRun {
    let args = [
        ("--tasks", tasks.to_string()),
        ("--steps", steps.to_string()),
        ("--workers", workers.to_string()),
        ("--repeat", repeat.to_string()),
        ("--wait-ms", wait_ms.to_string()),
    ];
    run_script(python, &script_path(), &args, timeout)
}

/// The most increments (threads x ops) a Python twin is given: CPython adds about
/// 5 million a second here, so a run stays well inside [`PYTHON_TIMEOUT`].
pub const TWIN_MAX_WORK: usize = 4_000_000;

/// Runs of a Python twin per cell it measures (each one the whole job).
pub const TWIN_RUNS: usize = 3;

/// Run a scenario's Python twin for `threads` x `ops` ([`TWIN_RUNS`] times; the ops are
/// cut so that threads x ops stays within [`TWIN_MAX_WORK`]; the script reports what it
/// ran).
pub fn twin(python: &str, twin: &scenarios::PythonTwin, threads: usize, ops: usize) -> PythonRun {
    let ops = ops.min(TWIN_MAX_WORK / threads.max(1)).max(1);
    let args = [
        ("--threads", threads.to_string()),
        ("--ops", ops.to_string()),
        ("--runs", TWIN_RUNS.to_string()),
    ];
    run_script(python, &find_script(twin.script), &args, PYTHON_TIMEOUT)
}

/// Run `script` with `args` under `python`, killed after `timeout`; its stdout must be one
/// JSON object.
pub fn run_script(
    python: &str,
    script: &Path,
    args: &[(&str, String)],
    timeout: Duration,
) -> PythonRun {
    if !script.is_file() {
        return PythonRun::NotRun { reason: format!("{} not found", script.display()) };
    }
    let mut command = Command::new(python);
    command.arg(script);
    for (flag, value) in args {
        command.args([flag, value.as_str()]);
    }
    let output = match output_within(command, timeout) {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return PythonRun::NotRun { reason: format!("{python} is not on the PATH") };
        }
        Err(e) => return PythonRun::Failed { reason: format!("cannot start {python}: {e}") },
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return PythonRun::Failed {
            reason: format!("{}: {}", output.status, stderr.lines().last().unwrap_or("")),
        };
    }
    match serde_json::from_slice(&output.stdout) {
        Ok(result) => PythonRun::Ran { result },
        Err(e) => PythonRun::Failed { reason: format!("unreadable output from the script: {e}") },
    }
}

impl PythonRun {
    /// One line: the script's own `summary` where it ran, else why it did not.
    pub fn line(&self) -> String {
        match self {
            PythonRun::Ran { result } => result
                .get("summary")
                .and_then(Value::as_str)
                .map_or_else(|| result.to_string(), ToOwned::to_owned),
            PythonRun::NotRun { reason } => format!("not run: {reason}"),
            PythonRun::Failed { reason } => format!("failed: {reason}"),
        }
    }

    /// The script's own `lines` (a table of what it measured) where it gave some.
    pub fn detail(&self) -> Vec<String> {
        let PythonRun::Ran { result } = self else { return Vec::new() };
        result
            .get("lines")
            .and_then(Value::as_array)
            .map(|lines| lines.iter().filter_map(Value::as_str).map(ToOwned::to_owned).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_interpreter_is_reported_as_not_run() {
        let run = gil_check_with("no-such-python-threadlab", 2, 10, 2, 1, 0.0, PYTHON_TIMEOUT);
        assert!(matches!(&run, PythonRun::NotRun { reason } if reason.contains("not on the PATH")));
        let json = serde_json::to_value(&run).unwrap();
        assert_eq!(json["status"], "not-run");
    }

    #[test]
    fn a_hanging_interpreter_is_killed_at_the_timeout_and_reported_as_failed() {
        let dir = std::env::temp_dir().join(format!("threadlab-py-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let hang = dir.join("hanging-python");
        std::fs::write(&hang, "#!/bin/sh\nexec sleep 30\n").unwrap();
        let mut perms = std::fs::metadata(&hang).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&hang, perms).unwrap();
        let started = Instant::now();
        let run =
            gil_check_with(hang.to_str().unwrap(), 2, 10, 2, 1, 0.0, Duration::from_millis(300));
        assert!(started.elapsed() < Duration::from_secs(5), "the timeout was not kept");
        assert!(
            matches!(&run, PythonRun::Failed { reason } if reason.contains("timed out")),
            "{run:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_no_lock_counter_twin_says_what_it_saw_or_that_it_did_not_run() {
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let twin_of = scenario.python_twin.expect("shared_counter has a Python twin");
        let missing = twin("no-such-python-threadlab", &twin_of, 2, 1000);
        assert!(missing.line().starts_with("not run:"), "{}", missing.line());
        match twin("python3", &twin_of, 2, 10_000) {
            PythonRun::Ran { result } => {
                assert_eq!(result["expected"], 20_000, "{result}");
                let cells = result["cells"].as_array().expect("cells");
                assert_eq!(cells.len(), 4, "two variants at two switch intervals: {result}");
                for cell in cells {
                    assert_eq!(cell["totals"].as_array().map(Vec::len), Some(TWIN_RUNS));
                }
                let run = PythonRun::Ran { result: result.clone() };
                let line = run.line();
                assert!(line.contains("`counter += 1` lost"), "{line}");
                assert!(line.contains(result["version"].as_str().unwrap()), "{line}");
                let detail = run.detail();
                assert!(detail.iter().any(|l| l.contains("STORE_GLOBAL counter")), "{detail:?}");
                assert!(line.contains("free-threaded"), "{line}");
            }
            PythonRun::NotRun { reason } => eprintln!("python3 absent, not run: {reason}"),
            PythonRun::Failed { reason } => panic!("the script failed: {reason}"),
        }
    }

    #[test]
    fn the_script_agrees_with_rust_on_a_tiny_job_when_python3_is_present() {
        match gil_check(3, 1000, 2, 2, 5.0) {
            PythonRun::Ran { result } => {
                let rust = (0..3).fold(0u64, |sum, i| {
                    sum.wrapping_add(scenarios::io_vs_cpu::lcg_chain(i, 1000))
                });
                assert_eq!(result["checksum"].as_u64(), Some(rust), "{result}");
                assert!(result["speedup_threads"].as_f64().is_some());
                assert!(result["speedup_waiting_threads"].as_f64().is_some(), "{result}");
            }
            PythonRun::NotRun { reason } => eprintln!("python3 absent, not run: {reason}"),
            PythonRun::Failed { reason } => panic!("the script failed: {reason}"),
        }
    }
}
