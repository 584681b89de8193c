//! Runs strategies' real code once each, for the Miri and ThreadSanitizer tiers: the
//! catalogue's strategies through [`deep_tests::runner`] (its doc has the command line).
//!
//! With no arguments (a plain `cargo test`) it is a native smoke test: every strategy runs
//! once at the Miri size, and only a Correct strategy breaking its invariant fails it.

use std::process::ExitCode;

fn main() -> ExitCode {
    deep_tests::runner::main("real", &deep_tests::subjects(), std::env::args().skip(1))
}
