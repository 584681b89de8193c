//! Run one strategy under loom and decide its verdict.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use scenarios::{Check, Expectation, LoomModel};

use threadlab_results::loom::{LoomVerdict, Verdict, loom_results_dir};

const LOOM_VERSION: &str = "0.7";

/// Model-check `scenario`/`strategy` at the scenario's loom configuration, write the verdict
/// file, and return the verdict. Panics only on an unknown name.
pub fn verify(scenario: &str, strategy: &str) -> LoomVerdict {
    let scenario = scenarios::scenario(scenario).unwrap_or_else(|e| panic!("{e}"));
    let strategy = scenario.strategy(strategy).unwrap_or_else(|e| panic!("{e}"));
    let params = scenario.loom.params;
    let mut bound = scenario.loom.preemption_bound;

    let expectation = match strategy.expectation {
        Expectation::Correct => "correct".to_owned(),
        Expectation::Broken { bug } => format!("broken: {bug}"),
    };
    let mut verdict = LoomVerdict {
        scenario: scenario.name.to_owned(),
        strategy: strategy.name.to_owned(),
        expectation,
        verdict: Verdict::NotModelled,
        model: String::new(),
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        preemption_bound: bound,
        executions: 0,
        seconds: 0.0,
        violation: None,
        loom_version: LOOM_VERSION.to_owned(),
    };

    verdict.model = match strategy.loom {
        LoomModel::Real => "real".to_owned(),
        LoomModel::RealBounded { preemptions, why } => {
            bound = Some(preemptions);
            format!("real, preemption bound {preemptions}: {why}")
        }
        LoomModel::StandIn(what) => format!("stand-in: {what}"),
        LoomModel::NotModelled(why) => {
            verdict.model = format!("not modelled: {why}");
            verdict.preemption_bound = None; // nothing was explored, so no bound applies
            write(&verdict);
            return verdict;
        }
    };

    verdict.preemption_bound = bound;
    let executions = Arc::new(AtomicU64::new(0));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    let run = strategy.run;
    let check = scenario.check;
    let counter = executions.clone();
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        builder.check(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            let outcome = run(&params).outcome;
            if let Check::Violated(why) = check(&params, &outcome) {
                panic!("invariant violated: {why} [{outcome}]");
            }
        })
    }));
    verdict.seconds = started.elapsed().as_secs_f64();
    verdict.executions = executions.load(Ordering::Relaxed);

    let broken = strategy.expectation.is_broken();
    verdict.verdict = match (&result, broken) {
        (Ok(()), false) => Verdict::Proved,
        (Ok(()), true) => Verdict::BugNotFound,
        (Err(_), true) => Verdict::Refuted,
        (Err(_), false) => Verdict::UnexpectedViolation,
    };
    if let Err(payload) = result {
        verdict.violation = Some(panic_message(payload.as_ref()));
    }
    write(&verdict);
    verdict
}

fn write(verdict: &LoomVerdict) {
    let dir = loom_results_dir();
    if let Err(e) = verdict.write_to(&dir) {
        panic!("cannot write the loom verdict to {}: {e}", dir.display());
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "loom panicked with a non-text payload".to_owned()
    }
}

/// Every distinct outcome loom reaches for `scenario`/`strategy` at `params` (under the
/// strategy's bound, or the scenario's), with the number of executions explored. For
/// questions `verify` does not ask: which orders are possible, and how many; whether both
/// sides of a race are actually reached. Writes no verdict file.
pub fn reachable_outcomes(
    scenario: &str,
    strategy: &str,
    params: scenarios::Params,
) -> (std::collections::HashSet<scenarios::Outcome>, u64) {
    let scenario = scenarios::scenario(scenario).unwrap_or_else(|e| panic!("{e}"));
    let strategy = scenario.strategy(strategy).unwrap_or_else(|e| panic!("{e}"));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = match strategy.loom {
        LoomModel::RealBounded { preemptions, .. } => Some(preemptions),
        _ => scenario.loom.preemption_bound,
    };
    let seen = Arc::new(std::sync::Mutex::new(std::collections::HashSet::new()));
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
