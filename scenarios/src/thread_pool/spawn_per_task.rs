//! `spawn_per_task`: the baseline with no pool at all, one new thread per task.
//!
//! What a pool saves: thread creation (`threadlab calibrate` measures a spawn+join) is paid
//! once per task.
//! `map` spawns one thread per input and joins them in input order, so the results come out
//! in order by construction. `submit` spawns and keeps the handle; `shutdown` joins every
//! handle. Correct: each task runs on its own thread exactly once, and its join makes its
//! effects visible.

use super::{Job, Lifetimes, Pool, Threads, Tracker};
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::Mutex;
use crate::sync::thread::{self, JoinHandle};
use crate::sync::untracked::Arc;

pub struct SpawnPerTask {
    running: Mutex<Vec<JoinHandle<()>>>,
    threads: Arc<Lifetimes>,
}

impl Pool for SpawnPerTask {
    const THREADS: Threads = Threads::PerJob;

    fn new(_workers: usize) -> Self {
        Self { running: Mutex::new(Vec::new()), threads: Lifetimes::new() }
    }

    fn submit(&self, job: Job) {
        let handle = thread::spawn(self.threads.track(job));
        self.running.lock().expect("never poisoned").push(handle);
    }

    fn map(&self, inputs: &[u64], f: fn(u64) -> u64) -> Vec<u64> {
        let handles: Vec<_> =
            inputs.iter().map(|&x| thread::spawn(self.threads.track(move || f(x)))).collect();
        handles.into_iter().map(|h| h.join().expect("a task panicked")).collect()
    }

    /// Joins the submitted tasks' threads (map joins its own before it returns).
    fn shutdown(&mut self) {
        let handles: Vec<_> = self.running.lock().expect("never poisoned").drain(..).collect();
        for handle in handles {
            handle.join().expect("a task panicked");
        }
    }

    fn threads(&self) -> &Tracker {
        &self.threads
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "spawn_per_task",
    sources: &["scenarios/src/thread_pool/spawn_per_task.rs"],
    bound: super::BOUND,
    summary: "no pool: thread::spawn per task, join them all (the baseline)",
    expectation: Expectation::Correct,
    loom: LoomModel::RealUnshared {
        why: "each task thread touches its own result slot and the pool's count of running \
              threads; at the loom size (one mapped input, one task) map joins its thread \
              before the task's starts, and main reads after the joins, so no two threads \
              access one object unordered",
    },
    run: super::run_pool::<SpawnPerTask>,
    run_batch: None,
    run_for: None,
};
