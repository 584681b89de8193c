//! The event's invariant: what one game observed, and the one check that judges it, part by
//! part, on exactly the parts of the Event the strategy offers (recorded in the outcome).

use super::driver::{deadlines_pass, timed};
use crate::catalogue::ViolationKind::{DataRace, DeadlockOrHang, MissingResult};
use crate::catalogue::{Check, EventOffers, EventPart, Outcome, Params, Problems};

/// What one player observed in one game (summed over the players for the outcome).
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    /// Rounds the setter completed.
    pub rounds: u64,
    /// First waits of a round that returned the round's value.
    pub woken: u64,
    /// Second waits (after the event was set) that returned the same value.
    pub rewaits: u64,
    /// Timed first waits that returned the value in time.
    pub timed_set: u64,
    /// Waits on a cleared event that returned the next set's value.
    pub cleared: u64,
    /// Timed waits on an event nobody set that said "not set".
    pub timed_out: u64,
    /// Waits that returned a value other than the one they waited for.
    pub stale: u64,
    /// Waits that gave up (a lost wakeup, or a timed wait that ran out although set was due).
    pub hung: u64,
}

impl Tally {
    /// Count a wait that should have returned `expected`.
    pub fn received(&mut self, got: Option<u64>, expected: u64) {
        match got {
            Some(value) if value == expected => {}
            Some(_) => self.stale += 1,
            None => self.hung += 1,
        }
    }

    pub fn merge(&mut self, other: Tally) {
        self.rounds += other.rounds;
        self.woken += other.woken;
        self.rewaits += other.rewaits;
        self.timed_set += other.timed_set;
        self.cleared += other.cleared;
        self.timed_out += other.timed_out;
        self.stale += other.stale;
        self.hung += other.hung;
    }

    /// The outcome of a game played by a strategy offering `offers`.
    pub fn outcome(&self, offers: EventOffers) -> Outcome {
        Outcome::default()
            .with("offers", offers.bits())
            .with("rounds", self.rounds)
            .with("woken", self.woken)
            .with("rewaits", self.rewaits)
            .with("timed_set", self.timed_set)
            .with("cleared", self.cleared)
            .with("timed_out", self.timed_out)
            .with("stale", self.stale)
            .with("hung", self.hung)
    }

    fn from(outcome: &Outcome) -> Option<(EventOffers, Tally)> {
        let get = |name| outcome.get(name);
        let offers = EventOffers::from_bits(get("offers")?)?;
        let tally = Tally {
            rounds: get("rounds")?,
            woken: get("woken")?,
            rewaits: get("rewaits")?,
            timed_set: get("timed_set")?,
            cleared: get("cleared")?,
            timed_out: get("timed_out")?,
            stale: get("stale")?,
            hung: get("hung")?,
        };
        Some((offers, tally))
    }
}

/// What a game at `params` by a strategy offering `offers` must observe: every count, with
/// no stale or hung wait.
pub fn expected(params: &Params, offers: EventOffers) -> Tally {
    let (waiters, rounds) = (params.threads as u64, params.ops as u64);
    let when = |part, count: u64| if offers.has(part) { count } else { 0 };
    let timed_waits = (0..params.ops)
        .flat_map(|round| (0..params.threads).map(move |waiter| timed(round, waiter)))
        .filter(|t| *t)
        .count() as u64;
    Tally {
        rounds,
        woken: waiters * rounds,
        rewaits: when(EventPart::StaysSet, waiters * rounds),
        timed_set: when(EventPart::TimedWait, timed_waits),
        cleared: when(EventPart::Clear, waiters * rounds.saturating_sub(1)),
        timed_out: when(EventPart::TimedWait, u64::from(deadlines_pass())),
        stale: 0,
        hung: 0,
    }
}

/// The invariant: every wait ends after its `set` with the data written before it, nobody
/// sleeps forever, and each offered part keeps its promise (and was exercised).
pub fn check(params: &Params, outcome: &Outcome) -> Check {
    let Some((offers, got)) = Tally::from(outcome) else {
        return Check::violated(MissingResult, format!("incomplete outcome: {outcome}"));
    };
    let want = expected(params, offers);
    let mut problems = Problems::default();
    if got.hung > 0 {
        problems.push(
            DeadlockOrHang,
            format!(
                "{} waits never woke although the event was set: lost wakeup (they would have \
                 slept forever; the waiter gave up after {} ms)",
                got.hung,
                super::lost_wakeup::PATIENCE.as_millis()
            ),
        );
    }
    if got.stale > 0 {
        problems.push(
            DataRace,
            format!(
                "{} waits returned without the data written before set (early, unpublished, \
                 or from before a clear)",
                got.stale
            ),
        );
    }
    if got.rounds != want.rounds {
        problems
            .push(DeadlockOrHang, format!("{} of {} rounds completed", got.rounds, want.rounds));
    }
    let parts = [
        (got.woken, want.woken, "waits woken by their set", None),
        (got.rewaits, want.rewaits, "waits after set returned", Some(EventPart::StaysSet)),
        (got.timed_set, want.timed_set, "timed waits saw set in time", Some(EventPart::TimedWait)),
        (got.cleared, want.cleared, "waits after clear saw the next set", Some(EventPart::Clear)),
        (got.timed_out, want.timed_out, "timed waits said not set", Some(EventPart::TimedWait)),
    ];
    for (got, want, what, part) in parts {
        if got != want {
            let part = part.map_or("", EventPart::slug);
            problems
                .push(MissingResult, format!("{part} {got} of {want} {what}").trim().to_owned());
        }
    }
    problems.into_check()
}
