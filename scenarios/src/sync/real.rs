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

    /// Whether the clock still reads before `deadline` (an action that runs now runs
    /// early). Under a model checker there is no clock, and nothing is ever early.
    pub fn before(deadline: Instant) -> bool {
        Instant::now() < deadline
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

/// The process's standard error stream, keeping a copy of what went through it.
pub mod stdio {
    use std::io::{StderrLock, Write};
    use std::sync::Mutex;

    /// A handle on the stream; `lock()` holds std's process-wide lock on it (the same
    /// reentrant-lock design as `Stdout::lock`) for several writes. Each write is also
    /// copied, while the stream lock is held, so the copy has the order the stream had.
    #[derive(Debug, Default)]
    pub struct StdErr {
        copy: Mutex<Vec<u8>>,
    }

    impl StdErr {
        pub fn new() -> Self {
            Self::default()
        }

        pub fn lock(&self) -> StdErrLock<'_> {
            StdErrLock { stream: std::io::stderr().lock(), copy: &self.copy }
        }

        /// Everything written through this handle, in the order the stream received it.
        pub fn written(self) -> String {
            let copy = self.copy.into_inner().unwrap_or_else(|p| p.into_inner());
            String::from_utf8_lossy(&copy).into_owned()
        }
    }

    /// std's stream lock, held; each write goes to the stream, then to the copy.
    pub struct StdErrLock<'a> {
        stream: StderrLock<'static>,
        copy: &'a Mutex<Vec<u8>>,
    }

    impl Write for StdErrLock<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let written = self.stream.write(buf)?;
            let mut copy = self.copy.lock().unwrap_or_else(|p| p.into_inner());
            copy.extend_from_slice(&buf[..written]);
            Ok(written)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.stream.flush()
        }
    }
}
