//! No checked model can take the loom suite down: test doubles that deadlock and then
//! abort (a destructor panicking during loom's unwind, as `thread_pool/mpsc_pool` does with
//! its `Stop` messages removed), hang, or overflow their stack run through the suite's own
//! isolating runner (`loom_tests::isolate`). Each comes back as a fresh `crashed` verdict
//! saying what happened in words, written over a stale `proved` file, and a catalogue
//! strategy checked after them is still proved. Results go to a temporary folder.
//! Built for real only with `--cfg loom`.

use libtest_mimic::{Arguments, Trial};

fn main() {
    // SAFETY: first thing in main; no other thread exists yet.
    unsafe { loom_tests::search::take_environment() };
    #[cfg(loom)]
    doubles::serve();
    let args = Arguments::from_args();
    let trial = Trial::test("a_crashing_check_takes_down_only_its_own_verdict", || {
        #[cfg(loom)]
        return doubles::crash_one_after_another();
        #[cfg(not(loom))]
        return Err("built without --cfg loom: nothing was model-checked".into());
    })
    .with_ignored_flag(cfg!(not(loom)));
    libtest_mimic::run(&args, vec![trial]).exit();
}

#[cfg(loom)]
mod doubles {
    use std::hint::black_box;
    use std::time::Duration;

    use libtest_mimic::Failed;
    use loom_tests::isolate::{TRIAL_VAR, verify_isolated};
    use scenarios::catalogue::nothing_interesting;
    use scenarios::sync::{mpsc, thread};
    use scenarios::{
        BenchConfig, BenchMeasure, Check, Expectation, LoomConfig, LoomModel, Outcome, ParamSpec,
        Params, Run, Scenario, Strategy, StressConfig, ViolationKind,
    };
    use threadlab_results::loom::{LoomVerdict, Verdict, loom_results_dir};

    /// Where this test's results go, handed to each child through the environment.
    const RESULTS_VAR: &str = "THREADLAB_RESULTS";

    /// Panics if dropped while its thread unwinds: the process aborts (SIGABRT).
    struct PanicsDuringUnwind;

    impl Drop for PanicsDuringUnwind {
        fn drop(&mut self) {
            if std::thread::panicking() {
                panic!("test double: a destructor panicking during unwinding");
            }
        }
    }

    /// The main thread joins a worker that waits for a message the main thread sends only
    /// after the join: loom reports the deadlock in whichever thread blocked last, and that
    /// thread's unwind aborts (each holds a guard).
    fn deadlocks_then_aborts(_: &Params) -> Run {
        let _guard = PanicsDuringUnwind;
        let (tell, told) = mpsc::channel::<()>();
        let worker = thread::spawn(move || {
            let _guard = PanicsDuringUnwind;
            let _ = told.recv();
        });
        worker.join().expect("the worker does not panic");
        let _ = tell.send(());
        done()
    }

