//! `channel_pool`: the Rust form of `ThreadPoolExecutor`, on a crossbeam channel.
//!
//! Answers seeds 001 and 004 (example 6). The workers share one multi-consumer channel of
//! jobs; each takes the next job as soon as it is free. Shutdown (explicit, or on drop, as
//! the seeds' `with` block does) drops the only `Sender`: crossbeam then lets the workers
//! drain every job already queued and only *afterwards* reports the channel disconnected,
//! so each worker leaves its loop with nothing left behind, and shutdown joins them all.
//! Correct: every job sent before the drop is received exactly once (a channel hands each
//! message to one receiver), and each worker's last job happens-before its join. Under loom
//! a Mutex+Condvar queue with the same disconnection rule stands in for crossbeam.

use super::{Job, Lifetimes, Pool, Tracker};
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::crossbeam_channel::{Sender, unbounded};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::untracked::Arc;

pub struct ChannelPool {
    jobs: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
    threads: Arc<Lifetimes>,
}

impl Pool for ChannelPool {
    fn new(workers: usize) -> Self {
        let (jobs, inbox) = unbounded::<Job>();
        let threads = Lifetimes::new();
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                let inbox = inbox.clone();
                thread::spawn(threads.track(move || {
                    while let Ok(job) = inbox.recv() {
                        job();
                    }
                }))
            })
            .collect();
        Self { jobs: Some(jobs), workers, threads }
    }

    fn submit(&self, job: Job) {
        let jobs = self.jobs.as_ref().expect("no submit after shutdown");
        jobs.send(job).expect("workers live until shutdown");
    }

    fn shutdown(&mut self) {
        drop(self.jobs.take()); // disconnect: workers finish the queue, then leave
        super::join_workers(&mut self.workers);
    }

    fn threads(&self) -> &Tracker {
        &self.threads
    }
}

impl Drop for ChannelPool {
    fn drop(&mut self) {
        self.shutdown();
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "channel_pool",
    sources: &["scenarios/src/thread_pool/channel_pool.rs"],
    bound: super::BOUND,
    summary: "workers share a crossbeam channel of jobs; drop disconnects it and joins them",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with a loom Mutex+Condvar queue standing in for crossbeam's \
         multi-consumer channel (same disconnect-after-drain rule)",
    ),
    run: super::run_pool::<ChannelPool>,
    run_batch: None,
    run_for: None,
};
