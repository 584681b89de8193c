//! Templates of the page's sections and tables: the machines, the calibration, and each
//! scenario with its charts, distance from the hardware and fairness. They render the view
//! structs of [`super::view`]; the shaping happened there.

use maud::{Markup, html};

use scenarios::LoomModel;

use super::charts;
use super::view::calibration::seed_rows;
use super::view::grid::Grid;
use super::view::scenario::{Distance, FairnessTable, ScenarioView, SetPart};
use threadlab_results::calibration::Calibration;
use threadlab_results::machine::Machine;

pub fn machine_table(machine: Option<&Machine>) -> Markup {
    let Some(m) = machine else {
        return html! { p.not-run { "machine: not recorded (no calibration or stress file)" } };
    };
    html! {
        table {
            tr { th { "CPU" } td { (m.cpu_model) } }
            tr { th { "cores" } td { (m.cores) @if let Some(l) = m.logical_cpus { @if l != m.cores { " (" (l) " logical CPUs listed)" } } } }
            tr { th { "memory" } td { (m.memory_bytes.map_or("unknown".to_owned(), |b| format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64))) } }
            tr { th { "OS" } td { (m.os) " (" (m.arch) ")" } }
            tr { th { "compiler" } td { (m.rustc) } }
            tr { th { "load average" } td { (m.load_average.map_or("unknown".to_owned(), |[a, b, c]| format!("{a:.2} / {b:.2} / {c:.2} (1 / 5 / 15 min) when recorded"))) } }
        }
        p.small {
            "Thread counts above " (m.cores) " are oversubscribed on this machine: more runnable "
            "threads than cores, so the OS scheduler, not the strategy, sets the pace."
        }
    }
}

pub fn calibration_table(calibration: Option<&Calibration>) -> Markup {
    let Some(c) = calibration else { return html! { p.not-run { "calibration: not run" } } };
    html! {
        table {
            tr { th { "probe" } th { "min ns (the limit)" } th { "median ns" } th { "max ns" } th { "one operation" } }
            @for p in &c.probes {
                tr {
                    td { code { (p.name) } }
                    td { (format!("{:.2}", p.min_ns)) }
                    td { (format!("{:.2}", p.median_ns)) }
                    td.small { (format!("{:.2}", p.max_ns)) " (" (p.samples) " samples"
                        @if let Some(w) = p.window_us { " of " (w) " us" }
                        @match p.pinned { Some(true) => { ", pinned apart" } Some(false) => { ", not pinned" } None => {} }
                        ")" }
                    td.small { (p.operation) }
                }
            }
        }
        h4 { "The seeds' Python lock counter, same run" }
        @if c.python_status != "measured" { p.not-run { "Python: " (c.python_status) } }
        table {
            tr { th { "preset" } th { "Python ns/increment" } th { "Rust strategy" } th { "ns/increment" } th { "Python / Rust" } }
            @for row in seed_rows(c) {
                tr {
                    @if let Some((cmp, span)) = row.preset {
                        td rowspan=(span) { (cmp.preset) br; span.small { (cmp.threads) " x " (cmp.increments_per_thread) } }
                        td rowspan=(span) {
                            @match cmp.python_ns_per_increment { Some(ns) => { (format!("{ns:.1}")) } None => { "not run" } }
                        }
                    }
                    td { code { (row.rust.strategy) } @if !row.rust.invariant_holds { " " b { "(invariant violated)" } } }
                    td { (format!("{:.2}", row.rust.ns_per_increment)) }
                    td { @match row.python_over_rust { Some(x) => { (format!("{x:.0}x")) } None => { "-" } } }
                }
            }
        }
    }
}

pub fn scenario_section(view: &ScenarioView) -> Markup {
    let scenario = view.scenario;
    html! {
        h2 id=(scenario.name) { (scenario.title) }
        p { b { "From the seeds: " } (scenario.seeds) }
        p { b { "What it teaches: " } (scenario.lesson) }
        p { b { "Invariant: " } (scenario.invariant) }
        p.small {
            "Strategies: "
            @for (i, s) in scenario.strategies.iter().enumerate() {
                @if i > 0 { "; " }
                code { (s.name) } " " (s.summary)
                @if let LoomModel::StandIn(what) = s.loom { " (loom: " (what) ")" }
            }
        }
        div.sets { @for part in &view.sets { (set_part(scenario.name, part)) } }
    }
}

