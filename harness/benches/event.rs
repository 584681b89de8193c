//! Signal latency for every event strategy: one setter broadcasts to 1 and 2 waiters, each
//! answering on its own event, with every part of the Event the strategy offers exercised
//! on the way (see `scenarios/src/event/driver.rs`); elements are answered waits.

harness::scenario_bench!(scenarios::event::SCENARIO);
