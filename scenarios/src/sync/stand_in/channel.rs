//! crossbeam-channel's `bounded` and `unbounded` under a model checker: a queue behind the
//! model's `Mutex`, with one `Condvar` for "not empty" and one for "not full".
//!
//! It keeps crossbeam's API and promises for what the strategies use: cloneable ends,
//! `send`, `recv` and `recv_timeout`, disconnection (`recv` fails once the queue is empty
//! and every `Sender` is gone; `send` fails once every `Receiver` is gone, and the last
//! `Receiver` drops the messages still queued), and a bounded channel's `send` blocking
//! while `capacity` messages are queued. Zero capacity (a rendezvous) is not modelled.
//! `recv_timeout` never times out: a model has no clock, so a modelled clock thread
//! ([`crate::sync::time::model_clock`]) must send the "time is up".
//!
//! Every message costs loom a lock and a `Condvar` notification (an opaque step, which it
//! must order against everything): far more schedules than loom's own mpsc, which a
//! strategy that needs neither several receivers nor disconnection should use instead
//! (`sync::mpsc`; a two-worker counter through this stand-in took loom well over ten times
//! as long when it was tried).

use std::collections::VecDeque;
use std::fmt;
use std::panic::Location;

use crate::sync::model::{Arc, Condvar, Mutex};

struct State<T> {
    queue: VecDeque<T>,
    senders: usize,
    receivers: usize,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// `None` for an unbounded channel.
    capacity: Option<usize>,
    not_empty: Condvar,
    not_full: Condvar,
    /// Where the channel was made, and which instance of that line it is: its name in a
    /// trace.
    declared: &'static Location<'static>,
    instance: u32,
}

impl<T> Shared<T> {
    fn is_full(&self, state: &State<T>) -> bool {
        self.capacity.is_some_and(|capacity| state.queue.len() >= capacity)
    }
}

/// The sending end; clone it for more senders.
pub struct Sender<T>(Arc<Shared<T>>);
/// The receiving end; clone it for more receivers (each message goes to one of them).
pub struct Receiver<T>(Arc<Shared<T>>);

/// `send` failed: every receiver is gone. Holds the message back.
pub struct SendError<T>(pub T);

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SendError(..)")
    }
}

/// `recv` failed: the queue is empty and every sender is gone.
#[derive(Debug, PartialEq, Eq)]
pub struct RecvError;

/// `recv_timeout` failed. `Timeout` never happens in a model (see the module docs).
#[derive(Debug, PartialEq, Eq)]
pub enum RecvTimeoutError {
    Timeout,
    Disconnected,
}

/// A channel with no bound on the queue.
#[track_caller]
pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    channel(None)
}

/// A channel whose `send` blocks while `capacity` messages are queued.
#[track_caller]
pub fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    assert!(capacity > 0, "the stand-in does not model zero-capacity channels");
    channel(Some(capacity))
}

#[track_caller]
fn channel<T>(capacity: Option<usize>) -> (Sender<T>, Receiver<T>) {
    let declared = Location::caller();
    let shared = Arc::new(shared(capacity, declared, trace::instance(declared)));
    (Sender(shared.clone()), Receiver(shared))
}

/// The shared part, built outside `#[track_caller]` so its own lock and condvars are
/// named after this file, not after the line that made the channel.
fn shared<T>(
    capacity: Option<usize>,
    declared: &'static Location<'static>,
    instance: u32,
) -> Shared<T> {
    Shared {
        declared,
        instance,
        state: Mutex::new(State { queue: VecDeque::new(), senders: 1, receivers: 1 }),
        capacity,
        not_empty: Condvar::new(),
        not_full: Condvar::new(),
    }
}

impl<T> Sender<T> {
    #[track_caller]
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        let at = Location::caller();
        trace::one_step("send", &self.0, at, || self.send_untraced(value))
    }

    fn send_untraced(&self, value: T) -> Result<(), SendError<T>> {
        let shared = &self.0;
        let mut state = shared.state.lock().unwrap();
        loop {
            if state.receivers == 0 {
                return Err(SendError(value));
            }
            if !shared.is_full(&state) {
                break;
            }
            state = shared.not_full.wait(state).unwrap();
        }
        state.queue.push_back(value);
        drop(state);
        shared.not_empty.notify_one();
        Ok(())
    }
}

impl<T> Receiver<T> {
    #[track_caller]
    pub fn recv(&self) -> Result<T, RecvError> {
        let at = Location::caller();
        trace::one_step("recv", &self.0, at, || self.recv_untraced())
    }

    fn recv_untraced(&self) -> Result<T, RecvError> {
        let shared = &self.0;
        let mut state = shared.state.lock().unwrap();
        loop {
            if let Some(value) = state.queue.pop_front() {
                drop(state);
                if shared.capacity.is_some() {
                    shared.not_full.notify_one();
                }
                return Ok(value);
            }
            if state.senders == 0 {
                return Err(RecvError);
            }
            state = shared.not_empty.wait(state).unwrap();
        }
    }

