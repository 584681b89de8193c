//! `threadlab explain <scenario>/<strategy>`: a loom verdict told so a person can follow
//! it. For a refuted strategy, the invariant, what broke, and the smallest counter-example
//! as a table with one column per thread and one row per step, time going down; for a
//! proved one, what was proved, at which size, with which bound, in how many executions.
//! `--replay` runs the saved execution again in the loom build and prints its trace.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use scenarios::{Scenario, Strategy};
use threadlab_results::loom::deadlock::in_words;
use threadlab_results::loom::{CounterExample, LoomVerdict, TraceStep, Verdict, loom_results_dir};

use crate::cli::usage;

/// The widest a thread's column gets before its cells are cut.
const MAX_CELL: usize = 52;

/// Find `name` (`scenario/strategy`) in the catalogue, or a usage error.
pub fn find(name: &str) -> Result<(&'static Scenario, &'static Strategy)> {
    let found = name.split_once('/').and_then(|(scenario, strategy)| {
        let scenario = *scenarios::catalogue().iter().find(|s| s.name == scenario)?;
        let strategy = scenario.strategies.iter().find(|s| s.name == strategy)?;
        Some((scenario, strategy))
    });
    found.ok_or_else(|| usage(format!("no strategy {name} (see `threadlab list`)")))
}

/// The verdict file of a strategy, or a plain error saying how to make one.
pub fn read_verdict(scenario: &Scenario, strategy: &Strategy) -> Result<LoomVerdict> {
    let path = loom_results_dir().join(LoomVerdict::file_name(scenario.name, strategy.name));
    let text = std::fs::read_to_string(&path).map_err(|_| {
        anyhow::anyhow!("no loom verdict at {}: run scripts/test.sh first", path.display())
    })?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a loom verdict", path.display()))
}

/// The explanation of one strategy's verdict.
pub fn explain(scenario: &Scenario, strategy: &Strategy, verdict: &LoomVerdict) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}/{}: {}", scenario.name, strategy.name, strategy.summary);
    let _ = writeln!(out, "invariant: {}", scenario.invariant);
    let _ = writeln!(out, "expected:  {}", strategy.expectation);
    let _ = writeln!(out, "model:     {}", verdict.model);
    let bound = bound_text(verdict.preemption_bound);
    match (verdict.verdict, &verdict.counter_example) {
        (Verdict::Proved, _) => {
            let _ = writeln!(
                out,
                "proved: all {} executions loom explored at {} satisfied the invariant \
                 ({bound}, {:.2} s). A proof at this size only: larger configurations \
                 were not explored.",
                verdict.executions,
                size(verdict.threads, verdict.ops, verdict.limit),
                verdict.seconds
            );
        }
        (Verdict::Refuted, Some(example)) => {
            let _ = writeln!(
                out,
                "refuted at {} ({bound}): {}",
                size(verdict.threads, verdict.ops, verdict.limit),
                in_words(verdict.violation.as_deref().unwrap_or("?"))
            );
            out.push_str(&counter_example(example));
        }
        (other, _) => {
            let _ = writeln!(out, "verdict: {other:?}");
            if let Some(violation) = &verdict.violation {
                let _ = writeln!(out, "violation: {}", in_words(violation));
            }
            let _ = writeln!(out, "(no counter-example recorded)");
        }
    }
    out
}

/// The smallest counter-example: where it was found, then its table.
pub fn counter_example(example: &CounterExample) -> String {
    let mut out = String::new();
    let needs = match example.preemptions {
        Some(0) => "no preemption at all (each thread runs until it blocks or ends)".to_owned(),
        Some(1) => "1 preemption".to_owned(),
        Some(n) => format!("{n} preemptions"),
        None => "the unbounded search (not found with 0 to 3 preemptions)".to_owned(),
    };
    let _ = writeln!(
        out,
        "\nsmallest counter-example: {}, with {needs}; found in execution {} of that search",
        size(example.threads, example.ops, example.limit),
        example.executions
    );
    let _ = writeln!(out, "what broke: {}\n", in_words(&example.violation));
    out.push_str(&table(&example.trace));
    if example.violation.starts_with("deadlock") {
        out.push_str(&blocked_at_the_end(&example.trace));
    }
    if let Some(checkpoint) = &example.checkpoint {
        let _ =
            writeln!(out, "\nsaved schedule: {checkpoint} (replay: threadlab explain --replay)");
    }
    out
}

