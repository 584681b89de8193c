//! One strategy at one size under loom, within a time allowance, for the proof-depth step.
//!
//! The time limit is checked by the model closure itself at the start of every execution:
//! once the allowance is spent, the closure panics with [`BudgetSpent`], which ends the
//! search and reads as "not finished". loom's own `max_duration` was not used: it is
//! checked only every `checkpoint_interval` executions (20,000 by default) and ends the search with a plain
//! return, indistinguishable from a finished one, so a cut search could read as a proof.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use scenarios::{Check, LoomModel, Params, Scenario, Strategy};
use threadlab_results::Provenance;
use threadlab_results::proof_depth::{DepthFile, DepthSize, SizeStatus};

use crate::check::panic_message;
use crate::classify::is_loom_limit;
use crate::proof_depth::Climb;

/// The panic payload that ends a search whose time ran out (not a finding).
pub struct BudgetSpent;

/// The preemption bound a strategy is searched under: its own where it needs one, else its
/// scenario's.
pub fn bound(scenario: &Scenario, strategy: &Strategy) -> Option<usize> {
    match strategy.loom {
        LoomModel::RealBounded { preemptions, .. } => Some(preemptions),
        _ => scenario.loom.preemption_bound,
    }
}

/// How the strategy runs under loom, as its verdict names it.
pub fn model_label(strategy: &Strategy) -> String {
    match strategy.loom {
        LoomModel::Real | LoomModel::RealUnshared { .. } | LoomModel::BeyondSearch(_) => {
            "real".to_owned()
        }
        LoomModel::RealBounded { preemptions, why } => {
            format!("real, preemption bound {preemptions}: {why}")
        }
        LoomModel::StandIn(what) => format!("stand-in: {what}"),
        LoomModel::NotModelled(why) => format!("not modelled: {why}"),
    }
}

/// Search `strategy` at `params` for at most `allowed`, and say how it ended.
pub fn check_size(
    scenario: &Scenario,
    strategy: &Strategy,
    params: Params,
    allowed: Duration,
) -> DepthSize {
    let executions = std::sync::Arc::new(AtomicU64::new(0));
    let builder = crate::search::builder(bound(scenario, strategy));
    let (run, check, counter) = (strategy.run, scenario.check, executions.clone());
    let started = Instant::now();
    let deadline = started + allowed;
    let result = catch_unwind(AssertUnwindSafe(|| {
        builder.check(move || {
            if Instant::now() >= deadline {
                std::panic::panic_any(BudgetSpent);
            }
            counter.fetch_add(1, Ordering::Relaxed);
            let outcome = run(&params).outcome;
            if let Check::Violated(violation) = check(&params, &outcome) {
                panic!("invariant violated: {violation} [{outcome}]");
            }
        })
    }));
    let seconds = started.elapsed().as_secs_f64();
    let (status, message) = match result {
        Ok(()) => (SizeStatus::Proved, None),
        Err(payload) if payload.is::<BudgetSpent>() => (SizeStatus::NotFinished, None),
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            let limit = is_loom_limit(&message) || is_thread_limit(&message);
            (if limit { SizeStatus::LoomLimit } else { SizeStatus::Violated }, Some(message))
        }
    };
    DepthSize {
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        status,
        executions: executions.load(Ordering::Relaxed),
        seconds,
        allowed_seconds: allowed.as_secs_f64(),
        message,
    }
}

/// loom 0.7's assertion when a model spawns more threads than it supports (five, main
/// included): a ladder that reaches it is too tall for the scenario.
fn is_thread_limit(message: &str) -> bool {
    message.contains("self.threads.len() < self.max()")
}

/// Keep the default panic output for everything except [`BudgetSpent`], which is the
/// step's own clock, not a failure.
pub fn quiet_budget_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info.payload().is::<BudgetSpent>() {
            default(info);
        }
    }));
}

/// The depth file of `climb` as it stands (sizes not reached read not tried), in a step of
/// `step_budget`, recorded with `provenance`.
pub fn depth_file(climb: &Climb, step_budget: Duration, provenance: &Provenance) -> DepthFile {
    DepthFile {
        scenario: climb.scenario.name.to_owned(),
        strategy: climb.strategy.name.to_owned(),
        model: model_label(climb.strategy),
        preemption_bound: bound(climb.scenario, climb.strategy),
        step_budget_seconds: step_budget.as_secs_f64(),
        sizes: climb.sizes(),
        loom_version: provenance.tool_version.clone(),
        provenance: Some(provenance.clone()),
    }
}
