//! `torn_lines`: BROKEN ON PURPOSE. Each piece locked on its own.
//!
//! Every single write is protected, so there is no data race and no undefined behaviour,
//! and yet the lock is released between the two pieces of a line: another thread's piece
//! can land in the middle, and two lines come out as `<0:0<1:0:0>` and `:1>`. This is what
//! Python's `print(a, b)` from several threads can do, since it writes its arguments and
//! the newline separately. loom finds a torn line; the order of whole lines is not the bug.

use super::Printer;
use crate::catalogue::{About, Expectation, LoomModel, Strategy, ViolationKind};
use crate::sync::Mutex;

pub struct TornLines {
    out: Mutex<String>,
}

impl Printer for TornLines {
    fn new() -> Self {
        Self { out: Mutex::new(String::new()) }
    }

    fn print_line(&self, thread: usize, line: usize) {
        let (head, tail) = super::pieces(thread, line);
        self.out.lock().expect("never poisoned").push_str(&head);
        // The lock is free here: another thread's piece can go in the middle of our line.
        self.out.lock().expect("never poisoned").push_str(&tail);
    }

    fn finish(self) -> String {
        self.out.into_inner().expect("never poisoned")
    }
}

pub const STRATEGY: Strategy = super::strategy::<TornLines>(About {
    name: "torn_lines",
    source: file!(),
    summary: "each half of a line written under its own lock acquisition: lines tear",
    expectation: Expectation::Broken {
        kind: ViolationKind::TornLine,
        bug: "torn line: another thread's piece inside a line",
    },
    loom: LoomModel::Real,
})
.bound(super::BOUND);
