//! What loom must conclude about each catalogue strategy, decided from its expectation and
//! loom model alone, and the test of a verdict against it. Used by the generated test
//! target `tests/verdicts.rs`; plain code, so it is tested in the ordinary build too.

use scenarios::{Expectation, LoomModel, Scenario, Strategy};
use threadlab_results::loom::{LoomVerdict, ModelKind, Verdict};
use threadlab_results::violation::ViolationKind;

/// The verdict a strategy must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Correct and modelled: proved, in at least `min_executions` executions (more than one
    /// unless the strategy's threads share nothing, when loom rightly needs only one).
    Proved { min_executions: u64, stand_in: bool },
    /// Broken: refuted, with a finding of this kind.
    Refuted(ViolationKind),
    /// Not modelled, for this reason (which the verdict must carry).
    NotModelled(&'static str),
}

impl Expected {
    pub fn of(strategy: &Strategy) -> Expected {
        match (strategy.loom, strategy.expectation) {
            (LoomModel::NotModelled(why) | LoomModel::BeyondSearch(why), _) => {
                Expected::NotModelled(why)
            }
            (_, Expectation::Broken { kind, .. }) => Expected::Refuted(kind),
            (LoomModel::RealUnshared { .. }, Expectation::Correct) => {
                Expected::Proved { min_executions: 1, stand_in: false }
            }
            (LoomModel::StandIn(_), Expectation::Correct) => {
                Expected::Proved { min_executions: 2, stand_in: true }
            }
            (LoomModel::Real | LoomModel::RealBounded { .. }, Expectation::Correct) => {
                Expected::Proved { min_executions: 2, stand_in: false }
            }
        }
    }

    /// `Ok` if `verdict` is what this expectation asks for, else what is wrong with it.
    pub fn judge(self, verdict: &LoomVerdict) -> Result<(), String> {
        let fail = |what: String| {
            let found = verdict.violation.as_deref().unwrap_or("no violation recorded");
            Err(format!("{what} ({found})"))
        };
        match self {
            Expected::Proved { min_executions, stand_in } => {
                if verdict.verdict != Verdict::Proved {
                    return fail(format!("expected proved, got {:?}", verdict.verdict));
                }
                if verdict.executions < min_executions {
                    return fail(format!(
                        "loom explored only {} executions (at least {min_executions} needed)",
                        verdict.executions
                    ));
                }
                if stand_in && verdict.model_kind != Some(ModelKind::StandIn) {
                    return fail("a stand-in's verdict must say it was one".to_owned());
                }
                Ok(())
            }
            Expected::Refuted(kind) => {
                if verdict.verdict != Verdict::Refuted {
                    return fail(format!("expected refuted ({kind}), got {:?}", verdict.verdict));
                }
                if verdict.violation_kind != Some(kind) {
                    return fail(format!(
                        "expected a {kind}, loom found {:?}",
                        verdict.violation_kind
                    ));
                }
                // A counter-example that needs a weak-memory read says so: a reader must not
                // take it for a plain interleaving.
                if let Some(example) = &verdict.counter_example {
                    let stale = example
                        .trace
                        .iter()
                        .any(|s| s.value.as_deref().is_some_and(|v| v.contains("(stale")));
                    let said = example.note.as_deref().is_some_and(|n| n.contains("weak memory"));
                    if stale && !said {
                        return fail(
                            "a counter-example with a stale read must say it needs weak memory"
                                .to_owned(),
                        );
                    }
                }
                Ok(())
            }
            Expected::NotModelled(why) => {
                if verdict.verdict != Verdict::NotModelled {
                    return fail(format!("expected not modelled, got {:?}", verdict.verdict));
                }
                if !verdict.model_kind.is_some_and(ModelKind::explores_nothing) {
                    return fail("a not-modelled verdict must be typed so".to_owned());
                }
                if why.is_empty() || !verdict.model.contains(why) {
                    return fail("a not-modelled verdict must give its reason".to_owned());
                }
                Ok(())
            }
        }
    }
}

