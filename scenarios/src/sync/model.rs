//! The model world, a build under a model checker: loom (`--cfg loom`) or shuttle
//! (`--cfg shuttle`). The two agree on std's API, so everything here is written once against
//! `model`, which is loom or shuttle; the one place they differ is [`cell`].
//!
//! loom explores every interleaving of a small model (and every weak-memory outcome its
//! atomics allow). shuttle 0.9 runs one thread at a time and switches at every
//! synchronisation point under a random or PCT scheduler: it reaches 8 and more threads, but
//! samples the schedules rather than exhausting them, and its atomics are all SeqCst, so
//! memory-ordering bugs and plain-memory data races are invisible to it.
//!
//! Every modelled type a scenario (or a stand-in) uses is named in this file, once: a later
//! change that wraps a primitive, to record each operation, replaces its re-export here.

#[cfg(loom)]
use loom as model;
#[cfg(shuttle)]
use shuttle as model;

// Aliases and one-line functions, not re-exports, wherever the name would otherwise be the
// checker's (or, for shuttle's `Arc`, std's) own, which `scenarios/clippy.toml` forbids
// outside the facade.
pub type Arc<T> = model::sync::Arc<T>;
#[cfg(shuttle)]
pub type Condvar = model::sync::Condvar;
#[cfg(shuttle)]
pub type Mutex<T> = model::sync::Mutex<T>;
// The guard of `Mutex`, for the stand-ins built on it.
#[cfg(shuttle)]
pub(super) use model::sync::MutexGuard;
// Under loom, locks and condvars record each operation (see `trace/`).
#[cfg(loom)]
pub(super) use super::trace::lock::MutexGuard;
#[cfg(loom)]
pub use super::trace::lock::{Condvar, Mutex};

/// A model checker is watching: real-run-only behaviours do nothing.
pub(super) const UNDER_MODEL_CHECKER: bool = true;

/// One yield to the model's scheduler, however many hints were asked for: a hint is no time
/// at all in a model, and loom needs a yield in every spin loop or a waiter that never
/// yields makes it explore an unbounded schedule.
pub(super) fn spin_hints(_hints: u32) {
    model::hint::spin_loop();
}

/// The model's atomics (under loom, recording each operation).
pub mod atomic {
    #[cfg(loom)]
    pub use crate::sync::trace::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
    #[cfg(shuttle)]
    pub use shuttle::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
}

/// The model's threads (under loom, recording spawn, join, park, unpark and yield).
/// `spawn_as` names the thread, which a trace uses as its column heading.
pub mod thread {
    #[cfg(loom)]
    pub use crate::sync::trace::thread::{
        Builder, JoinHandle, current, park, spawn, spawn_as, yield_now,
    };
    #[cfg(shuttle)]
    pub use shuttle::thread::{Builder, JoinHandle, current};

    /// shuttle's `spawn` (a function of the facade's own, as in `real.rs`).
    #[cfg(shuttle)]
    pub fn spawn<F, T>(f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        shuttle::thread::spawn(f)
    }

    /// shuttle's `park`.
    #[cfg(shuttle)]
    pub fn park() {
        shuttle::thread::park();
    }

    /// shuttle's `yield_now`.
    #[cfg(shuttle)]
    pub fn yield_now() {
        shuttle::thread::yield_now();
    }

    /// Spawn a thread called `name()`.
    #[cfg(shuttle)]
    pub fn spawn_as<F, T>(name: impl FnOnce() -> String, f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Builder::new().name(name()).spawn(f).expect("shuttle spawns")
    }
}

/// A handle to a modelled thread, the receiver of `unpark`.
pub mod thread_handle {
    #[cfg(loom)]
    pub use crate::sync::trace::thread::Thread;
    #[cfg(shuttle)]
    pub use shuttle::thread::Thread;
}

/// An `UnsafeCell` with loom's closure API. Under loom it is loom's own, which tracks every
/// access and reports a causality violation when two threads touch the value without a
/// happens-before edge; shuttle has no such tracking and gets the plain cell.
pub mod cell {
    #[cfg(shuttle)]
    pub use crate::sync::plain_cell::UnsafeCell;
    #[cfg(loom)]
    pub use crate::sync::trace::cell::UnsafeCell;
}

/// parking_lot's API over the model's lock (see `stand_in/parking_lot.rs`).
pub mod parking_lot {
    pub use crate::sync::stand_in::parking_lot::{Condvar, Mutex, MutexGuard};
}

/// crossbeam-channel's API over the model's lock (see `stand_in/channel.rs`).
pub mod crossbeam_channel {
    pub use crate::sync::stand_in::channel::{
        Receiver, RecvTimeoutError, Sender, bounded, unbounded,
    };
}

/// The model's mpsc channel. Its `Receiver` does not report disconnection (a `recv` after
/// every sender is gone is a deadlock in the model), so users end their receive loops with
/// an explicit message.
pub mod mpsc {
    pub type Receiver<T> = super::model::sync::mpsc::Receiver<T>;
    pub type Sender<T> = super::model::sync::mpsc::Sender<T>;

    /// The model's `channel` (a function of the facade's own, as in `real.rs`).
    #[track_caller]
    pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
        super::model::sync::mpsc::channel()
    }
}

/// Time without a clock. `sleep` yields (the sleeper carries on at whatever point the
/// checker schedules it, so every placement of its wake-up relative to the other threads is
/// explored), and the model's timed waits (`Condvar::wait_timeout`, parking_lot's
/// `wait_for`, a channel's `recv_timeout`) never time out. A strategy that waits with a
/// timeout therefore starts a [`time::model_clock`]: a modelled thread that announces
/// "time is up" (sets the strategy's flag and wakes the waiter) at a point the checker
/// chooses. In a real run the same functions use the real clock.
pub mod time {
    pub use std::time::{Duration, Instant};

    /// A yield: the sleeper wakes wherever the checker schedules it (recorded at the
    /// sleeper's line).
    #[track_caller]
    pub fn sleep(duration: Duration) {
        let _ = duration;
        super::thread::yield_now();
    }

    /// Never `None`: a deadline does not pass by itself in a model, only a
    /// [`model_clock`] says time is up.
    pub fn until(deadline: Instant) -> Option<Duration> {
        let _ = deadline;
        Some(Duration::from_secs(3600))
    }

    /// Never: without a clock nothing happens before its time (a real run checks it).
    pub fn before(deadline: Instant) -> bool {
        let _ = deadline;
        false
    }

    /// Spawn the modelled clock: a thread that runs `time_is_up` once.
    pub fn model_clock<F>(time_is_up: F) -> Option<super::thread::JoinHandle<()>>
    where
        F: FnOnce() + Send + 'static,
    {
        Some(super::thread::spawn(time_is_up))
    }
}

/// The standard error stream, stood in for by a modelled lock (see `stand_in/stderr.rs`).
pub mod stdio {
    pub use crate::sync::stand_in::stderr::StdErr;
}
