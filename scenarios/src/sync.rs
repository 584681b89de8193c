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

#[cfg(not(loom))]
pub use std::sync::{Arc, Condvar, Mutex};
#[cfg(not(loom))]
pub mod atomic {
    pub use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
}
#[cfg(not(loom))]
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

/// Tell the CPU we are busy-waiting. Under loom this yields to another modelled thread:
/// a spin loop that never yields would make loom explore an unbounded schedule.
#[inline]
pub fn spin_hint() {
    #[cfg(not(loom))]
    std::hint::spin_loop();
    #[cfg(loom)]
    loom::hint::spin_loop();
}

/// parking_lot's lock, or under loom a stand-in with its API built on loom's `Mutex`.
pub mod parking_lot {
    #[cfg(not(loom))]
    pub use parking_lot::{Condvar, Mutex, MutexGuard};

    #[cfg(loom)]
    pub use stand_in::{Condvar, Mutex, MutexGuard};

    /// Stand-ins with parking_lot's signatures (no poisoning, `wait(&mut guard)`).
    #[cfg(loom)]
    mod stand_in {
        pub struct Mutex<T>(loom::sync::Mutex<T>);
        pub struct MutexGuard<'a, T>(Option<loom::sync::MutexGuard<'a, T>>);

        impl<T> Mutex<T> {
            pub fn new(value: T) -> Self {
                Self(loom::sync::Mutex::new(value))
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
        pub struct Condvar(loom::sync::Condvar);

        impl Condvar {
            pub fn new() -> Self {
                Self(loom::sync::Condvar::new())
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
    #[cfg(not(loom))]
    pub use crossbeam_channel::{Receiver, Sender, unbounded};

    #[cfg(loom)]
    pub use stand_in::{Receiver, Sender, unbounded};

    #[cfg(loom)]
    mod stand_in {
        pub use loom::sync::mpsc::{Receiver, Sender};

        pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
            loom::sync::mpsc::channel()
        }
    }
}

/// An `UnsafeCell` with loom's closure API, so loom can track every access and report a
/// causality violation when two threads touch the value without a happens-before edge.
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

/// Time for the timer scenario. loom has no clock: `sleep` returns at once (the sleeper simply
/// carries on at whatever point loom schedules it, so every placement of its wake-up relative
/// to the other threads is explored), and loom's timed waits (`Condvar::wait_timeout`,
/// parking_lot's `wait_for`, a channel's `recv_timeout`) never time out. A strategy that waits
/// with a timeout therefore starts a [`time::model_clock`]: in a real build it does nothing
/// (the real clock ends the wait), under loom it is a modelled thread that announces "time is
/// up" (sets the strategy's flag and wakes the waiter) at a point loom chooses.
pub mod time {
    pub use std::time::{Duration, Instant};

    /// `std::thread::sleep`, or under loom a yield (see the module comment).
    pub fn sleep(duration: Duration) {
        #[cfg(not(loom))]
        std::thread::sleep(duration);
        #[cfg(loom)]
        {
            let _ = duration;
            loom::thread::yield_now();
        }
    }

    /// How long until `deadline`, or `None` once it has passed. Under loom the deadline never
    /// passes by itself (there is no clock): only a [`model_clock`] says time is up.
    pub fn until(deadline: Instant) -> Option<Duration> {
        #[cfg(not(loom))]
        {
            deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero())
        }
        #[cfg(loom)]
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
        #[cfg(not(loom))]
        {
            drop(time_is_up);
            None
        }
        #[cfg(loom)]
        {
            Some(loom::thread::spawn(time_is_up))
        }
    }
}

/// A multi-producer multi-consumer channel: crossbeam's, or under loom a stand-in (a loom
/// `Mutex<VecDeque>` plus `Condvar`) with the same API, including disconnection: `recv` fails
/// once the queue is empty and every `Sender` is gone, and `send` fails once every
/// `Receiver` is gone. Under loom `recv_timeout` never times out (loom has no clock; see
/// [`time`]).
pub mod mpmc {
    #[cfg(not(loom))]
    pub use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};

    #[cfg(loom)]
    pub use stand_in::{Receiver, RecvTimeoutError, Sender, unbounded};

    #[cfg(loom)]
    mod stand_in {
        use std::collections::VecDeque;
        use std::fmt;

        use loom::sync::{Arc, Condvar, Mutex};

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
        #[cfg(loom)]
        lock: loom::sync::Mutex<()>,
    }

    impl Default for StdErr {
        fn default() -> Self {
            Self::new()
        }
    }

    impl StdErr {
        pub fn new() -> Self {
            Self {
                #[cfg(loom)]
                lock: loom::sync::Mutex::new(()),
            }
        }

        #[cfg(not(loom))]
        pub fn lock(&self) -> std::io::StderrLock<'static> {
            std::io::stderr().lock()
        }

        #[cfg(loom)]
        pub fn lock(&self) -> StandInLock<'_> {
            StandInLock(self.lock.lock().unwrap())
        }
    }

    /// Holds the stand-in lock; written bytes are discarded.
    #[cfg(loom)]
    pub struct StandInLock<'a>(#[allow(dead_code)] loom::sync::MutexGuard<'a, ()>);

    #[cfg(loom)]
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
    #[cfg(loom)]
    pub use loom::sync::mpsc::{Receiver, Sender, channel};
    #[cfg(not(loom))]
    pub use std::sync::mpsc::{Receiver, Sender, channel};
}

/// Real OS threads in every build, for crates that need them and that loom cannot model
/// anyway (rayon's `spawn_handler`). A strategy using this is marked not modelled.
pub mod os_thread {
    pub use std::thread::{JoinHandle, spawn};
}
