//! Tasks per second for every io_vs_cpu strategy, by pool size K (1, 2, 4, 8); only the
//! `*_pool` strategies use K, the others are the same run at each K, which shows the noise.
//! Speedup over sequential = a strategy's throughput / its kind's `*_sequential` throughput.

harness::scenario_bench!(scenarios::io_vs_cpu::SCENARIO);