    /// [`Receiver::recv`]: the timeout never fires in a model.
    #[track_caller]
    pub fn recv_timeout(&self, _timeout: std::time::Duration) -> Result<T, RecvTimeoutError> {
        let at = Location::caller();
        trace::one_step("recv_timeout", &self.0, at, || self.recv_untraced())
            .map_err(|RecvError| RecvTimeoutError::Disconnected)
    }
}

/// The trace under loom: one step per channel operation (see `sync::trace`); nothing
/// under shuttle, which records no trace.
mod trace {
    use std::panic::Location;

    use super::Shared;

    #[cfg(loom)]
    pub fn instance(declared: &'static Location<'static>) -> u32 {
        crate::sync::trace::instance(declared)
    }

    #[cfg(not(loom))]
    pub fn instance(_declared: &'static Location<'static>) -> u32 {
        0
    }

    /// `f` as the one step `op` on the channel `shared`.
    #[cfg(loom)]
    pub fn one_step<T, R>(
        op: &str,
        shared: &Shared<T>,
        at: &'static Location<'static>,
        f: impl FnOnce() -> R,
    ) -> R {
        let name = || crate::sync::trace::object_name("Channel", shared.declared, shared.instance);
        crate::sync::trace::one_step(op, name, at, f)
    }

    /// `f`, a channel end's bookkeeping (clone, drop), kept out of the trace.
    #[cfg(loom)]
    pub fn quietly<R>(f: impl FnOnce() -> R) -> R {
        crate::sync::trace::quietly(f)
    }

    #[cfg(not(loom))]
    pub fn quietly<R>(f: impl FnOnce() -> R) -> R {
        f()
    }

    #[cfg(not(loom))]
    pub fn one_step<T, R>(
        _op: &str,
        shared: &Shared<T>,
        _at: &'static Location<'static>,
        f: impl FnOnce() -> R,
    ) -> R {
        let _ = (shared.declared, shared.instance);
        f()
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        trace::quietly(|| self.0.state.lock().unwrap().senders += 1);
        Sender(self.0.clone())
    }
}

impl<T> Drop for Sender<T> {
    /// The last sender to go wakes every waiting receiver, to see the disconnection.
    fn drop(&mut self) {
        trace::quietly(|| {
            let mut state = self.0.state.lock().unwrap();
            state.senders -= 1;
            if state.senders == 0 {
                drop(state);
                self.0.not_empty.notify_all();
            }
        });
    }
}

impl<T> Clone for Receiver<T> {
    fn clone(&self) -> Self {
        trace::quietly(|| self.0.state.lock().unwrap().receivers += 1);
        Receiver(self.0.clone())
    }
}

impl<T> Drop for Receiver<T> {
    /// As crossbeam does, the last receiver to go drops the messages still queued; on a
    /// bounded channel it also wakes every sender blocked on a full queue, to see the
    /// disconnection.
    fn drop(&mut self) {
        trace::quietly(|| {
            let mut state = self.0.state.lock().unwrap();
            state.receivers -= 1;
            if state.receivers > 0 {
                return;
            }
            let orphans = std::mem::take(&mut state.queue);
            drop(state);
            drop(orphans);
            if self.0.capacity.is_some() {
                self.0.not_full.notify_all();
            }
        });
    }
}

#[cfg(all(test, loom))]
mod tests {
    use super::*;

    #[test]
    fn recv_fails_once_the_queue_is_drained_and_every_sender_is_gone() {
        loom::model(|| {
            let (tx, rx) = unbounded::<u32>();
            let second = tx.clone();
            let sender = loom::thread::spawn(move || second.send(1).unwrap());
            drop(tx);
            assert_eq!(rx.recv(), Ok(1));
            assert_eq!(rx.recv(), Err(RecvError));
            sender.join().unwrap();
        });
    }

    #[test]
    fn bounded_send_waits_for_room_and_keeps_the_order() {
        loom::model(|| {
            use crate::sync::atomic::{AtomicBool, Ordering};
            let (tx, rx) = bounded::<u32>(1);
            let both_sent = Arc::new(AtomicBool::new(false));
            let sender = loom::thread::spawn({
                let both_sent = both_sent.clone();
                move || {
                    tx.send(1).unwrap();
                    tx.send(2).unwrap();
                    both_sent.store(true, Ordering::SeqCst);
                }
            });
            let early = both_sent.load(Ordering::SeqCst);
            assert!(!early, "a second send into a full bounded(1) channel must wait");
            assert_eq!(rx.recv(), Ok(1));
            assert_eq!(rx.recv(), Ok(2));
            sender.join().unwrap();
        });
    }

    #[test]
    fn send_fails_once_every_receiver_is_gone() {
        loom::model(|| {
            let (tx, rx) = bounded::<u32>(1);
            tx.send(1).unwrap();
            let receiver = loom::thread::spawn(move || drop(rx));
            receiver.join().unwrap();
            assert!(tx.send(2).is_err(), "a send with no receiver left must fail");
        });
    }
}
