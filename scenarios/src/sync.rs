//! The one door to synchronisation primitives.
//!
//! Every strategy imports from `crate::sync`, never from `std::sync`, `std::thread`, `loom`,
//! `parking_lot` or `crossbeam_channel` directly. A normal build re-exports the real types; a
//! build with `RUSTFLAGS="--cfg loom"` re-exports loom's models of them, so the very same
//! strategy code is what loom explores.
//!
//! loom models std's atomics, `Arc`, `Mutex`, `Condvar`, mpsc and threads. It has no model of
//! parking_lot or crossbeam-channel, so under loom those names resolve to *stand-ins* built
//! from loom's std models with the same API. A verdict obtained through a stand-in checks the
//! strategy's algorithm, not the crate's internals, and says so (see
//! [`crate::catalogue::LoomModel::StandIn`]). rayon has no stand-in: strategies that use it
//! are marked not modelled.

#[cfg(not(any(loom, shuttle)))]
pub use std::sync::{Arc, Condvar, Mutex};
#[cfg(not(any(loom, shuttle)))]
pub mod atomic {
    pub use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
}
#[cfg(not(any(loom, shuttle)))]
pub mod thread {
    pub use std::thread::{Builder, JoinHandle, current, park, spawn, yield_now};
}

#[cfg(loom)]
pub use loom::sync::{Arc, Condvar, Mutex};
#[cfg(loom)]
pub mod atomic {
    pub use loom::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
}
#[cfg(loom)]
pub mod thread {
    pub use loom::thread::{Builder, JoinHandle, current, park, spawn, yield_now};
}

/// The model checker in use, for the stand-ins below: loom, or shuttle under `--cfg shuttle`.
#[cfg(loom)]
use loom as model_crate;
#[cfg(shuttle)]
use shuttle as model_crate;

/// Tell the CPU we are busy-waiting. Under loom this yields to another modelled thread:
/// a spin loop that never yields would make loom explore an unbounded schedule.
#[inline]
pub fn spin_hint() {
    #[cfg(not(any(loom, shuttle)))]
    std::hint::spin_loop();
    #[cfg(loom)]
    loom::hint::spin_loop();
    #[cfg(shuttle)]
    shuttle::hint::spin_loop();
}

/// parking_lot's lock, or under loom a stand-in with its API built on loom's `Mutex`.
pub mod parking_lot {
    #[cfg(not(any(loom, shuttle)))]
    pub use parking_lot::{Condvar, Mutex, MutexGuard};

    #[cfg(any(loom, shuttle))]
    pub use stand_in::{Condvar, Mutex, MutexGuard};

    /// Stand-ins with parking_lot's signatures (no poisoning, `wait(&mut guard)`), built on
    /// the model checker's std types (loom's, or shuttle's under `--cfg shuttle`).
    #[cfg(any(loom, shuttle))]
    mod stand_in {
        #[cfg(loom)]
        use loom::sync as model;
        #[cfg(shuttle)]
        use shuttle::sync as model;

        pub struct Mutex<T>(model::Mutex<T>);
        pub struct MutexGuard<'a, T>(Option<model::MutexGuard<'a, T>>);

