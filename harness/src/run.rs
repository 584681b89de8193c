//! `threadlab run`: one strategy, once, for real, judged by the scenario's own check.

use serde::Serialize;
use threadlab_results::ResultFile;

use scenarios::{LoomModel, Outcome, Params, Scenario, Strategy, TimeScale, Timeline};

use crate::selection::Resolved;

mod held_stderr;
mod speedup;
mod verdict;

pub use speedup::{PYTHON_REPEATS, SUMMARY_REPEATS, SpeedupReport};

/// The most lines of a strategy's own stderr writes the text shows (the seeds' sizes fit).
const SHOWN_STDERR_LINES: usize = 20;

/// Everything one run observed, as printed by `threadlab run --json`.
#[derive(Debug, Serialize)]
pub struct RunReport {
    pub scenario: &'static str,
    pub strategy: &'static str,
    /// `correct`, or `broken` for a strategy that is wrong on purpose.
    pub expectation: &'static str,
    pub preset: Option<&'static str>,
    pub threads: usize,
    pub ops: usize,
    pub limit: usize,
    pub outcome: Outcome,
    /// The outcome as the text prints it: in the scenario's words.
    #[serde(skip)]
    pub outcome_in_words: String,
    pub invariant_holds: bool,
    pub violation: Option<String>,
    /// For a Broken strategy whose bug did not show in this run: that it was not seen, and
    /// the command that shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bug_not_seen: Option<String>,
    /// Wall time of the timed region (workers released to last finish), in nanoseconds.
    pub elapsed_ns: u128,
    /// What the strategy wrote to the real stderr while it ran (held back and shown in its
    /// own block), where it wrote anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrote_to_stderr: Option<String>,
    /// The factor on the seeds' sleeps this run used, where it used one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_scale: Option<TimeScale>,
    /// The seed program's timeline, where the scenario has one and the run asked for the
    /// seeds' timing (a preset or `--time-scale`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
    /// The scenario's Python twin, run beside this strategy (see [`scenarios::PythonTwin`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub python_twin: Option<TwinReport>,
}

pub fn run_once(
    scenario: &'static Scenario,
    strategy: &'static Strategy,
    params: &Params,
    preset: Option<&'static str>,
) -> RunReport {
    let ((run, check), wrote_to_stderr) =
        held_stderr::held(|| scenario.run_checked(strategy, params));
    let violation = check.violation().map(ToString::to_string);
    let bug_not_seen = (violation.is_none() && strategy.expectation.is_broken())
        .then(|| bug_not_seen(scenario, strategy));
    RunReport {
        scenario: scenario.name,
        strategy: strategy.name,
        expectation: strategy.expectation.word(),
        preset,
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        outcome_in_words: scenario.outcome_in_words(&run.outcome),
        outcome: run.outcome,
        invariant_holds: violation.is_none(),
        violation,
        bug_not_seen,
        elapsed_ns: run.elapsed.as_nanos(),
        wrote_to_stderr,
        time_scale: None,
        timeline: None,
        python_twin: None,
    }
}

/// What a Broken strategy's clean run says: the bug was not seen, and where it is shown (loom's
/// counter-example where loom checks the strategy, else a stress run that counts it).
pub fn bug_not_seen(scenario: &Scenario, strategy: &Strategy) -> String {
    let (s, t) = (scenario.name, strategy.name);
    match strategy.loom {
        LoomModel::NotModelled(_) | LoomModel::BeyondSearch(_) => format!(
            "bug not seen in this run; a stress run counts how often it shows: `threadlab \
             stress {s} --strategy {t}`"
        ),
        _ => format!("bug not seen in this run; loom shows it: `threadlab explain {s}/{t}`"),
    }
}

/// A scenario's Python twin as run beside a strategy.
#[derive(Debug, Serialize)]
pub struct TwinReport {
    pub beside: &'static str,
    pub runs: &'static str,
    pub python: crate::python::PythonRun,
}

impl TwinReport {
    /// `python beside unsync, what it runs: what it showed`, then the script's own table.
    pub fn to_text(&self) -> String {
        let mut text =
            format!("python beside {}, {}:\n  {}", self.beside, self.runs, self.python.line());
        for line in self.python.detail() {
            text = format!("{text}\n  {line}");
        }
        text
    }
}

/// The seed program's timeline, where the scenario has one for the preset named and a time
/// scale is in force.
pub fn timeline(scenario: &Scenario, resolved: &Resolved) -> Option<Timeline> {
    let (hook, scale, preset) = (scenario.timing.timeline?, resolved.scale?, resolved.preset?);
    hook.presets.contains(&preset.name).then(|| (hook.run)(&resolved.params, scale, preset.name))
}

