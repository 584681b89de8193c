//! `channel`: a bounded channel holding K tokens; acquire receives one, release sends it
//! back.
//!
//! The permits are messages: a worker may enter only with a token in hand, there are only
//! K tokens, and a `recv` on an empty channel blocks until a token comes back. The channel
//! does the counting and the waking, so there is no check-then-act to get wrong. Its
//! capacity K means a buggy extra `release` would block instead of minting a (K+1)th
//! permit. Correct. Under loom a bounded queue built from loom's `Mutex` and two
//! `Condvar`s stands in for crossbeam's bounded channel.

use super::Semaphore;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::crossbeam_channel::{Receiver, Sender, bounded};

pub struct ChannelSemaphore {
    give_back: Sender<()>,
    take: Receiver<()>,
}

impl Semaphore for ChannelSemaphore {
    fn new(limit: usize) -> Self {
        let (give_back, take) = bounded(limit);
        for _ in 0..limit {
            give_back.send(()).expect("the semaphore owns both ends");
        }
        Self { give_back, take }
    }

    fn acquire(&self) {
        self.take.recv().expect("the semaphore owns both ends");
    }

    fn release(&self) {
        self.give_back.send(()).expect("the semaphore owns both ends");
    }
}

pub const STRATEGY: Strategy = super::strategy::<ChannelSemaphore>(About {
    name: "channel",
    source: file!(),
    summary: "a bounded(K) channel prefilled with K tokens: recv to enter, send to leave",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with a Mutex+Condvar bounded queue standing in for crossbeam's \
         bounded channel",
    ),
})
.bound(super::BOUND);
