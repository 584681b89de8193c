//! The shuttle tier: strategies under shuttle's random and PCT schedulers, at thread counts
//! loom cannot reach. Does its work only when built with `RUSTFLAGS="--cfg shuttle"` (then
//! the facade `scenarios::sync` hands out shuttle's threads, locks and atomics).
//!
//! `shuttle --scheduler random|pct [--iterations N] [--depth D] [--seed S] --schedules DIR
//! scenario/strategy` explores one strategy with one scheduler and prints one
//! `SchedulerReport` line; a failing schedule is saved in DIR as
//! `<scenario>.<strategy>.<scheduler>.schedule`. (One scheduler per process: shuttle
//! installs its failure-persisting panic hook once per process.)
//!
//! `shuttle --replay FILE scenario/strategy` runs the saved schedule again and reports
//! whether the failure reproduces: exit 0 when it does (the replay did its job), 1 when the
//! schedule now runs clean.

#[cfg(not(shuttle))]
fn main() {
    println!("the shuttle tier needs RUSTFLAGS=\"--cfg shuttle\" (see scripts/verify-deep.sh)");
}

#[cfg(shuttle)]
fn main() -> std::process::ExitCode {
    deep_tests::explore::main(&deep_tests::subjects(), std::env::args().skip(1))
}
