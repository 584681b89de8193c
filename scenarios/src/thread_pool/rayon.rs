//! `rayon`: let a work-stealing pool do it. `par_iter().map().collect()` for map,
//! `ThreadPool::spawn` for submit.
//!
//! rayon's indexed `collect` writes each result into its input's slot, so map's order is
//! kept for free. `ThreadPool::spawn` is fire-and-forget and dropping a rayon pool does *not*
//! wait for spawned jobs, so submit counts outstanding jobs and shutdown first waits for
//! the count to reach zero (Mutex + Condvar), then drops the pool. rayon exposes no join
//! handles of its own; we start its worker threads ourselves through `spawn_handler`, keep
//! their handles, and join them after the drop; each counts itself out as it ends (see
//! `Lifetimes`), so "no worker left running" is observed, not assumed. The work runs
//! inside `install` so it is timed on the pool, not through a cold entry from outside
//! (DESIGN.md records what one such entry cost when measured).
//!
//! Not modelled by loom: rayon's pool runs its own std threads and crossbeam-deque queues,
//! which loom cannot see or schedule.

use rayon::prelude::*;

use super::{Job, Lifetimes, Pool, Tracker};
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::os_thread;
use crate::sync::{Arc, Condvar, Mutex, untracked};

#[derive(Default)]
struct Outstanding {
    jobs: Mutex<usize>,
    zero: Condvar,
}

pub struct RayonPool {
    pool: Option<rayon::ThreadPool>,
    handles: Arc<Mutex<Vec<os_thread::JoinHandle<()>>>>,
    threads: untracked::Arc<Lifetimes>,
    outstanding: Arc<Outstanding>,
}

impl Pool for RayonPool {
    fn new(workers: usize) -> Self {
        let handles = Arc::new(Mutex::new(Vec::new()));
        let threads = Lifetimes::new();
        let (kept, counted) = (handles.clone(), threads.clone());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(workers)
            .spawn_handler(move |thread| {
                let handle = os_thread::spawn(counted.track(move || thread.run()));
                kept.lock().expect("never poisoned").push(handle);
                Ok(())
            })
            .build()
            .expect("a rayon pool of a validated size can be built");
        Self { pool: Some(pool), handles, threads, outstanding: Arc::default() }
    }

    fn submit(&self, job: Job) {
        *self.outstanding.jobs.lock().expect("never poisoned") += 1;
        let outstanding = self.outstanding.clone();
        self.pool.as_ref().expect("no submit after shutdown").spawn(move || {
            job();
            let mut jobs = outstanding.jobs.lock().expect("never poisoned");
            *jobs -= 1;
            if *jobs == 0 {
                outstanding.zero.notify_all();
            }
        });
    }

    fn map(&self, inputs: &[u64], f: fn(u64) -> u64) -> Vec<u64> {
        let pool = self.pool.as_ref().expect("no map after shutdown");
        pool.install(|| inputs.par_iter().map(|&x| f(x)).collect())
    }

    fn shutdown(&mut self) {
        let mut jobs = self.outstanding.jobs.lock().expect("never poisoned");
        while *jobs > 0 {
            jobs = self.outstanding.zero.wait(jobs).expect("never poisoned");
        }
        drop(jobs);
        drop(self.pool.take()); // tells rayon's workers to exit
        let handles: Vec<_> = self.handles.lock().expect("never poisoned").drain(..).collect();
        for handle in handles {
            handle.join().expect("a rayon worker panicked");
        }
    }

    fn threads(&self) -> &Tracker {
        &self.threads
    }
}

impl Drop for RayonPool {
    fn drop(&mut self) {
        self.shutdown();
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "rayon",
    sources: &["scenarios/src/thread_pool/rayon.rs"],
    bound: super::BOUND,
    summary: "rayon: par_iter map (order kept by indexed collect), ThreadPool::spawn for submit",
    expectation: Expectation::Correct,
    loom: LoomModel::NotModelled(
        "rayon's pool runs its own threads and work-stealing deques, which loom cannot schedule",
    ),
    run: super::run_pool::<RayonPool>,
    run_batch: None,
    run_for: None,
};
