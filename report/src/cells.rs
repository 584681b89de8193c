//! Templates of the verdict matrix: its table and one cell per loom, deeper-tier and stress
//! result, rendered from [`super::view::matrix`]. Nothing is looked up or recomputed here.

use maud::{Markup, html};

use scenarios::{Expectation, Strategy};

use super::figures::bound_text;
use super::view::freshness::Freshness;
use super::view::grid::anchor;
use super::view::matrix::{DeepCell, Matrix, StressCell};
use super::words::plural;
use threadlab_results::deep::{DeepStatus, Tier};
use threadlab_results::loom::{CounterExample, LoomVerdict, Verdict};

/// The matrix's rows of one scenario, under the whole header.
pub fn verdict_matrix(m: &Matrix, scenario: &str) -> Markup {
    html! {
        table {
            tr {
                th { "scenario" } th { "strategy" } th { "expected" }
                @for label in &m.labels {
                    th { "loom (" (label) ")" }
                    @for tier in Tier::ALL { th { (tier_title(tier)) " (" (label) ")" } }
                    th { "stress (" (label) ")" }
                }
            }
            @for row in m.rows.iter().filter(|r| r.scenario.name == scenario) {
                tr id=(anchor(row.scenario.name, row.strategy.name)) data-strategy=(row.strategy.name)
                    data-refuted=[row.counter_examples().next().map(|_| "")] {
                    @if let Some(span) = row.scenario_rowspan { td rowspan=(span) { b { (row.scenario.name) } } }
                    td { code { (row.strategy.name) } @if row.from_user { " " (yours()) } }
                    td { (expectation_text(row.strategy)) }
                    @for set in &row.sets {
                        (unless_stale(&set.loom_freshness, set.loom.map(|v| name_of(v.verdict)), loom_cell(set.loom)))
                        @for cell in &set.deep {
                            @match cell {
                                Some(c) => (unless_stale(&c.freshness, Some(name_of(c.verdict.status)), deep_cell(Some(c)))),
                                None => (deep_cell(None)),
                            }
                        }
                        @match &set.stress {
                            Some(c) => (unless_stale(&c.freshness, Some(c.text.clone()), stress_cell(Some(c)))),
                            None => (stress_cell(None)),
                        }
                    }
                }
                // The scenario's name cell spans this row too (its rowspan counts it).
                @for (set, example) in row.counter_examples() {
                    tr { td colspan=(m.columns() - 1) { (counter_example(row.strategy.name, set, m.labels[set], example)) } }
                }
            }
        }
    }
}

/// The mark of a user crate's own strategy (the rows without it are reference rows).
pub fn yours() -> Markup {
    html! { span.yours title="registered by your crate; the other rows are threadlab's reference rows" { "yours" } }
}

/// `cell`, or where its result is stale a greyed cell saying what it was and where it came
/// from: a stale result is never shown as current.
fn unless_stale(freshness: &Freshness, was: Option<String>, cell: Markup) -> Markup {
    match (freshness, was) {
        (Freshness::Stale(commit), Some(was)) => html! {
            td.stale {
                b { "stale" } ": was " (was)
                br; span.small { "recorded at " (commit) "; the code has changed since" }
            }
        },
        _ => cell,
    }
}

/// A verdict's name as its file spells it (`proved`, `caught`...).
fn name_of<T: serde::Serialize>(verdict: T) -> String {
    serde_json::to_value(verdict)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A refuted verdict's smallest counter-example in one line, linking to its stepper.
fn counter_example(strategy: &str, set: usize, label: &str, example: &CounterExample) -> Markup {
    let needs = example
        .preemptions
        .map_or_else(|| "unbounded search".to_owned(), |p| plural(p, "preemption"));
    html! {
        span.small {
            "counter-example (" (label) "): " (plural(example.threads, "thread")) " x "
            (plural(example.ops, "op")) ", " (needs) ", " (plural(example.trace.len(), "step")) ": "
        }
        a href=(format!("#{}", crate::stepper::anchor(strategy, set))) { "step through it" }
    }
}

fn stress_cell(cell: Option<&StressCell>) -> Markup {
    let Some(c) = cell else { return html! { td.not-run { "not run" } } };
    html! {
        td class=(c.class) {
            (c.text)
            br; span.small {
                (c.samples) " samples, " (plural(c.threads, "thread")) " x " (plural(c.ops, "op"))
                @if c.hung_batches > 0 { ", " (plural(c.hung_batches as usize, "hung trial")) }
            }
        }
    }
}

fn tier_title(tier: Tier) -> &'static str {
    match tier {
        Tier::Miri => "Miri",
        Tier::Tsan => "TSan",
        Tier::Shuttle => "shuttle",
    }
}

