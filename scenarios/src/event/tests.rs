//! The event's driver and check in real runs: every correct strategy keeps every part it
//! offers, the check catches each way a part can fail, and the offers agree with the code.

use super::driver::{IN_TIME, PROBE};
use super::invariant::expected;
use super::*;
use crate::catalogue::ViolationKind::{DataRace, DeadlockOrHang, MissingResult};

#[test]
fn every_correct_event_keeps_every_part_it_offers() {
    for waiters in [1, 3] {
        let params = params(waiters, 300);
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.get("rounds"), Some(300), "{}", strategy.name);
            let offers = SCENARIO.offers(strategy).unwrap();
            assert_eq!(run.outcome.get("offers"), Some(offers.bits()), "{}", strategy.name);
        }
    }
}

#[test]
fn a_batch_gives_one_outcome_per_game() {
    let params = params(2, 10);
    for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
        let outcomes = (strategy.run_batch.unwrap())(&params, 5);
        assert_eq!(outcomes.len(), 5, "{}", strategy.name);
        for outcome in &outcomes {
            assert!(check(&params, outcome).holds(), "{}: {outcome}", strategy.name);
        }
    }
}

#[test]
fn check_calls_a_hung_wait_a_lost_wakeup_and_counts_stale_data() {
    let params = params(2, 3);
    let offers = EventOffers::ALL;
    let ok = expected(&params, offers);
    assert_eq!(check(&params, &ok.outcome(offers)), Check::Holds);
    let hung = Tally { hung: 1, woken: ok.woken - 1, ..ok };
    let Check::Violated(why) = check(&params, &hung.outcome(offers)) else { panic!() };
    assert!(why.text.contains("lost wakeup"), "{why}");
    assert_eq!(why.kind, DeadlockOrHang);
    let stale = Tally { stale: 2, ..ok };
    let Check::Violated(why) = check(&params, &stale.outcome(offers)) else { panic!() };
    assert!(why.text.contains("2 waits returned without the data"), "{why}");
    assert_eq!(why.kind, DataRace);
}

#[test]
fn the_check_judges_each_part_only_where_offered_and_never_passes_one_not_run() {
    let params = params(2, 3);
    let all = EventOffers::ALL;
    let full = expected(&params, all);
    for (missing, part) in [
        (Tally { rewaits: 0, ..full }, "stays-set"),
        (Tally { cleared: 0, ..full }, "clear"),
        (Tally { timed_set: 0, ..full }, "timed-wait"),
        (Tally { timed_out: 0, ..full }, "timed-wait"),
    ] {
        let Check::Violated(why) = check(&params, &missing.outcome(all)) else {
            panic!("{part} not run, yet the check held")
        };
        assert!(why.text.contains(part), "{why}");
        assert_eq!(why.kind, MissingResult);
    }
    // A strategy offering nothing more is not asked for any of it...
    let bare = EventOffers::NOTHING_MORE;
    let plain = expected(&params, bare);
    assert_eq!((plain.rewaits, plain.cleared, plain.timed_set, plain.timed_out), (0, 0, 0, 0));
    assert_eq!(check(&params, &plain.outcome(bare)), Check::Holds);
    // ...and a count it did not offer is as wrong as one missing.
    assert!(!check(&params, &full.outcome(bare)).holds());
}

#[test]
fn a_waiter_that_arrives_after_set_does_not_wait() {
    // The order where the setter wins outright: no strategy may sleep then.
    fn set_then_wait<E: Event>() -> Option<u64> {
        let event = E::new();
        event.set(7);
        event.wait()
    }
    assert_eq!(set_then_wait::<condvar::CondvarEvent>(), Some(7));
    assert_eq!(set_then_wait::<parking_lot::ParkingLotEvent>(), Some(7));
    assert_eq!(set_then_wait::<park::ParkEvent>(), Some(7));
    assert_eq!(set_then_wait::<channel::ChannelEvent>(), Some(7));
    assert_eq!(set_then_wait::<spin::SpinEvent>(), Some(7));
    assert_eq!(set_then_wait::<lost_wakeup::LostWakeupEvent>(), Some(7));
}

/// Each strategy's clear and timed wait, called directly: implemented exactly where
/// offered, and keeping the promise when implemented.
fn parts_agree_with_offers<E: Event>() {
    let offers = E::OFFERS;
    let event = E::new();
    match event.wait_timeout(PROBE) {
        Err(NotOffered) => assert!(!offers.has(EventPart::TimedWait)),
        Ok(got) => {
            assert!(offers.has(EventPart::TimedWait));
            assert_eq!(got, None, "nobody set it");
        }
    }
    event.set(5);
    if offers.has(EventPart::TimedWait) {
        assert_eq!(event.wait_timeout(IN_TIME), Ok(Some(5)));
    }
    match event.clear() {
        Err(NotOffered) => assert!(!offers.has(EventPart::Clear)),
        Ok(()) => {
            assert!(offers.has(EventPart::Clear));
            if offers.has(EventPart::TimedWait) {
                assert_eq!(event.wait_timeout(PROBE), Ok(None), "cleared");
            }
            event.set(6);
            assert_eq!(event.wait(), Some(6));
        }
    }
}

#[test]
fn every_strategy_implements_exactly_the_parts_it_offers() {
    parts_agree_with_offers::<condvar::CondvarEvent>();
    parts_agree_with_offers::<parking_lot::ParkingLotEvent>();
    parts_agree_with_offers::<park::ParkEvent>();
    parts_agree_with_offers::<channel::ChannelEvent>();
    parts_agree_with_offers::<spin::SpinEvent>();
    parts_agree_with_offers::<lost_wakeup::LostWakeupEvent>();
    parts_agree_with_offers::<relaxed_publish::RelaxedPublishEvent>();
}
