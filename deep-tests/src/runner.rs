//! The real-code runner the Miri and ThreadSanitizer tiers start: `tests/real.rs` for the
//! catalogue, a user binary's hidden `__real` command for its registered strategies.
//!
//! `[--size miri|tsan|shuttle] [--list] [scenario[/strategy] ...]`: runs each named strategy
//! (all if none) once at the tier's size, prints one [`ResultLine`] each, and exits 1 if any
//! run broke its scenario's invariant, so that Miri counts that seed as failing. Undefined
//! behaviour is reported by the tool itself (Miri stops with an error, ThreadSanitizer
//! prints a warning and exits 66). `--list` prints the strategies it would run and runs
//! none (the Miri tier starts a binary runner once that way, to build it).
//!
//! With no arguments it is a native smoke test: every strategy runs once at the Miri size,
//! and only a Correct strategy breaking its invariant fails it.

use std::process::ExitCode;

use scenarios::{Scenario, Strategy};

use crate::{MarkerLine, ResultLine, Size, select_from};

/// Run the strategies of `universe` that `args` (the runner's arguments, without the program
/// name) ask for; `program` names the runner in its error lines. Bad arguments are one line
/// on stderr and exit 2.
pub fn main(
    program: &str,
    universe: &[(&'static Scenario, &'static Strategy)],
    args: impl IntoIterator<Item = String>,
) -> ExitCode {
    let mut size = None;
    let mut list = false;
    let mut names = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--size" => match args.next().as_deref().and_then(Size::from_name) {
                Some(s) => size = Some(s),
                None => {
                    eprintln!("{program}: --size takes miri, tsan or shuttle");
                    return ExitCode::from(2);
                }
            },
            "--list" => list = true,
            // libtest's flags, passed by `cargo test -- ...` habits: accepted and ignored.
            flag if flag.starts_with("--") => {}
            name => names.push(name.to_owned()),
        }
    }
    let smoke = size.is_none() && names.is_empty();
    let size = size.unwrap_or(Size::Miri);
    let subjects = match select_from(universe, &names) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{program}: {e}");
            return ExitCode::from(2);
        }
    };
    if list {
        for (scenario, strategy) in subjects {
            println!("{}/{}", scenario.name, strategy.name);
        }
        return ExitCode::SUCCESS;
    }

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
