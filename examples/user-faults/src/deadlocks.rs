//! `deadlocks`: declared correct, but its two threads take two locks in opposite orders, and
//! on their first increment each waits, holding its first lock, until the other holds its
//! own: then each waits for the other's, every time. loom names where each thread is
//! blocked, and stress's watchdog kills the hung trial.

use scenarios::shared_counter::{self, Counter};
use scenarios::sync::atomic::{AtomicUsize, Ordering};
use scenarios::sync::{Backoff, Mutex};
use scenarios::{About, Expectation, LoomModel, Strategy};

pub struct Deadlocks {
    first: Mutex<u64>,
    second: Mutex<u64>,
    /// How many increments have taken their first lock.
    arrived: AtomicUsize,
}

impl Counter for Deadlocks {
    fn new(_threads: usize) -> Self {
        Deadlocks { first: Mutex::new(0), second: Mutex::new(0), arrived: AtomicUsize::new(0) }
    }

    fn add_one(&self, slot: usize) {
        let (a, b) =
            if slot == 0 { (&self.first, &self.second) } else { (&self.second, &self.first) };
        let mut held = a.lock().unwrap();
        if self.arrived.fetch_add(1, Ordering::SeqCst) < 2 {
            let mut backoff = Backoff::new();
            while self.arrived.load(Ordering::SeqCst) < 2 {
                backoff.snooze();
            }
        }
        let _also = b.lock().unwrap();
        *held += 1;
    }

    fn finish(self) -> u64 {
        self.first.into_inner().unwrap() + self.second.into_inner().unwrap()
    }
}

pub const DEADLOCKS: Strategy = shared_counter::strategy::<Deadlocks>(About {
    name: "deadlocks",
    source: file!(),
    summary: "two locks taken in opposite orders (a fault on purpose)",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
});