        impl<T> Mutex<T> {
            pub fn new(value: T) -> Self {
                Self(model::Mutex::new(value))
            }
            pub fn lock(&self) -> MutexGuard<'_, T> {
                MutexGuard(Some(self.0.lock().unwrap()))
            }
            pub fn into_inner(self) -> T {
                self.0.into_inner().unwrap()
            }
        }

        impl<T> std::ops::Deref for MutexGuard<'_, T> {
            type Target = T;
            fn deref(&self) -> &T {
                self.0.as_ref().expect("guard is present outside wait")
            }
        }
        impl<T> std::ops::DerefMut for MutexGuard<'_, T> {
            fn deref_mut(&mut self) -> &mut T {
                self.0.as_mut().expect("guard is present outside wait")
            }
        }

        #[derive(Default)]
        pub struct Condvar(model::Condvar);

        impl Condvar {
            pub fn new() -> Self {
                Self(model::Condvar::new())
            }
            pub fn wait<T>(&self, guard: &mut MutexGuard<'_, T>) {
                let inner = guard.0.take().expect("guard is present");
                guard.0 = Some(self.0.wait(inner).unwrap());
            }
            pub fn notify_one(&self) -> bool {
                self.0.notify_one();
                true
            }
            pub fn notify_all(&self) -> usize {
                self.0.notify_all();
                0
            }
        }

        /// parking_lot's answer to "did the timed wait time out?".
        pub struct WaitTimeoutResult(bool);

        impl WaitTimeoutResult {
            pub fn timed_out(&self) -> bool {
                self.0
            }
        }

        impl Condvar {
            /// loom has no clock and its timed waits never time out: this waits for a
            /// notification, which under loom a modelled clock thread
            /// ([`crate::sync::time::model_clock`]) sends when "time is up".
            pub fn wait_for<T>(
                &self,
                guard: &mut MutexGuard<'_, T>,
                _timeout: std::time::Duration,
            ) -> WaitTimeoutResult {
                self.wait(guard);
                WaitTimeoutResult(false)
            }
        }
    }
}

/// crossbeam's channel, or under loom a stand-in built on loom's mpsc.
///
/// loom's mpsc does not report disconnection (a `recv` after every sender is gone is a
/// deadlock in the model), so strategies that use this module end their receive loops with
/// an explicit message rather than with the channel closing.
pub mod channel {
    #[cfg(not(any(loom, shuttle)))]
    pub use crossbeam_channel::{Receiver, Sender, unbounded};

    #[cfg(any(loom, shuttle))]
    pub use stand_in::{Receiver, Sender, unbounded};

    #[cfg(any(loom, shuttle))]
    mod stand_in {
        #[cfg(loom)]
        use loom::sync::mpsc as model;
        #[cfg(shuttle)]
        use shuttle::sync::mpsc as model;

        pub use model::{Receiver, Sender};

        pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
            model::channel()
        }
    }
}

/// An `UnsafeCell` with loom's closure API, so loom can track every access and report a
/// causality violation when two threads touch the value without a happens-before edge.
/// (shuttle has no such tracking: under `--cfg shuttle` this is the plain wrapper, and a
/// data race is invisible to shuttle, which only schedules at synchronisation points.)
pub mod cell {
    #[cfg(loom)]
    pub use loom::cell::UnsafeCell;

    #[cfg(not(loom))]
    #[derive(Debug, Default)]
    pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

    #[cfg(not(loom))]
    impl<T> UnsafeCell<T> {
        pub const fn new(value: T) -> Self {
            Self(std::cell::UnsafeCell::new(value))
        }
        pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            f(self.0.get())
        }
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }
        pub fn into_inner(self) -> T {
            self.0.into_inner()
        }
    }
}

/// A handle to a thread, the receiver of `unpark` (std's, or loom's model of it).
pub mod thread_handle {
    #[cfg(not(any(loom, shuttle)))]
    pub use std::thread::Thread;

    #[cfg(loom)]
    pub use loom::thread::Thread;

    #[cfg(shuttle)]
    pub use shuttle::thread::Thread;
}

/// Scoped threads: std's `thread::scope` and crossbeam's `scope`.
///
/// loom 0.7 has no model of scoped threads (its `spawn` needs `'static` closures), so these
/// are the real functions in both builds. Strategies built on them are marked
/// [`crate::catalogue::LoomModel::NotModelled`] and never run under loom.
pub mod scoped {
    pub use crossbeam::thread::scope as crossbeam_scope;
    pub use std::thread::scope;
}

/// A bounded channel: crossbeam's, or under loom a stand-in with the same blocking
/// behaviour built from loom's `Mutex` and two `Condvar`s.
///
/// The stand-in blocks `send` while `capacity` messages are queued and `recv` while none
/// are, which is all a bounded channel promises apart from disconnection: it never
/// disconnects (both methods always return `Ok`), so strategies must not rely on it.
pub mod bounded_channel {
    #[cfg(not(any(loom, shuttle)))]
    pub use crossbeam_channel::{Receiver, Sender, bounded};

