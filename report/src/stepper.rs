//! A counter-example you can step through: the per-thread table (one column per thread,
//! one row per step), the source lines the steps ran, and the value of each shared object
//! after each step. The page holds every step; `stepper.js` (shipped beside the pages)
//! moves the highlight with previous / next and the arrow keys.

use std::collections::BTreeMap;
use std::path::Path;

use maud::{Markup, html};

use threadlab_results::loom::{CounterExample, TraceStep};

use crate::trace_table::{cell, short_location};
use crate::words::plural;

/// The script the steppers run, written beside the pages.
pub const SCRIPT: &str = include_str!("stepper.js");
pub const SCRIPT_FILE: &str = "stepper.js";

/// Whether an operation only reads or manages threads: it changes no shared object.
fn reads(op: &str) -> bool {
    op.starts_with("load")
        || op.starts_with("read")
        || ["join", "spawn", "unlock", "recv"].contains(&op)
}

/// The anchor of a strategy's stepper.
pub fn anchor(strategy: &str, set: usize) -> String {
    format!("step-{strategy}-{set}")
}

/// The stepper of one counter-example; `workspace` is where the trace's source files are
/// read from (`None`: no source shown).
pub fn stepper(
    strategy: &str,
    set: usize,
    label: &str,
    example: &CounterExample,
    workspace: Option<&Path>,
) -> Markup {
    let trace = &example.trace;
    let mut threads: Vec<&str> = Vec::new();
    for step in trace {
        if !threads.contains(&step.thread.as_str()) {
            threads.push(&step.thread);
        }
    }
    let sealed = trace.iter().rposition(|s| !reads(&s.op));
    let values = values_after(trace);
    let needs = example.preemptions.map_or_else(
        || "found only by the unbounded search".to_owned(),
        |p| format!("{} needed", plural(p, "preemption")),
    );
    html! {
        div.stepper id=(anchor(strategy, set)) data-strategy=(strategy) tabindex="0" {
            h3 { code { (strategy) } ": the counter-example (" (label) ")" }
            p {
                (plural(example.threads, "thread")) " x " (plural(example.ops, "op")) ", " (needs) ", "
                (plural(trace.len(), "step")) ". " b { "What broke: " } (example.violation)
            }
            @if let Some(note) = &example.note { p.small { (note) } }
            div.controls {
                button.prev type="button" { "◀ previous" } " "
                span.pos { "step 1 of " (trace.len()) } " "
                button.next type="button" { "next ▶" }
                span.small { " or ← / → with the stepper focused; click a step to jump to it. "
                    "Marked " span.sealmark { "sealed" } ": the last step that changed shared state, after which the outcome above is fixed." }
            }
            div.panes {
                table.steps {
                    tr { th { "#" } @for t in &threads { th { (t) } } }
                    @for (i, step) in trace.iter().enumerate() {
                        tr.sealed[Some(i) == sealed] data-step=(step.step) data-line=(step.location) data-values=(values[i]) {
                            td { (step.step) }
                            @for t in &threads {
                                td { @if *t == step.thread { (cell(step)) br; span.small { (short_location(&step.location)) } } }
                            }
                        }
                    }
                }
                div {
                    div.src { (source(trace, workspace)) }
                    h4 { "Shared values after this step" }
                    ul.values { @for line in values.first().map(|v| v.lines()).into_iter().flatten() { li { (line) } } }
                }
            }
        }
    }
}