/// For a deadlock: what each thread is left waiting for, read from its last step (a thread
/// whose last step is not a wait, a lock, a join, a park or a recv is not listed).
fn blocked_at_the_end(trace: &[TraceStep]) -> String {
    let mut threads: Vec<&str> = Vec::new();
    for step in trace {
        if !threads.contains(&step.thread.as_str()) {
            threads.push(&step.thread);
        }
    }
    let mut out = String::from("\nat the end, nobody can move:\n");
    for thread in threads {
        let Some(last) = trace.iter().rev().find(|s| s.thread == thread) else { continue };
        let blocking = ["wait", "lock", "join", "park", "recv"];
        if blocking.iter().any(|op| last.op.starts_with(op)) {
            let _ = writeln!(
                out,
                "  {thread} is blocked in `{} {}` ({}), and no step left can wake it",
                last.op,
                last.object,
                short_location(&last.location)
            );
        }
    }
    out
}

/// One column per thread (in order of first appearance), one row per step.
pub fn table(trace: &[TraceStep]) -> String {
    let mut threads: Vec<&str> = Vec::new();
    for step in trace {
        if !threads.contains(&step.thread.as_str()) {
            threads.push(&step.thread);
        }
    }
    let cells: Vec<String> = trace.iter().map(cell).collect();
    let width = |column: &str| {
        trace
            .iter()
            .zip(&cells)
            .filter(|(step, _)| step.thread == column)
            .map(|(_, cell)| cell.chars().count())
            .chain([column.chars().count()])
            .max()
            .unwrap_or(0)
            .min(MAX_CELL)
    };
    let widths: Vec<usize> = threads.iter().map(|t| width(t)).collect();
    let mut out = String::new();
    let _ = write!(out, "{:>3} ", "#");
    for (thread, w) in threads.iter().zip(&widths) {
        let _ = write!(out, "| {:<w$} ", cut(thread, *w));
    }
    let _ = writeln!(out, "| source");
    let mut row = |number: &str, column: Option<usize>, text: &str, at: &str| {
        let _ = write!(out, "{number:>3} ");
        for (i, w) in widths.iter().enumerate() {
            let shown = if Some(i) == column { cut(text, *w) } else { String::new() };
            let _ = write!(out, "| {shown:<w$} ");
        }
        let _ = writeln!(out, "| {at}");
    };
    for (step, text) in trace.iter().zip(&cells) {
        let column = threads.iter().position(|t| *t == step.thread);
        row(&step.step.to_string(), column, text, short_location(&step.location));
    }
    out
}

/// One step as a cell: `load total -> 0`, `store total <- 1`, `fetch_add n 0 -> 1`,
/// `lock queue`, with the ordering of an atomic where it is not SeqCst.
fn cell(step: &TraceStep) -> String {
    let mut text = match (step.op.as_str(), &step.value) {
        ("load", Some(v)) => format!("load {} -> {v}", step.object),
        ("store", Some(v)) => format!("store {} <- {v}", step.object),
        (op, Some(v)) => format!("{op} {} {v}", step.object),
        (op, None) if step.object.is_empty() => op.to_owned(),
        (op, None) => format!("{op} {}", step.object),
    };
    if let Some(order) = step.ordering.as_deref().filter(|o| *o != "SeqCst") {
        let _ = write!(text, " ({order})");
    }
    text
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}~")
    }
}

/// `unsync.rs:23` from `scenarios/src/shared_counter/unsync.rs:23`.
fn short_location(location: &str) -> &str {
    location.rsplit('/').next().unwrap_or(location)
}

fn size(threads: usize, ops: usize, limit: usize) -> String {
    let limit = if limit == 0 { String::new() } else { format!(", limit {limit}") };
    format!("{threads} threads x {ops} ops{limit}")
}

fn bound_text(bound: Option<usize>) -> String {
    bound.map_or_else(
        || "every interleaving, no preemption bound".to_owned(),
        |b| format!("at most {b} preemptions per execution"),
    )
}

