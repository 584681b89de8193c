//! `threadlab run`: one strategy, once, for real, judged by the scenario's own check.

use serde::Serialize;

use scenarios::{Check, Expectation, Outcome, Params, Scenario, Strategy};

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
    pub invariant_holds: bool,
    pub violation: Option<String>,
    /// Wall time of the timed region (workers released to last finish), in nanoseconds.
    pub elapsed_ns: u128,
}

pub fn run_once(
    scenario: &'static Scenario,
    strategy: &'static Strategy,
    params: &Params,
    preset: Option<&'static str>,
) -> RunReport {
    let (run, check) = scenario.run_checked(strategy, params);
    let violation = match check {
        Check::Holds => None,
        Check::Violated(why) => Some(why),
    };
    RunReport {
        scenario: scenario.name,
        strategy: strategy.name,
        expectation: expectation_word(&strategy.expectation),
        preset,
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        outcome: run.outcome,
        invariant_holds: violation.is_none(),
        violation,
        elapsed_ns: run.elapsed.as_nanos(),
    }
}

pub fn expectation_word(expectation: &Expectation) -> &'static str {
    match expectation {
        Expectation::Correct => "correct",
        Expectation::Broken { .. } => "broken",
    }
}

impl RunReport {
    /// The human-readable form: one line of parameters, one of outcome, one of verdict.
    pub fn to_text(&self) -> String {
        let verdict = match &self.violation {
            None => "invariant holds".to_owned(),
            Some(why) => format!("INVARIANT VIOLATED: {why}"),
        };
        let broken = if self.expectation == "broken" { " (broken on purpose)" } else { "" };
        format!(
            "{}/{}{broken}: {} threads x {} ops{}\noutcome: {}\n{verdict}\ntimed region: {:.3} ms",
            self.scenario,
            self.strategy,
            self.threads,
            self.ops,
            self.preset.map(|p| format!(" (preset {p})")).unwrap_or_default(),
            self.outcome,
            self.elapsed_ns as f64 / 1e6,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
