//! `lost_wakeup`: BROKEN ON PURPOSE. The waiter checks the flag outside the lock, then
//! waits without checking again.
//!
//! The setter does everything right: it sets the flag and the data under the lock, then
//! notifies. The waiter reads the flag *without* the lock; if it is still false, it takes
//! the lock and waits. Between that read and the wait, the setter can set the flag and
//! notify a condvar nobody is waiting on yet; the notification is not stored anywhere, so
//! the waiter then sleeps forever. `condvar` avoids this by checking under the lock, which
//! the setter also needs, so its notify cannot fall into the gap. loom explores that
//! interleaving and reports a *deadlock*: every thread blocked.
//!
//! Offers many waiters (the setter notifies all) and stays set (the flag is never reset)
//! of Python's Event; with several waiters, each can lose its wakeup in the same gap.
//!
//! A real run must not hang the user's terminal, so this waiter (and only this one) waits
//! at most [`PATIENCE`] at a time; when a wait times out and the flag turns out to have been
//! set, the notification was lost (the setter sets the flag under the lock and notifies
//! right after unlocking), and the waiter reports `hung` instead of sleeping on. PATIENCE
//! is thousands of times the Mutex+Condvar round trip measured here (26 us), so a timeout
//! with the flag set means a lost wakeup, not a slow setter. Under loom `wait_timeout`
//! never times out, so loom sees the real, unbounded wait.

use std::time::Duration;

use super::Event;
use crate::catalogue::{
    About, EventOffers, EventPart, Expectation, LoomModel, Strategy, ViolationKind,
};
use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::{Condvar, Mutex};

/// How long a real waiter sleeps before it checks whether its wakeup was lost.
pub const PATIENCE: Duration = Duration::from_millis(100);

pub struct LostWakeupEvent {
    /// Written only under `data`'s lock, read by the waiter without it (the bug).
    set: AtomicBool,
    data: Mutex<u64>,
    cond: Condvar,
}

impl Event for LostWakeupEvent {
    const OFFERS: EventOffers =
        EventOffers::NOTHING_MORE.and(EventPart::ManyWaiters).and(EventPart::StaysSet);

    fn new() -> Self {
        Self { set: AtomicBool::new(false), data: Mutex::new(0), cond: Condvar::new() }
    }

    fn set(&self, data: u64) {
        let mut guard = self.data.lock().expect("no thread panics holding the lock");
        *guard = data;
        self.set.store(true, Ordering::Release);
        drop(guard);
        self.cond.notify_all();
    }

    fn wait(&self) -> Option<u64> {
        // The bug: the check is outside the lock, so it and the wait are two steps.
        if !self.set.load(Ordering::Acquire) {
            let mut guard = self.data.lock().expect("no thread panics holding the lock");
            loop {
                let (woken, timeout) = self
                    .cond
                    .wait_timeout(guard, PATIENCE)
                    .expect("no thread panics holding the lock");
                guard = woken;
                if !timeout.timed_out() {
                    // Trusts the wakeup, no re-check (a second mistake, rarely visible).
                    return Some(*guard);
                }
                if self.set.load(Ordering::Acquire) {
                    // Set, yet nobody woke us: the notify came before our wait. A real
                    // Event.wait() would sleep forever here.
                    return None;
                }
            }
        }
        Some(*self.data.lock().expect("no thread panics holding the lock"))
    }
}

pub const STRATEGY: Strategy = super::strategy::<LostWakeupEvent>(About {
    name: "lost_wakeup",
    source: file!(),
    summary: "flag checked outside the lock, then wait: a set in between is never noticed",
    expectation: Expectation::Broken {
        kind: ViolationKind::DeadlockOrHang,
        bug: "deadlock: the notify lands before the wait and the waiter sleeps forever",
    },
    loom: LoomModel::Real,
})
.bound(super::BOUND);

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::sync::{Arc, thread};

    #[test]
    fn a_lost_notification_is_reported_as_hung_within_bounded_time() {
        // Stage the lost wakeup by hand: the waiter is already asleep when the flag is set
        // and no notification follows, exactly what the setter's notify looks like when
        // it landed before the wait. A real run must give up and say so, not hang.
        let event = Arc::new(LostWakeupEvent::new());
        let waiter = {
            let event = event.clone();
            thread::spawn(move || event.wait())
        };
        std::thread::sleep(Duration::from_millis(20));
        {
            let mut data = event.data.lock().unwrap();
            *data = 9;
            event.set.store(true, Ordering::Release);
        }
        let started = std::time::Instant::now();
        assert_eq!(waiter.join().unwrap(), None, "the waiter must report the lost wakeup");
        assert!(started.elapsed() < PATIENCE * 3, "it took {:?}", started.elapsed());
    }
}