    #[cfg(any(loom, shuttle))]
    pub use stand_in::{Receiver, Sender, bounded};

    #[cfg(any(loom, shuttle))]
    mod stand_in {
        use std::collections::VecDeque;

        #[cfg(loom)]
        use loom::sync::{Arc, Condvar, Mutex};
        #[cfg(shuttle)]
        use shuttle::sync::{Arc, Condvar, Mutex};

        struct Queue<T> {
            items: Mutex<VecDeque<T>>,
            capacity: usize,
            not_full: Condvar,
            not_empty: Condvar,
        }

        /// Never produced: the stand-in does not model disconnection.
        #[derive(Debug)]
        pub struct Disconnected;

        pub struct Sender<T>(Arc<Queue<T>>);
        pub struct Receiver<T>(Arc<Queue<T>>);

        impl<T> Clone for Sender<T> {
            fn clone(&self) -> Self {
                Self(self.0.clone())
            }
        }
        impl<T> Clone for Receiver<T> {
            fn clone(&self) -> Self {
                Self(self.0.clone())
            }
        }

        pub fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
            assert!(capacity > 0, "the stand-in does not model zero-capacity channels");
            let queue = Arc::new(Queue {
                items: Mutex::new(VecDeque::with_capacity(capacity)),
                capacity,
                not_full: Condvar::new(),
                not_empty: Condvar::new(),
            });
            (Sender(queue.clone()), Receiver(queue))
        }

        impl<T> Sender<T> {
            pub fn send(&self, item: T) -> Result<(), Disconnected> {
                let queue = &self.0;
                let mut items = queue.items.lock().unwrap();
                while items.len() == queue.capacity {
                    items = queue.not_full.wait(items).unwrap();
                }
                items.push_back(item);
                drop(items);
                queue.not_empty.notify_one();
                Ok(())
            }
        }

        impl<T> Receiver<T> {
            pub fn recv(&self) -> Result<T, Disconnected> {
                let queue = &self.0;
                let mut items = queue.items.lock().unwrap();
                loop {
                    if let Some(item) = items.pop_front() {
                        drop(items);
                        queue.not_full.notify_one();
                        return Ok(item);
                    }
                    items = queue.not_empty.wait(items).unwrap();
                }
            }
        }
    }
}

/// std's `Arc` in both builds: an `Arc` that loom does not track.
///
/// When loom 0.7 detects a deadlock it panics and unwinds the blocked threads; a loom
/// `Arc` dropped during that unwind needs an active thread, panics again, and the double
/// panic aborts the whole test process, so the deadlock could never be reported. Drivers
/// of scenarios whose broken strategies deadlock (a lost wakeup) share their state through
/// this `Arc` instead, and join every thread before the last clone is dropped, so the join
/// orders the final drop and loom loses nothing it needs.
pub mod untracked {
    pub use std::sync::Arc;
}

// ---------------------------------------------------------------------------------------
// shuttle (`RUSTFLAGS="--cfg shuttle"`, the deep-tests shuttle tier).
//
// shuttle 0.9 replaces std's threads, locks, condvars, channels and atomics with versions
// that run one thread at a time and switch at every synchronisation point, under a random
// or PCT scheduler. Unlike loom it reaches 8 and more threads, but it explores samples of
// the schedules, not all of them, and its atomics are all SeqCst: memory-ordering bugs and
// plain-memory data races are invisible to it. It has no model of parking_lot or
// crossbeam-channel either; the stand-ins above (shared with loom) carry those names.
// Items added to this facade need a `shuttle` arm too (or a `not(any(loom, shuttle))` std
// arm), or the shuttle build resolves them to std types that shuttle cannot schedule.
#[cfg(shuttle)]
pub use shuttle::sync::{Arc, Condvar, Mutex};
#[cfg(shuttle)]
pub mod atomic {
    pub use shuttle::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
}
#[cfg(shuttle)]
pub mod thread {
    pub use shuttle::thread::{Builder, JoinHandle, current, park, spawn, yield_now};
}

