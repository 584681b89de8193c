//! Stand-ins for crates a model checker has no model of, one file each, with the crate's
//! API built on the model world's `Mutex`, `Condvar` and `Arc`. A verdict obtained through
//! one checks the strategy's algorithm, not the crate's internals.

pub mod channel;
pub mod parking_lot;
pub mod stderr;