    /// Never ends, and never asks loom for a thread switch.
    fn hangs(_: &Params) -> Run {
        loop {
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Recurses until the stack runs out.
    fn overflows(_: &Params) -> Run {
        fn deeper(depth: u64) -> u64 {
            if black_box(depth) == u64::MAX {
                return 0;
            }
            let frame = black_box([depth; 512]);
            deeper(depth + 1) + frame[black_box(7)]
        }
        black_box(deeper(0));
        done()
    }

    fn done() -> Run {
        Run { outcome: Outcome::default(), elapsed: Duration::ZERO }
    }

    fn check(_: &Params, _: &Outcome) -> Check {
        Check::Holds
    }

    const fn correct(name: &'static str, run: fn(&Params) -> Run) -> Strategy {
        Strategy {
            name,
            source: file!(),
            also_sources: &[],
            bound: None,
            summary: "test double for the isolating runner",
            expectation: Expectation::Correct,
            loom: LoomModel::Real,
            run,
            run_batch: None,
            run_for: None,
            offers: None,
            timer_probes: None,
            needs_reordering: None,
        }
    }

    static STRATEGIES: [Strategy; 3] = [
        correct("deadlocks_then_aborts", deadlocks_then_aborts),
        correct("hangs", hangs),
        correct("overflows", overflows),
    ];

    const PARAMS: Params = Params { threads: 1, ops: 1, limit: 0 };

    static SCENARIO: Scenario = Scenario {
        name: "__isolation_test",
        title: "test doubles for the isolating loom runner",
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
        loom: LoomConfig {
            params: PARAMS,
            preemption_bound: None,
            why: "a test double",
            depth: None,
        },
        bench: BenchConfig {
            params: PARAMS,
            thread_counts: &[1],
            elements: |_| 1,
            measure: BenchMeasure::Runs,
            variants: &[],
        },
        stress: StressConfig { params: PARAMS, interesting: nothing_interesting },
        strategies: &STRATEGIES,
        check,
        shared_sources: &[],
        speedup_summary: None,
        timing: scenarios::Timing::NONE,
        python_twin: None,
    };

    /// The catalogue strategy checked after the doubles.
    fn after() -> (&'static Scenario, &'static Strategy) {
        let scenario = scenarios::scenario("shared_counter").expect("in the catalogue");
        (scenario, scenario.strategy("atomic").expect("in the catalogue"))
    }

    /// In a child: run the double (or the catalogue strategy) it was started for. In the
    /// parent: point every result of this test at a temporary folder.
    pub fn serve() {
        if std::env::var_os(TRIAL_VAR).is_none() {
            let dir =
                std::env::temp_dir().join(format!("threadlab-isolation-{}", std::process::id()));
            // SAFETY: called first thing in main, before any other thread exists.
            unsafe { std::env::set_var(RESULTS_VAR, &dir) };
        }
        loom_tests::isolate::serve(|scenario, strategy| {
            if scenario == SCENARIO.name {
                let double = STRATEGIES.iter().find(|s| s.name == strategy)?;
                return Some((&SCENARIO, double));
            }
            let (scenario, strategy) = after();
            Some((scenario, strategy))
        });
    }

    fn read(strategy: &Strategy) -> Result<(String, LoomVerdict), Failed> {
        let path = loom_results_dir().join(LoomVerdict::file_name(SCENARIO.name, strategy.name));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let verdict =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok((text, verdict))
    }

    fn ensure(holds: bool, what: &str, verdict: &LoomVerdict) -> Result<(), Failed> {
        if holds { Ok(()) } else { Err(format!("{what}: {verdict:?}").into()) }
    }

    pub fn crash_one_after_another() -> Result<(), Failed> {
        let [aborts, hangs, overflows] = &STRATEGIES;
        // A stale proof for the aborting double: the crash must replace it.
        let mut stale = loom_tests::fresh::blank(&SCENARIO, aborts);
        stale.verdict = Verdict::Proved;
        threadlab_results::ResultFile::write_under(&stale, &threadlab_results::results_root()?)
            .map_err(|e| e.to_string())?;

        let verdict = verify_isolated(&SCENARIO, aborts, Duration::from_secs(60));
        let words = verdict.violation.clone().unwrap_or_default();
        // loom reported the deadlock before the abort: the deadlock is the finding (of a
        // strategy declared correct, so an unexpected violation), the abort stays in words.
        ensure(
            verdict.verdict == Verdict::UnexpectedViolation
                && verdict.violation_kind == Some(ViolationKind::DeadlockOrHang),
            "a deadlock loom reported before the abort is judged as the finding",
            &verdict,
        )?;
        ensure(words.starts_with("aborted by signal 6 (SIGABRT)"), "names the signal", &verdict)?;
        ensure(
            words.contains("loom reported: deadlock: thread 0 (main) blocked at ")
                && words.contains("; thread 1 blocked at "),
            "names each blocked thread in words",
            &verdict,
        )?;
        ensure(
            verdict.blocked.len() == 2 && verdict.blocked.iter().all(|b| b.line.is_some()),
            "keeps the blocked threads and their lines, typed",
            &verdict,
        )?;
        let (text, on_disk) = read(aborts)?;
        ensure(on_disk == verdict, "the file holds the fresh verdict", &on_disk)?;
        ensure(
            !text.contains("Location(") && !text.contains("Id("),
            "no loom Debug text in the file",
            &on_disk,
        )?;

        // It sleeps: it uses no CPU time, so the wall-clock backstop (5 x its limit) ends it.
        let verdict = verify_isolated(&SCENARIO, hangs, Duration::from_secs(1));
        ensure(verdict.verdict == Verdict::Crashed, "a hang is a crash", &verdict)?;
        let words = verdict.violation.as_deref().unwrap_or_default();
        ensure(words.starts_with("hung: no verdict after 5 s (killed)"), "says it hung", &verdict)?;

        // loom's thread runs on a coroutine stack whose overflow loom raises as a panic: the
        // check ends by itself, with a violation saying so.
        let verdict = verify_isolated(&SCENARIO, overflows, Duration::from_secs(60));
        ensure(verdict.verdict == Verdict::UnexpectedViolation, "an overflow is found", &verdict)?;
        let words = verdict.violation.as_deref().unwrap_or_default();
        ensure(words.contains("overflowed its stack"), "says it overflowed", &verdict)?;

        let (scenario, strategy) = after();
        let verdict = verify_isolated(scenario, strategy, Duration::from_secs(120));
        ensure(verdict.verdict == Verdict::Proved, "the check after them still runs", &verdict)?;
        let _ = std::fs::remove_dir_all(loom_results_dir().parent().unwrap_or(&loom_results_dir()));
        Ok(())
    }
}
