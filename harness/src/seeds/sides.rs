//! Running one seed program both ways: the catalogue strategy in-process (what
//! `threadlab run` would run), and the program re-enacted by `scripts/seeds.py` under a
//! timeout, when an interpreter is there. Either side that cannot run says why.

use std::process::Command;
use std::time::Duration;

use scenarios::TimeScale;
use serde_json::{Map, Value};
use threadlab_results::seeds::SideRun;

use super::table::SeedProgram;
use crate::python::{find_script, output_within};

/// How long one Python program may run before it is killed and reported as failed (the
/// longest, seed 002, sleeps at most 10 s x the time scale).
pub const PYTHON_TIMEOUT: Duration = Duration::from_secs(60);

/// Run the row's strategy once, judged by its scenario's check; where the scenario
/// re-enacts the row's preset as a timeline (the seed's sleeps kept at `scale`), run that too
/// and add the shape it made (waves, rounds, the alternation) to what threadlab saw.
pub fn rust_side(row: &SeedProgram, scale: TimeScale) -> SideRun {
    let (scenario, strategy, params) = match row.resolve_at(Some(scale.factor())) {
        Ok(found) => found,
        Err(e) => return SideRun::Failed { reason: e.to_string() },
    };
    let (run, check) = scenario.run_checked(strategy, &params);
    let timeline = scenario
        .timing
        .timeline
        .and_then(|hook| {
            let preset = row.preset.filter(|preset| hook.presets.contains(preset))?;
            Some((hook, preset))
        })
        .map(|(hook, preset)| {
            let timeline = (hook.run)(&params, scale, preset);
            format!(
                "; its timeline ({} strategy, x{}): {}",
                hook.strategy,
                scale.factor(),
                timeline.shape
            )
        })
        .unwrap_or_default();
    let mut values = Map::new();
    for (name, value) in &run.outcome.counts {
        values.insert((*name).to_owned(), Value::from(*value));
    }
    if let Some(order) = &run.outcome.order {
        values.insert("order".to_owned(), Value::from(order.as_str()));
    }
    let verdict = match check.violation() {
        None => "invariant holds".to_owned(),
        Some(why) => format!("INVARIANT VIOLATED: {why}"),
    };
    SideRun::Ran {
        observed: format!("{}; {verdict}{timeline}", scenario.outcome_in_words(&run.outcome)),
        holds: check.holds(),
        values,
        seconds: Some(run.elapsed.as_secs_f64()),
    }
}

/// The row's program as Python ran it, and what it measured about the seed's own errors
/// (`corrections`: a name of [`SeedProgram::seed_errors`] to a sentence).
pub struct PythonSide {
    pub run: SideRun,
    pub corrections: Map<String, Value>,
}

/// Run the row's program in `python` (`scripts/seeds.py <id> --time-scale <scale>`).
pub fn python_side(row: &SeedProgram, python: &str, scale: f64, timeout: Duration) -> SideRun {
    python_side_measured(row, python, scale, timeout).run
}

/// As [`python_side`], keeping the script's `corrections`.
pub fn python_side_measured(
    row: &SeedProgram,
    python: &str,
    scale: f64,
    timeout: Duration,
) -> PythonSide {
    let mut corrections = Map::new();
    let run = run_script(row, python, scale, timeout, &mut corrections);
    PythonSide { run, corrections }
}

fn run_script(
    row: &SeedProgram,
    python: &str,
    scale: f64,
    timeout: Duration,
    corrections: &mut Map<String, Value>,
) -> SideRun {
    let script = find_script("seeds.py");
    if !script.is_file() {
        return SideRun::NotRun { reason: format!("{} not found", script.display()) };
    }
    let mut command = Command::new(python);
    command.arg(&script).arg(row.id()).args(["--time-scale", &scale.to_string()]);
    let output = match output_within(command, timeout) {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return SideRun::NotRun { reason: format!("{python} is not on the PATH") };
        }
        Err(e) => return SideRun::Failed { reason: format!("{python}: {e}") },
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().last().unwrap_or("");
        return SideRun::Failed { reason: format!("{}: {last}", output.status) };
    }
    match serde_json::from_slice::<Map<String, Value>>(&output.stdout) {
        Ok(mut object) => {
            if let Some(Value::Object(said)) = object.remove("corrections") {
                *corrections = said;
            }
            from_script(row, object)
        }
        Err(e) => SideRun::Failed { reason: format!("unreadable output from seeds.py: {e}") },
    }
}

