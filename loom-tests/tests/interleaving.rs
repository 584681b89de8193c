//! Loom checks about pattern 8, output interleaving, as a whole (each strategy's own verdict
//! is in `verdicts.rs`). Built only with `--cfg loom`.
//!
//! Configuration (the scenario's loom params): 2 writer threads x 2 lines, at most 2
//! preemptions per execution. loom enumerates the final orders of the lines and the count
//! must equal what theory predicts: each thread's lines keep their own order and only the
//! merge varies, so C(4, 2) = 6 orders, no more (a line out of its thread's order) and no
//! fewer (an order the model never reached).
#![cfg(loom)]

use std::collections::BTreeSet;

use loom_tests::check::reachable_outcomes;
use scenarios::{LoomModel, Scenario, Strategy};

fn scenario() -> &'static Scenario {
    scenarios::scenario("interleaving").unwrap()
}

/// The strategies whose whole-order behaviour loom can see: modelled, by expectation.
fn modelled(broken: bool) -> impl Iterator<Item = &'static Strategy> {
    scenario().strategies.iter().filter(move |s| {
        s.expectation.is_broken() == broken && !matches!(s.loom, LoomModel::NotModelled(_))
    })
}

#[test]
fn every_correct_printer_reaches_exactly_the_predicted_number_of_orders() {
    let params = scenario().loom.params;
    let predicted = scenarios::interleaving::possible_orders(&params);
    assert_eq!(predicted, 6, "2 threads x 2 lines: C(4, 2)");
    let mut checked = 0;
    for strategy in modelled(false) {
        let (outcomes, executions) = reachable_outcomes(scenario(), strategy, params);
        let orders: BTreeSet<String> = outcomes.iter().filter_map(|o| o.order.clone()).collect();
        let name = strategy.name;
        println!("{name}: {} orders in {executions} executions: {orders:?}", orders.len());
        assert_eq!(orders.len() as u128, predicted, "{name}: {orders:?}");
        for order in &orders {
            assert_eq!(order.matches('0').count(), 2, "{name}: {order}");
            assert_eq!(order.matches('1').count(), 2, "{name}: {order}");
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} correct printers were checked");
}

#[test]
fn torn_lines_reach_torn_outcomes_and_every_whole_order_as_well() {
    let params = scenario().loom.params;
    let mut checked = 0;
    for strategy in modelled(true) {
        let (outcomes, _) = reachable_outcomes(scenario(), strategy, params);
        let torn = outcomes.iter().filter(|o| o.get("torn_lines") > Some(0)).count();
        let whole: BTreeSet<String> = outcomes
            .iter()
            .filter(|o| o.get("torn_lines") == Some(0))
            .filter_map(|o| o.order.clone())
            .collect();
        assert!(torn > 0, "{}: loom must reach a torn transcript", strategy.name);
        assert_eq!(whole.len() as u128, scenarios::interleaving::possible_orders(&params));
        checked += 1;
    }
    assert!(checked >= 1, "no broken printer was checked");
}
