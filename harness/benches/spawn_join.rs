//! Cost per task for n tasks (spawn + join inside the timed region) for every spawn_join strategy at n = 1, 2, 4 and 8.

harness::scenario_bench!(scenarios::spawn_join::SCENARIO);
