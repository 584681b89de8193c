//! A Broken strategy that fails some other way than its lesson (here: a panic inside its
//! critical section) is an unexpected finding under loom, and the verdict matrix's judgement
//! turns it into a failing test. Built only with `--cfg loom`.
#![cfg(loom)]

use scenarios::catalogue::nothing_interesting;
use scenarios::sync::{Arc, Mutex, thread};
use scenarios::{
    BenchConfig, BenchMeasure, Check, Expectation, LoomConfig, LoomModel, Outcome, ParamSpec,
    Params, Run, Scenario, Strategy, StressConfig, ViolationKind,
};
use threadlab_results::loom::{LoomVerdict, Verdict, loom_results_dir};

/// Never violated: the only finding this scenario can give is the strategy's panic.
fn check(_: &Params, _: &Outcome) -> Check {
    Check::Holds
}

/// Two threads take one lock; the second to get it panics while holding it.
fn panics_inside(_: &Params) -> Run {
    let taken = Arc::new(Mutex::new(0u64));
    let other = taken.clone();
    let worker = thread::spawn(move || {
        let mut n = other.lock().unwrap();
        *n += 1;
    });
    {
        let mut n = taken.lock().unwrap();
        *n += 1;
        if *n == 2 {
            panic!("a panic inside the critical section, not a lost update");
        }
    }
    worker.join().unwrap();
    Run { outcome: Outcome::default(), elapsed: std::time::Duration::ZERO }
}

const PARAMS: Params = Params { threads: 2, ops: 1, limit: 0 };

static STRATEGY: Strategy = Strategy {
    name: "panics_inside",
    source: file!(),
    also_sources: &[],
    bound: None,
    summary: "test double: claims to teach a lost update, panics instead",
    expectation: Expectation::Broken { kind: ViolationKind::LostUpdate, bug: "lost update" },
    loom: LoomModel::Real,
    run: panics_inside,
    run_batch: None,
    run_for: None,
    offers: None,
    timer_probes: None,
    needs_reordering: None,
};

static SCENARIO: Scenario = Scenario {
    name: "__unexpected_finding_test",
    title: "test double for the loom runner's judgement",
    seeds: "none",
    lesson: "none",
    invariant: "none",
    params: ParamSpec {
        threads: "unused",
        ops: "unused",
        limit: None,
        defaults: PARAMS,
        max: PARAMS,
    },
    presets: &[],
    loom: LoomConfig { params: PARAMS, preemption_bound: None, why: "a test double", depth: None },
    bench: BenchConfig {
        params: PARAMS,
        thread_counts: &[1],
        elements: |_| 1,
        measure: BenchMeasure::Runs,
        variants: &[],
    },
    stress: StressConfig { params: PARAMS, interesting: nothing_interesting },
    strategies: std::slice::from_ref(&STRATEGY),
    check,
    shared_sources: &[],
    speedup_summary: None,
    timing: scenarios::Timing::NONE,
    python_twin: None,
};

#[test]
fn a_broken_strategy_that_panics_inside_its_critical_section_is_an_unexpected_finding() {
    let verdict = loom_tests::check::verify(&SCENARIO, &STRATEGY);
    // The runner wrote a verdict file for this test double: remove it, nobody studies it.
    let file = LoomVerdict::file_name(SCENARIO.name, STRATEGY.name);
    let _ = std::fs::remove_file(loom_results_dir().join(file));
    assert_eq!(verdict.verdict, Verdict::UnexpectedFinding, "{verdict:?}");
    assert_eq!(verdict.violation_kind, None, "a panic fits no kind");
    let judged = loom_tests::plan::Expected::of(&STRATEGY).judge(&verdict);
    assert!(judged.is_err(), "the matrix's test for it must fail, so the suite exits non-zero");
}
