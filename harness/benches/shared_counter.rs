//! Increments per second for every shared_counter strategy at 1, 2, 4 and 8 threads.

harness::scenario_bench!(scenarios::shared_counter::SCENARIO);
