//! Runs strategies' real code once each, for the Miri and ThreadSanitizer tiers.
//!
//! `real [--size miri|tsan] [scenario[/strategy] ...]`: runs each named strategy (all if
//! none) once at the tier's size, prints one result line each, and exits 1 if any run broke
//! its scenario's invariant, so that Miri counts that seed as failing. Undefined behaviour
//! is reported by the tool itself (Miri stops with an error, ThreadSanitizer prints a
//! warning and exits 66).
//!
//! With no arguments (a plain `cargo test`) it is a native smoke test: every strategy runs
//! once at the Miri size, and only a Correct strategy breaking its invariant fails it.

use std::process::ExitCode;

use deep_tests::{MarkerLine, ResultLine, Size, select};

fn main() -> ExitCode {
    let mut size = None;
    let mut names = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--size" => match args.next().as_deref().and_then(Size::from_name) {
                Some(s) => size = Some(s),
                None => {
                    eprintln!("real: --size takes miri, tsan or shuttle");
                    return ExitCode::from(2);
                }
            },
            // libtest's flags, passed by `cargo test -- ...` habits: accepted and ignored.
            flag if flag.starts_with("--") => {}
            name => names.push(name.to_owned()),
        }
    }
    let smoke = size.is_none() && names.is_empty();
    let size = size.unwrap_or(Size::Miri);
    let subjects = match select(&names) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("real: {e}");
            return ExitCode::from(2);
        }
    };

    let mut failed = false;
    for (scenario, strategy) in subjects {
        let params = size.params(scenario);
        let (run, check) = scenario.run_checked(strategy, &params);
        let line = ResultLine::new(scenario, strategy, &run.outcome, &check);
        println!("{}", line.to_line());
        if !check.holds() && (!smoke || !strategy.expectation.is_broken()) {
            failed = true;
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
