//! The event's driver: one setter broadcasts to `threads` waiters, round after round, and
//! every part of the Event a strategy offers is exercised on the way.
//!
//! A round (there are `ops`): the setter publishes the round's value with `set` and then
//! waits for every waiter's answer; each waiter waits for the value, checks it, and answers
//! on its own event. With [`EventPart::ManyWaiters`] all waiters wait on one event per round
//! (one `set` must wake them all); without it the setter sets one event per waiter, the
//! fan-out such a primitive needs. The other parts ride on the same rounds:
//! - [`EventPart::StaysSet`]: each waiter waits a second time after its wait returned; the
//!   event is still set, so this must return at once with the same value.
//! - [`EventPart::TimedWait`]: in alternate rounds a waiter's wait is a timed one with a
//!   generous timeout, which must return the value (set in time); at the end, where
//!   deadlines pass (real runs; a model checker has no clock), the setter waits briefly on
//!   an event nobody sets, which must say "not set" (outside the timed region: it always
//!   waits its full timeout).
//! - [`EventPart::Clear`]: each waiter answers on one event for all rounds, which the setter
//!   clears after reading each answer; the setter's next wait on it must block until the
//!   waiter's next answer and never return the old one. With a timed wait too, the final
//!   "not set" probe is a wait on a cleared event.
//!
//! Values are never 0 (the value of data nobody wrote) and differ between rounds and
//! waiters, so a wait that returns early, without the published data, or with data from
//! before a clear is counted as `stale`.

use std::time::{Duration, Instant};

use super::{Event, Tally};
use crate::catalogue::{EventOffers, EventPart, Outcome, Params, Run};
use crate::sync::untracked::Arc;
use crate::sync::{StartLine, thread, time};

/// A timed wait that must end with the event set: long enough that only a lost signal runs
/// it out (the watchdog of a stress run stops a trial at 2 s anyway).
pub const IN_TIME: Duration = Duration::from_secs(5);
/// A timed wait on an event nobody sets: short, since it always runs out.
pub const PROBE: Duration = Duration::from_micros(200);

/// Whether deadlines pass in this world: true in a real run; false under a model checker,
/// whose timed waits never time out (see [`crate::sync::time`]).
pub fn deadlines_pass() -> bool {
    time::until(Instant::now()).is_none()
}

/// Whether waiter `waiter`'s first wait in `round` is a timed one (when offered).
pub fn timed(round: usize, waiter: usize) -> bool {
    (round + waiter) % 2 == 1
}

/// What round `round` publishes to waiter `waiter`, and what the waiter answers. Never 0.
pub fn ping_value(round: usize) -> u64 {
    2 * round as u64 + 1
}
pub fn pong_value(round: usize, waiter: usize) -> u64 {
    1_000_000 * (waiter as u64 + 1) + 2 * round as u64 + 2
}

/// Where each event of an instance sits in the shared vector.
#[derive(Clone, Copy)]
struct Layout {
    offers: EventOffers,
    waiters: usize,
    rounds: usize,
}

impl Layout {
    fn pings(&self) -> usize {
        if self.offers.has(EventPart::ManyWaiters) {
            self.rounds
        } else {
            self.rounds * self.waiters
        }
    }
    fn pongs(&self) -> usize {
        if self.offers.has(EventPart::Clear) { self.waiters } else { self.rounds * self.waiters }
    }
    fn per_instance(&self) -> usize {
        self.pings() + self.pongs() + 1
    }
    fn ping(&self, instance: usize, round: usize, waiter: usize) -> usize {
        let slot = if self.offers.has(EventPart::ManyWaiters) {
            round
        } else {
            round * self.waiters + waiter
        };
        instance * self.per_instance() + slot
    }
    fn pong(&self, instance: usize, round: usize, waiter: usize) -> usize {
        let slot =
            if self.offers.has(EventPart::Clear) { waiter } else { round * self.waiters + waiter };
        instance * self.per_instance() + self.pings() + slot
    }
    /// An event nobody ever sets.
    fn unset(&self, instance: usize) -> usize {
        (instance + 1) * self.per_instance() - 1
    }
}