/// The row's seed errors, one sentence each, with what Python measured about each.
pub fn seed_errors(row: &SeedProgram, corrections: &Map<String, Value>) -> Vec<String> {
    row.seed_errors
        .iter()
        .map(|(name, says)| match corrections.get(*name).and_then(Value::as_str) {
            Some(measured) => format!("{says} (measured: {measured})"),
            None => (*says).to_owned(),
        })
        .collect()
}

/// Add what the row's scenario's Python twin saw at the row's size (e.g. the seeds' counter
/// without its lock) to what Python saw, where the Python side ran.
pub fn add_twin(row: &SeedProgram, python: &str, side: &mut SideRun) {
    let SideRun::Ran { observed, .. } = side else { return };
    let Ok((scenario, _, params)) = row.resolve() else { return };
    let Some(twin) = scenario.python_twin else { return };
    let run = crate::python::twin(python, &twin, params.threads, params.ops);
    *observed = format!("{observed}; without the lock ({}): {}", twin.runs, run.line());
}

/// The script's object as a side's run: its own check, words and time, and the values the
/// row compares.
fn from_script(row: &SeedProgram, object: Map<String, Value>) -> SideRun {
    let Some(holds) = object.get("holds").and_then(Value::as_bool) else {
        return SideRun::Failed { reason: "seeds.py gave no `holds`".to_owned() };
    };
    let values = row
        .compare
        .iter()
        .filter_map(|&key| object.get(key).map(|v| (key.to_owned(), v.clone())))
        .collect();
    SideRun::Ran {
        observed: object.get("observed").and_then(Value::as_str).unwrap_or("").to_owned(),
        holds,
        values,
        seconds: object.get("elapsed_s").and_then(Value::as_f64),
    }
}

/// The version of the interpreter `python`, or `None` where it cannot be started.
pub fn python_version(python: &str) -> Option<String> {
    let mut command = Command::new(python);
    command.args(["-c", "import platform; print(platform.python_version())"]);
    let output = output_within(command, Duration::from_secs(20)).ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds::table::SEED_PROGRAMS;

    #[test]
    fn every_rows_rust_run_holds_and_reports_every_compared_value() {
        for row in SEED_PROGRAMS {
            match rust_side(row, TimeScale::new(0.05).unwrap()) {
                SideRun::Ran { holds, values, observed, .. } => {
                    assert!(holds, "{}: {observed}", row.id());
                    for key in row.compare {
                        assert!(
                            values.contains_key(*key),
                            "{}: no `{key}` in {observed}",
                            row.id()
                        );
                    }
                }
                other => panic!("{}: {other:?}", row.id()),
            }
        }
    }

    #[test]
    fn the_seeds_own_errors_carry_what_python_measured_under_their_names() {
        let Some(_) = python_version("python3") else {
            eprintln!("python3 absent: not run");
            return;
        };
        for id in ["000-1", "000-3", "002-1"] {
            let row = SEED_PROGRAMS.iter().find(|r| r.id() == id).unwrap();
            let side = python_side_measured(row, "python3", 0.02, PYTHON_TIMEOUT);
            assert!(!side.corrections.is_empty(), "{id}: no corrections measured");
            for name in side.corrections.keys() {
                assert!(row.seed_errors.iter().any(|(n, _)| n == name), "{id}: `{name}`");
            }
            let said = seed_errors(row, &side.corrections);
            assert_eq!(said.len(), row.seed_errors.len());
            assert!(said.iter().any(|s| s.contains("(measured: ")), "{id}: {said:?}");
        }
    }

    #[test]
    fn a_missing_interpreter_reads_not_run() {
        let run = python_side(&SEED_PROGRAMS[0], "no-such-python-threadlab", 0.05, PYTHON_TIMEOUT);
        assert!(matches!(&run, SideRun::NotRun { reason } if reason.contains("not on the PATH")));
        assert_eq!(python_version("no-such-python-threadlab"), None);
    }

    #[test]
    fn the_script_reports_every_compared_value_when_python3_is_present() {
        let Some(_) = python_version("python3") else {
            eprintln!("python3 absent: not run");
            return;
        };
        for row in SEED_PROGRAMS.iter().filter(|r| r.seed == "003" || r.example == "3") {
            match python_side(row, "python3", 0.02, PYTHON_TIMEOUT) {
                SideRun::Ran { holds, values, observed, .. } => {
                    assert!(holds, "{}: {observed}", row.id());
                    assert_eq!(values.len(), row.compare.len(), "{}: {values:?}", row.id());
                }
                other => panic!("{}: {other:?}", row.id()),
            }
        }
    }
}
