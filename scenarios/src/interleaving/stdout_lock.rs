//! `stdout_lock`: the lock std already puts around the standard streams.
//!
//! Rust's `Stdout` and `Stderr` are each guarded by a process-wide reentrant lock; one
//! `println!` takes it once, and `lock()` holds it across several writes. Here each line's
//! two pieces go to the real stream under one `lock()`, so no other thread's output can
//! come between them. Correct, and the only strategy here that prints for real.
//!
//! Honest about the details: it writes to **stderr**, not stdout, so `threadlab run --json`
//! (which prints its JSON on stdout) stays parseable; the two streams use the same lock
//! design. We cannot read the terminal back, so the check reads the copy the facade's
//! stream keeps of every write, taken while the stream lock is held (see
//! `crate::sync::stdio`): the copy has the order the stream had, so a line written in two
//! lock holds can tear there just as on the terminal. Under loom, std's stream lock is
//! invisible, so a loom Mutex stands in for it and the bytes go only to the copy; a test
//! double that writes the two pieces under two lock holds is refuted with a torn line
//! (`loom-tests/tests/stdout_split.rs`).

use std::io::Write;

use super::Printer;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::stdio::StdErr;

pub struct StdoutLock {
    stream: StdErr,
}

impl Printer for StdoutLock {
    fn new() -> Self {
        Self { stream: StdErr::new() }
    }

    fn print_line(&self, thread: usize, line: usize) {
        let (head, tail) = super::pieces(thread, line);
        let mut out = self.stream.lock();
        // A failed write to stderr is not this lesson's concern: what the stream took is
        // in its copy, and a missing piece shows there as a torn line.
        let _ = out.write_all(head.as_bytes());
        let _ = out.write_all(tail.as_bytes());
    }

    fn finish(self) -> String {
        self.stream.written()
    }
}

pub const STRATEGY: Strategy = super::strategy::<StdoutLock>(About {
    name: "stdout_lock",
    source: file!(),
    summary: "both pieces written to the real stderr under one Stderr::lock() (std's stream lock)",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with a loom Mutex standing in for std's stream lock, which loom \
         cannot see; the bytes go only to the stream's copy under loom, which the check reads",
    ),
})
.bound(super::BOUND)
.without_batch();
