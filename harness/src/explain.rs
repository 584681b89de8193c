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
use threadlab_results::loom::{CounterExample, LoomVerdict, TraceStep, Verdict};

use crate::cli::usage;
use threadlab_report::trace_table::{short_location, table};
use threadlab_report::{Freshness, TreeSources};

/// Find `name` (`scenario/strategy`) in the catalogue, or a usage error.
pub fn find(name: &str) -> Result<(&'static Scenario, &'static Strategy)> {
    let found = name.split_once('/').and_then(|(scenario, strategy)| {
        let scenario = *scenarios::catalogue().iter().find(|s| s.name == scenario)?;
        let strategy = scenario.strategies.iter().find(|s| s.name == strategy)?;
        Some((scenario, strategy))
    });
    found.ok_or_else(|| usage(format!("no strategy {name} (one of: {})", known_names())))
}

/// Every `scenario/strategy` a user crate's report shows, or where threadlab runs itself,
/// where to find them.
fn known_names() -> String {
    if scenarios::catalogue::user_crate().is_none() {
        return "see `threadlab list`".to_owned();
    }
    let names: Vec<String> = scenarios::catalogue::reported()
        .iter()
        .flat_map(|s| s.strategies.iter().map(move |st| format!("{}/{}", s.name, st.name)))
        .collect();
    names.join(", ")
}

/// The verdict file of a strategy, under the results root every command uses.
pub fn read_verdict(scenario: &Scenario, strategy: &Strategy) -> Result<LoomVerdict> {
    let root = threadlab_results::paths::existing_results_root().map_err(usage)?;
    read_verdict_in(&root.join("loom"), scenario, strategy)
}

/// The verdict file of a strategy in the loom results folder `dir`, read as the report
/// reads it. A missing file says how to make one; one that cannot be read (a folder, a
/// symlink loop), is corrupt, is from a newer format or is another strategy's (copied over
/// this one's) is named with what is wrong.
pub fn read_verdict_in(
    dir: &Path,
    scenario: &Scenario,
    strategy: &Strategy,
) -> Result<LoomVerdict> {
    let path = dir.join(LoomVerdict::file_name(scenario.name, strategy.name));
    let shown = path.display();
    let Some(verdict) = threadlab_results::file::read_if_present::<LoomVerdict>(&path)? else {
        let how = if scenarios::catalogue::user_crate().is_some() {
            "cargo threadlab loom"
        } else {
            "scripts/test.sh"
        };
        bail!("no loom verdict at {shown}: run {how} first")
    };
    if verdict.scenario != scenario.name || verdict.strategy != strategy.name {
        bail!(
            "{shown} holds the verdict of {}/{}, not {}/{} (copied or renamed): run scripts/test.sh to record this strategy's own",
            verdict.scenario,
            verdict.strategy,
            scenario.name,
            strategy.name
        );
    }
    Ok(verdict)
}

/// The explanation of one strategy's verdict, marked stale or unknown against the tree's
/// sources exactly as the report marks it.
pub fn explain(scenario: &Scenario, strategy: &Strategy, verdict: &LoomVerdict) -> String {
    let freshness =
        TreeSources::scan_current().freshness(scenario, strategy, verdict.provenance.as_ref());
    explain_as(scenario, strategy, verdict, &freshness)
}

/// What the freshness of a verdict means for a reader, as the first line under its name.
fn freshness_line(freshness: &Freshness) -> String {
    match freshness {
        Freshness::Current => "current: recorded from the code in this tree".to_owned(),
        Freshness::Stale(from) => format!(
            "STALE: recorded from {from}; the strategy's code has changed since, so what \
             follows may no longer hold ({} records a current verdict)",
            if scenarios::catalogue::user_crate().is_some() {
                "`cargo threadlab loom`, or `RUSTFLAGS=\"--cfg loom\" CARGO_TARGET_DIR=target/loom cargo run --release -- loom`,"
            } else {
                "scripts/test.sh"
            }
        ),
        Freshness::Unknown => "UNKNOWN freshness: the verdict carries no source hash, or \
             there are no sources here to compare with; it may not describe this code"
            .to_owned(),
    }
}

/// [`explain`] with its freshness given.
fn explain_as(
    scenario: &Scenario,
    strategy: &Strategy,
    verdict: &LoomVerdict,
    freshness: &Freshness,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}/{}: {}", scenario.name, strategy.name, strategy.summary);
    let _ = writeln!(out, "{}", freshness_line(freshness));
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
            let _ = writeln!(out, "verdict: {}", other.in_words());
            if let (Verdict::NotModelled, scenarios::LoomModel::NotModelled(why)) =
                (other, &strategy.loom)
            {
                let _ = writeln!(out, "why:       {why}");
            }
            if let Some(violation) = &verdict.violation {
                let _ = writeln!(out, "violation: {}", in_words(violation));
            }
            let _ = writeln!(out, "(no counter-example recorded)");
        }
    }
    out
}

/// Why a replay printed no trace: the replay's own `replay: ...` line where it printed one
/// (cargo's "process didn't exit successfully" after it says nothing), else the last line.
pub fn replay_failure(stderr: &str) -> &str {
    let lines = || stderr.lines().rev().map(str::trim).filter(|l| !l.is_empty());
    lines().find(|l| l.starts_with("replay: ")).or_else(|| lines().next()).unwrap_or("")
}