/// `instances` independent games, played by one setter and `params.threads` waiters in
/// turn; one outcome per game, and the time from the first release to the last finish.
///
/// Not [`crate::workers::run_workers`]: a broken event deadlocks under loom, and loom can
/// only report a deadlock if no blocked thread holds a loom `Arc` (see
/// [`crate::sync::untracked`]).
pub fn broadcast<E: Event>(params: &Params, instances: usize) -> (Vec<Outcome>, Duration) {
    let layout = Layout { offers: E::OFFERS, waiters: params.threads, rounds: params.ops };
    let events: Arc<Vec<E>> =
        Arc::new((0..instances * layout.per_instance()).map(|_| E::new()).collect());
    let start = Arc::new(StartLine::new(layout.waiters + 1));
    let handles: Vec<_> = (0..=layout.waiters)
        .map(|slot| {
            let (events, start) = (events.clone(), start.clone());
            thread::spawn_as(
                move || if slot == 0 { "setter".to_owned() } else { format!("waiter {slot}") },
                move || {
                    start.wait();
                    let released = Instant::now();
                    let mut tallies: Vec<Tally> = (0..instances)
                        .map(|instance| match slot {
                            0 => set_side(&events, layout, instance),
                            _ => wait_side(&events, layout, instance, slot - 1),
                        })
                        .collect();
                    let finished = Instant::now();
                    if slot == 0 {
                        // Outside the timed region: a probe always waits its full timeout.
                        for (instance, tally) in tallies.iter_mut().enumerate() {
                            probe_unset(&events, layout, instance, tally);
                        }
                    }
                    (tallies, released, finished)
                },
            )
        })
        .collect();
    let mut totals = vec![Tally::default(); instances];
    let (mut first_release, mut last_finish) = (None::<Instant>, None::<Instant>);
    for handle in handles {
        let (tallies, released, finished) = handle.join().expect("a player does not panic");
        first_release = Some(first_release.map_or(released, |t| t.min(released)));
        last_finish = Some(last_finish.map_or(finished, |t| t.max(finished)));
        for (total, tally) in totals.iter_mut().zip(tallies) {
            total.merge(tally);
        }
    }
    let elapsed = match (first_release, last_finish) {
        (Some(start), Some(end)) => end.saturating_duration_since(start),
        _ => Duration::ZERO,
    };
    (totals.iter().map(|t| t.outcome(E::OFFERS)).collect(), elapsed)
}

/// The setter's part of one game.
fn set_side<E: Event>(events: &[E], layout: Layout, instance: usize) -> Tally {
    let offers = layout.offers;
    let mut tally = Tally::default();
    for round in 0..layout.rounds {
        if offers.has(EventPart::ManyWaiters) {
            events[layout.ping(instance, round, 0)].set(ping_value(round));
        } else {
            for waiter in 0..layout.waiters {
                events[layout.ping(instance, round, waiter)].set(ping_value(round));
            }
        }
        for waiter in 0..layout.waiters {
            let pong = &events[layout.pong(instance, round, waiter)];
            let got = pong.wait();
            let fresh = got == Some(pong_value(round, waiter));
            tally.received(got, pong_value(round, waiter));
            if offers.has(EventPart::Clear) {
                if round > 0 && fresh {
                    tally.cleared += 1;
                }
                pong.clear().expect("a strategy that offers clear implements it");
            }
        }
        tally.rounds += 1;
    }
    tally
}

/// Where deadlines pass, a short timed wait on an event nobody sets (one just cleared,
/// where clear is offered) must say "not set".
fn probe_unset<E: Event>(events: &[E], layout: Layout, instance: usize, tally: &mut Tally) {
    let offers = layout.offers;
    if offers.has(EventPart::TimedWait) && deadlines_pass() {
        let unset = if offers.has(EventPart::Clear) {
            layout.pong(instance, 0, 0)
        } else {
            layout.unset(instance)
        };
        match events[unset].wait_timeout(PROBE).expect("a strategy that offers it implements it") {
            None => tally.timed_out += 1,
            Some(_) => tally.stale += 1,
        }
    }
}

/// Waiter `waiter`'s part of one game.
fn wait_side<E: Event>(events: &[E], layout: Layout, instance: usize, waiter: usize) -> Tally {
    let offers = layout.offers;
    let mut tally = Tally::default();
    for round in 0..layout.rounds {
        let ping = &events[layout.ping(instance, round, waiter)];
        let expected = ping_value(round);
        let got = if offers.has(EventPart::TimedWait) && timed(round, waiter) {
            let got = ping.wait_timeout(IN_TIME).expect("a strategy that offers it implements it");
            if got == Some(expected) {
                tally.timed_set += 1;
            }
            got
        } else {
            ping.wait()
        };
        if got == Some(expected) {
            tally.woken += 1;
        }
        tally.received(got, expected);
        if offers.has(EventPart::StaysSet) {
            let again = ping.wait();
            if again == Some(expected) {
                tally.rewaits += 1;
            }
            tally.received(again, expected);
        }
        events[layout.pong(instance, round, waiter)].set(pong_value(round, waiter));
    }
    tally
}

/// Run one game.
pub fn run_event<E: Event>(params: &Params) -> Run {
    let (mut outcomes, elapsed) = broadcast::<E>(params, 1);
    Run { outcome: outcomes.remove(0), elapsed }
}

/// Run `batch` games with one set of threads.
pub fn run_event_batch<E: Event>(params: &Params, batch: usize) -> Vec<Outcome> {
    broadcast::<E>(params, batch).0
}
