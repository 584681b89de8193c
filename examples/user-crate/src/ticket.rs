//! `ticket`: a ticket lock around the total. Each increment takes the next ticket with one
//! `fetch_add` and waits until the lock serves that ticket; unlocking serves the next.
//! Acquire on the wait pairs with Release on the unlock, so each holder sees the total the
//! previous one wrote. Correct, and fair: tickets are served in the order they were taken.

use scenarios::shared_counter::{self, Counter};
use scenarios::sync::Backoff;
use scenarios::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use scenarios::{About, Expectation, LoomModel, Strategy};

pub struct TicketCounter {
    next_ticket: AtomicUsize,
    now_serving: AtomicUsize,
    /// Read and written only by the lock's holder.
    total: AtomicU64,
}

impl TicketCounter {
    fn lock(&self) -> usize {
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        let mut backoff = Backoff::new();
        while self.now_serving.load(Ordering::Acquire) != ticket {
            backoff.snooze();
        }
        ticket
    }

    fn unlock(&self, ticket: usize) {
        self.now_serving.store(ticket + 1, Ordering::Release);
    }
}

impl Counter for TicketCounter {
    fn new(_threads: usize) -> Self {
        TicketCounter {
            next_ticket: AtomicUsize::new(0),
            now_serving: AtomicUsize::new(0),
            total: AtomicU64::new(0),
        }
    }

    fn add_one(&self, _slot: usize) {
        let ticket = self.lock();
        let seen = self.total.load(Ordering::Relaxed);
        self.total.store(seen + 1, Ordering::Relaxed);
        self.unlock(ticket);
    }

    fn finish(self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
}

pub const TICKET: Strategy = shared_counter::strategy::<TicketCounter>(About {
    name: "ticket",
    source: file!(),
    summary: "ticket lock (fetch_add a ticket, wait to be served) around load+store",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
});
