//! Templates of the page's sections and tables: the machines, the calibration, and each
//! scenario with its charts, distance from the hardware and fairness. They render the view
//! structs of [`super::view`]; the shaping happened there.

use maud::{Markup, html};

use scenarios::LoomModel;

use super::badge::noise_badge;
use super::charts;
use super::site::page_file;
use super::view::grid::Grid;
use super::view::offers::{OffersTable, offers_table};
use super::view::python_counter::seed_rows;
use super::view::recommend::Recommendation;
use super::view::scenario::{Distance, FairnessTable, Ratio, ScenarioView, SetPart};
use super::view::seeds::SeedsView;
use super::words::plural;
use threadlab_results::calibration::Calibration;
use threadlab_results::harness_cost::HarnessCostFile;
use threadlab_results::machine::Machine;
use threadlab_results::noise::Noise;

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
        p { (noise_badge(c.probes.iter().map(|p| p.noise.as_ref()))) }
        table {
            tr { th { "probe" } th { "min ns (the limit)" } th { "median ns" } th { "max ns" } th { "noise" } th { "one operation" } }
            @for p in &c.probes {
                tr {
                    td { code { (p.name) } }
                    td { (format!("{:.2}", p.min_ns)) }
                    td { (format!("{:.2}", p.median_ns)) }
                    td.small { (format!("{:.2}", p.max_ns)) " (" (p.samples) " samples"
                        @if let Some(w) = p.window_us { " of " (w) " us" }
                        @match p.pinned { Some(true) => { ", pinned apart" } Some(false) => { ", not pinned" } None => {} }
                        ")" }
                    td.small { (noise_word(p.noise.as_ref())) }
                    td.small { (p.operation) }
                }
            }
        }
        p.small {
            "Over the whole calibration: " (noise_word(c.noise.as_ref())) ". Noise is the share of "
            "all CPU time other processes took while a probe ran (from /proc/stat) and the median "
            "sample over the fastest; a noisy probe's median is an upper bound, its min still the "
            "best the machine did."
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
        h2 #seeds-passage { "From the seeds" }
        p { (scenario.seeds) }
        p.small {
            "Strategies: "
            @for (i, s) in scenario.strategies.iter().enumerate() {
                @if i > 0 { "; " }
                code { (s.name) } " " (s.summary)
                @if let LoomModel::StandIn(what) = s.loom { " (loom: " (what) ")" }
            }
        }
        @if let Some(table) = offers_table(scenario) { (offers(&table)) }
        div.sets { @for part in &view.sets { (set_part(scenario.name, part)) } }
    }
}

/// Which parts of the API each strategy offers; the check judges each on those alone.
pub(crate) fn offers(table: &OffersTable) -> Markup {
    html! {
        p.small { "What each strategy offers of Python's Event (the check judges each on \
                   what it offers, and requires every offered part to have been run):" }
        table.offers {
            tr { th { "strategy" } @for (slug, meaning) in &table.parts { th title=(meaning) { (slug) } } }
            @for row in &table.rows {
                tr {
                    td { code { (row.strategy) } }
                    @for offered in &row.offered { td { @if *offered { "yes" } @else { "-" } } }
                }
            }
        }
        p.small { @for (i, (slug, meaning)) in table.parts.iter().enumerate() {
            @if i > 0 { "; " } code { (slug) } ": " (meaning)
        } }
    }
}

