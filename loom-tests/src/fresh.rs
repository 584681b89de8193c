//! A strategy's verdict before loom has run: what it is expected to show, how loom models
//! it, at which size and bound, and where the result comes from. The loom check fills in
//! what it found; the isolating runner fills in how the check died when it did.

use scenarios::{LoomModel, Scenario, Strategy};
use threadlab_results::loom::{LoomVerdict, ModelKind, Verdict};
use threadlab_results::provenance::locked_version;
use threadlab_results::{Expected, Provenance};

/// loom's version when `Cargo.lock` cannot be read.
pub const LOOM_VERSION: &str = "0.7";

/// `strategy`'s verdict with nothing explored yet: `NotModelled`, no executions, and, for a
/// strategy loom does not explore at this size, no preemption bound.
pub fn blank(scenario: &Scenario, strategy: &Strategy) -> LoomVerdict {
    let params = scenario.loom.params;
    let mut bound = scenario.loom.preemption_bound;
    let (kind, model) = match strategy.loom {
        LoomModel::Real | LoomModel::RealUnshared { .. } => (ModelKind::Real, "real".to_owned()),
        LoomModel::RealBounded { preemptions, why } => {
            bound = Some(preemptions);
            (ModelKind::RealBounded, format!("real, preemption bound {preemptions}: {why}"))
        }
        LoomModel::StandIn(what) => (ModelKind::StandIn, format!("stand-in: {what}")),
        LoomModel::NotModelled(why) => (ModelKind::NotModelled, format!("not modelled: {why}")),
        LoomModel::BeyondSearch(why) => (ModelKind::BeyondSearch, format!("not modelled: {why}")),
    };
    if kind.explores_nothing() {
        bound = None; // nothing is explored, so no bound applies
    }
    LoomVerdict {
        scenario: scenario.name.to_owned(),
        strategy: strategy.name.to_owned(),
        expectation: strategy.expectation.to_string(),
        expected: Some(Expected::from_kind(strategy.expectation.violation_kind())),
        verdict: Verdict::NotModelled,
        model,
        model_kind: Some(kind),
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        preemption_bound: bound,
        executions: 0,
        seconds: 0.0,
        violation: None,
        violation_kind: None,
        blocked: Vec::new(),
        loom_version: LOOM_VERSION.to_owned(),
        ignored_env: crate::search::ignored_environment(),
        provenance: Some(provenance(scenario, strategy)),
        counter_example: None,
    }
}

/// Where this verdict comes from: loom's version, and the code built into this test binary.
pub fn provenance(scenario: &Scenario, strategy: &Strategy) -> Provenance {
    let workspace = threadlab_results::paths::current_workspace();
    let version = workspace.as_deref().and_then(|w| locked_version(w, "loom"));
    Provenance::record(
        workspace.as_deref(),
        "loom",
        version.as_deref().unwrap_or(LOOM_VERSION),
        scenario.built_source_hash(strategy),
        Default::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_strategy_gets_its_typed_model_and_expectation() {
        for scenario in scenarios::catalogue() {
            for strategy in scenario.strategies {
                let verdict = blank(scenario, strategy);
                let kind = verdict.model_kind.unwrap();
                assert_eq!(
                    kind == ModelKind::StandIn,
                    matches!(strategy.loom, LoomModel::StandIn(_)),
                    "{}/{}",
                    scenario.name,
                    strategy.name
                );
                if kind.explores_nothing() {
                    assert_eq!(verdict.preemption_bound, None);
                }
                let expected = verdict.expected.unwrap();
                assert_eq!(expected.kind(), strategy.expectation.violation_kind());
            }
        }
    }
}
