//! `locked_lines`: hold one lock across both pieces of a line.
//!
//! The transcript sits inside a `Mutex`; a writer takes the lock, writes both pieces, and
//! releases it. Another writer can only get in between two lines, never inside one, so
//! every line is whole; each thread writes its lines in a loop, so its own lines keep their
//! order. Which thread's line comes next is still the scheduler's choice: that freedom is the
//! seed 002 observation, and it is not a bug. Correct.

use super::Printer;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::Mutex;

pub struct LockedLines {
    out: Mutex<String>,
}

impl Printer for LockedLines {
    fn new() -> Self {
        Self { out: Mutex::new(String::new()) }
    }

    fn print_line(&self, thread: usize, line: usize) {
        let (head, tail) = super::pieces(thread, line);
        let mut out = self.out.lock().expect("never poisoned");
        out.push_str(&head);
        out.push_str(&tail);
    }

    fn finish(self) -> String {
        self.out.into_inner().expect("never poisoned")
    }
}

pub const STRATEGY: Strategy = super::strategy::<LockedLines>(About {
    name: "locked_lines",
    source: file!(),
    summary: "both pieces of a line written under one Mutex acquisition",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::BOUND);