fn set_part(scenario: &str, part: &SetPart) -> Markup {
    html! {
        div {
            h3 { (part.label) }
            @if let Some(claim) = part.claim { (super::claim::claim_part(claim)) }
            @match &part.stress_chart {
                Some(path) => {
                    p { img.chart src=(path) alt=(format!("{scenario} stress histogram")); }
                    p.small {
                        "Stress on real threads: how often each outcome was observed. Green: acceptable; "
                        "amber: acceptable but interesting; red: forbidden (the invariant broke, or the "
                        "trial hung or crashed)."
                    }
                }
                None => { p.not-run { "stress: not run" } }
            }
            @if part.images.is_empty() {
                p.not-run { "benchmarks: not run" }
            } @else {
                @for img in &part.images { p { img.chart src=(img) alt=(format!("{scenario} chart")); } }
                (distance_table(&part.distance))
                @if let Some(table) = &part.fairness { (fairness_table(table)) }
                p.small {
                    "Median of criterion's samples; bars: its 95% confidence interval. Grey: more "
                    "threads than this machine has cores (oversubscribed)."
                    @if let Some(href) = &part.criterion_link { " " a href=(href) { "criterion's own page" } }
                }
            }
        }
    }
}

/// Each strategy's cost per element against the probe that bounds its scenario.
fn distance_table(distance: &Distance) -> Markup {
    let table = match distance {
        Distance::CalibrationNotRun => {
            return html! { p.not-run { "ratio to the machine's limit: calibration not run" } };
        }
        Distance::NoThreadedBenchmarks => return html! {},
        Distance::Table(table) => table,
    };
    html! {
        table {
            tr {
                th { "strategy" } th { "bounding probe" }
                @for t in &table.threads { th { "cost / probe at " (t) } }
            }
            @for row in &table.rows {
                tr {
                    td { code { (row.strategy) } }
                    @match row.probe {
                        None => { td.not-run { "no probe" } }
                        Some((p, why)) => { td.small { code { (p.name) } " " (format!("{:.2} ns (median {:.2})", p.min_ns, p.median_ns)) br; (why) } }
                    }
                    @for cell in &row.cells {
                        @match cell {
                            Some(r) => { td { (format!("{:.2}", r.ratio)) br; span.small { (format!("{:.2} ns/elem", r.ns_per_element)) } } }
                            None => { td.not-run { "not run" } }
                        }
                    }
                }
            }
        }
        p.small {
            "Cost per element (criterion's median) divided by the probe's minimum cost per operation "
            "over its samples (the machine's limit; its median is shown beside it). "
            "1 means the strategy runs at the probe's speed; below 1, it amortises the probe's cost "
            "(several increments per cache-line transfer, say), so the probe is a reference, not a floor."
        }
    }
}

/// Per-thread operation counts from the timed fairness runs that followed the benchmarks.
fn fairness_table(table: &FairnessTable) -> Markup {
    html! {
        h4 { "Fairness: operations per thread in a timed run" }
        table {
            tr { th { "strategy" } @for t in &table.threads { th { (t) " threads" } } }
            @for row in &table.rows {
                tr {
                    td { code { (row.strategy) } }
                    @for cell in &row.cells {
                        @match cell {
                            None => { td.not-run { "not run" } }
                            Some(e) => {
                                td {
                                    "sd " (format!("{:.1}%", e.spread_percent)) " of mean"
                                    br; span.small { "min " (charts::human(e.min as f64)) ", max " (charts::human(e.max as f64)) " in " (e.millis) " ms" }
                                }
                            }
                        }
                    }
                }
            }
        }
        p.small {
            "Each worker counts its own operations while the strategy runs for a fixed time, outside "
            "criterion's timing. A large spread means some threads were starved while others ran: "
            "throughput alone would hide it."
        }
    }
}

/// The cost-of-proof chart, or why there is none.
pub fn cost_of_proof(chart_path: Option<&str>) -> Markup {
    let Some(path) = chart_path else { return html! { p.not-run { "loom: not run" } } };
    html! {
        p { img.chart src=(path) alt="loom executions per model"; }
        p.small { "Green: proofs (every execution had to be explored). Orange: refutations (loom stops at the first failing execution)." }
    }
}

/// The verdict grid that opens the page: a row per scenario, a cell per strategy with a
/// coloured mark per tier and its speed rank, each linking to its row in the matrix.
pub fn verdict_grid(grid: &Grid) -> Markup {
    html! {
        table.grid {
            tr { th { "scenario" } th { "strategies: loom · Miri · TSan · shuttle · stress, and speed rank (" (grid.label) ")" } }
            @for row in &grid.rows {
                tr {
                    td {
                        b { (row.scenario) }
                        @if let Some(t) = row.ranked_at { br; span.small { "ranked at " (t) " threads" } }
                    }
                    td {
                        @for cell in &row.cells {
                            a.cell href=(format!("#{}", cell.anchor)) title=(if cell.broken { "broken on purpose" } else { "correct" }) {
                                @if cell.broken { i { (cell.strategy) } } @else { b { (cell.strategy) } }
                                " "
                                @for (tier, class, word) in &cell.marks {
                                    span class=(format!("mark {class}")) title=(format!("{tier}: {word}")) { (&tier[..1]) }
                                }
                                @if let Some(rank) = cell.rank { " " span.rank title="speed rank among correct strategies" { "#" (rank) } }
                            }
                        }
                    }
                }
            }
        }
    }
}
