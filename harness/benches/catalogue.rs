//! Every scenario of the catalogue, benchmarked the way its [`scenarios::BenchConfig`] says
//! (its `measure` and its `variants`): one bench target, so a new scenario or strategy
//! needs no bench code. `cargo bench -p harness -- <filter>` narrows it to some groups
//! (e.g. `shared_counter`). A scenario whose bench panics (a Correct strategy that broke
//! its invariant) is named at the end and fails the target; the other scenarios still run.

fn main() {
    let mut criterion = harness::bench::criterion_config();
    let mut failed = Vec::new();
    for scenario in scenarios::catalogue() {
        let benched = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            harness::bench::bench_catalogued(&mut criterion, scenario)
        }));
        if benched.is_err() {
            failed.push(scenario.name);
        }
    }
    drop(criterion);
    harness::bench::finish();
    if !failed.is_empty() {
        eprintln!("threadlab: the benchmarks of {} failed (see above)", failed.join(", "));
        std::process::exit(1);
    }
}