/// Time for the timer scenario. loom has no clock: `sleep` returns at once (the sleeper simply
/// carries on at whatever point loom schedules it, so every placement of its wake-up relative
/// to the other threads is explored), and loom's timed waits (`Condvar::wait_timeout`,
/// parking_lot's `wait_for`, a channel's `recv_timeout`) never time out. A strategy that waits
/// with a timeout therefore starts a [`time::model_clock`]: in a real build it does nothing
/// (the real clock ends the wait), under loom it is a modelled thread that announces "time is
/// up" (sets the strategy's flag and wakes the waiter) at a point loom chooses.
pub mod time {
    pub use std::time::{Duration, Instant};

    /// `std::thread::sleep`, or under loom (and shuttle) a yield (see the module comment).
    pub fn sleep(duration: Duration) {
        #[cfg(not(any(loom, shuttle)))]
        std::thread::sleep(duration);
        #[cfg(any(loom, shuttle))]
        {
            let _ = duration;
            crate::sync::model_crate::thread::yield_now();
        }
    }

    /// How long until `deadline`, or `None` once it has passed. Under loom the deadline never
    /// passes by itself (there is no clock): only a [`model_clock`] says time is up.
    pub fn until(deadline: Instant) -> Option<Duration> {
        #[cfg(not(any(loom, shuttle)))]
        {
            deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero())
        }
        #[cfg(any(loom, shuttle))]
        {
            let _ = deadline;
            Some(Duration::from_secs(3600))
        }
    }

    /// Under loom, spawn the modelled clock: a thread that runs `time_is_up` once. In a real
    /// build, nothing (returns `None`): real time ends real timed waits.
    pub fn model_clock<F>(time_is_up: F) -> Option<super::thread::JoinHandle<()>>
    where
        F: FnOnce() + Send + 'static,
    {
        #[cfg(not(any(loom, shuttle)))]
        {
            drop(time_is_up);
            None
        }
        #[cfg(any(loom, shuttle))]
        {
            Some(crate::sync::model_crate::thread::spawn(time_is_up))
        }
    }
}

/// A multi-producer multi-consumer channel: crossbeam's, or under loom a stand-in (a loom
/// `Mutex<VecDeque>` plus `Condvar`) with the same API, including disconnection: `recv` fails
/// once the queue is empty and every `Sender` is gone, and `send` fails once every
/// `Receiver` is gone. Under loom `recv_timeout` never times out (loom has no clock; see
/// [`time`]).
pub mod mpmc {
    #[cfg(not(any(loom, shuttle)))]
    pub use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};

    #[cfg(any(loom, shuttle))]
    pub use stand_in::{Receiver, RecvTimeoutError, Sender, unbounded};

    #[cfg(any(loom, shuttle))]
    mod stand_in {
        use std::collections::VecDeque;
        use std::fmt;

        use crate::sync::model_crate::sync::{Arc, Condvar, Mutex};

        struct State<T> {
            queue: VecDeque<T>,
            senders: usize,
            receivers: usize,
        }

        struct Shared<T> {
            state: Mutex<State<T>>,
            ready: Condvar,
        }

        pub struct Sender<T>(Arc<Shared<T>>);
        pub struct Receiver<T>(Arc<Shared<T>>);

        pub struct SendError<T>(pub T);
        impl<T> fmt::Debug for SendError<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("SendError(..)")
            }
        }

        #[derive(Debug, PartialEq, Eq)]
        pub struct RecvError;

        #[derive(Debug, PartialEq, Eq)]
        pub enum RecvTimeoutError {
            Timeout,
            Disconnected,
        }

        pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
            let shared = Arc::new(Shared {
                state: Mutex::new(State { queue: VecDeque::new(), senders: 1, receivers: 1 }),
                ready: Condvar::new(),
            });
            (Sender(shared.clone()), Receiver(shared))
        }

        impl<T> Sender<T> {
            pub fn send(&self, value: T) -> Result<(), SendError<T>> {
                let mut state = self.0.state.lock().unwrap();
                if state.receivers == 0 {
                    return Err(SendError(value));
                }
                state.queue.push_back(value);
                drop(state);
                self.0.ready.notify_one();
                Ok(())
            }
        }

        impl<T> Clone for Sender<T> {
            fn clone(&self) -> Self {
                self.0.state.lock().unwrap().senders += 1;
                Sender(self.0.clone())
            }
        }

        impl<T> Drop for Sender<T> {
            fn drop(&mut self) {
                let mut state = self.0.state.lock().unwrap();
                state.senders -= 1;
                if state.senders == 0 {
                    drop(state);
                    self.0.ready.notify_all();
                }
            }
        }

        impl<T> Receiver<T> {
            pub fn recv(&self) -> Result<T, RecvError> {
                let mut state = self.0.state.lock().unwrap();
                loop {
                    if let Some(value) = state.queue.pop_front() {
                        return Ok(value);
                    }
                    if state.senders == 0 {
                        return Err(RecvError);
                    }
                    state = self.0.ready.wait(state).unwrap();
                }
            }

            /// Never times out under loom: a modelled clock must send the "time is up".
            pub fn recv_timeout(
                &self,
                _timeout: std::time::Duration,
            ) -> Result<T, RecvTimeoutError> {
                self.recv().map_err(|RecvError| RecvTimeoutError::Disconnected)
            }
        }

        impl<T> Clone for Receiver<T> {
            fn clone(&self) -> Self {
                self.0.state.lock().unwrap().receivers += 1;
                Receiver(self.0.clone())
            }
        }

        impl<T> Drop for Receiver<T> {
            /// As crossbeam does, the last receiver to go drops the messages still queued.
            fn drop(&mut self) {
                let mut state = self.0.state.lock().unwrap();
                state.receivers -= 1;
                let orphans = if state.receivers == 0 {
                    std::mem::take(&mut state.queue)
                } else {
                    VecDeque::new()
                };
                drop(state);
                drop(orphans);
            }
        }
    }
}

