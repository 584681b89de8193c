//! What is real in every world, model-checked or not: crates and designs a model checker
//! cannot follow. Strategies built on [`scoped`] or [`os_thread`] are marked
//! [`crate::catalogue::LoomModel::NotModelled`] and never run under loom.

/// Scoped threads: std's `thread::scope` and crossbeam's `scope`. loom 0.7 has no model of
/// scoped threads (its `spawn` needs `'static` closures).
pub mod scoped {
    pub use crossbeam::thread::scope as crossbeam_scope;
    pub use std::thread::scope;
}

/// Real OS threads, for crates that need them and that loom cannot model anyway (rayon's
/// `spawn_handler`).
pub mod os_thread {
    pub use std::thread::{JoinHandle, spawn};
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
    pub use std::sync::Arc;
}
