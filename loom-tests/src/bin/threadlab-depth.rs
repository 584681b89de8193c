//! `threadlab-depth [--budget SECONDS] [--only TEXT]`: the main job's proof-depth step.
//!
//! Checks every Correct strategy that loom models at the growing sizes of its scenario's
//! ladder, sharing one time budget (default: the quick job's) among them (see `loom_tests::depth`),
//! prints each attempt, and writes one `threadlab_results::proof_depth::DepthFile` per strategy
//! under `<results>/depth/`. `--only` keeps the strategies whose `scenario/strategy` name
//! contains TEXT. Exits 1 when a Correct strategy broke its invariant at some size (a real
//! bug), 2 on a bad argument; a size the budget cut short is not a failure, only not proved.
//!
//! Meaningful only built with `RUSTFLAGS="--cfg loom"` (in `target/loom`, like the loom
//! suite); an ordinary build says so and exits 2.

use std::process::ExitCode;
use std::time::Duration;

/// The step's budget when `--budget` is not given: the quick job's (the budget table,
/// `scenarios::catalogue::Budget`, printed by `threadlab all --help`).
const DEFAULT_BUDGET: Duration = scenarios::catalogue::Budget::QUICK.depth_total;

struct Args {
    budget: Duration,
    only: String,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args { budget: DEFAULT_BUDGET, only: "".into() };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--budget" => {
                let text = value()?;
                let seconds: f64 = text
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                    .ok_or_else(|| format!("--budget takes seconds in (0, 3600], got `{text}`"))?;
                parsed.budget = Duration::from_secs_f64(seconds);
            }
            "--only" => parsed.only = value()?,
            _ => return Err(format!("unknown argument `{arg}` (expected --budget, --only)")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    // SAFETY: first thing in main; no other thread exists yet.
    unsafe { loom_tests::search::take_environment() };
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("threadlab-depth: {e}");
            return ExitCode::from(2);
        }
    };
    run(args)
}

#[cfg(not(loom))]
fn run(_: Args) -> ExitCode {
    eprintln!(
        "threadlab-depth: built without --cfg loom, so nothing can be model-checked; build it \
         with RUSTFLAGS=\"--cfg loom\" CARGO_TARGET_DIR=target/loom"
    );
    ExitCode::from(2)
}

#[cfg(loom)]
fn run(args: Args) -> ExitCode {
    use loom_tests::proof_depth::{Climb, climb_all, climbs};
    use loom_tests::proof_depth_check::{check_size, depth_file, quiet_budget_panics};
    use threadlab_results::proof_depth::{DepthFile, SizeStatus};

    let root = match threadlab_results::check_results_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("threadlab-depth: {e}");
            return ExitCode::from(2);
        }
    };
    let mut climbs = climbs(&args.only);
    let Some(first) = climbs.first() else {
        eprintln!("threadlab-depth: no Correct modelled strategy matches `{}`", args.only);
        return ExitCode::from(2);
    };
    quiet_budget_panics();
    // git is asked once; each strategy's record differs only in the hash of its code.
    let base = loom_tests::fresh::provenance(first.scenario, first.strategy);
    let provenance = |c: &Climb| {
        let mut p = base.clone();
        p.source_hash = c.scenario.built_source_hash(c.strategy);
        p
    };
    println!(
        "proof depth: {} strategies, one budget of {:.1} s",
        climbs.len(),
        args.budget.as_secs_f64()
    );
    let started = std::time::Instant::now();
    let mut write_failed = false;
    climb_all(
        &mut climbs,
        args.budget,
        |c, params, allowed| check_size(c.scenario, c.strategy, params, allowed),
        |c| {
            let s = c.tried.last().expect("called after an attempt");
            println!(
                "{} {}: {}, {} executions in {:.2} s (allowed {:.2} s){}",
                c.name(),
                s.label(),
                s.status,
                s.executions,
                s.seconds,
                s.allowed_seconds,
                s.message.as_deref().map(|m| format!(": {m}")).unwrap_or_default()
            );
            let file = depth_file(c, args.budget, &provenance(c));
            if let Err(e) = threadlab_results::ResultFile::write_under(&file, &root) {
                eprintln!("threadlab-depth: cannot write {}'s depth file: {e}", c.name());
                write_failed = true;
            }
        },
    );
    println!("\nlargest proved size per strategy ({:.1} s):", started.elapsed().as_secs_f64());
    let mut violated = false;
    for c in &climbs {
        let file: DepthFile = depth_file(c, args.budget, &base);
        let proved = file.largest_proved().map_or("none".to_owned(), |s| s.label());
        let stop = match file.stopped_at() {
            None => "every size proved".to_owned(),
            Some(s) => format!("stopped at {} ({})", s.label(), s.status),
        };
        violated |= file.sizes.iter().any(|s| s.status == SizeStatus::Violated);
        println!("  {:<40} {proved:>5}  {stop}", c.name());
    }
    if violated {
        eprintln!("threadlab-depth: a Correct strategy broke its invariant at a larger size");
        return ExitCode::FAILURE;
    }
    if write_failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(args: &[&str]) -> Result<Args, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn the_budget_is_seconds_within_an_hour_and_nothing_else_is_accepted() {
        let args = parse_all(&["--budget", "2.5", "--only", "shared_counter/"]).unwrap();
        assert_eq!(args.budget, Duration::from_millis(2500));
        assert_eq!(args.only, "shared_counter/");
        assert_eq!(parse_all(&[]).unwrap().budget, DEFAULT_BUDGET);
        for bad in [&["--budget", "0"][..], &["--budget", "x"], &["--budget"], &["--deep"]] {
            assert!(parse_all(bad).is_err(), "{bad:?}");
        }
    }
}
