//! loom verdicts for pattern 8, output interleaving. Built only with `--cfg loom`.
//!
//! Configuration (the scenario's loom params): 2 writer threads x 2 lines, at most 2
//! preemptions per execution. Besides one `verify` per strategy, loom enumerates the final
//! orders of the lines and the count must equal what theory predicts: each thread's lines
//! keep their own order and only the merge varies, so C(4, 2) = 6 orders, no more (a line
//! out of its thread's order) and no fewer (an order the model never reached).
#![cfg(loom)]

use std::collections::BTreeSet;

use loom_tests::check::{reachable_outcomes, verify};
use threadlab_results::loom::{LoomVerdict, Verdict};

#[test]
fn torn_lines_tear_under_loom() {
    let v = verify("interleaving", "torn_lines");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find a torn line: {v:?}");
    let violation = v.violation.unwrap_or_default();
    assert!(violation.contains("torn line"), "expected a torn line, loom reported: {violation}");
}

#[test]
fn locked_lines_are_proved() {
    assert_proved(verify("interleaving", "locked_lines"));
}

#[test]
fn channel_printer_algorithm_is_proved_with_a_stand_in() {
    let v = verify("interleaving", "channel_printer");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn stdout_lock_algorithm_is_proved_with_a_stand_in() {
    let v = verify("interleaving", "stdout_lock");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn every_correct_printer_reaches_exactly_the_predicted_number_of_orders() {
    let scenario = scenarios::scenario("interleaving").unwrap();
    let params = scenario.loom.params;
    let predicted = scenarios::interleaving::possible_orders(&params);
    assert_eq!(predicted, 6, "2 threads x 2 lines: C(4, 2)");
    for strategy in ["locked_lines", "channel_printer", "stdout_lock"] {
        let (outcomes, executions) = reachable_outcomes("interleaving", strategy, params);
        let orders: BTreeSet<String> = outcomes.iter().filter_map(|o| o.order.clone()).collect();
        println!("{strategy}: {} orders in {executions} executions: {orders:?}", orders.len());
        assert_eq!(orders.len() as u128, predicted, "{strategy}: {orders:?}");
        for order in &orders {
            assert_eq!(order.matches('0').count(), 2, "{strategy}: {order}");
            assert_eq!(order.matches('1').count(), 2, "{strategy}: {order}");
        }
    }
}

#[test]
fn torn_lines_reach_torn_outcomes_and_every_whole_order_as_well() {
    let params = scenarios::scenario("interleaving").unwrap().loom.params;
    let (outcomes, _) = reachable_outcomes("interleaving", "torn_lines", params);
    let torn = outcomes.iter().filter(|o| o.get("torn_lines") > Some(0)).count();
    let whole: BTreeSet<String> = outcomes
        .iter()
        .filter(|o| o.get("torn_lines") == Some(0))
        .filter_map(|o| o.order.clone())
        .collect();
    assert!(torn > 0, "loom must reach a torn transcript");
    assert_eq!(whole.len() as u128, scenarios::interleaving::possible_orders(&params));
}

fn assert_proved(v: LoomVerdict) {
    assert_eq!(v.verdict, Verdict::Proved, "{v:?}");
    assert!(v.executions > 1, "loom explored only {} executions: {v:?}", v.executions);
}
