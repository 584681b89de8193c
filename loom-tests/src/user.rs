//! The loom half of a user's `threadlab_main!`: every registered strategy checked in a
//! process of its own ([`crate::isolate`]), its verdict file written under the user's
//! `target/threadlab/loom/`, and judged against its expectation.

use std::process::ExitCode;

use scenarios::Strategy;
use scenarios::catalogue::UserCrate;
use threadlab_results::loom::Verdict;

use crate::isolate::{TRIAL_LIMIT, verify_isolated};
use crate::plan::Expected;

/// Check every registered strategy; one line each; exit status 1 unless every verdict is
/// the one its expectation calls for, 2 for a registration the catalogue refuses.
pub fn main(user: &'static UserCrate) -> ExitCode {
    // SAFETY: first thing in main; no thread has started yet.
    unsafe { crate::search::take_environment() };
    // Registered for the whole process, so verdicts hash the crate's own sources.
    match scenarios::catalogue::register_user(user) {
        Ok(warnings) => warnings.iter().for_each(|w| eprintln!("threadlab: warning: {w}")),
        Err(e) => {
            eprintln!("threadlab: {e}");
            return ExitCode::from(2);
        }
    }
    // `--only-mine`: the crate's strategies alone, without the built-in reference rows.
    let only_mine = std::env::args().skip(1).any(|a| a == "--only-mine");
    let (all, scenarios) = match (
        scenarios::catalogue::user_runs(user, false),
        scenarios::catalogue::user_runs(user, only_mine),
    ) {
        (Ok(all), Ok(asked)) => (all, asked),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("threadlab: {e}");
            return ExitCode::from(2);
        }
    };
    crate::isolate::serve(|scenario, strategy| {
        let scenario = all.iter().find(|s| s.name == scenario)?;
        Some((*scenario, scenario.strategy(strategy).ok()?))
    });
    let mut failed = 0;
    for scenario in &scenarios {
        for strategy in scenario.strategies {
            let verdict = verify_isolated(scenario, strategy, TRIAL_LIMIT);
            let judged = Expected::of(strategy).judge(&verdict);
            println!("{}/{}: {}", scenario.name, strategy.name, line(strategy, &verdict));
            if let Err(why) = judged {
                println!("  FAILED: {why}");
                failed += 1;
            }
        }
    }
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// The search's bound, in words.
fn bound(strategy: &Strategy) -> &'static str {
    match strategy.loom {
        scenarios::LoomModel::RealBounded { .. } => "with the strategy's preemption bound",
        _ => "within the scenario's loom bound",
    }
}

/// The verdict in a line: what loom found, its kind, how far it searched, the trace.
fn line(strategy: &Strategy, verdict: &threadlab_results::loom::LoomVerdict) -> String {
    let noun = if verdict.executions == 1 { "execution" } else { "executions" };
    let searched = format!("{} {noun} in {:.1} s", verdict.executions, verdict.seconds);
    match verdict.verdict {
        Verdict::Proved => format!("proved ({searched}; {})", bound(strategy)),
        Verdict::Refuted | Verdict::UnexpectedViolation | Verdict::UnexpectedFinding => {
            let what = match (verdict.violation_kind, verdict.violation.as_deref()) {
                (Some(kind), _) => kind.to_string(),
                (None, Some(violation)) => violation.to_owned(),
                (None, None) => "no violation recorded".to_owned(),
            };
            let trace = match (&verdict.counter_example, verdict.blocked.as_slice()) {
                (Some(c), _) => format!("counter-example: {} steps", c.trace.len()),
                (None, []) => "no counter-example".to_owned(),
                (None, blocked) => format!("blocked: {}", blocked_at(blocked)),
            };
            format!("{}: {what} ({searched}; {trace})", verdict_name(verdict.verdict))
        }
        Verdict::NotModelled => match strategy.loom {
            scenarios::LoomModel::NotModelled(why) | scenarios::LoomModel::BeyondSearch(why) => {
                format!("not modelled: {why}")
            }
            _ => "not modelled".to_owned(),
        },
        other => {
            let why = verdict.violation.as_deref().map(|v| format!(": {v}")).unwrap_or_default();
            format!("{} ({searched}){why}", verdict_name(other))
        }
    }
}

/// A verdict as its file spells it (`unexpected-violation`).
fn verdict_name(verdict: Verdict) -> String {
    serde_json::to_value(verdict)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('-', " ")))
        .unwrap_or_default()
}

/// Where each blocked thread waits, `thread 1 at src/x.rs:25`.
fn blocked_at(blocked: &[threadlab_results::loom::deadlock::BlockedThread]) -> String {
    let at = |b: &threadlab_results::loom::deadlock::BlockedThread| match (&b.file, b.line) {
        (Some(file), Some(line)) => format!("thread {} at {file}:{line}", b.thread),
        _ => format!("thread {}", b.thread),
    };
    blocked.iter().map(at).collect::<Vec<_>>().join(", ")
}
