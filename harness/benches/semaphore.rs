//! Acquire/release throughput with K = 3 for every semaphore strategy at 1 to 8 threads.

harness::scenario_bench!(scenarios::semaphore::SCENARIO);
