//! The user's own counters for threadlab's shared_counter scenario, and a scenario of its
//! own (`running_max`) with its strategies, registered once.
//!
//! `cargo run -- stress` stresses them; `RUSTFLAGS="--cfg loom" cargo run -- loom`
//! model-checks them (see `scripts/user-crate.sh` in threadlab).

mod cas_once;
mod running_max;
mod spin_crate;
mod ticket;

scenarios::threadlab_main!(
    scenarios::shared_counter::SCENARIO => [
        ticket::TICKET,
        cas_once::CAS_ONCE,
        spin_crate::SPIN_CRATE,
    ],
    running_max::SCENARIO => [running_max::fetch_max::FETCH_MAX, running_max::load_store::LOAD_STORE],
);