fn set_part(scenario: &str, part: &SetPart) -> Markup {
    html! {
        div {
            h3 { (part.label) }
            @if let Some(claim) = part.claim { (super::claim::claim_part(scenario, claim)) }
            @match &part.stress_chart {
                Some(path) => {
                    p { (noise_badge(part.noise.stress.iter().copied())) }
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
                p { (noise_badge(part.noise.bench.iter().copied())) }
                @for img in &part.images { p { img.chart src=(img) alt=(format!("{scenario} chart")); } }
                (distance_table(&part.distance))
                @for file in &part.harness_cost { (harness_cost_table(file)) }
                @if let Some(table) = &part.fairness { (fairness_table(table, &part.noise.fairness)) }
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
    let noise = table.rows.iter().flat_map(|r| r.cells.iter().flatten().map(|c| c.noisy));
    html! {
        p { (noise_badge(noise)) }
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
                            Some(r) => {
                                td.noisy-cell[r.noisy.is_some()] title=(ratio_title(r)) { (format!("{:.2}x", r.ratio)) }
                            }
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

/// A noise record in one word (`quiet`, `noisy`, `unknown`), its reasons on hover: the
/// table's badge says the rest once.
fn noise_word(noise: Option<&Noise>) -> Markup {
    match noise {
        None => html! { span.not-run { "unknown" } },
        Some(n) if n.noisy => html! { span.noisy-cell title=(n.reasons.join("; ")) { "noisy" } },
        Some(n) => html! { span title=(n.summary()) { "quiet" } },
    }
}

/// A ratio cell's hover: the cost behind it and, when noisy, why.
fn ratio_title(r: &Ratio) -> String {
    let mut title = format!("{:.2} ns per element", r.ns_per_element);
    if let Some(n) = r.noisy {
        title.push_str(&format!("; noisy: {}", n.reasons.join("; ")));
    }
    title
}

/// The harness's own cost per element at each thread count, from the empty workload.
pub fn harness_cost_table(file: &HarnessCostFile) -> Markup {
    html! {
        h4 { "The harness's own cost: " code { (file.group) } }
        p { (noise_badge(file.entries.iter().map(|e| Some(&e.noise)))) }
        table {
            tr { th { "threads" } th { "ns / element" } th { "timed region per run" } th { "whole run (median)" } th { "noise" } }
            @for e in &file.entries {
                tr {
                    td { (e.threads) }
                    td { (format!("{:.3}", e.ns_per_element())) br; span.small { (e.elements) " elements per run" } }
                    td { (format!("{:.1} us", e.timed_median_ns / 1e3)) br; span.small { (format!("min {:.1} us, {} runs", e.timed_min_ns / 1e3, e.runs)) } }
                    td { (format!("{:.1} us", e.whole_median_ns / 1e3)) }
                    td.small { (noise_word(Some(&e.noise))) }
                }
            }
        }
        p.small {
            "An empty workload (" (file.workload) "), a bench-only stand-in, divided by the "
            "elements one run of this group declares. Strategies timed through threadlab's start "
            "line carry its timed region inside every number of the chart above: one whose "
            "ns/element is close to this measures the harness, not itself. Strategies that time "
            "their own region (spawning, pools) carry only their clock reads; for them the row is "
            "a reference. The whole run (spawning the workers, the check) is outside criterion's timing."
        }
    }
}

/// Per-thread operation counts from the timed fairness runs that followed the benchmarks.
fn fairness_table(table: &FairnessTable, noise: &[Option<&Noise>]) -> Markup {
    html! {
        h4 { "Fairness: operations per thread in a timed run" }
        p { (noise_badge(noise.iter().copied())) }
        table {
            tr { th { "strategy" } @for t in &table.threads { th { (plural(*t, "thread")) } } }
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

/// The verdict grid that opens the answer page: a row per scenario, a cell per strategy
/// with a coloured mark per tier and its speed rank, each linking to its row in the
/// scenario page's matrix; under them the scenario's recommendation and its broken ones.
pub fn verdict_grid(grid: &Grid, recommendations: &[Recommendation]) -> Markup {
    html! {
        table.grid #answer {
            tr {
                th { "scenario" }
                th { "strategies: loom · Miri · TSan · shuttle · stress, speed rank (" (grid.label) ")" }
                th { "what to use, and the broken ones" }
            }
            @for row in &grid.rows {
                tr data-scenario=(row.scenario) {
                    td.scenario {
                        a href=(page_file(row.scenario)) { b { (row.scenario) } }
                        @if let Some(t) = row.ranked_at { br; span.small { "ranked at " (plural(t, "thread")) } }
                    }
                    td.marks {
                        @for cell in &row.cells {
                            a.cell href=(cell.href) title=(if cell.broken { "broken on purpose" } else { "correct" }) {
                                @if cell.broken { i { (cell.strategy) } } @else { b { (cell.strategy) } }
                                @if cell.from_user { " " (crate::cells::yours()) }
                                " "
                                @for (tier, class, word) in &cell.marks {
                                    span class=(format!("mark {class}")) title=(format!("{tier}: {word}")) { (&tier[..1]) }
                                }
                                @if let Some(rank) = cell.rank { " " span.rank title="speed rank among correct strategies" { "#" (rank) } }
                            }
                        }
                    }
                    td.answer {
                        @if let Some(r) = recommendations.iter().find(|r| r.scenario == row.scenario) {
                            p.recommend data-scenario=(r.scenario) { (r.line) }
                            @if !r.broken.is_empty() {
                                // One run-on line, not a list: the whole grid stays on the first screen.
                                p.broken {
                                    "broken on purpose: "
                                    @for (i, (name, line)) in r.broken.iter().enumerate() {
                                        @if i > 0 { "; " }
                                        i { (name) } " (" (line) ")"
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The seeds side by side: one row per seed program (of `only` that scenario, when given).
pub fn seeds_table(view: Option<&SeedsView>, only: Option<&str>) -> Markup {
    let Some(view) = view else {
        return html! { p.not-run { "seeds: not run (" code { "threadlab seeds" } ")" } };
    };
    html! {
        p.small { (view.header) }
        table {
            tr { th { "seed program" } th { "what it shows" } th { "threadlab" } th { "threadlab saw" } th { "Python saw" } th { "outcome" } th { "times" } }
            @for row in view.rows.iter().filter(|r| only.is_none() || r.scenario == only) {
                tr {
                    td { b { (row.id) } br; span.small { (row.title) } }
                    td.small { (row.shows) }
                    td { code { (row.command) } }
                    td.small { (row.rust) }
                    td.small { (row.python) }
                    td class=(row.verdict_class) { (row.verdict) }
                    td.small { (row.times) @if !row.differs.is_empty() { br; b { "differs: " } (row.differs) } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noise_record_is_one_word_with_its_reasons_on_hover() {
        let noisy = Noise::judge(Some(0.38), None, 1.0);
        let html = noise_word(Some(&noisy)).into_string();
        assert!(html.contains(">noisy</span>"), "{html}");
        assert!(html.contains("title=\"38% of CPU time went to other processes"), "{html}");
        let quiet = noise_word(Some(&Noise::judge(Some(0.02), Some(1.1), 1.0))).into_string();
        assert!(quiet.contains(">quiet<") && !quiet.contains("noisy"), "{quiet}");
        assert!(noise_word(None).into_string().contains("unknown"));
    }
}
