//! The smallest counter-example of a Broken strategy: the smallest configuration at which
//! loom finds the lesson's violation, the fewest preemptions it needs there, the failing
//! execution recorded step by step by the sync facade, and loom's checkpoint of that
//! execution, saved beside the verdict and replayed with location tracking on.
//!
//! Which configurations and bounds are tried is plain code ([`configurations`],
//! [`bounds`]), tested in every build; the search itself needs `--cfg loom`.

use scenarios::Params;

/// Configurations no larger than `full`, smallest first (by threads x ops, then threads):
/// every threads in 1..=full.threads with every ops in 1..=full.ops, the limit unchanged
/// (it means something different in each scenario: a semaphore's K, a timer's tick).
pub fn configurations(full: Params) -> Vec<Params> {
    let mut all: Vec<Params> = (1..=full.threads)
        .flat_map(|threads| (1..=full.ops).map(move |ops| Params { threads, ops, ..full }))
        .collect();
    all.sort_by_key(|p| (p.threads * p.ops, p.threads));
    all
}

/// The preemption bounds to try, fewest first: up to the bound the strategy is checked
/// under, or, where its proof is unbounded, 0 to 3 and then the unbounded search.
pub fn bounds(cap: Option<usize>) -> Vec<Option<usize>> {
    let mut all: Vec<Option<usize>> = (0..=cap.unwrap_or(3)).map(Some).collect();
    if cap.is_none() {
        all.push(None);
    }
    all
}

#[cfg(loom)]
pub use search::{replay, smallest};

#[cfg(loom)]
mod search {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use scenarios::sync::trace;
    use scenarios::{Check, Params, Scenario, Strategy, ViolationKind};
    use threadlab_results::loom::{BlockedThread, CounterExample, TraceStep};

    use crate::classify::classify;

    /// What one search at one configuration and bound came to.
    struct Failure {
        kind: Option<ViolationKind>,
        message: String,
        blocked: Vec<BlockedThread>,
        trace: Vec<TraceStep>,
        executions: u64,
    }

    /// Where a strategy's checkpoint goes: beside its verdict.
    pub fn checkpoint_path(dir: &Path, scenario: &str, strategy: &str) -> PathBuf {
        dir.join(format!("{scenario}.{strategy}.loom-checkpoint"))
    }

    /// Search `strategy` for the smallest counter-example of kind `expected`, trying
    /// configurations up to `full` and bounds up to `cap`; save its checkpoint in `dir`.
    pub fn smallest(
        scenario: &Scenario,
        strategy: &Strategy,
        full: Params,
        cap: Option<usize>,
        expected: ViolationKind,
        dir: &Path,
    ) -> Option<CounterExample> {
        let checkpoint = checkpoint_path(dir, scenario.name, strategy.name);
        std::fs::create_dir_all(dir).ok()?;
        for params in super::configurations(full) {
            // The first bound at which only executions with a stale read broke it.
            let mut stale_at = None;
            for bound in super::bounds(cap) {
                let _ = std::fs::remove_file(&checkpoint);
                match run(scenario, strategy, params, bound, Some(&checkpoint), Mode::Interleaving)
                {
                    Search::Found(found) if found.kind == Some(expected) => {
                        let note = stale_at.map(|b: Option<usize>| stale_note(b));
                        return Some(example(
                            scenario,
                            strategy,
                            params,
                            bound,
                            found,
                            &checkpoint,
                            note,
                        ));
                    }
                    Search::OnlyStale if stale_at.is_none() => stale_at = Some(bound),
                    _ => {}
                }
            }
            if let Some(bound) = stale_at {
                let _ = std::fs::remove_file(&checkpoint);
                let search = run(scenario, strategy, params, bound, Some(&checkpoint), Mode::Any);
                if let Search::Found(found) = search.filter_kind(expected) {
                    return Some(example(
                        scenario,
                        strategy,
                        params,
                        bound,
                        found,
                        &checkpoint,
                        None,
                    ));
                }
            }
        }
        let _ = std::fs::remove_file(&checkpoint);
        None
    }

    fn stale_note(bound: Option<usize>) -> String {
        let fewer = bound.map_or_else(
            || "the unbounded search".to_owned(),
            |b| if b == 1 { "1 preemption".to_owned() } else { format!("{b} preemptions") },
        );
        format!(
            "with {fewer} loom breaks it too, but only through a stale read (a weak-memory \
             outcome: a load saw an older value than the latest store); this is the smallest \
             counter-example that is a plain interleaving"
        )
    }

