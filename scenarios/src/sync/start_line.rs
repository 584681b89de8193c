//! A start line: threads wait there until the last one arrives, then leave together.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Backoff, world};

/// Workers spin here (with [`Backoff::snooze`]) until the last one arrives, so all of them
/// leave within a few nanoseconds of each other when each has a core, and oversubscribed
/// runs do not burn the cores the late arrivals need. (A `Barrier` parks them; waking a
/// parked thread takes tens of microseconds, longer than many timed regions.)
///
/// Under a model checker there is no start line: [`StartLine::wait`] returns at once. The
/// checker picks the order of the starts anyway, and a wait it cannot see through would
/// only multiply its schedules. The count is therefore a plain std atomic, never modelled.
#[derive(Debug)]
pub struct StartLine {
    arrived: AtomicUsize,
    workers: usize,
}

impl StartLine {
    /// A start line for `workers` threads.
    pub fn new(workers: usize) -> Self {
        Self { arrived: AtomicUsize::new(0), workers }
    }

    /// Arrive, and wait until every worker has (at once under a model checker).
    pub fn wait(&self) {
        if world::UNDER_MODEL_CHECKER {
            return;
        }
        self.arrived.fetch_add(1, Ordering::AcqRel);
        let mut backoff = Backoff::new();
        while self.arrived.load(Ordering::Acquire) < self.workers {
            backoff.snooze();
        }
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn nobody_leaves_before_the_last_arrival() {
        let line = std::sync::Arc::new(StartLine::new(3));
        let left = std::sync::Arc::new(AtomicUsize::new(0));
        let early: Vec<_> = (0..2)
            .map(|_| {
                let (line, left) = (line.clone(), left.clone());
                std::thread::spawn(move || {
                    line.wait();
                    left.fetch_add(1, Ordering::SeqCst);
                })
            })
            .collect();
        while line.arrived.load(Ordering::SeqCst) < 2 {
            std::thread::yield_now();
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(left.load(Ordering::SeqCst), 0, "two of three arrived, none may leave");
        line.wait();
        for thread in early {
            thread.join().unwrap();
        }
        assert_eq!(left.load(Ordering::SeqCst), 2);
    }
}
