//! What trace recording does and costs: the same exhaustive model of
//! `shared_counter/std_mutex` (loom's size, every interleaving) with recording off, as
//! proofs run, and on, as counter-example searches run. Off leaves the log empty; on fills
//! it with every execution's steps (nothing resets it here, unlike a search, which keeps
//! only the last execution's). Prints both wall times (the closing note's "what
//! recording costs"). Built only with `--cfg loom`.
#![cfg(loom)]

use std::time::Instant;

use loom_tests::check::reachable_outcomes;
use scenarios::sync::trace;

fn timed(on: bool) -> (f64, u64, usize) {
    let scenario = scenarios::scenario("shared_counter").unwrap();
    let strategy = scenario.strategies.iter().find(|s| s.name == "std_mutex").unwrap();
    trace::reset();
    trace::switch(on);
    let started = Instant::now();
    let (_, executions) = reachable_outcomes(scenario, strategy, scenario.loom.params);
    let seconds = started.elapsed().as_secs_f64();
    trace::switch(false);
    (seconds, executions, trace::take().len())
}

#[test]
fn recording_is_off_by_default_and_records_every_step_when_on() {
    assert!(!trace::recording(), "proofs run with recording off");
    let (off, executions_off, steps_off) = timed(false);
    let (on, executions_on, steps_on) = timed(true);
    assert_eq!(executions_off, executions_on, "recording must not change the search");
    assert_eq!(steps_off, 0, "recording off left steps in the log");
    assert!(steps_on > 0, "recording on left no steps");
    println!(
        "shared_counter/std_mutex, {executions_off} executions: recording off {off:.3} s, \
         on {on:.3} s ({:.2}x); {steps_on} steps recorded",
        on / off
    );
}
