//! Run one strategy under loom and decide its verdict.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use scenarios::{Check, LoomModel, Outcome, Params, Scenario, Strategy, ViolationKind};

use threadlab_results::Provenance;
use threadlab_results::loom::{LoomVerdict, Verdict, loom_results_dir};
use threadlab_results::provenance::locked_version;

use crate::classify::{classify, is_loom_limit};

/// loom's version when `Cargo.lock` cannot be read.
const LOOM_VERSION: &str = "0.7";

/// Model-check `strategy` at its scenario's loom configuration, write the verdict file, and
/// return the verdict.
pub fn verify(scenario: &'static Scenario, strategy: &'static Strategy) -> LoomVerdict {
    let params = scenario.loom.params;
    let mut bound = scenario.loom.preemption_bound;
    let mut verdict = LoomVerdict {
        scenario: scenario.name.to_owned(),
        strategy: strategy.name.to_owned(),
        expectation: strategy.expectation.to_string(),
        verdict: Verdict::NotModelled,
        model: String::new(),
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        preemption_bound: bound,
        executions: 0,
        seconds: 0.0,
        violation: None,
        violation_kind: None,
        loom_version: LOOM_VERSION.to_owned(),
        ignored_env: crate::search::ignored_environment(),
        provenance: Some(provenance(scenario, strategy)),
        counter_example: None,
    };

    verdict.model = match strategy.loom {
        LoomModel::Real | LoomModel::RealUnshared { .. } => "real".to_owned(),
        LoomModel::RealBounded { preemptions, why } => {
            bound = Some(preemptions);
            format!("real, preemption bound {preemptions}: {why}")
        }
        LoomModel::StandIn(what) => format!("stand-in: {what}"),
        LoomModel::NotModelled(why) | LoomModel::BeyondSearch(why) => {
            verdict.model = format!("not modelled: {why}");
            verdict.preemption_bound = None; // nothing was explored, so no bound applies
            write(&verdict);
            return verdict;
        }
    };

    verdict.preemption_bound = bound;
    let executions = Arc::new(AtomicU64::new(0));
    // The kind the scenario's check reported in the execution under way (reset per
    // execution, so after a failure it is the failing one's).
    let reported: Arc<Mutex<Option<ViolationKind>>> = Arc::default();
    let expected_kind = strategy.expectation.violation_kind();
    let mut builder = crate::search::builder(bound);
    // A refutation stops at its first failure, so naming source lines costs it little; a
    // proof never tracks them. With it, a deadlock names where each thread is blocked.
    builder.location = expected_kind.is_some();
    let (run, check) = (strategy.run, scenario.check);
    let (counter, slot) = (executions.clone(), reported.clone());
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        builder.check(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            *slot.lock().unwrap() = None;
            let outcome = run(&params).outcome;
            if let Check::Violated(violation) = check(&params, &outcome) {
                *slot.lock().unwrap() = Some(violation.kind);
                panic!("invariant violated: {violation} [{outcome}]");
            }
        })
    }));
    verdict.seconds = started.elapsed().as_secs_f64();
    verdict.executions = executions.load(Ordering::Relaxed);

    verdict.verdict = match result {
        Ok(()) if expected_kind.is_none() => Verdict::Proved,
        Ok(()) => Verdict::BugNotFound,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            let kind = classify(*reported.lock().unwrap_or_else(|e| e.into_inner()), &message);
            let limit = is_loom_limit(&message);
            verdict.violation = Some(message);
            verdict.violation_kind = kind;
            match expected_kind {
                // loom gave up on the model: no verdict either way.
                _ if limit => Verdict::Error,
                None => Verdict::UnexpectedViolation,
                Some(expected) if kind == Some(expected) => Verdict::Refuted,
                Some(_) => Verdict::UnexpectedFinding,
            }
        }
    };
    if let (Verdict::Refuted, Some(kind)) = (verdict.verdict, expected_kind) {
        let dir = loom_results_dir();
        verdict.counter_example =
            crate::counter_example::smallest(scenario, strategy, params, bound, kind, &dir);
    }
    write(&verdict);
    verdict
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

fn write(verdict: &LoomVerdict) {
    let dir = loom_results_dir();
    if let Err(e) = verdict.write_to(&dir) {
        panic!("cannot write the loom verdict to {}: {e}", dir.display());
    }
}

pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "loom panicked with a non-text payload".to_owned()
    }
}

/// Every distinct outcome loom reaches for `strategy` at `params` (under the strategy's
/// bound, or the scenario's), with the number of executions explored. For questions
/// `verify` does not ask: which orders are possible, and how many; whether both sides of a
/// race are actually reached. Writes no verdict file.
pub fn reachable_outcomes(
    scenario: &Scenario,
    strategy: &Strategy,
    params: Params,
) -> (std::collections::HashSet<Outcome>, u64) {
    let builder = crate::search::builder(match strategy.loom {
        LoomModel::RealBounded { preemptions, .. } => Some(preemptions),
        _ => scenario.loom.preemption_bound,
    });
    let seen = Arc::new(Mutex::new(std::collections::HashSet::new()));
    let executions = Arc::new(AtomicU64::new(0));
    let (run, into, counter) = (strategy.run, seen.clone(), executions.clone());
    builder.check(move || {
        counter.fetch_add(1, Ordering::Relaxed);
        let outcome = run(&params).outcome;
        into.lock().unwrap().insert(outcome);
    });
    let outcomes = seen.lock().unwrap().clone();
    (outcomes, executions.load(Ordering::Relaxed))
}