/// The process's standard error stream behind std's process-wide lock (`Stderr::lock`, the
/// same reentrant-lock design as `Stdout::lock`), or under loom a loom `Mutex` standing in
/// for that lock, whose writes go nowhere (loom cannot see inside std's stream lock).
pub mod stdio {
    /// A handle on the stream; `lock()` holds the stream for several writes.
    pub struct StdErr {
        #[cfg(any(loom, shuttle))]
        lock: crate::sync::model_crate::sync::Mutex<()>,
    }

    impl Default for StdErr {
        fn default() -> Self {
            Self::new()
        }
    }

    impl StdErr {
        pub fn new() -> Self {
            Self {
                #[cfg(any(loom, shuttle))]
                lock: crate::sync::model_crate::sync::Mutex::new(()),
            }
        }

        #[cfg(not(any(loom, shuttle)))]
        pub fn lock(&self) -> std::io::StderrLock<'static> {
            std::io::stderr().lock()
        }

        #[cfg(any(loom, shuttle))]
        pub fn lock(&self) -> StandInLock<'_> {
            StandInLock(self.lock.lock().unwrap())
        }
    }

    /// Holds the stand-in lock; written bytes are discarded.
    #[cfg(any(loom, shuttle))]
    pub struct StandInLock<'a>(
        #[allow(dead_code)] crate::sync::model_crate::sync::MutexGuard<'a, ()>,
    );

    #[cfg(any(loom, shuttle))]
    impl std::io::Write for StandInLock<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}

/// std's mpsc channel, or under loom loom's model of it. loom's `Receiver` does not report
/// disconnection (a `recv` after every sender is gone is a deadlock in the model), so users
/// end their receive loops with an explicit message.
pub mod mpsc {
    #[cfg(any(loom, shuttle))]
    pub use crate::sync::model_crate::sync::mpsc::{Receiver, Sender, channel};
    #[cfg(not(any(loom, shuttle)))]
    pub use std::sync::mpsc::{Receiver, Sender, channel};
}

/// Real OS threads in every build, for crates that need them and that loom cannot model
/// anyway (rayon's `spawn_handler`). A strategy using this is marked not modelled.
pub mod os_thread {
    pub use std::thread::{JoinHandle, spawn};
}
