//! The tiers beyond loom: the strategies' *real* code under Miri, ThreadSanitizer and
//! shuttle.
//!
//! Everything here is generic over [`scenarios::catalogue()`]: a tier runs each strategy's
//! `run` at a small size taken from its scenario (the loom size for Miri, the stress size
//! for ThreadSanitizer, the stress size at 8 threads for shuttle) and judges the outcome
//! with the scenario's own `check`. A new scenario is covered without new code here.
//!
//! Two runners do the running, inside the tool: the real-code runner ([`runner`]: under
//! Miri and under ThreadSanitizer) and the shuttle runner (`explore`, built with
//! `--cfg shuttle`). threadlab's own are the test targets `tests/real.rs` and
//! `tests/shuttle.rs`; a user crate's `threadlab_main!` binary answers them as `__real` and
//! `__shuttle` over its registered strategies. They print one [`ResultLine`] per run; the
//! [`tiers`] (started by the `threadlab-deep` binary, or by a user binary's `deep` command)
//! build and start them, read those lines and the tools' own reports, and write the verdict
//! files ([`threadlab_results::deep`]).

#[cfg(shuttle)]
pub mod explore;
pub mod runner;
pub mod tiers;

use scenarios::{Check, Params, Scenario, Strategy};
use serde::{Deserialize, Serialize};
pub use threadlab_results::wire::MarkerLine;

/// Every (scenario, strategy) pair of the catalogue, in catalogue order.
pub fn subjects() -> Vec<(&'static Scenario, &'static Strategy)> {
    scenarios::catalogue()
        .iter()
        .flat_map(|scenario| scenario.strategies.iter().map(move |s| (*scenario, s)))
        .collect()
}

/// The pairs named by `patterns` (`scenario` or `scenario/strategy`); all pairs if empty.
/// An unknown name is an error, not an empty selection.
pub fn select(patterns: &[String]) -> Result<Vec<(&'static Scenario, &'static Strategy)>, String> {
    if patterns.is_empty() {
        return Ok(subjects());
    }
    let mut chosen = Vec::new();
    for pattern in patterns {
        let (scenario, strategy) = match pattern.split_once('/') {
            Some((sc, st)) => (sc, Some(st)),
            None => (pattern.as_str(), None),
        };
        let scenario = scenarios::scenario(scenario).map_err(|e| e.to_string())?;
        match strategy {
            Some(name) => {
                chosen.push((scenario, scenario.strategy(name).map_err(|e| e.to_string())?))
            }
            None => chosen.extend(scenario.strategies.iter().map(|s| (scenario, s))),
        }
    }
    Ok(chosen)
}

/// The pairs of `universe` named by `patterns` (`scenario` or `scenario/strategy`); all of
/// them if empty. For a runner that knows its strategies without the catalogue (a user
/// binary's, which answers before it registers them); an unknown name is an error.
pub fn select_from(
    universe: &[(&'static Scenario, &'static Strategy)],
    patterns: &[String],
) -> Result<Vec<(&'static Scenario, &'static Strategy)>, String> {
    let mut chosen = Vec::new();
    for pattern in patterns {
        let (scenario, strategy) = match pattern.split_once('/') {
            Some((sc, st)) => (sc, Some(st)),
            None => (pattern.as_str(), None),
        };
        let before = chosen.len();
        chosen.extend(
            universe.iter().copied().filter(|(sc, st)| {
                sc.name == scenario && strategy.is_none_or(|name| st.name == name)
            }),
        );
        if chosen.len() == before {
            let known: Vec<String> =
                universe.iter().map(|(sc, st)| format!("{}/{}", sc.name, st.name)).collect();
            return Err(format!("no strategy `{pattern}` here (known: {})", known.join(", ")));
        }
    }
    if patterns.is_empty() {
        chosen = universe.to_vec();
    }
    Ok(chosen)
}

/// How big a run each tier makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The loom configuration: Miri interprets every instruction, so keep it tiny.
    Miri,
    /// The stress configuration: a native run, ThreadSanitizer costs 5-15x.
    Tsan,
    /// The stress configuration at 8 threads (beyond loom's limit of 4 spawned threads),
    /// where the scenario accepts that many; otherwise the stress configuration.
    Shuttle,
}

/// Threads the shuttle tier asks for.
pub const SHUTTLE_THREADS: usize = 8;

impl Size {
    /// The size of the tier named `name` (`miri`, `tsan`, `shuttle`).
    pub fn from_name(name: &str) -> Option<Size> {
        match name {
            "miri" => Some(Size::Miri),
            "tsan" => Some(Size::Tsan),
            "shuttle" => Some(Size::Shuttle),
            _ => None,
        }
    }

