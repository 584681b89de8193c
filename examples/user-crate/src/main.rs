//! The user's own counters for threadlab's shared_counter scenario, registered once.
//!
//! `cargo run -- stress` stresses them; `RUSTFLAGS="--cfg loom" cargo run -- loom`
//! model-checks them (see `scripts/user-crate.sh` in threadlab).

mod cas_once;
mod spin_crate;
mod ticket;

scenarios::threadlab_main!(
    scenarios::shared_counter::SCENARIO => [
        ticket::TICKET,
        cas_once::CAS_ONCE,
        spin_crate::SPIN_CRATE,
    ],
);