    /// Replay the failing execution from its checkpoint with location tracking, and keep
    /// the replay's message and trace (the search's where the replay did not fail).
    fn example(
        scenario: &Scenario,
        strategy: &Strategy,
        params: Params,
        bound: Option<usize>,
        found: Failure,
        checkpoint: &Path,
        note: Option<String>,
    ) -> CounterExample {
        let replayed = run(scenario, strategy, params, bound, Some(checkpoint), Mode::Replay);
        let (message, blocked, trace, saved) = match replayed {
            Search::Found(again) => (again.message, again.blocked, again.trace, true),
            _ => (found.message, found.blocked, found.trace, false),
        };
        CounterExample {
            threads: params.threads,
            ops: params.ops,
            limit: params.limit,
            preemptions: bound,
            executions: found.executions,
            violation: message,
            blocked,
            checkpoint: saved.then(|| checkpoint.display().to_string()),
            trace,
            note,
        }
    }

    /// Replay the execution saved in `checkpoint` (at `params`, `bound`) with location
    /// tracking and recording on: its violation message and trace, or `None` if it passed.
    pub fn replay(
        scenario: &Scenario,
        strategy: &Strategy,
        params: Params,
        bound: Option<usize>,
        checkpoint: &Path,
    ) -> Option<(String, Vec<TraceStep>)> {
        match run(scenario, strategy, params, bound, Some(checkpoint), Mode::Replay) {
            Search::Found(f) => Some((f.message, f.trace)),
            _ => None,
        }
    }

    /// How a search treats failures.
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        /// Stop at the first failure that is a plain interleaving (no stale read); pass
        /// over failures that need one.
        Interleaving,
        /// Stop at the first failure.
        Any,
        /// Run only the execution saved in the checkpoint, with locations tracked.
        Replay,
    }

    /// What a search came to.
    enum Search {
        Found(Failure),
        /// Only failures with a stale read (in [`Mode::Interleaving`]).
        OnlyStale,
        Clean,
    }

    impl Search {
        fn filter_kind(self, kind: ViolationKind) -> Search {
            match self {
                Search::Found(f) if f.kind != Some(kind) => Search::Clean,
                other => other,
            }
        }
    }

    /// One loom search with recording on. In replay mode `checkpoint` is read (the search
    /// starts at the saved execution) and locations are tracked; otherwise it is written at
    /// every execution, so after a failure it holds the failing one.
    fn run(
        scenario: &Scenario,
        strategy: &Strategy,
        params: Params,
        bound: Option<usize>,
        checkpoint: Option<&Path>,
        mode: Mode,
    ) -> Search {
        let replay = mode == Mode::Replay;
        let mut builder = crate::search::builder(bound);
        if let Some(path) = checkpoint {
            builder.checkpoint_file = Some(path.to_path_buf());
            builder.checkpoint_interval = 1;
        }
        builder.location = replay;
        if replay {
            // Only the saved execution: loom checks this limit before each one, so 2 lets
            // exactly the first run (a passing replay must not go on to find another).
            builder.max_permutations = Some(2);
        }
        let executions = Arc::new(AtomicU64::new(0));
        let reported: Arc<Mutex<Option<ViolationKind>>> = Arc::default();
        let (run, check) = (strategy.run, scenario.check);
        let (counter, slot) = (executions.clone(), reported.clone());
        let stale = Arc::new(AtomicU64::new(0));
        let passed_over = stale.clone();
        trace::switch(true);
        let result = catch_unwind(AssertUnwindSafe(|| {
            builder.check(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                trace::reset();
                *slot.lock().unwrap() = None;
                let outcome = run(&params).outcome;
                if let Check::Violated(violation) = check(&params, &outcome) {
                    if mode == Mode::Interleaving && trace::stale_read_so_far() {
                        passed_over.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                    *slot.lock().unwrap() = Some(violation.kind);
                    panic!("invariant violated: {violation} [{outcome}]");
                }
            })
        }));
        trace::switch(false);
        let trace = trace::take();
        let Err(payload) = result else {
            return if stale.load(Ordering::Relaxed) > 0 {
                Search::OnlyStale
            } else {
                Search::Clean
            };
        };
        let (message, blocked) = crate::check::panic_finding(payload.as_ref());
        if crate::classify::is_loom_limit(&message) {
            return Search::Clean;
        }
        let kind = classify(*reported.lock().unwrap_or_else(|e| e.into_inner()), &message);
        let executions = executions.load(Ordering::Relaxed);
        Search::Found(Failure { kind, message, blocked, trace, executions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configurations_grow_from_one_thread_one_op_to_the_full_one() {
        let full = Params { threads: 2, ops: 2, limit: 7 };
        let all = configurations(full);
        assert_eq!(all.first(), Some(&Params { threads: 1, ops: 1, limit: 7 }));
        assert_eq!(all.last(), Some(&full));
        assert_eq!(all.len(), 4);
        assert!(all.windows(2).all(|w| w[0].threads * w[0].ops <= w[1].threads * w[1].ops));
    }

    #[test]
    fn bounds_go_up_to_the_cap_and_past_three_only_when_unbounded() {
        assert_eq!(bounds(Some(2)), vec![Some(0), Some(1), Some(2)]);
        assert_eq!(bounds(None), vec![Some(0), Some(1), Some(2), Some(3), None]);
        assert_eq!(bounds(Some(0)), vec![Some(0)]);
    }
}