    /// The parameters a run at this size uses for `scenario`.
    pub fn params(self, scenario: &Scenario) -> Params {
        match self {
            Size::Miri => scenario.loom.params,
            Size::Tsan => scenario.stress.params,
            Size::Shuttle => {
                let wide = Params { threads: SHUTTLE_THREADS, ..scenario.stress.params };
                if scenario.validate(&wide).is_ok() { wide } else { scenario.stress.params }
            }
        }
    }
}

/// One run of one strategy, as a test target reports it on stdout (a [`MarkerLine`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultLine {
    pub scenario: String,
    pub strategy: String,
    pub outcome: String,
    /// `None` when the invariant held; else the check's explanation.
    pub violation: Option<String>,
    /// The check's kind of violation (`None` when the invariant held).
    #[serde(default)]
    pub kind: Option<scenarios::ViolationKind>,
}

impl ResultLine {
    pub fn new(
        scenario: &Scenario,
        strategy: &Strategy,
        outcome: &scenarios::Outcome,
        check: &Check,
    ) -> Self {
        ResultLine {
            scenario: scenario.name.to_owned(),
            strategy: strategy.name.to_owned(),
            outcome: outcome.to_string(),
            violation: check.violation().map(ToString::to_string),
            kind: check.violation().map(|v| v.kind),
        }
    }
}

impl MarkerLine for ResultLine {
    const MARKER: &'static str = "THREADLAB-DEEP-RESULT ";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_strategy_is_a_subject() {
        let total: usize = scenarios::catalogue().iter().map(|s| s.strategies.len()).sum();
        assert_eq!(subjects().len(), total);
    }

    #[test]
    fn selection_by_scenario_by_pair_and_unknown_names() {
        let all = select(&[]).unwrap();
        assert_eq!(all.len(), subjects().len());
        let one = select(&["shared_counter/atomic".to_owned()]).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].1.name, "atomic");
        let scenario = select(&["shared_counter".to_owned()]).unwrap();
        assert_eq!(scenario.len(), scenarios::scenario("shared_counter").unwrap().strategies.len());
        assert!(select(&["shared_counter/nope".to_owned()]).is_err());
        assert!(select(&["nope".to_owned()]).is_err());
    }

    #[test]
    fn selection_from_a_runners_own_strategies() {
        let counter = scenarios::scenario("shared_counter").unwrap();
        let universe: Vec<_> = counter.strategies[..2].iter().map(|s| (counter, s)).collect();
        let first = format!("shared_counter/{}", counter.strategies[0].name);
        assert_eq!(select_from(&universe, &[]).unwrap().len(), 2);
        assert_eq!(select_from(&universe, &["shared_counter".to_owned()]).unwrap().len(), 2);
        let one = select_from(&universe, &[first]).unwrap();
        assert_eq!(one[0].1.name, counter.strategies[0].name);
        let third = format!("shared_counter/{}", counter.strategies[2].name);
        let Err(refused) = select_from(&universe, &[third]) else { panic!("selected") };
        assert!(refused.contains("known: shared_counter/"), "{refused}");
    }

    #[test]
    fn shuttle_size_goes_beyond_loom_where_the_scenario_allows() {
        for scenario in scenarios::catalogue() {
            let params = Size::Shuttle.params(scenario);
            assert!(scenario.validate(&params).is_ok(), "{}", scenario.name);
            if scenario
                .validate(&Params { threads: SHUTTLE_THREADS, ..scenario.stress.params })
                .is_ok()
            {
                assert_eq!(params.threads, SHUTTLE_THREADS);
                assert!(params.threads > scenario.loom.params.threads);
            }
        }
    }

    #[test]
    fn result_lines_are_found_among_other_output() {
        let line = ResultLine {
            scenario: "s".into(),
            strategy: "t".into(),
            outcome: "total=3".into(),
            violation: Some("lost 1 of 4 updates (total 3)".into()),
            kind: Some(scenarios::ViolationKind::LostUpdate),
        };
        let output =
            format!("noise\n{}\nmore noise {}\n", line.to_line(), "THREADLAB-DEEP-RESULT {bad");
        assert_eq!(ResultLine::parse_all(&output), vec![line]);
    }
}

/// What the shuttle test target reports per scheduler (a [`MarkerLine`]); `threadlab-deep`
/// turns it into a verdict.
pub mod shuttle_report {
    use serde::{Deserialize, Serialize};
    use threadlab_results::wire::MarkerLine;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct SchedulerReport {
        /// `random` or `pct`.
        pub scheduler: String,
        pub flags: String,
        pub threads: usize,
        pub ops: usize,
        pub limit: usize,
        /// Executions shuttle ran (the failing one included).
        pub executions: u64,
        /// The panic that ended the exploration: a broken invariant, a deadlock, a step limit.
        pub failure: Option<String>,
        /// Where the failing schedule was saved.
        pub schedule_file: Option<String>,
        pub seconds: f64,
    }

    impl MarkerLine for SchedulerReport {
        const MARKER: &'static str = "THREADLAB-DEEP-SHUTTLE ";
    }
}
