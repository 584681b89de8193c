//! A thread handle that can be asked, without blocking, whether its thread has finished
//! (Python's `Thread.is_alive`, negated).
//!
//! In a real run this is std's `JoinHandle::is_finished`. loom's and shuttle's handles have
//! no `is_finished`, so under a model checker the spawned closure sets a modelled flag
//! (Release) as it returns and `is_finished` reads it (Acquire): a stand-in that promises
//! what std promises, that a handle reported finished joins without blocking.

use super::thread::{self, JoinHandle};
#[cfg(any(loom, shuttle))]
use super::{
    atomic::{AtomicBool, Ordering},
    untracked::Arc,
};

/// A `JoinHandle` with a non-blocking `is_finished`.
pub struct Watched<T> {
    handle: JoinHandle<T>,
    #[cfg(any(loom, shuttle))]
    done: Arc<AtomicBool>,
}

/// Spawn `f` on a new thread whose end can be polled.
pub fn spawn_watched<F, T>(f: F) -> Watched<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    #[cfg(any(loom, shuttle))]
    {
        let done = Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        let handle = thread::spawn(move || {
            let result = f();
            flag.store(true, Ordering::Release);
            result
        });
        Watched { handle, done }
    }
    #[cfg(not(any(loom, shuttle)))]
    Watched { handle: thread::spawn(f) }
}

impl<T> Watched<T> {
    /// Has the thread finished? Never blocks; once `true`, [`Watched::join`] returns at once.
    pub fn is_finished(&self) -> bool {
        #[cfg(any(loom, shuttle))]
        return self.done.load(Ordering::Acquire);
        #[cfg(not(any(loom, shuttle)))]
        self.handle.is_finished()
    }

    /// Wait for the thread and take its result (blocks if it has not finished).
    pub fn join(self) -> std::thread::Result<T> {
        self.handle.join()
    }
}
