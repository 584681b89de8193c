//! What is real in every world, model-checked or not: crates and designs a model checker
//! cannot follow. Strategies built on [`scoped`] or [`os_thread`] are marked
//! [`crate::catalogue::LoomModel::NotModelled`] and never run under loom.

/// Scoped threads: std's `thread::scope` and crossbeam's `scope`. loom 0.7 has no model of
/// scoped threads (its `spawn` needs `'static` closures).
pub mod scoped {
    /// crossbeam's `scope` (a function of the facade's own, so that `scenarios/clippy.toml`
    /// can forbid crossbeam's name elsewhere; see `real.rs`).
    #[inline]
    pub fn crossbeam_scope<'env, F, R>(f: F) -> std::thread::Result<R>
    where
        F: FnOnce(&crossbeam::thread::Scope<'env>) -> R,
    {
        crossbeam::thread::scope(f)
    }

    /// std's `thread::scope`.
    #[inline]
    pub fn scope<'env, F, T>(f: F) -> T
    where
        F: for<'scope> FnOnce(&'scope std::thread::Scope<'scope, 'env>) -> T,
    {
        std::thread::scope(f)
    }
}

/// Real OS threads, for crates that need them and that loom cannot model anyway (rayon's
/// `spawn_handler`).
pub mod os_thread {
    pub use std::thread::JoinHandle;

    /// `std::thread::spawn`, in every world.
    #[inline]
    pub fn spawn<F, T>(f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        std::thread::spawn(f)
    }
}

/// std's `Arc` in every world: an `Arc` that loom does not track.
///
/// When loom 0.7 detects a deadlock it panics and unwinds the blocked threads; a loom
/// `Arc` dropped during that unwind needs an active thread, panics again, and the double
/// panic aborts the whole test process, so the deadlock could never be reported. Drivers
/// of scenarios whose broken strategies deadlock (a lost wakeup) share their state through
/// this `Arc` instead, and join every thread before the last clone is dropped, so the join
/// orders the final drop and loom loses nothing it needs.
pub mod untracked {
    /// std's `Arc` in every build.
    pub type Arc<T> = std::sync::Arc<T>;
}
