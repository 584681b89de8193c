//! The real world, a normal build: std's threads, locks and atomics, parking_lot and
//! crossbeam-channel themselves, and the real clock.

pub use std::sync::{Arc, Condvar, Mutex};

/// No model checker is watching: real-run-only behaviours do their work.
pub(super) const UNDER_MODEL_CHECKER: bool = false;

/// Tell the CPU `hints` times that we are busy-waiting.
pub(super) fn spin_hints(hints: u32) {
    for _ in 0..hints {
        std::hint::spin_loop();
    }
}

/// std's atomics.
pub mod atomic {
    pub use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
}

/// std's threads.
pub mod thread {
    pub use std::thread::{Builder, JoinHandle, current, park, spawn, yield_now};

    /// `spawn`: the name is for model-checked traces only, so a real run never builds it
    /// (no allocation, no cost).
    pub fn spawn_as<F, T>(name: impl FnOnce() -> String, f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        drop(name);
        spawn(f)
    }
}

/// A handle to a thread, the receiver of `unpark`.
pub mod thread_handle {
    pub use std::thread::Thread;
}

/// An `UnsafeCell` with loom's closure API; nothing tracks its accesses in a real run.
pub mod cell {
    pub use crate::sync::plain_cell::UnsafeCell;
}

/// parking_lot's lock and condvar.
pub mod parking_lot {
    pub use ::parking_lot::{Condvar, Mutex, MutexGuard};
}

/// crossbeam's channels, bounded and unbounded (one `Sender`/`Receiver` type for both).
pub mod crossbeam_channel {
    pub use ::crossbeam_channel::{Receiver, RecvTimeoutError, Sender, bounded, unbounded};
}

/// std's mpsc channel.
pub mod mpsc {
    pub use std::sync::mpsc::{Receiver, Sender, channel};
}

/// Real time: real sleeps, real deadlines, and no modelled clock (the real clock ends timed
/// waits). Under a model checker this module has the same functions without a clock.
pub mod time {
    pub use std::time::{Duration, Instant};

    /// `std::thread::sleep`.
    pub fn sleep(duration: Duration) {
        std::thread::sleep(duration);
    }

    /// How long until `deadline`, or `None` once it has passed.
    pub fn until(deadline: Instant) -> Option<Duration> {
        deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero())
    }

    /// Nothing in a real run (returns `None`): real time ends real timed waits. Under a
    /// model checker this spawns the modelled clock that runs `time_is_up`.
    pub fn model_clock<F>(time_is_up: F) -> Option<super::thread::JoinHandle<()>>
    where
        F: FnOnce() + Send + 'static,
    {
        drop(time_is_up);
        None
    }
}

/// The process's standard error stream.
pub mod stdio {
    /// A handle on the stream; `lock()` holds std's process-wide lock on it (the same
    /// reentrant-lock design as `Stdout::lock`) for several writes.
    #[derive(Debug, Default)]
    pub struct StdErr;

    impl StdErr {
        pub fn new() -> Self {
            Self
        }

        pub fn lock(&self) -> std::io::StderrLock<'static> {
            std::io::stderr().lock()
        }
    }
}