/// What `threadlab run` prints (as JSON and as text), and whether every Correct strategy
/// held its invariant.
pub struct Printed {
    pub json: String,
    pub text: String,
    pub correct_held: bool,
}

/// `threadlab run`: one strategy or all of them, then the seed program's timeline where
/// there is one.
pub fn command(
    scenario: &'static Scenario,
    strategy: Option<&'static Strategy>,
    resolved: &Resolved,
) -> serde_json::Result<Printed> {
    let (params, scale) = (&resolved.params, resolved.scale);
    let preset = resolved.preset.map(|p| p.name);
    let timeline = timeline(scenario, resolved);
    let twin = scenario
        .python_twin
        .filter(|twin| strategy.is_none_or(|s| s.name == twin.beside))
        .map(|twin| TwinReport {
            beside: twin.beside,
            runs: twin.runs,
            python: crate::python::twin("python3", &twin, params.threads, params.ops),
        });
    Ok(match strategy {
        Some(strategy) => {
            let mut report = run_once(scenario, strategy, params, preset);
            (report.time_scale, report.timeline, report.python_twin) = (scale, timeline, twin);
            let correct_held = report.invariant_holds || strategy.expectation.is_broken();
            Printed {
                json: serde_json::to_string_pretty(&report)?,
                text: report.to_text(),
                correct_held,
            }
        }
        None => {
            let mut report = run_scenario(scenario, params, preset);
            if let Some(summary) = &report.speedups {
                // The report reads the verdict from this file; failing to write it costs
                // only the report's copy, so it is a warning, not a failed run.
                let written = threadlab_results::check_results_root()
                    .and_then(|root| summary.verdict.write_under(&root).map_err(|e| e.to_string()));
                if let Err(e) = written {
                    eprintln!("threadlab: warning: cannot write the speedup verdict: {e}");
                }
            }
            (report.time_scale, report.timeline, report.python_twin) = (scale, timeline, twin);
            let correct_held = report.correct_strategies_hold;
            Printed {
                json: serde_json::to_string_pretty(&report)?,
                text: report.to_text(),
                correct_held,
            }
        }
    })
}

/// Every strategy of a scenario, once each: `threadlab run <scenario>` without `--strategy`.
#[derive(Debug, Serialize)]
pub struct ScenarioReport {
    pub scenario: &'static str,
    pub preset: Option<&'static str>,
    pub threads: usize,
    pub ops: usize,
    pub limit: usize,
    pub runs: Vec<RunReport>,
    /// Whether every Correct strategy held its invariant (Broken ones may violate it).
    pub correct_strategies_hold: bool,
    /// Where the scenario asks for one ([`Scenario::speedup_summary`]):
    /// speedups over sequential, and the same job in Python.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedups: Option<SpeedupReport>,
    /// As in [`RunReport`]: the seeds' time scale and the seed program's timeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_scale: Option<TimeScale>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub python_twin: Option<TwinReport>,
}

pub fn run_scenario(
    scenario: &'static Scenario,
    params: &Params,
    preset: Option<&'static str>,
) -> ScenarioReport {
    // How busy the machine is over the whole run, for the speedup verdict.
    let sampler = speedup::Sampler::start();
    let runs: Vec<RunReport> =
        scenario.strategies.iter().map(|s| run_once(scenario, s, params, preset)).collect();
    let correct_strategies_hold = runs
        .iter()
        .zip(scenario.strategies)
        .all(|(r, s)| r.invariant_holds || s.expectation.is_broken());
    let speedups = scenario
        .speedup_summary
        .map(|summary| speedup::report(scenario, summary, params, &runs, sampler));
    ScenarioReport {
        scenario: scenario.name,
        preset,
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        runs,
        correct_strategies_hold,
        speedups,
        time_scale: None,
        timeline: None,
        python_twin: None,
    }
}

impl ScenarioReport {
    pub fn to_text(&self) -> String {
        let mut text: Vec<String> = self.runs.iter().map(RunReport::to_text).collect();
        if let Some(summary) = &self.speedups {
            text.push(summary.to_text(self.threads));
        }
        if let Some(timeline) = &self.timeline {
            text.push(timeline.to_text());
        }
        if let Some(twin) = &self.python_twin {
            text.push(twin.to_text());
        }
        text.join("\n\n")
    }
}

