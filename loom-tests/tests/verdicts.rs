//! The loom verdict matrix, generated from the catalogue: one test per strategy, named
//! `scenario/strategy` with its cell as its kind (`[refuted: lost update]
//! shared_counter/unsync`), each writing the strategy's verdict file and asserting what its
//! expectation and loom model call for. Each check runs in a child process of this binary
//! (`loom_tests::isolate`): a strategy that aborts, hangs or overflows its stack fails its
//! own test with a verdict saying so, and the rest of the suite runs. A strategy added to
//! the catalogue is checked here without touching this crate. Select one with
//! `--exact <scenario>/<strategy>`.
//!
//! Meaningful only with `RUSTFLAGS="--cfg loom"`; in an ordinary build every test is listed
//! as ignored (and fails if forced to run, since nothing was checked).

use libtest_mimic::{Arguments, Trial};
use loom_tests::plan::{matrix_cell, trial_id};
use scenarios::{Scenario, Strategy};

fn main() {
    // SAFETY: first thing in main; libtest-mimic has started no thread yet.
    unsafe { loom_tests::search::take_environment() };
    #[cfg(loom)]
    loom_tests::isolate::serve(|scenario, strategy| {
        let scenario = scenarios::scenario(scenario).ok()?;
        Some((scenario, scenario.strategy(strategy).ok()?))
    });
    let args = Arguments::from_args();
    let trials = scenarios::catalogue()
        .iter()
        .flat_map(|scenario| {
            scenario.strategies.iter().map(move |strategy| trial(scenario, strategy))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

#[cfg(loom)]
fn trial(scenario: &'static Scenario, strategy: &'static Strategy) -> Trial {
    use loom_tests::isolate::{TRIAL_LIMIT, verify_isolated};
    Trial::test(trial_id(scenario, strategy), move || {
        let verdict = verify_isolated(scenario, strategy, TRIAL_LIMIT);
        loom_tests::plan::Expected::of(strategy).judge(&verdict).map_err(Into::into)
    })
    .with_kind(matrix_cell(strategy))
}

#[cfg(not(loom))]
fn trial(scenario: &'static Scenario, strategy: &'static Strategy) -> Trial {
    Trial::test(trial_id(scenario, strategy), || {
        Err("built without --cfg loom: nothing was model-checked".into())
    })
    .with_kind(matrix_cell(strategy))
    .with_ignored_flag(true)
}
