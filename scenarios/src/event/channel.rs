//! `channel`: the event is a one-slot crossbeam channel; `set` sends the data, `wait`
//! receives it.
//!
//! Teaches share-by-communicating: the data *is* the signal, so the waiter cannot see the
//! signal without the data, and a message sent before the receiver arrives waits in the
//! channel, so no wakeup can be lost. Correct, and idiomatic when the signal carries a
//! value.
//!
//! Offers only the timed wait (`recv_timeout`) of Python's Event. A message is taken by one
//! receiver, so one `set` cannot wake several waiters, a second `wait` finds the channel
//! empty (the event does not stay set), and a sent message cannot be taken back (no
//! `clear`); the driver sets one channel per waiter instead. Under loom a bounded queue
//! built from loom's `Mutex` and `Condvar` stands in for crossbeam's channel (loom's own
//! mpsc receiver is not `Sync`, and the event is shared by reference), so the verdict
//! checks the algorithm, with at most 2 preemptions (the scenario's bound); the timed wait that runs out needs a clock, which loom lacks, and
//! is checked in real runs.

use std::time::Duration;

use super::{Event, NotOffered};
use crate::catalogue::{About, EventOffers, EventPart, Expectation, LoomModel, Strategy};
use crate::sync::crossbeam_channel::{Receiver, RecvTimeoutError, Sender, bounded};

pub struct ChannelEvent {
    tx: Sender<u64>,
    rx: Receiver<u64>,
}

impl Event for ChannelEvent {
    const OFFERS: EventOffers = EventOffers::NOTHING_MORE.and(EventPart::TimedWait);

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

    fn wait_timeout(&self, timeout: Duration) -> Result<Option<u64>, NotOffered> {
        match self.rx.recv_timeout(timeout) {
            Ok(data) => Ok(Some(data)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => unreachable!("the event owns its sender"),
        }
    }
}

pub const STRATEGY: Strategy = super::strategy::<ChannelEvent>(About {
    name: "channel",
    source: file!(),
    summary: "a bounded(1) crossbeam channel: set sends the data, wait receives it",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with a Mutex+Condvar bounded queue standing in for crossbeam's \
         bounded channel",
    ),
})
.bound(super::BOUND);
