//! `mpsc_pool`: the pool from the Rust book, on std's mpsc channel.
//!
//! std's `Receiver` has one owner, so the workers share it behind `Arc<Mutex<..>>`: a worker
//! locks, receives one job, unlocks (the guard is a temporary of the `recv` statement), and
//! runs the job with the lock released, so the others can take the next one meanwhile.
//! Shutdown sends one `Stop` per worker *after* every job; the channel is FIFO, so each
//! worker meets its `Stop` only once the jobs ahead of it were taken, and every job runs
//! before the joins. (Stop messages rather than disconnection, because loom's mpsc model
//! does not report disconnection.) Correct: each message is received once, under the lock.

use super::{Job, Lifetimes, Pool, Tracker};
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::mpsc::{Sender, channel};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::{Arc, Mutex, untracked};

enum Message {
    Run(Job),
    Stop,
}

pub struct MpscPool {
    jobs: Sender<Message>,
    workers: Vec<JoinHandle<()>>,
    threads: untracked::Arc<Lifetimes>,
}

impl Pool for MpscPool {
    fn new(workers: usize) -> Self {
        let (jobs, inbox) = channel::<Message>();
        let inbox = Arc::new(Mutex::new(inbox));
        let threads = Lifetimes::new();
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                let inbox = inbox.clone();
                thread::spawn(threads.track(move || {
                    loop {
                        // The lock guard dies at the end of this statement, before the job runs.
                        let message = inbox.lock().expect("no worker panics holding it").recv();
                        match message.expect("the pool sends Stop before hanging up") {
                            Message::Run(job) => job(),
                            Message::Stop => break,
                        }
                    }
                }))
            })
            .collect();
        Self { jobs, workers, threads }
    }

    fn submit(&self, job: Job) {
        self.jobs.send(Message::Run(job)).expect("workers live until shutdown");
    }

    fn shutdown(&mut self) {
        for _ in 0..self.workers.len() {
            self.jobs.send(Message::Stop).expect("workers live until they see Stop");
        }
        super::join_workers(&mut self.workers);
    }

    fn threads(&self) -> &Tracker {
        &self.threads
    }
}

impl Drop for MpscPool {
    fn drop(&mut self) {
        self.shutdown();
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "mpsc_pool",
    sources: &["scenarios/src/thread_pool/mpsc_pool.rs"],
    bound: super::BOUND,
    summary: "std mpsc receiver shared as Arc<Mutex<Receiver>>; one Stop per worker at shutdown",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
    run: super::run_pool::<MpscPool>,
    run_batch: None,
    run_for: None,
};