/// `--replay` needs a saved counter-example: refused before anything is built when the
/// verdict has none (a proved strategy, say).
pub fn check_replayable(name: &str, verdict: &LoomVerdict) -> Result<()> {
    if verdict.counter_example.is_none() {
        return Err(usage(format!(
            "--replay: {name} has no saved counter-example to replay (its loom verdict: {})",
            verdict_word(verdict.verdict)
        )));
    }
    Ok(())
}

/// A verdict in words, as its file spells it with spaces: `proved`, `not modelled`.
pub fn verdict_word(verdict: Verdict) -> String {
    let spelled = serde_json::to_value(verdict).ok();
    spelled.as_ref().and_then(|v| v.as_str()).unwrap_or("unknown").replace('-', " ")
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
    let _ = writeln!(out, "what broke: {}", in_words(&example.violation));
    if let Some(note) = &example.note {
        let _ = writeln!(out, "note: {note}");
    }
    out.push('\n');
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

fn size(threads: usize, ops: usize, limit: usize) -> String {
    let limit = if limit == 0 { String::new() } else { format!(", limit {limit}") };
    let threads = if threads == 1 { "1 thread".to_owned() } else { format!("{threads} threads") };
    let ops = if ops == 1 { "1 op".to_owned() } else { format!("{ops} ops") };
    format!("{threads} x {ops}{limit}")
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
    let output = crate::children::spawn(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(["test", "-p", "loom-tests", "--release", "--offline", "--test", "replay", "--"])
            .arg(name)
            .env("RUSTFLAGS", "--cfg loom")
            .env("CARGO_TARGET_DIR", workspace.join("target/loom"))
            .current_dir(workspace)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped()),
    )
    .and_then(|child| child.wait_with_output())
    .context("cannot run cargo for the replay")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(line) = stdout.lines().rev().find(|l| l.starts_with('{')) else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!("the replay printed no trace: {}", replay_failure(&stderr));
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
    fn a_verdict_from_other_code_reads_stale_and_one_without_a_hash_unknown() {
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let strategy = scenario.strategy("atomic").unwrap();
        let file = r#"{"scenario": "shared_counter", "strategy": "atomic", "expectation": "x",
            "verdict": "proved", "model": "real", "threads": 2, "ops": 2,
            "limit": 0, "preemption_bound": null, "executions": 7, "seconds": 0.1,
            "loom_version": "0.7"}"#;
        let mut verdict: LoomVerdict = serde_json::from_str(file).unwrap();
        let unknown = explain(scenario, strategy, &verdict);
        assert!(unknown.lines().nth(1).unwrap().starts_with("UNKNOWN"), "{unknown}");
        verdict.provenance = Some(threadlab_results::Provenance::record(
            None,
            "loom",
            "0.7.3",
            Some("not the hash of any code".to_owned()),
            Default::default(),
        ));
        let stale = explain(scenario, strategy, &verdict);
        assert!(stale.lines().nth(1).unwrap().starts_with("STALE"), "{stale}");
        let current = explain_as(scenario, strategy, &verdict, &Freshness::Current);
        assert!(current.lines().nth(1).unwrap().starts_with("current"), "{current}");
        assert!(current.contains("2 threads x 2 ops"), "{current}");
    }

    #[test]
    fn sizes_of_one_are_singular() {
        assert_eq!(size(1, 1, 0), "1 thread x 1 op");
        assert_eq!(size(2, 3, 4), "2 threads x 3 ops, limit 4");
    }

    #[test]
    fn a_verdict_file_that_is_another_strategys_is_refused() {
        let (scenario, atomic) = find("shared_counter/atomic").unwrap();
        let (_, unsync) = find("shared_counter/unsync").unwrap();
        let dir = std::env::temp_dir().join(format!("threadlab-explain-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let err = read_verdict_in(&dir, scenario, atomic).unwrap_err().to_string();
        assert!(err.contains("run scripts/test.sh first"), "{err}");
        // The atomic strategy's verdict copied over unsync's file.
        let verdict = serde_json::json!({
            "scenario": "shared_counter", "strategy": "atomic", "expectation": "correct",
            "verdict": "proved", "model": "real", "threads": 2, "ops": 2, "limit": 0,
            "executions": 10, "seconds": 0.1, "loom_version": "0.7",
        });
        let text = verdict.to_string();
        std::fs::write(dir.join(LoomVerdict::file_name(scenario.name, atomic.name)), &text)
            .unwrap();
        std::fs::write(dir.join(LoomVerdict::file_name(scenario.name, unsync.name)), &text)
            .unwrap();
        assert_eq!(read_verdict_in(&dir, scenario, atomic).unwrap().strategy, "atomic");
        let err = read_verdict_in(&dir, scenario, unsync).unwrap_err().to_string();
        assert!(
            err.contains("holds the verdict of shared_counter/atomic, not shared_counter/unsync"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_replay_says_why_it_printed_no_trace_in_its_own_words() {
        let stderr = "replay: no counter-example saved in x.json\nerror: test failed\n\
                      Caused by:\n  process didn't exit successfully: `replay` (exit status: 1)\n";
        assert_eq!(replay_failure(stderr), "replay: no counter-example saved in x.json");
        assert_eq!(replay_failure("a\nlast one\n\n"), "last one");
        assert_eq!(verdict_word(Verdict::Proved), "proved");
        assert_eq!(verdict_word(Verdict::NotModelled), "not modelled");
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
