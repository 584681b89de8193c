//! `channel`: share by communicating. One owner thread holds the total; workers send it
//! increments over std's mpsc channel (since Rust 1.67 a port of crossbeam-channel).
//!
//! Only the owner ever touches the total, so there is nothing to race on; the channel's
//! internal synchronisation carries each message (and its happens-before) to the owner.
//! Each worker ends with a `Done` message and the owner stops after one `Done` per worker,
//! so every increment sent before a `Done` is counted. Correct, and slow: every increment
//! is a message. Under loom, loom's mpsc stands in for std's: it does not model
//! disconnection, which this strategy never relies on, and costs loom one step per message
//! (a stand-in for crossbeam's channel costs a lock and a wakeup, and many more schedules).

use super::Counter;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::mpsc::{Sender, channel};
use crate::sync::thread::{self, JoinHandle};

enum Message {
    Add(u64),
    Done,
}

pub struct ChannelCounter {
    to_owner: Sender<Message>,
    owner: JoinHandle<u64>,
}

impl Counter for ChannelCounter {
    fn new(threads: usize) -> Self {
        let (to_owner, inbox) = channel();
        let owner = thread::spawn(move || {
            let (mut total, mut done) = (0, 0);
            while done < threads {
                match inbox.recv().expect("workers send Done before hanging up") {
                    Message::Add(n) => total += n,
                    Message::Done => done += 1,
                }
            }
            total
        });
        Self { to_owner, owner }
    }

    fn add_one(&self, _slot: usize) {
        self.to_owner.send(Message::Add(1)).expect("the owner runs until every Done");
    }

    fn worker_done(&self, _slot: usize) {
        self.to_owner.send(Message::Done).expect("the owner runs until every Done");
    }

    fn finish(self) -> u64 {
        self.owner.join().expect("the owner thread does not panic")
    }
}

pub const STRATEGY: Strategy = super::strategy::<ChannelCounter>(About {
    name: "channel",
    source: file!(),
    summary: "one owner thread holds the total; workers send increments over a channel",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with loom's mpsc standing in for std's (no disconnection, unused here)",
    ),
})
.bound(super::SHARED_LINE);
