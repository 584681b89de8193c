//! `stdout_lock`: the lock std already puts around the standard streams.
//!
//! Rust's `Stdout` and `Stderr` are each guarded by a process-wide reentrant lock; one
//! `println!` takes it once, and `lock()` holds it across several writes. Here each line's
//! two pieces go to the real stream under one `lock()`, so no other thread's output can
//! come between them. Correct, and the only strategy here that prints for real.
//!
//! Honest about the details: it writes to **stderr**, not stdout, so `threadlab run --json`
//! (which prints its JSON on stdout) stays parseable; the two streams use the same lock
//! design. We cannot read the terminal back, so the check reads a transcript appended
//! *while the stream lock is held*, which therefore records the lines in the order they
//! went out. Under loom, std's stream lock is invisible, so a loom Mutex stands in for it
//! and the bytes go nowhere (see `crate::sync::stdio`).

use std::io::Write;

use super::Printer;
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::Mutex;
use crate::sync::stdio::StdErr;

pub struct StdoutLock {
    stream: StdErr,
    transcript: Mutex<String>,
}

impl Printer for StdoutLock {
    fn new() -> Self {
        Self { stream: StdErr::new(), transcript: Mutex::new(String::new()) }
    }

    fn print_line(&self, thread: usize, line: usize) {
        let (head, tail) = super::pieces(thread, line);
        let mut out = self.stream.lock();
        // A failed write to stderr is not this lesson's concern; the transcript still counts.
        let _ = out.write_all(head.as_bytes());
        let _ = out.write_all(tail.as_bytes());
        let mut transcript = self.transcript.lock().expect("never poisoned");
        transcript.push_str(&head);
        transcript.push_str(&tail);
    }

    fn finish(self) -> String {
        self.transcript.into_inner().expect("never poisoned")
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "stdout_lock",
    sources: &["scenarios/src/interleaving/stdout_lock.rs"],
    bound: super::BOUND,
    summary: "both pieces written to the real stderr under one Stderr::lock() (std's stream lock)",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with a loom Mutex standing in for std's stream lock, which loom \
         cannot see; the bytes are not printed under loom",
    ),
    run: super::run_printer::<StdoutLock>,
    run_batch: None,
    run_for: None,
};
