//! `spawn_per_task`: the baseline with no pool at all, one new thread per task.
//!
//! What a pool saves: thread creation (~65 us here, see DESIGN.md) is paid once per task.
//! `map` spawns one thread per input and joins them in input order, so the results come out
//! in order by construction. `submit` spawns and keeps the handle; `shutdown` joins every
//! handle. Correct: each task runs on its own thread exactly once, and its join makes its
//! effects visible.

use super::{Job, Pool};
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::Mutex;
use crate::sync::thread::{self, JoinHandle};

pub struct SpawnPerTask {
    running: Mutex<Vec<JoinHandle<()>>>,
    /// Threads started and threads joined, counted where it happens.
    counts: Mutex<(usize, usize)>,
}

impl SpawnPerTask {
    fn count(&self, started: usize, joined: usize) {
        let mut counts = self.counts.lock().expect("never poisoned");
        counts.0 += started;
        counts.1 += joined;
    }
}

impl Pool for SpawnPerTask {
    fn new(_workers: usize) -> Self {
        Self { running: Mutex::new(Vec::new()), counts: Mutex::new((0, 0)) }
    }

    fn submit(&self, job: Job) {
        let handle = thread::spawn(job);
        self.running.lock().expect("never poisoned").push(handle);
        self.count(1, 0);
    }

    fn map(&self, inputs: &[u64], f: fn(u64) -> u64) -> Vec<u64> {
        let handles: Vec<_> = inputs.iter().map(|&x| thread::spawn(move || f(x))).collect();
        self.count(handles.len(), 0);
        let results: Vec<u64> =
            handles.into_iter().map(|h| h.join().expect("a task panicked")).collect();
        self.count(0, results.len());
        results
    }

    /// Joins the submitted tasks' threads; returns every join this pool did, map's included.
    fn shutdown(&mut self) -> usize {
        let handles: Vec<_> = self.running.lock().expect("never poisoned").drain(..).collect();
        for handle in handles {
            handle.join().expect("a task panicked");
            self.count(0, 1);
        }
        self.counts.lock().expect("never poisoned").1
    }

    fn threads_started(&self) -> usize {
        self.counts.lock().expect("never poisoned").0
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "spawn_per_task",
    sources: &["scenarios/src/thread_pool/spawn_per_task.rs"],
    bound: super::BOUND,
    summary: "no pool: thread::spawn per task, join them all (the baseline)",
    expectation: Expectation::Correct,
    loom: LoomModel::RealUnshared {
        why: "each task thread touches only its own result slot and is joined before anyone \
              reads it, so no two threads access one object unordered",
    },
    run: super::run_pool::<SpawnPerTask>,
    run_batch: None,
    run_for: None,
};