/// One tier's verdict, as `threadlab-deep` recorded it.
fn deep_cell(cell: Option<&DeepCell>) -> Markup {
    let Some(DeepCell { verdict: v, runs, size, .. }) = cell else {
        return html! { td.not-run { "not run" } };
    };
    let small = |text: &str| html! { br; span.small { (text) } };
    match v.status {
        DeepStatus::Clean => {
            html! { td.proved { b { "clean" } (small(&format!("{runs}, {size}"))) } }
        }
        DeepStatus::Caught => html! {
            td.refuted {
                b { "caught" } ": " (v.finding.as_deref().unwrap_or("finding"))
                (small(&format!("{runs}, {size}")))
                @if let Some(d) = &v.detail { (small(d)) }
                @if let Some(f) = &v.schedule_file { (small(&format!("schedule: {f}"))) }
            }
        },
        DeepStatus::Missed => html! {
            td.not-modelled {
                b { "silent" } (small(runs))
                @if let Some(n) = &v.note { (small(n)) }
            }
        },
        DeepStatus::NotApplicable => html! {
            td.not-modelled { b { "n/a" } @if let Some(n) = &v.note { (small(n)) } }
        },
        DeepStatus::UnexpectedFinding => html! {
            td.bad {
                "FINDING ON A CORRECT STRATEGY: " (v.finding.as_deref().unwrap_or(""))
                @if let Some(d) = &v.detail { (small(d)) }
            }
        },
        DeepStatus::Error => html! {
            td.bad { "tier error" @if let Some(d) = &v.detail { (small(d)) } }
        },
    }
}

fn expectation_text(strategy: &Strategy) -> Markup {
    match strategy.expectation {
        Expectation::Correct => html! { "correct" },
        Expectation::Broken { bug, .. } => {
            html! { b { "broken on purpose" } br; span.small { (bug) } }
        }
    }
}

fn loom_cell(verdict: Option<&LoomVerdict>) -> Markup {
    let Some(v) = verdict else { return html! { td.not-run { "not run" } } };
    let model = format!("{}x{} ops", v.threads, v.ops);
    match v.verdict {
        Verdict::Proved => html! {
            td.proved {
                b { "proved" } " (" (bound_text(v)) ")"
                br; span.small { (v.executions) " executions, " (format!("{:.2}", v.seconds)) " s, " (model) }
                @if v.model != "real" { br; span.small { (v.model) } }
            }
        },
        Verdict::Refuted => html! {
            td.refuted {
                b { "refuted, as intended" } " after " (plural(v.executions as usize, "execution"))
                br; span.small { (v.violation.as_deref().unwrap_or("(no message)")) }
                @if v.model != "real" { br; span.small { (v.model) } }
            }
        },
        Verdict::NotModelled => {
            html! { td.not-modelled { b { "not modelled" } br; span.small { (v.model) } } }
        }
        Verdict::Error => html! {
            td.bad { "ERROR: loom gave up on the model" br; span.small { (v.violation.as_deref().unwrap_or("")) } }
        },
        Verdict::Crashed => html! {
            td.bad { "CRASHED: the check died before loom finished" br; span.small { (v.violation.as_deref().unwrap_or("")) } }
        },
        Verdict::UnexpectedFinding => html! {
            td.bad { "OTHER BUG FOUND (not the lesson's kind)" br; span.small { (v.violation.as_deref().unwrap_or("")) } }
        },
        Verdict::UnexpectedViolation => html! {
            td.bad { "VIOLATED (a correct strategy failed)" br; span.small { (v.violation.as_deref().unwrap_or("")) } }
        },
        Verdict::BugNotFound => html! {
            td.bad { "BUG NOT FOUND: loom explored " (v.executions) " executions without the expected failure" }
        },
    }
}
