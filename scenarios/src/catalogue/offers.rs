//! Which parts of Python's `threading.Event` an event strategy offers.
//!
//! Python's `Event` wakes every waiter, stays set, can be cleared, and waits with a
//! timeout. Not every Rust design can offer all of that naturally (a channel's message is
//! taken by one receiver and cannot be taken back), so each event strategy declares what it
//! offers, once, and the scenario's check judges it on exactly those parts. The values live
//! beside the strategies (`Event::OFFERS` in `scenarios/src/event/`), and
//! `event::strategy` copies them into each [`Strategy`]; consumers read them through
//! [`Scenario::offers`].

use super::{Scenario, Strategy};

/// One part of Python's `Event` API beyond "one waiter waits for one set".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventPart {
    /// Several threads wait on one event, and one `set` wakes them all.
    ManyWaiters,
    /// Once set, the event stays set: a wait after `set` returns at once.
    StaysSet,
    /// `clear` makes the event unset again: a wait after it blocks until the next `set`
    /// (or times out).
    Clear,
    /// `wait` takes a timeout: "not set" when nobody sets in time, the data when set in time.
    TimedWait,
}

impl EventPart {
    /// Every part, in listing order.
    pub const ALL: [EventPart; 4] =
        [EventPart::ManyWaiters, EventPart::StaysSet, EventPart::Clear, EventPart::TimedWait];

    /// The part's name in listings and result files, e.g. `many-waiters`.
    pub fn slug(self) -> &'static str {
        match self {
            EventPart::ManyWaiters => "many-waiters",
            EventPart::StaysSet => "stays-set",
            EventPart::Clear => "clear",
            EventPart::TimedWait => "timed-wait",
        }
    }

    /// What the part promises, in a phrase.
    pub fn meaning(self) -> &'static str {
        match self {
            EventPart::ManyWaiters => "one set wakes every waiter",
            EventPart::StaysSet => "a wait after set returns at once",
            EventPart::Clear => "a wait after clear blocks until the next set",
            EventPart::TimedWait => "a timed wait says \"not set\" when nobody sets in time",
        }
    }

    const fn bit(self) -> u8 {
        match self {
            EventPart::ManyWaiters => 1,
            EventPart::StaysSet => 2,
            EventPart::Clear => 4,
            EventPart::TimedWait => 8,
        }
    }
}

/// The set of [`EventPart`]s one strategy offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EventOffers(u8);

impl EventOffers {
    /// One waiter, one set, nothing more.
    pub const NOTHING_MORE: EventOffers = EventOffers(0);
    /// Everything Python's `Event` does.
    pub const ALL: EventOffers = EventOffers(15);

    /// These offers and `part`.
    pub const fn and(self, part: EventPart) -> EventOffers {
        EventOffers(self.0 | part.bit())
    }

    /// Whether `part` is offered.
    pub const fn has(self, part: EventPart) -> bool {
        self.0 & part.bit() != 0
    }

    /// The parts offered, in [`EventPart::ALL`]'s order.
    pub fn parts(self) -> impl Iterator<Item = EventPart> {
        EventPart::ALL.into_iter().filter(move |p| self.has(*p))
    }

    /// The offers as one number, for an outcome (which holds only counts).
    pub fn bits(self) -> u64 {
        u64::from(self.0)
    }

    /// The offers an outcome recorded with [`EventOffers::bits`]; `None` for a number no
    /// offers give.
    pub fn from_bits(bits: u64) -> Option<EventOffers> {
        (bits <= u64::from(Self::ALL.0)).then_some(EventOffers(bits as u8))
    }
}

impl Scenario {
    /// Which parts of its API `strategy` offers, for a scenario whose strategies differ in
    /// that (the event); `None` for every other scenario.
    pub fn offers(&self, strategy: &Strategy) -> Option<EventOffers> {
        strategy.offers
    }

    /// Whether this scenario's strategies declare which parts of an API they offer.
    pub fn has_offers(&self) -> bool {
        self.strategies.iter().any(|s| s.offers.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_hold_exactly_the_parts_added() {
        let offers = EventOffers::NOTHING_MORE.and(EventPart::Clear).and(EventPart::StaysSet);
        assert!(offers.has(EventPart::Clear) && offers.has(EventPart::StaysSet));
        assert!(!offers.has(EventPart::ManyWaiters) && !offers.has(EventPart::TimedWait));
        assert_eq!(offers.parts().collect::<Vec<_>>(), [EventPart::StaysSet, EventPart::Clear]);
        assert_eq!(EventOffers::from_bits(offers.bits()), Some(offers));
        assert_eq!(EventOffers::from_bits(16), None);
        assert_eq!(EventOffers::ALL.parts().count(), 4);
    }

    #[test]
    fn in_a_scenario_with_offers_every_strategy_declares_them() {
        for scenario in crate::catalogue() {
            for strategy in scenario.strategies {
                let expected = scenario.has_offers();
                assert_eq!(
                    strategy.offers.is_some(),
                    expected,
                    "{}/{}",
                    scenario.name,
                    strategy.name
                );
            }
        }
        assert!(crate::catalogue().iter().any(|s| s.has_offers()));
    }
}
