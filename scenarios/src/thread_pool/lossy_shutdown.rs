//! `lossy_shutdown`: BROKEN ON PURPOSE. A pool whose shutdown forgets the queue.
//!
//! The seeds' `with ThreadPoolExecutor(...)` block waits for every submitted task; this pool
//! looks as if it does: shutdown raises a `stopping` flag, wakes the workers and joins every
//! one of them. The bug is in the worker loop: it checks `stopping` *before* looking at the
//! queue, so a worker that wakes to find both a queued job and the flag leaves, and the job
//! is dropped with the queue. Nothing crashes and every thread is joined; the work is simply
//! gone. loom finds the schedule: the main thread submits and shuts down before any worker
//! has taken the job. (Fix: leave only when stopping *and* the queue is empty.)

use std::collections::VecDeque;

use super::{Job, Lifetimes, Pool, Tracker};
use crate::catalogue::{Expectation, LoomModel, Strategy, ViolationKind};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::{Arc, Condvar, Mutex, untracked};

struct Queue {
    jobs: VecDeque<Job>,
    stopping: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    wake: Condvar,
}

pub struct LossyPool {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
    threads: untracked::Arc<Lifetimes>,
}

fn worker(shared: &Shared) {
    loop {
        let mut queue = shared.queue.lock().expect("never poisoned");
        while queue.jobs.is_empty() && !queue.stopping {
            queue = shared.wake.wait(queue).expect("never poisoned");
        }
        if queue.stopping {
            return; // BUG: jobs still in the queue are never run
        }
        let job = queue.jobs.pop_front().expect("the loop above saw a job");
        drop(queue);
        job();
    }
}

impl Pool for LossyPool {
    fn new(workers: usize) -> Self {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue { jobs: VecDeque::new(), stopping: false }),
            wake: Condvar::new(),
        });
        let threads = Lifetimes::new();
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                let shared = shared.clone();
                thread::spawn(threads.track(move || worker(&shared)))
            })
            .collect();
        Self { shared, workers, threads }
    }

    fn submit(&self, job: Job) {
        self.shared.queue.lock().expect("never poisoned").jobs.push_back(job);
        self.shared.wake.notify_one();
    }

    fn shutdown(&mut self) {
        self.shared.queue.lock().expect("never poisoned").stopping = true;
        self.shared.wake.notify_all();
        super::join_workers(&mut self.workers);
    }

    fn threads(&self) -> &Tracker {
        &self.threads
    }
}

impl Drop for LossyPool {
    fn drop(&mut self) {
        self.shutdown();
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "lossy_shutdown",
    sources: &["scenarios/src/thread_pool/lossy_shutdown.rs"],
    bound: super::BOUND,
    summary: "shutdown sets a stop flag that workers check before the queue: queued jobs vanish",
    expectation: Expectation::Broken {
        kind: ViolationKind::LostWork,
        bug: "lost work: a submitted task never runs because shutdown dropped the queue",
    },
    loom: LoomModel::Real,
    run: super::run_pool::<LossyPool>,
    run_batch: None,
    run_for: None,
};
