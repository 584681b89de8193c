//! The real world, a normal build: std's threads, locks and atomics, parking_lot and
//! crossbeam-channel themselves, and the real clock.
//!
//! Each primitive is named here as an alias or a one-line function rather than re-exported,
//! so that it is the facade's own name: `scenarios/clippy.toml` forbids std's, parking_lot's
//! and crossbeam's own names outside `sync/`, and a re-export would be the very name it
//! forbids.

/// std's `Arc`.
pub type Arc<T> = std::sync::Arc<T>;
/// std's `Condvar`.
pub type Condvar = std::sync::Condvar;
/// std's `Mutex`.
pub type Mutex<T> = std::sync::Mutex<T>;

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
    pub use std::sync::atomic::Ordering;
    /// std's atomic (loom's under `--cfg loom`).
    pub type AtomicBool = std::sync::atomic::AtomicBool;
    /// std's atomic (loom's under `--cfg loom`).
    pub type AtomicU64 = std::sync::atomic::AtomicU64;
    /// std's atomic (loom's under `--cfg loom`).
    pub type AtomicUsize = std::sync::atomic::AtomicUsize;
}

/// std's threads.
pub mod thread {
    pub use std::thread::{JoinHandle, current};
    /// std's thread builder.
    pub type Builder = std::thread::Builder;

    /// `std::thread::spawn`.
    #[inline]
    pub fn spawn<F, T>(f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        std::thread::spawn(f)
    }

    /// `std::thread::park`.
    #[inline]
    pub fn park() {
        std::thread::park();
    }

    /// `std::thread::yield_now`.
    #[inline]
    pub fn yield_now() {
        std::thread::yield_now();
    }

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
    /// parking_lot's condvar.
    pub type Condvar = ::parking_lot::Condvar;
    /// parking_lot's mutex.
    pub type Mutex<T> = ::parking_lot::Mutex<T>;
    /// parking_lot's mutex guard.
    pub type MutexGuard<'a, T> = ::parking_lot::MutexGuard<'a, T>;
}

/// crossbeam's channels, bounded and unbounded (one `Sender`/`Receiver` type for both).
pub mod crossbeam_channel {
    pub use ::crossbeam_channel::RecvTimeoutError;
    /// crossbeam's receiving end.
    pub type Receiver<T> = ::crossbeam_channel::Receiver<T>;
    /// crossbeam's sending end.
    pub type Sender<T> = ::crossbeam_channel::Sender<T>;

    /// `crossbeam_channel::bounded`.
    #[inline]
    pub fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
        ::crossbeam_channel::bounded(capacity)
    }

    /// `crossbeam_channel::unbounded`.
    #[inline]
    pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
        ::crossbeam_channel::unbounded()
    }
}

/// std's mpsc channel.
pub mod mpsc {
    /// std's receiving end.
    pub type Receiver<T> = std::sync::mpsc::Receiver<T>;
    /// std's sending end.
    pub type Sender<T> = std::sync::mpsc::Sender<T>;

    /// `std::sync::mpsc::channel`.
    #[inline]
    pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
        std::sync::mpsc::channel()
    }
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
        /// A handle on stderr.
        pub fn new() -> Self {
            Self::default()
        }

        /// Lock stderr for whole lines.
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
