//! Trace recording under loom: every operation that passes through the facade can record a
//! step (thread, operation, object, value, ordering, source line) into one log, so that the
//! failing execution of a Broken strategy can be told as a story, one column per thread.
//!
//! Recording is off unless the loom runner switches it on ([`switch`]): then each wrapped
//! operation costs one relaxed load. The runner resets the log at the start of every
//! execution ([`reset`]), so after a failure the log holds the failing execution
//! ([`take`]). Only loom builds have this module; real runs and shuttle use the primitives
//! unwrapped.

pub mod atomic;
pub mod cell;
pub mod lock;
mod log;
mod names;
pub mod thread;

pub(crate) use log::{
    as_seen, note_write, one_step, quietly, reading_latest, record, record_value,
};
pub use log::{read_latest, recording, reset, stale_read_so_far, switch, take};
pub(crate) use names::{instance, object as object_name};