/// After each step, one line per shared object touched so far: its value as last written
/// or read, and by whom (`total = 1 (stored by worker 0)`).
fn values_after(trace: &[TraceStep]) -> Vec<String> {
    let mut now: BTreeMap<&str, String> = BTreeMap::new();
    trace
        .iter()
        .map(|step| {
            let value = match (step.op.as_str(), step.value.as_deref()) {
                ("load", Some(v)) => Some(format!("{v} (as {} read it)", step.thread)),
                (_, Some(v)) => {
                    let after = v.rsplit("->").next().unwrap_or(v).trim();
                    Some(format!("{after} ({} by {})", past(&step.op), step.thread))
                }
                ("lock", None) => Some(format!("held by {}", step.thread)),
                ("unlock", None) => Some("free".to_owned()),
                ("spawn" | "join", None) => None,
                (op, None) => Some(format!("last {op} by {}", step.thread)),
            };
            if let Some(v) = value.filter(|_| !step.object.is_empty()) {
                now.insert(&step.object, v);
            }
            if now.is_empty() {
                "(no shared object touched yet)".to_owned()
            } else {
                now.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join("\n")
            }
        })
        .collect()
}

/// `stored`, `fetch_add`ed...: the operation in the past.
fn past(op: &str) -> String {
    match op {
        "store" => "stored".to_owned(),
        "send" => "sent".to_owned(),
        other => format!("{other} done"),
    }
}

/// The lines around those the trace ran, per file, each carrying its `file:line` so the
/// script can highlight it.
fn source(trace: &[TraceStep], workspace: Option<&Path>) -> Markup {
    let mut files: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for step in trace {
        if let Some((file, Ok(n))) =
            step.location.rsplit_once(':').map(|(file, line)| (file, line.parse::<usize>()))
        {
            files.entry(file).or_default().push(n);
        }
    }
    html! {
        @for (file, lines) in &files {
            @let text = workspace.and_then(|w| std::fs::read_to_string(w.join(file)).ok());
            div.file { code { (file) } }
            @match text {
                None => { p.not-run { "source not in this tree" } }
                Some(text) => {
                    @let first = lines.iter().min().map_or(1, |l| l.saturating_sub(4).max(1));
                    @let last = lines.iter().max().map_or(1, |l| l + 3);
                    pre {
                        @for (i, line) in text.lines().enumerate().skip(first - 1).take(last + 1 - first) {
                            span.ln data-line=(format!("{file}:{}", i + 1)) {
                                span.no { (format!("{:>4} ", i + 1)) } (line) "\n"
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: usize, thread: &str, op: &str, value: &str, line: usize) -> TraceStep {
        TraceStep {
            step: n,
            thread: thread.into(),
            op: op.into(),
            object: "total".into(),
            value: Some(value.into()),
            ordering: None,
            location: format!("scenarios/src/shared_counter/unsync.rs:{line}"),
        }
    }

    #[test]
    fn each_step_carries_its_line_and_the_values_after_it_and_the_last_write_is_sealed() {
        let trace = vec![
            step(1, "worker 0", "load", "0", 20),
            step(2, "worker 1", "load", "0", 20),
            step(3, "worker 0", "store", "1", 21),
            step(4, "worker 1", "store", "1", 21),
            step(5, "main", "load", "1", 30),
        ];
        let values = values_after(&trace);
        assert_eq!(values[2], "total = 1 (stored by worker 0)");
        assert_eq!(values[4], "total = 1 (as main read it)");
        let example = CounterExample {
            threads: 2,
            ops: 1,
            limit: 0,
            preemptions: Some(1),
            executions: 4,
            violation: "total 1, expected 2".into(),
            blocked: Vec::new(),
            checkpoint: None,
            trace,
            note: None,
        };
        let root = threadlab_results::paths::current_workspace();
        let html = stepper("unsync", 0, "set", &example, root.as_deref()).into_string();
        assert_eq!(html.matches("class=\"sealed\"").count(), 1, "{html}");
        let sealed = html.find("class=\"sealed\"").unwrap();
        assert!(html[sealed..].starts_with("class=\"sealed\" data-step=\"4\""), "{html}");
        assert!(
            html.contains("1 preemption needed") && html.contains("2 threads x 1 op,"),
            "{html}"
        );
        assert!(html.contains("data-line=\"scenarios/src/shared_counter/unsync.rs:21\""));
    }
}
