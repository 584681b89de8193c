//! The loom verdict matrix, generated from the catalogue: one test per strategy, named like
//! its cell (`shared_counter/unsync refuted: lost update`), each writing the strategy's
//! verdict file and asserting what its expectation and loom model call for. A strategy
//! added to the catalogue is checked here without touching this crate.
//!
//! Meaningful only with `RUSTFLAGS="--cfg loom"`; in an ordinary build every test is listed
//! as ignored (and fails if forced to run, since nothing was checked).

use libtest_mimic::{Arguments, Trial};
use loom_tests::plan::trial_name;
use scenarios::{Scenario, Strategy};

fn main() {
    // SAFETY: first thing in main; libtest-mimic has started no thread yet.
    unsafe { loom_tests::search::take_environment() };
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
    Trial::test(trial_name(scenario, strategy), move || {
        let verdict = loom_tests::check::verify(scenario, strategy);
        loom_tests::plan::Expected::of(strategy).judge(&verdict).map_err(Into::into)
    })
}

#[cfg(not(loom))]
fn trial(scenario: &'static Scenario, strategy: &'static Strategy) -> Trial {
    Trial::test(trial_name(scenario, strategy), || {
        Err("built without --cfg loom: nothing was model-checked".into())
    })
    .with_ignored_flag(true)
}
