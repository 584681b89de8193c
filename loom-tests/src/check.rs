//! Run one strategy under loom and decide its verdict.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use scenarios::{Check, LoomModel, Outcome, Params, Scenario, Strategy, ViolationKind};

use threadlab_results::ResultFile;
use threadlab_results::loom::{BlockedThread, LoomVerdict, Verdict, deadlock, loom_results_dir};
use threadlab_results::{Expected, Finding, Sight, judge};

use crate::classify::{classify, is_loom_limit};
pub use crate::fresh::provenance;

/// Model-check `strategy` at its scenario's loom configuration, write the verdict file, and
/// return the verdict.
pub fn verify(scenario: &'static Scenario, strategy: &'static Strategy) -> LoomVerdict {
    verify_tracking(scenario, strategy, false)
}

/// As [`verify`]; with `lines` loom tracks source lines even in a proof (so a deadlock
/// it finds names the line each thread is blocked at), which a proof otherwise skips.
pub fn verify_tracking(
    scenario: &'static Scenario,
    strategy: &'static Strategy,
    lines: bool,
) -> LoomVerdict {
    let params = scenario.loom.params;
    let mut verdict = crate::fresh::blank(scenario, strategy);
    if verdict.model_kind.is_some_and(|kind| kind.explores_nothing()) {
        write(&verdict);
        return verdict;
    }
    let bound = verdict.preemption_bound;
    let executions = Arc::new(AtomicU64::new(0));
    // The kind the scenario's check reported in the execution under way (reset per
    // execution, so after a failure it is the failing one's).
    let reported: Arc<Mutex<Option<ViolationKind>>> = Arc::default();
    let expected_kind = strategy.expectation.violation_kind();
    let mut builder = crate::search::builder(bound);
    // A refutation stops at its first failure, so naming source lines costs it little; a
    // proof tracks them only when asked (the isolating runner asks again after a deadlock
    // found without them). With them, a deadlock names where each thread is blocked.
    builder.location = lines || expected_kind.is_some();
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

    // What loom found, judged once (`threadlab_results::judge`); the verdict names it.
    let finding = match result {
        Ok(()) => Finding::nothing(Sight::Accesses),
        Err(payload) => {
            let (message, blocked) = panic_finding(payload.as_ref());
            let kind = classify(*reported.lock().unwrap_or_else(|e| e.into_inner()), &message);
            verdict.blocked = blocked;
            // A panic no kind fits is the strategy's own (or loom's): say that it panicked.
            let unclassified = kind.is_none() && !is_loom_limit(&message);
            verdict.violation =
                Some(if unclassified { format!("panicked: {message}") } else { message.clone() });
            verdict.violation_kind = kind;
            match kind {
                // loom gave up on the model: no verdict either way.
                _ if is_loom_limit(&message) => Finding::GaveUp(message),
                Some(kind) => Finding::violation(kind, Sight::Accesses),
                None => Finding::unclassified(message, Sight::Accesses),
            }
        }
    };
    let expected = Expected::from_kind(expected_kind);
    verdict.verdict = Verdict::of(expected, &judge(expected, &finding));
    if let (Verdict::Refuted, Some(kind)) = (verdict.verdict, expected_kind) {
        let dir = loom_results_dir();
        verdict.counter_example =
            crate::counter_example::smallest(scenario, strategy, params, bound, kind, &dir);
    }
    write(&verdict);
    verdict
}

/// Write `verdict` under the results root; a run that cannot is a failed run.
pub(crate) fn write(verdict: &LoomVerdict) {
    let root = threadlab_results::results_root().unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = verdict.write_under(&root) {
        panic!("cannot write the loom verdict under {}: {e}", root.display());
    }
}

/// A panic's message in words (loom's deadlock text rewritten), with the threads a
/// deadlock left blocked (empty for any other panic).
pub(crate) fn panic_finding(payload: &(dyn std::any::Any + Send)) -> (String, Vec<BlockedThread>) {
    let raw = panic_text(payload);
    (deadlock::in_words(&raw), deadlock::parse(&raw).unwrap_or_default())
}

/// A panic's message in words.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    panic_finding(payload).0
}

/// A panic's message as it was raised (a coroutine's stack overflow, which loom's thread
/// raises as generator's error, in words).
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(error) = payload.downcast_ref::<generator::Error>() {
        return match error {
            generator::Error::StackErr => "a loom thread overflowed its stack".to_owned(),
            other => format!("loom's thread failed in its coroutine ({other:?})"),
        };
    }
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