/// The test's name, by which it is selected (`--exact shared_counter/channel`):
/// `scenario/strategy`.
pub fn trial_id(scenario: &Scenario, strategy: &Strategy) -> String {
    format!("{}/{}", scenario.name, strategy.name)
}

/// The test's kind, shown before its name: the verdict matrix's cell, e.g. `refuted: lost
/// update` or `proved (stand-in)`.
pub fn matrix_cell(strategy: &Strategy) -> String {
    match Expected::of(strategy) {
        Expected::Proved { stand_in: true, .. } => "proved (stand-in)".to_owned(),
        Expected::Proved { .. } => "proved".to_owned(),
        Expected::Refuted(kind) => format!("refuted: {kind}"),
        Expected::NotModelled(_) => "not modelled".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(verdict: Verdict, kind: Option<ViolationKind>, model: &str) -> LoomVerdict {
        let model_kind = match model.split(':').next() {
            Some("stand-in") => ModelKind::StandIn,
            Some("not modelled") => ModelKind::NotModelled,
            _ => ModelKind::Real,
        };
        LoomVerdict {
            scenario: "s".into(),
            strategy: "t".into(),
            expectation: "correct".into(),
            expected: None,
            verdict,
            model: model.into(),
            model_kind: Some(model_kind),
            threads: 2,
            ops: 1,
            limit: 0,
            preemption_bound: None,
            executions: 5,
            seconds: 0.1,
            violation: kind.map(|k| k.to_string()),
            violation_kind: kind,
            blocked: Vec::new(),
            loom_version: "0.7".into(),
            ignored_env: Vec::new(),
            provenance: None,
            counter_example: None,
        }
    }

    #[test]
    fn a_refutation_counts_only_with_the_lessons_kind() {
        let expected = Expected::Refuted(ViolationKind::LostUpdate);
        let right = verdict(Verdict::Refuted, Some(ViolationKind::LostUpdate), "real");
        assert!(expected.judge(&right).is_ok());
        let other = verdict(Verdict::Refuted, Some(ViolationKind::DataRace), "real");
        assert!(expected.judge(&other).is_err());
        let missed = verdict(Verdict::BugNotFound, None, "real");
        assert!(expected.judge(&missed).is_err());
    }

    #[test]
    fn a_proof_needs_executions_and_a_stand_in_label() {
        let stand_in = Expected::Proved { min_executions: 2, stand_in: true };
        assert!(stand_in.judge(&verdict(Verdict::Proved, None, "stand-in: x")).is_ok());
        assert!(stand_in.judge(&verdict(Verdict::Proved, None, "real")).is_err());
        let mut said_only = verdict(Verdict::Proved, None, "stand-in: x");
        said_only.model_kind = None;
        assert!(stand_in.judge(&said_only).is_err(), "the typed field decides, not the text");
        let mut once = verdict(Verdict::Proved, None, "real");
        once.executions = 1;
        assert!(Expected::Proved { min_executions: 2, stand_in: false }.judge(&once).is_err());
        assert!(Expected::Proved { min_executions: 1, stand_in: false }.judge(&once).is_ok());
    }

    #[test]
    fn a_not_modelled_verdict_carries_its_reason() {
        let expected = Expected::NotModelled("rayon's pool");
        let said = verdict(Verdict::NotModelled, None, "not modelled: rayon's pool");
        assert!(expected.judge(&said).is_ok());
        assert!(expected.judge(&verdict(Verdict::NotModelled, None, "not modelled")).is_err());
    }

    #[test]
    fn every_catalogue_strategy_gets_a_distinct_id_and_its_matrix_cell() {
        let mut ids = std::collections::BTreeSet::new();
        for scenario in scenarios::catalogue() {
            for strategy in scenario.strategies {
                assert!(ids.insert(trial_id(scenario, strategy)));
            }
        }
        assert!(ids.contains("shared_counter/unsync"), "{ids:?}");
        let counter = scenarios::scenario("shared_counter").unwrap();
        assert_eq!(matrix_cell(counter.strategy("unsync").unwrap()), "refuted: lost update");
        let pool = scenarios::scenario("thread_pool").unwrap();
        assert_eq!(matrix_cell(pool.strategy("spawn_per_task").unwrap()), "proved");
    }
}
