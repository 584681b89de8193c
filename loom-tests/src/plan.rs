//! What loom must conclude about each catalogue strategy, decided from its expectation and
//! loom model alone, and the test of a verdict against it. Used by the generated test
//! target `tests/verdicts.rs`; plain code, so it is tested in the ordinary build too.

use scenarios::{Expectation, LoomModel, Scenario, Strategy};
use threadlab_results::loom::{LoomVerdict, Verdict};
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
        let fail = |what: String| Err(format!("{what}: {verdict:?}"));
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
                if stand_in && !verdict.model.starts_with("stand-in") {
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
                Ok(())
            }
            Expected::NotModelled(why) => {
                if verdict.verdict != Verdict::NotModelled {
                    return fail(format!("expected not modelled, got {:?}", verdict.verdict));
                }
                if why.is_empty() || !verdict.model.contains(why) {
                    return fail("a not-modelled verdict must give its reason".to_owned());
                }
                Ok(())
            }
        }
    }
}

/// The test's name: the verdict matrix's cell, e.g. `shared_counter/unsync refuted: lost
/// update` or `event/channel proved (stand-in)`.
pub fn trial_name(scenario: &Scenario, strategy: &Strategy) -> String {
    let cell = match Expected::of(strategy) {
        Expected::Proved { stand_in: true, .. } => "proved (stand-in)".to_owned(),
        Expected::Proved { .. } => "proved".to_owned(),
        Expected::Refuted(kind) => format!("refuted: {kind}"),
        Expected::NotModelled(_) => "not modelled".to_owned(),
    };
    format!("{}/{} {cell}", scenario.name, strategy.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(verdict: Verdict, kind: Option<ViolationKind>, model: &str) -> LoomVerdict {
        LoomVerdict {
            scenario: "s".into(),
            strategy: "t".into(),
            expectation: "correct".into(),
            verdict,
            model: model.into(),
            threads: 2,
            ops: 1,
            limit: 0,
            preemption_bound: None,
            executions: 5,
            seconds: 0.1,
            violation: kind.map(|k| k.to_string()),
            violation_kind: kind,
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
    fn every_catalogue_strategy_gets_a_distinct_matrix_cell() {
        let mut names = std::collections::BTreeSet::new();
        for scenario in scenarios::catalogue() {
            for strategy in scenario.strategies {
                assert!(names.insert(trial_name(scenario, strategy)));
            }
        }
        assert!(names.contains("shared_counter/unsync refuted: lost update"), "{names:?}");
        assert!(names.contains("thread_pool/spawn_per_task proved"), "{names:?}");
    }
}
