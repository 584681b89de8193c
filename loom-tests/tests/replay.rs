//! Replay one strategy's saved counter-example: `replay <scenario>/<strategy>` reads the
//! strategy's loom verdict (under `$THREADLAB_RESULTS/loom`), runs the execution saved in
//! its checkpoint again at the same configuration and bound, with recording and location
//! tracking on, and prints `{ "violation": ..., "trace": [...] }` as one JSON line on
//! stdout. `threadlab explain --replay` runs this through cargo with `--cfg loom`.
//!
//! Exit codes: 0 replayed (the violation came back) or no name given (as under a plain
//! `cargo test`), 1 the saved execution passed, 2 a bad
//! name or no saved counter-example. In an ordinary build it says it needs `--cfg loom`.

use std::process::ExitCode;

fn main() -> ExitCode {
    // SAFETY: first thing in main, before any other thread exists.
    unsafe { loom_tests::search::take_environment() };
    // libtest-style flags (cargo test passes none by default) are skipped.
    let name = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let Some(name) = name else {
        // `cargo test` runs every target with no name: nothing to replay, not a failure.
        eprintln!("replay: nothing to replay (usage: replay <scenario>/<strategy>)");
        return ExitCode::SUCCESS;
    };
    replay(&name)
}

#[cfg(loom)]
fn replay(name: &str) -> ExitCode {
    use threadlab_results::loom::{LoomVerdict, loom_results_dir};

    let found = name.split_once('/').and_then(|(scenario, strategy)| {
        let scenario = *scenarios::catalogue().iter().find(|s| s.name == scenario)?;
        let strategy = scenario.strategies.iter().find(|s| s.name == strategy)?;
        Some((scenario, strategy))
    });
    let Some((scenario, strategy)) = found else {
        eprintln!("replay: no strategy {name} in the catalogue");
        return ExitCode::from(2);
    };
    let path = loom_results_dir().join(LoomVerdict::file_name(scenario.name, strategy.name));
    let verdict: Option<LoomVerdict> =
        std::fs::read_to_string(&path).ok().and_then(|text| serde_json::from_str(&text).ok());
    let Some(example) = verdict.and_then(|v| v.counter_example) else {
        eprintln!("replay: no counter-example saved in {}", path.display());
        return ExitCode::from(2);
    };
    let Some(checkpoint) = example.checkpoint.as_deref() else {
        eprintln!("replay: the counter-example in {} has no checkpoint", path.display());
        return ExitCode::from(2);
    };
    let params =
        scenarios::Params { threads: example.threads, ops: example.ops, limit: example.limit };
    let replayed = loom_tests::counter_example::replay(
        scenario,
        strategy,
        params,
        example.preemptions,
        std::path::Path::new(checkpoint),
    );
    match replayed {
        Some((violation, trace)) => {
            let json = serde_json::json!({ "violation": violation, "trace": trace });
            println!("{json}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("replay: the saved execution of {name} passed this time");
            ExitCode::from(1)
        }
    }
}

#[cfg(not(loom))]
fn replay(_name: &str) -> ExitCode {
    eprintln!("replay: built without --cfg loom; nothing can be replayed");
    ExitCode::from(2)
}
