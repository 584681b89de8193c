//! Loom checks about pattern 3, the event, as a whole (each strategy's own verdict is in
//! `verdicts.rs`). Built only with `--cfg loom`.
//!
//! The proofs in the verdict matrix say "set wakes every waiter" only if the model has
//! several waiters, and they are worth something only if a strategy that wakes one waiter
//! fails them: here a mutant of `condvar` (test-only, below: the strategy itself is never
//! edited) that calls `notify_one` where `condvar` calls `notify_all` goes through the
//! same runner, driver and check, and must come out refuted by a deadlock.
#![cfg(loom)]

use std::time::{Duration, Instant};

use scenarios::catalogue::{EventOffers, EventPart, nothing_interesting};
use scenarios::event::{Event, NotOffered, run_event};
use scenarios::sync::{Condvar, Mutex, time};
use scenarios::{
    BenchConfig, BenchMeasure, Check, Expectation, LoomConfig, LoomModel, Outcome, ParamSpec,
    Params, Scenario, Strategy, StressConfig, ViolationKind,
};
use threadlab_results::loom::{LoomVerdict, Verdict, loom_results_dir};

fn event() -> &'static Scenario {
    scenarios::scenario("event").unwrap()
}

/// loom runs main, the setter and every waiter in one execution, and allows 5 threads.
const LOOM_MAX_THREADS: usize = 5;

#[test]
fn the_event_model_has_two_waiters_two_rounds_and_fits_in_loom() {
    let params = event().loom.params;
    assert!(params.threads >= 2, "one set must be shown to wake several waiters");
    assert!(params.ops >= 2, "a wait after clear needs a second round");
    assert!(1 + 1 + params.threads <= LOOM_MAX_THREADS, "main + setter + waiters");
    let offered = |part| event().strategies.iter().any(|s| event().offers(s).unwrap().has(part));
    assert!(EventPart::ALL.into_iter().all(offered), "some part is offered by no strategy");
}

/// `condvar` with one change: `set` wakes one sleeping waiter, not all of them.
struct NotifyOneEvent {
    signal: Mutex<(bool, u64)>,
    cond: Condvar,
}

impl Event for NotifyOneEvent {
    const OFFERS: EventOffers = EventOffers::ALL;

    fn new() -> Self {
        Self { signal: Mutex::new((false, 0)), cond: Condvar::new() }
    }

    fn set(&self, data: u64) {
        *self.signal.lock().unwrap() = (true, data);
        self.cond.notify_one(); // the mutation (condvar.rs: notify_all)
    }

    fn wait(&self) -> Option<u64> {
        let mut signal = self.signal.lock().unwrap();
        while !signal.0 {
            signal = self.cond.wait(signal).unwrap();
        }
        Some(signal.1)
    }

    fn clear(&self) -> Result<(), NotOffered> {
        self.signal.lock().unwrap().0 = false;
        Ok(())
    }

    fn wait_timeout(&self, timeout: Duration) -> Result<Option<u64>, NotOffered> {
        let deadline = Instant::now() + timeout;
        let mut signal = self.signal.lock().unwrap();
        while !signal.0 {
            let Some(left) = time::until(deadline) else { return Ok(None) };
            signal = self.cond.wait_timeout(signal, left).unwrap().0;
        }
        Ok(Some(signal.1))
    }
}

fn check(params: &Params, outcome: &Outcome) -> Check {
    (event().check)(params, outcome)
}

static MUTANT: Strategy = Strategy {
    name: "notify_one_mutant",
    source: file!(),
    also_sources: &[],
    bound: None,
    summary: "test double: condvar with notify_one in set",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
    run: run_event::<NotifyOneEvent>,
    run_batch: None,
    run_for: None,
    offers: None,
    timer_probes: None,
    needs_reordering: None,
};

#[test]
fn a_condvar_event_that_wakes_only_one_waiter_is_refuted_by_a_deadlock() {
    // The mutant runs through the event scenario itself: its loom size, bound and check.
    let verdict = loom_tests::check::verify(event(), &MUTANT);
    // The runner wrote a verdict file for this test double: remove it, nobody studies it.
    let file = LoomVerdict::file_name(event().name, MUTANT.name);
    let _ = std::fs::remove_file(loom_results_dir().join(file));
    assert_eq!(verdict.verdict, Verdict::UnexpectedViolation, "{verdict:?}");
    assert_eq!(verdict.violation_kind, Some(ViolationKind::DeadlockOrHang), "{verdict:?}");
    let judged = loom_tests::plan::Expected::of(&MUTANT).judge(&verdict);
    assert!(judged.is_err(), "as a catalogue strategy, its matrix test would fail");
}

/// `spin` is not modelled at the scenario's size (two spinning waiters: see its loom
/// model); with one waiter, the game it plays is proved here with an unbounded search:
/// the data published with Release/Acquire, the wait after set, a timed wait set in time.
#[test]
fn spin_with_one_waiter_is_proved_in_every_interleaving() {
    let spin = event().strategy("spin").unwrap();
    assert!(matches!(spin.loom, LoomModel::BeyondSearch(_)), "else verdicts.rs proves it");
    let one_waiter: &'static Strategy = Box::leak(Box::new(Strategy {
        name: "spin_one_waiter",
        source: file!(),
        also_sources: &[],
        bound: None,
        summary: "the spin strategy, one waiter",
        expectation: Expectation::Correct,
        loom: LoomModel::Real,
        run: spin.run,
        run_batch: None,
        run_for: None,
        offers: None,
        timer_probes: None,
        needs_reordering: None,
    }));
    let params = Params { threads: 1, ops: 2, limit: 0 };
    let scenario: &'static Scenario = Box::leak(Box::new(Scenario {
        name: "__event_spin_one_waiter",
        title: "the event scenario with one waiter",
        seeds: "none",
        lesson: "none",
        invariant: "the event's",
        params: ParamSpec {
            threads: "waiters",
            ops: "rounds",
            limit: None,
            defaults: params,
            max: params,
        },
        presets: &[],
        loom: LoomConfig {
            params,
            preemption_bound: None,
            why: "spin with one waiter, which loom can finish",
            depth: None,
        },
        bench: BenchConfig {
            params,
            thread_counts: &[1],
            elements: |_| 1,
            measure: BenchMeasure::Runs,
            variants: &[],
        },
        stress: StressConfig { params, interesting: nothing_interesting },
        strategies: std::slice::from_ref(one_waiter),
        check,
        shared_sources: &[],
        timing: scenarios::Timing::NONE,
        python_twin: None,
        speedup_summary: None,
    }));
    let verdict = loom_tests::check::verify(scenario, one_waiter);
    let file = LoomVerdict::file_name(scenario.name, one_waiter.name);
    let _ = std::fs::remove_file(loom_results_dir().join(file));
    assert_eq!(verdict.verdict, Verdict::Proved, "{verdict:?}");
    assert_eq!(verdict.preemption_bound, None, "{verdict:?}");
    eprintln!("spin, one waiter, 2 rounds: proved in {} executions", verdict.executions);
}
