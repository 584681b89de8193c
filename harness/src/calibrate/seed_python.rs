//! The seeds' own lock counter in Python (`scripts/seed_counter.py`) beside the Rust
//! shared_counter strategies at the same presets, measured in the same run.

use std::path::Path;
use std::process::Command;

use crate::python::PYTHON_TIMEOUT;

use serde::Deserialize;
use threadlab_results::calibration::{RustTiming, SeedComparison};

/// What `scripts/seed_counter.py` prints: one result per seed preset.
#[derive(Deserialize)]
struct PythonOutput {
    results: Vec<PythonResult>,
}

#[derive(Deserialize)]
struct PythonResult {
    preset: String,
    ns_per_increment: f64,
}

/// Why the script did not run: python3 missing from the PATH (the script is checked
/// before), or what else went wrong.
fn not_run(script: &Path, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "not run: python3 is not on the PATH".to_owned()
    } else {
        format!("not run: python3 {} ({e})", script.display())
    }
}

/// Run the Python script (if python3 exists; `repeat` runs per preset, the fastest kept)
/// and every correct Rust counter strategy at the seed presets. Returns the comparisons
/// and a status line for Python.
pub fn compare(workspace: &Path, repeat: u32) -> (Vec<SeedComparison>, String) {
    let in_workspace = workspace.join("scripts").join("seed_counter.py");
    let script = if in_workspace.exists() {
        in_workspace
    } else {
        crate::python::find_script("seed_counter.py")
    };
    let mut command = Command::new("python3");
    command.arg(&script).arg("--repeat").arg(repeat.to_string());
    let ran = if script.is_file() {
        crate::python::output_within(command, PYTHON_TIMEOUT)
    } else {
        Err(std::io::Error::other(format!("{} is missing", script.display())))
    };
    let (python, status) = match ran {
        Err(e) => (None, not_run(&script, &e)),
        Ok(out) if !out.status.success() => (
            None,
            format!(
                "not run: {} failed: {}",
                script.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ),
        Ok(out) => match serde_json::from_slice::<PythonOutput>(&out.stdout) {
            Ok(parsed) => (Some(parsed), "measured".to_owned()),
            Err(e) => (None, format!("not run: unreadable output from {} ({e})", script.display())),
        },
    };

    let counter = &scenarios::shared_counter::SCENARIO;
    let comparisons = counter
        .presets
        .iter()
        .map(|preset| {
            let elements = (preset.params.threads * preset.params.ops) as f64;
            let rust = counter
                .strategies
                .iter()
                .filter(|s| !s.expectation.is_broken())
                .map(|s| {
                    let (run, check) = counter.run_checked(s, &preset.params);
                    RustTiming {
                        strategy: s.name.to_owned(),
                        ns_per_increment: run.elapsed.as_nanos() as f64 / elements,
                        invariant_holds: check.holds(),
                    }
                })
                .collect();
            SeedComparison {
                preset: preset.name.to_owned(),
                threads: preset.params.threads,
                increments_per_thread: preset.params.ops,
                python_ns_per_increment: python.as_ref().and_then(|p| {
                    p.results.iter().find(|r| r.preset == preset.name).map(|r| r.ns_per_increment)
                }),
                rust,
            }
        })
        .collect();
    (comparisons, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_python3_is_named_as_such_not_as_a_missing_script() {
        let script = Path::new("scripts/seed_counter.py");
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(not_run(script, &missing), "not run: python3 is not on the PATH");
        let timed_out = std::io::Error::new(std::io::ErrorKind::TimedOut, "timed out");
        assert!(not_run(script, &timed_out).contains("seed_counter.py (timed out)"));
    }
}
