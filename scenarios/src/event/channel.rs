//! `channel`: the event is a one-slot crossbeam channel; `set` sends the data, `wait`
//! receives it.
//!
//! Share by communicating: the data *is* the signal, so the waiter cannot see the signal
//! without the data, and a message sent before the receiver arrives waits in the channel,
//! so no wakeup can be lost. Correct, and idiomatic when the signal carries a value. Under
//! loom a bounded queue built from loom's `Mutex` and `Condvar` stands in for crossbeam's
//! channel (loom's own mpsc receiver is not `Sync`, and the event is shared by reference).

use super::Event;
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::crossbeam_channel::{Receiver, Sender, bounded};

pub struct ChannelEvent {
    tx: Sender<u64>,
    rx: Receiver<u64>,
}

impl Event for ChannelEvent {
    fn new() -> Self {
        let (tx, rx) = bounded(1);
        Self { tx, rx }
    }

    fn set(&self, data: u64) {
        self.tx.send(data).expect("the event owns its receiver");
    }

    fn wait(&self) -> Option<u64> {
        Some(self.rx.recv().expect("the event owns its sender"))
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "channel",
    sources: &["scenarios/src/event/channel.rs"],
    bound: super::BOUND,
    summary: "a bounded(1) crossbeam channel: set sends the data, wait receives it",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with a Mutex+Condvar bounded queue standing in for crossbeam's \
         bounded channel",
    ),
    run: super::run_event::<ChannelEvent>,
    run_batch: Some(super::run_event_batch::<ChannelEvent>),
    run_for: None,
};