/// Run the saved execution of `scenario/strategy` again, in the loom build (cargo test of
/// `loom-tests`' `replay` target with `--cfg loom`, target dir `target/loom`): the
/// violation and trace it printed.
pub fn replay(workspace: &Path, name: &str) -> Result<(String, Vec<TraceStep>)> {
    eprintln!(
        "replaying through the loom build: RUSTFLAGS=\"--cfg loom\" cargo test -p loom-tests \
         --release --test replay -- {name} (target/loom; the first build takes minutes)"
    );
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["test", "-p", "loom-tests", "--release", "--offline", "--test", "replay", "--"])
        .arg(name)
        .env("RUSTFLAGS", "--cfg loom")
        .env("CARGO_TARGET_DIR", workspace.join("target/loom"))
        .current_dir(workspace)
        .output()
        .context("cannot run cargo for the replay")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(line) = stdout.lines().rev().find(|l| l.starts_with('{')) else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
        bail!("the replay printed no trace: {last}");
    };
    #[derive(serde::Deserialize)]
    struct Replayed {
        violation: String,
        trace: Vec<TraceStep>,
    }
    let replayed: Replayed = serde_json::from_str(line).context("the replay's output")?;
    Ok((in_words(&replayed.violation), replayed.trace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(step: usize, thread: &str, op: &str, value: Option<&str>) -> TraceStep {
        TraceStep {
            step,
            thread: thread.into(),
            op: op.into(),
            object: "total".into(),
            value: value.map(Into::into),
            ordering: Some("Relaxed".into()),
            location: "scenarios/src/shared_counter/unsync.rs:23".into(),
        }
    }

    #[test]
    fn each_thread_gets_its_own_column_and_each_step_its_row() {
        let trace = [
            step(1, "worker 0", "load", Some("0")),
            step(2, "worker 1", "load", Some("0")),
            step(3, "worker 0", "store", Some("1")),
        ];
        let text = table(&trace);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].contains("worker 0") && lines[0].contains("worker 1"), "{text}");
        // worker 1's load sits in the second column: after worker 0's empty cell.
        let second = lines[2];
        assert!(second.find("load total -> 0").unwrap() > second.find('|').unwrap() + 5);
        assert!(lines[3].contains("store total <- 1 (Relaxed)"), "{text}");
        assert!(lines[3].ends_with("unsync.rs:23"), "{text}");
    }

    #[test]
    fn a_deadlock_names_what_each_thread_is_left_waiting_for() {
        let trace = [
            step(1, "pinger 0", "store", Some("true")),
            step(2, "ponger 0", "wait (unlocks)", None),
            step(3, "pinger 0", "wait (unlocks)", None),
        ];
        let text = blocked_at_the_end(&trace);
        assert!(text.contains("pinger 0 is blocked in `wait (unlocks) total`"), "{text}");
        assert!(text.contains("ponger 0 is blocked in `wait (unlocks) total`"), "{text}");
        let running = blocked_at_the_end(&trace[..1]);
        assert!(!running.contains("pinger 0"), "{running}");
    }

    #[test]
    fn loom_debug_text_never_reaches_the_explanation() {
        let scenario = scenarios::scenario("event").unwrap();
        let strategy = scenario.strategy("lost_wakeup").unwrap();
        let raw = "deadlock; threads = [(Id(0), Blocked(Location(Some(Location { file: \
                   \"scenarios/src/event/driver.rs\", line: 138, column: 52 })))), (Id(1), \
                   Blocked(Location(None)))]";
        let file = r#"{"scenario": "event", "strategy": "lost_wakeup", "expectation": "x",
            "verdict": "unexpected-finding", "model": "real", "threads": 2, "ops": 2,
            "limit": 0, "preemption_bound": 2, "executions": 1, "seconds": 0.1,
            "loom_version": "0.7"}"#;
        let mut verdict: LoomVerdict = serde_json::from_str(file).unwrap();
        verdict.violation = Some(raw.to_owned());
        let mut refuted = verdict.clone();
        refuted.verdict = Verdict::Refuted;
        refuted.counter_example = Some(CounterExample {
            threads: 1,
            ops: 1,
            limit: 0,
            preemptions: Some(0),
            executions: 1,
            violation: raw.to_owned(),
            blocked: Vec::new(),
            checkpoint: None,
            trace: vec![step(1, "main", "join", None)],
            note: None,
        });
        for verdict in [verdict, refuted] {
            let text = explain(scenario, strategy, &verdict);
            assert!(text.contains("thread 0 (main) blocked at scenarios/src/event/driver.rs:138"));
            for loom in ["Location(", "Id("] {
                assert!(!text.contains(loom), "{text}");
            }
        }
    }

    #[test]
    fn an_unknown_name_is_a_usage_error() {
        let Err(err) = find("shared_counter/nope") else {
            panic!("found a strategy that is not there")
        };
        assert!(err.downcast_ref::<crate::cli::UsageError>().is_some());
        assert!(find("shared_counter/unsync").is_ok());
    }
}
