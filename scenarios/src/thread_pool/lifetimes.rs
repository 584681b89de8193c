//! Threads a pool started, and those still running: counted by the threads themselves, so
//! "shutdown joined every worker" is an observation the driver makes, not a number the pool
//! reports about itself.
//!
//! A pool wraps each thread's body with [`Lifetimes::track`]: the count of started threads
//! goes up when the body is wrapped (just before the spawn), and the count of running ones
//! down as the body returns or unwinds (Release). After `shutdown` the driver reads
//! [`Lifetimes::running`] (Acquire): a pool that returned without joining can leave a worker
//! that has not yet ended, and under loom some execution does.

use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::untracked::Arc;

/// The pool's thread counts (shared with its threads through an `Arc` loom does not track:
/// every pool joins its threads before the last clone can go).
#[derive(Default)]
pub struct Lifetimes {
    started: AtomicUsize,
    running: AtomicUsize,
}

/// How a pool holds its [`Lifetimes`] and hands them to the driver: shared, so the driver
/// can still read them once the pool has been dropped.
pub type Tracker = Arc<Lifetimes>;

/// Counts its thread out when dropped: at the end of the body, or while it unwinds.
struct Ending(Arc<Lifetimes>);

impl Drop for Ending {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::Release);
    }
}

impl Lifetimes {
    pub fn new() -> Arc<Lifetimes> {
        Arc::new(Lifetimes::default())
    }

    /// Count a thread in and wrap its body so that the thread counts itself out as it ends.
    pub fn track<F, T>(self: &Arc<Self>, body: F) -> impl FnOnce() -> T + Send + 'static
    where
        F: FnOnce() -> T + Send + 'static,
    {
        self.started.fetch_add(1, Ordering::Relaxed);
        self.running.fetch_add(1, Ordering::Relaxed);
        let ending = Ending(self.clone());
        move || {
            let _ending = ending;
            body()
        }
    }

    /// Threads started so far (read by the thread that starts them).
    pub fn started(&self) -> usize {
        self.started.load(Ordering::Relaxed)
    }

    /// Threads started and not yet ended.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::Acquire)
    }
}
