//! The one door to synchronisation primitives, and the only code that knows a model checker
//! exists.
//!
//! Every strategy imports from `crate::sync`, never from `std::sync`, `std::thread`, `loom`,
//! `shuttle`, `parking_lot` or `crossbeam_channel` directly. This module only chooses the
//! world those names come from, by cfg:
//! - `real.rs`, a normal build: std, parking_lot and crossbeam-channel themselves.
//! - `model.rs`, a build under a model checker: loom (`RUSTFLAGS="--cfg loom"`, the loom
//!   suite) or shuttle (`--cfg shuttle`, the shuttle tier of `threadlab-deep`). The checker's
//!   own threads, locks, atomics and channels, and stand-ins (`stand_in/`, one file each)
//!   with the same API for the crates it has no model of.
//!
//! So the very same strategy code is what the model checker explores. A verdict obtained
//! through a stand-in checks the strategy's algorithm, not the crate's internals, and says
//! so (see [`crate::catalogue::LoomModel::StandIn`]). rayon and scoped threads have no
//! model: they are real in every build ([`scoped`], [`os_thread`]) and strategies using
//! them are marked not modelled.
//!
//! Where a real run and a model-checked run must behave differently, scenarios call a
//! named behaviour instead of writing cfg: [`Backoff`] in every spin loop, a [`StartLine`]
//! that releases workers together, a [`preemption_point`] and [`busy_work`] that only real
//! runs perform, and [`time`], which a model has none of.

// The facade is where std's, loom's, shuttle's, parking_lot's and crossbeam's own names are
// allowed: `scenarios/clippy.toml` forbids them everywhere else in the crate.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

#[cfg(not(any(loom, shuttle)))]
mod real;
#[cfg(not(any(loom, shuttle)))]
use real as world;

#[cfg(any(loom, shuttle))]
mod model;
#[cfg(any(loom, shuttle))]
mod stand_in;
#[cfg(any(loom, shuttle))]
use model as world;

#[cfg(loom)]
pub mod trace;

/// The worlds without loom's access tracking (real runs, shuttle) share a plain cell.
#[cfg(not(loom))]
mod plain_cell;

mod backoff;
mod everywhere;
mod finished;
mod real_runs_only;
mod start_line;

pub use backoff::Backoff;
pub use everywhere::{os_thread, scoped, untracked};
pub use finished::{Watched, spawn_watched};
pub use real_runs_only::{busy_work, preemption_point};
pub use start_line::StartLine;
pub use world::{
    Arc, Condvar, Mutex, atomic, cell, crossbeam_channel, mpsc, parking_lot, stdio, thread,
    thread_handle, time,
};
