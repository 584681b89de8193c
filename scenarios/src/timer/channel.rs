//! `channel`: one owner decides. The timer thread waits on a channel with a timeout, and
//! cancel is a request it answers.
//!
//! No state is shared at all. The timer thread blocks in `recv_timeout` (crossbeam's
//! `select!` with a timeout arm does the same job). If a `Cancel` request arrives first, it
//! replies `true` and exits, so a cancelled timer frees its thread at once. If the time runs
//! out first, it drops its receiver *before* running the action: crossbeam then discards any
//! request that was still queued (dropping its reply sender) and refuses later ones, so such
//! a cancel sees `false`. Only the timer thread ever decides, one message at a time: both
//! sides cannot win. Correct. The price: a cancel is a round trip to the timer thread.
//!
//! loom: a Mutex+Condvar queue with crossbeam's disconnection rules stands in for the
//! channel; its `recv_timeout` never times out, so a modelled clock thread sends `TimeUp`.
//!
//! Contract: decisive (cancel says whether it won; both sides never win).

use std::time::{Duration, Instant};

use super::{Action, Timer};
use crate::catalogue::{About, CancelContract, Expectation, LoomModel, Strategy};
use crate::sync::crossbeam_channel::{RecvTimeoutError, Sender, unbounded};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::time;

enum Request {
    /// Cancel if not yet fired; the answer goes back on the enclosed sender.
    Cancel(Sender<bool>),
    /// Only under loom: the modelled clock says the deadline has passed.
    TimeUp,
}

pub struct ChannelTimer {
    requests: Sender<Request>,
    thread: JoinHandle<()>,
    clock: Option<JoinHandle<()>>,
}

impl Timer for ChannelTimer {
    const CONTRACT: CancelContract = CancelContract::Decisive;

    fn start(delay: Duration, action: Action) -> Self {
        let (requests, inbox) = unbounded::<Request>();
        let deadline = Instant::now() + delay;
        let thread = thread::spawn(move || {
            while let Some(left) = time::until(deadline) {
                match inbox.recv_timeout(left) {
                    Ok(Request::Cancel(reply)) => {
                        // The caller waits for this answer, so the send cannot fail.
                        reply.send(true).expect("cancel waits for its answer");
                        return;
                    }
                    Ok(Request::TimeUp) | Err(RecvTimeoutError::Disconnected) => break,
                    Err(RecvTimeoutError::Timeout) => continue, // re-check the deadline
                }
            }
            // Decided: fire. Refuse every cancel from here on, then act.
            drop(inbox);
            action();
        });
        let clock_side = requests.clone();
        let clock = time::model_clock(move || {
            // The timer may already have decided (and dropped its inbox): then nothing to say.
            let _ = clock_side.send(Request::TimeUp);
        });
        Self { requests, thread, clock }
    }

    fn cancel(&self) -> Option<bool> {
        let (reply, answer) = unbounded();
        if self.requests.send(Request::Cancel(reply)).is_err() {
            return Some(false); // the timer has fired and stopped listening
        }
        // Err: the request was discarded unanswered because the timer fired first.
        Some(answer.recv().unwrap_or(false))
    }

    fn join(self) {
        self.thread.join().expect("the timer thread does not panic");
        if let Some(clock) = self.clock {
            clock.join().expect("the model clock does not panic");
        }
    }
}

pub const STRATEGY: Strategy = super::strategy::<ChannelTimer>(About {
    name: "channel",
    source: file!(),
    summary: "the timer thread owns the decision: recv_timeout on a request channel",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with a loom Mutex+Condvar queue standing in for crossbeam's \
         channel; loom has no clock and that recv_timeout never times out, so a modelled \
         clock thread sends TimeUp at any point",
    ),
})
.bound(super::BOUND);
