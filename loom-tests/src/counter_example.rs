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
        /// Whether every load read the latest value (`Mode::Latest`): its replay must too.
        latest: bool,
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
        let search = |params, bound, mode| {
            let _ = std::fs::remove_file(&checkpoint);
            run(scenario, strategy, params, bound, Some(&checkpoint), mode).filter_kind(expected)
        };
        let found = |params, bound, failure, note| {
            Some(example(scenario, strategy, params, bound, failure, &checkpoint, note))
        };
        for params in super::configurations(full) {
            let bounds = super::bounds(cap);
            // The first bound at which only executions with a stale read broke it.
            let mut stale_at = None;
            for (i, &bound) in bounds.iter().enumerate() {
                match search(params, bound, Mode::Interleaving) {
                    Search::Found(failure) if !has_stale_read(&failure.trace) => {
                        return found(
                            params,
                            bound,
                            failure,
                            stale_at.map(|b| stale_note(b, false)),
                        );
                    }
                    // A failure met before the check could pass over its stale read (a
                    // deadlock): look for a plain interleaving at this size with loads that
                    // read the latest value, at this bound or a larger one.
                    Search::Found(_) => {
                        for &more in &bounds[i..] {
                            if let Search::Found(plain) = search(params, more, Mode::Latest) {
                                // At the same bound a plain one exists too: nothing to say.
                                let note = (more != bound).then(|| stale_note(bound, true));
                                return found(params, more, plain, note);
                            }
                        }
                        stale_at.get_or_insert(bound);
                        break;
                    }
                    Search::OnlyStale => {
                        stale_at.get_or_insert(bound);
                    }
                    Search::Clean => {}
                }
            }
            // Only weak-memory failures: the first is the counter-example (searched again,
            // so that the checkpoint on disk is its own).
            if let Some(bound) = stale_at
                && let Search::Found(failure) = search(params, bound, Mode::Any)
            {
                let note = weak_memory_note(bound, bounds.last().copied().flatten());
                return found(params, bound, failure, Some(note));
            }
        }
        let _ = std::fs::remove_file(&checkpoint);
        None
    }

    /// Whether a recorded trace holds a load that read an older value than the latest.
    fn has_stale_read(trace: &[TraceStep]) -> bool {
        trace.iter().any(|s| s.value.as_deref().is_some_and(|v| v.contains("(stale")))
    }

    fn bound_words(bound: Option<usize>) -> String {
        match bound {
            None => "the unbounded search".to_owned(),
            Some(1) => "1 preemption".to_owned(),
            Some(b) => format!("{b} preemptions"),
        }
    }

    /// `latest`: the plain interleaving was found with every load reading the latest value.
    fn stale_note(bound: Option<usize>, latest: bool) -> String {
        let how = if latest {
            " (found with every load reading the latest value, which a real run may always do)"
        } else {
            ""
        };
        format!(
            "with {} loom breaks it too, but only through a stale read (a weak-memory \
             outcome: a load saw an older value than the latest store); this is the smallest \
             counter-example that is a plain interleaving{how}",
            bound_words(bound)
        )
    }

    fn weak_memory_note(bound: Option<usize>, last: Option<usize>) -> String {
        format!(
            "at this size it breaks only through weak memory: with {} loom breaks it through \
             a stale read (a load saw an older value than the latest store, as its orderings \
             allow), and found no execution at this size that breaks it without one, searching \
             up to {} (a larger size may break it by interleaving alone; a given machine and \
             compiler may never show such a read in a real run, while loom and Miri explore it)",
            bound_words(bound),
            bound_words(last)
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
        let replay = Mode::Replay { latest: found.latest };
        let replayed = run(scenario, strategy, params, bound, Some(checkpoint), replay);
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
        // The checkpoint does not say whether its search read the latest values: a
        // schedule replayed the other way passes (or fails elsewhere), so try both.
        [false, true].into_iter().find_map(|latest| {
            match run(scenario, strategy, params, bound, Some(checkpoint), Mode::Replay { latest })
            {
                Search::Found(f) => Some((f.message, f.trace)),
                _ => None,
            }
        })
    }

    /// The most executions a [`Mode::Latest`] search explores.
    const LATEST_SEARCH_EXECUTIONS: usize = 20_000;

    /// How a search treats failures.
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        /// Stop at the first failure that is a plain interleaving (no stale read); pass
        /// over failures that need one.
        Interleaving,
        /// Stop at the first failure.
        Any,
        /// Stop at the first failure, every atomic load reading the latest value written
        /// (`trace::read_latest`): a plain interleaving, never a weak-memory outcome.
        Latest,
        /// Run only the execution saved in the checkpoint, with locations tracked, reading
        /// the latest values where its search did.
        Replay { latest: bool },
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
        let replay = matches!(mode, Mode::Replay { .. });
        let latest = matches!(mode, Mode::Latest | Mode::Replay { latest: true });
        let mut builder = crate::search::builder(bound);
        if let Some(path) = checkpoint {
            builder.checkpoint_file = Some(path.to_path_buf());
            builder.checkpoint_interval = 1;
        }
        builder.location = replay;
        if mode == Mode::Latest {
            // Loads that write back widen loom's search; past this many executions the
            // plain-interleaving search gives up (a limit, not a finding).
            builder.max_permutations = Some(LATEST_SEARCH_EXECUTIONS);
        }
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
        trace::read_latest(latest);
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
        trace::read_latest(false);
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
        Search::Found(Failure { kind, message, blocked, trace, executions, latest })
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
