//! The Python side of io_vs_cpu: run `scripts/gil_check.py` (the same computing job in
//! Python threads and Python processes) when a `python3` is on the PATH, and say "not run"
//! when none is, never a made-up number.

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// The script, located in the source tree this binary was built from.
pub fn script_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("scripts").join("gil_check.py")
}

/// Run the script for `tasks` tasks of `steps` LCG steps on `workers` threads/processes,
/// each way `repeat` times (the fastest counts).
pub fn gil_check(tasks: usize, steps: u64, workers: usize, repeat: usize) -> PythonRun {
    gil_check_with("python3", tasks, steps, workers, repeat)
}

/// As [`gil_check`], with the interpreter named.
pub fn gil_check_with(
    python: &str,
    tasks: usize,
    steps: u64,
    workers: usize,
    repeat: usize,
) -> PythonRun {
    let script = script_path();
    if !script.is_file() {
        return PythonRun::NotRun { reason: format!("{} not found", script.display()) };
    }
    let output = Command::new(python)
        .arg(&script)
        .args(["--tasks", &tasks.to_string()])
        .args(["--steps", &steps.to_string()])
        .args(["--workers", &workers.to_string()])
        .args(["--repeat", &repeat.to_string()])
        .output();
    let output = match output {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_interpreter_is_reported_as_not_run() {
        let run = gil_check_with("no-such-python-threadlab", 2, 10, 2, 1);
        assert!(matches!(&run, PythonRun::NotRun { reason } if reason.contains("not on the PATH")));
        let json = serde_json::to_value(&run).unwrap();
        assert_eq!(json["status"], "not-run");
    }

    #[test]
    fn the_script_agrees_with_rust_on_a_tiny_job_when_python3_is_present() {
        match gil_check(3, 1000, 2, 2) {
            PythonRun::Ran { result } => {
                let rust = (0..3).fold(0u64, |sum, i| {
                    sum.wrapping_add(scenarios::io_vs_cpu::lcg_chain(i, 1000))
                });
                assert_eq!(result["checksum"].as_u64(), Some(rust), "{result}");
                assert!(result["speedup_threads"].as_f64().is_some());
            }
            PythonRun::NotRun { reason } => eprintln!("python3 absent, not run: {reason}"),
            PythonRun::Failed { reason } => panic!("the script failed: {reason}"),
        }
    }
}