impl RunReport {
    /// The human-readable form: one line of parameters, one of outcome, one of verdict.
    pub fn to_text(&self) -> String {
        let verdict = match (&self.violation, &self.bug_not_seen) {
            (None, Some(not_seen)) => format!("invariant holds: {not_seen}"),
            (None, None) => "invariant holds".to_owned(),
            (Some(why), _) => format!("INVARIANT VIOLATED: {why}"),
        };
        let broken = if self.expectation == "broken" { " (broken on purpose)" } else { "" };
        let mut text = format!(
            "{}/{}{broken}: {} threads x {} ops{}{}\noutcome: {}\n{verdict}\ntimed region: {:.3} ms",
            self.scenario,
            self.strategy,
            self.threads,
            self.ops,
            self.preset.map(|p| format!(" (preset {p})")).unwrap_or_default(),
            self.time_scale.map(|s| format!(" (seed times {s})")).unwrap_or_default(),
            self.outcome_in_words,
            self.elapsed_ns as f64 / 1e6,
        );
        if let Some(written) = &self.wrote_to_stderr {
            let lines: Vec<&str> = written.lines().collect();
            let shown: Vec<String> =
                lines.iter().take(SHOWN_STDERR_LINES).map(|l| format!("  {l}")).collect();
            let rest = lines.len().saturating_sub(SHOWN_STDERR_LINES);
            let more = if rest > 0 {
                format!("\n  ... {rest} more (all in --json)")
            } else {
                String::new()
            };
            text = format!(
                "{text}\nwritten to the real stderr while it ran ({} line(s), held back by `run` \
                 and shown here):\n{}{more}",
                lines.len(),
                shown.join("\n")
            );
        }
        if let Some(timeline) = &self.timeline {
            text = format!("{text}\n\n{}", timeline.to_text());
        }
        if let Some(twin) = &self.python_twin {
            text = format!("{text}\n\n{}", twin.to_text());
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_run_covers_every_strategy_and_io_vs_cpu_reports_speedups() {
        let scenario = scenarios::scenario("io_vs_cpu").unwrap();
        let params = Params { threads: 2, ops: 2, limit: 1 };
        let report = run_scenario(scenario, &params, None);
        assert_eq!(report.runs.len(), scenario.strategies.len());
        assert!(report.correct_strategies_hold);
        let summary = report.speedups.as_ref().expect("io_vs_cpu has a summary");
        assert_eq!(summary.speedups.len(), scenario.strategies.len());
        assert!(summary.rust_threads_speedup.is_some_and(|x| x > 0.0));
        assert!(summary.repeats_hold);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(summary.verdict.cores, cores);
        assert!(
            summary.verdict.line.contains(&format!("{cores} cores")),
            "{}",
            summary.verdict.line
        );
        assert!(summary.verdict.noise.seconds > 0.0);
        match &summary.python {
            crate::python::PythonRun::Ran { .. } => {
                assert!(summary.python_threads_speedup.is_some());
                assert!(summary.python_processes_speedup.is_some());
                assert_eq!(summary.python_same_checksum, Some(true));
            }
            _ => assert!(summary.python_threads_speedup.is_none()),
        }
        let json = serde_json::to_value(&report).unwrap();
        assert!(json["speedups"]["rust_threads_speedup"].is_number());
    }

    #[test]
    fn a_scenario_run_of_another_scenario_has_no_io_vs_cpu_summary() {
        let scenario = scenarios::scenario("timer").unwrap();
        let params = Params { threads: 2, ops: 1, limit: 2 };
        let report = run_scenario(scenario, &params, None);
        assert!(report.speedups.is_none());
        assert!(report.runs.iter().all(|r| r.outcome.order.as_deref().is_some()));
    }

    #[test]
    fn a_correct_run_reports_the_expected_total_and_holds() {
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let params = Params { threads: 2, ops: 1000, limit: 0 };
        let report = run_once(scenario, scenario.strategy("atomic").unwrap(), &params, None);
        assert!(report.invariant_holds);
        assert_eq!(report.outcome.get("total"), Some(2000));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["outcome"]["total"], 2000);
        assert_eq!(json["invariant_holds"], true);
        assert!(json.get("bug_not_seen").is_none());
    }

    #[test]
    fn a_broken_run_whose_bug_did_not_show_says_so_and_how_to_see_it() {
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let params = Params { threads: 1, ops: 10, limit: 0 };
        let report = run_once(scenario, scenario.strategy("unsync").unwrap(), &params, None);
        assert!(report.invariant_holds, "one thread cannot lose an update");
        let text = report.to_text();
        assert!(
            text.contains(
                "bug not seen in this run; loom shows it: `threadlab explain \
                 shared_counter/unsync`"
            ),
            "{text}"
        );
    }
}
