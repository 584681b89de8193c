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

/// Run the script for `tasks` tasks of `steps` LCG steps on `workers` threads/processes.
pub fn gil_check(tasks: usize, steps: u64, workers: usize) -> PythonRun {
    let script = script_path();
    if !script.is_file() {
        return PythonRun::NotRun { reason: format!("{} not found", script.display()) };
    }
    let output = Command::new("python3")
        .arg(&script)
        .args(["--tasks", &tasks.to_string()])
        .args(["--steps", &steps.to_string()])
        .args(["--workers", &workers.to_string()])
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return PythonRun::NotRun { reason: "python3 is not on the PATH".to_owned() };
        }
        Err(e) => return PythonRun::Failed { reason: format!("cannot start python3: {e}") },
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
