//! Lines per second for every interleaving strategy at 1, 2 and 4 writer threads.
//! `stdout_lock` prints its lines to the real stderr: redirect it (`2>/dev/null`) if the
//! terminal matters.

harness::scenario_bench!(scenarios::interleaving::SCENARIO);
