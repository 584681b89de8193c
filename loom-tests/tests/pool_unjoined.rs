//! `thread_pool`'s "no worker still running after shutdown" can fail: a test double whose
//! shutdown waits until every worker has drained the queue, but does not join them, is
//! refuted by loom with that very problem (every task ran once; a worker had not yet ended).
//! Built only with `--cfg loom`.
#![cfg(loom)]

use scenarios::sync::crossbeam_channel::{Receiver, Sender, unbounded};
use scenarios::sync::thread;
use scenarios::sync::untracked::Arc;
use scenarios::thread_pool::{Job, Lifetimes, Pool, Tracker, run_pool};
use scenarios::{Expectation, LoomModel, Strategy, ViolationKind};
use threadlab_results::loom::{LoomVerdict, Verdict, loom_results_dir};

/// `channel_pool` with detached workers: shutdown hangs up, waits for each worker's "queue
/// drained", and returns without a join.
struct Unjoined {
    jobs: Option<Sender<Job>>,
    drained: Receiver<()>,
    workers: usize,
    threads: Arc<Lifetimes>,
}

impl Pool for Unjoined {
    fn new(workers: usize) -> Self {
        let (jobs, inbox) = unbounded::<Job>();
        let (tell, drained) = unbounded();
        let threads = Lifetimes::new();
        for _ in 0..workers {
            let (inbox, tell) = (inbox.clone(), tell.clone());
            // The handle is dropped: nobody will join this thread.
            drop(thread::spawn(threads.track(move || {
                while let Ok(job) = inbox.recv() {
                    job();
                }
                tell.send(()).expect("shutdown listens");
            })));
        }
        Self { jobs: Some(jobs), drained, workers, threads }
    }

    fn submit(&self, job: Job) {
        self.jobs.as_ref().expect("no submit after shutdown").send(job).expect("workers live");
    }

    fn shutdown(&mut self) {
        drop(self.jobs.take());
        for _ in 0..self.workers {
            self.drained.recv().expect("each worker says it drained the queue");
        }
    }

    fn threads(&self) -> &Tracker {
        &self.threads
    }
}

static UNJOINED: Strategy = Strategy {
    name: "__unjoined_pool",
    source: file!(),
    also_sources: &[],
    bound: None,
    summary: "test double: shutdown waits for the queue to drain but joins no worker",
    expectation: Expectation::Broken { kind: ViolationKind::LostWork, bug: "unjoined worker" },
    loom: LoomModel::StandIn("test double on the channel stand-in"),
    run: run_pool::<Unjoined>,
    run_batch: None,
    run_for: None,
    offers: None,
    timer_probes: None,
    needs_reordering: None,
};

#[test]
fn a_pool_that_returns_from_shutdown_without_joining_is_refuted() {
    let scenario = scenarios::scenario("thread_pool").unwrap();
    let verdict = loom_tests::check::verify(scenario, &UNJOINED);
    let file = LoomVerdict::file_name(scenario.name, UNJOINED.name);
    let _ = std::fs::remove_file(loom_results_dir().join(file));
    assert_eq!(verdict.verdict, Verdict::Refuted, "{verdict:?}");
    assert_eq!(verdict.violation_kind, Some(ViolationKind::LostWork), "{verdict:?}");
    let why = verdict.violation.as_deref().unwrap_or_default();
    assert!(why.contains("still running after shutdown"), "{why}");
    assert!(!why.contains("never ran"), "every task ran: {why}");
}
