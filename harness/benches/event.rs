//! Signal round-trip latency (ping-pong) for every event strategy; elements are round trips.

harness::scenario_bench!(scenarios::event::SCENARIO);
