//! `channel_printer`: one printer thread owns the output; writers send it whole lines.
//!
//! Nobody but the printer touches the transcript, so there is nothing to lock: each writer
//! builds its line and sends it as one message, and messages are never split. A channel
//! keeps each sender's messages in the order sent, so each thread's lines keep their order.
//! The printer stops when the last sender is dropped (crossbeam reports the disconnection
//! only after the queue is drained), and `finish` joins it. Correct. Under loom a Mutex +
//! Condvar queue with the same disconnection rule stands in for crossbeam's channel.

use super::Printer;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::crossbeam_channel::{Sender, unbounded};
use crate::sync::thread::{self, JoinHandle};

pub struct ChannelPrinter {
    lines: Sender<String>,
    printer: JoinHandle<String>,
}

impl Printer for ChannelPrinter {
    fn new() -> Self {
        let (lines, inbox) = unbounded::<String>();
        let printer = thread::spawn(move || {
            let mut out = String::new();
            while let Ok(line) = inbox.recv() {
                out.push_str(&line);
            }
            out
        });
        Self { lines, printer }
    }

    fn print_line(&self, thread: usize, line: usize) {
        let (head, tail) = super::pieces(thread, line);
        self.lines.send(head + &tail).expect("the printer runs until every sender is gone");
    }

    fn finish(self) -> String {
        drop(self.lines);
        self.printer.join().expect("the printer thread does not panic")
    }
}

pub const STRATEGY: Strategy = super::strategy::<ChannelPrinter>(About {
    name: "channel_printer",
    source: file!(),
    summary: "one printer thread owns the output; writers send whole lines over a channel",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with a loom Mutex+Condvar queue standing in for crossbeam's channel",
    ),
})
.bound(super::BOUND)
.without_batch();
