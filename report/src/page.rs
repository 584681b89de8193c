//! The HTML pages (maud templates, escaped by construction): shapes the views, draws the
//! charts, then renders one page per question from them: `index.html` (the answer: the
//! grid and a recommendation per scenario), one page per scenario, the machine, the cost of
//! proof and the seeds. The sections' templates live in [`super::sections`] and
//! [`super::cells`]; the shared frame (head, navigation) in [`super::site`].

use std::path::Path;

use anyhow::Result;
use maud::{Markup, html};

use super::SeedPrograms;
use super::SetData;
use super::cells::verdict_matrix;
use super::figures::{self, Chart};
use super::sections::{
    calibration_table, cost_of_proof, harness_cost_table, machine_table, scenario_section,
    seeds_table, verdict_grid,
};
use super::site::{self, INDEX, MACHINE, PROOF, SEEDS, page_file};
use super::stepper::{self, stepper};
use super::view::freshness::{Audit, TreeSources};
use super::view::{
    grid::grid, matrix::matrix, proof_depth::depth_views, recommend::recommendations,
    scenario::scenario_view, seeds::seeds_view,
};

/// The pages, the files they load and the charts they link, not yet written.
pub struct Rendered {
    /// `(file name, HTML)`, `index.html` first.
    pub pages: Vec<(String, String)>,
    /// `(file name, contents)` of the scripts the pages load.
    pub assets: Vec<(&'static str, &'static str)>,
    pub charts: Vec<Chart>,
}

pub(crate) const STYLE: &str = r#"
body { font-family: system-ui, sans-serif; margin: 0.8rem auto; max-width: 1200px; color: #222; line-height: 1.45; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.55rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
.proved { background: #e6f4e6; } .refuted { background: #fff1dc; } .not-modelled { background: #eef1f6; }
.bad { background: #fbdada; font-weight: bold; } .not-run { color: #888; font-style: italic; }
td.stale, .mark.stale { background: #eee; color: #777; }
.yours { font-size: 0.7rem; background: #dde8ff; color: #123; border-radius: 3px; padding: 0 3px; }
.small { font-size: 0.82rem; color: #555; }
.warnings { background: #fff4d6; border: 1px solid #e0b84d; padding: 0.5rem 1rem; }
.sets { display: flex; flex-wrap: wrap; gap: 1rem; } .sets > div { flex: 1 1 560px; }
img.chart { max-width: 100%; border: 1px solid #eee; }
code { background: #f5f5f5; padding: 0 0.2rem; }
table.grid a.cell { display: inline-block; margin: 0.05rem 0.5rem 0.05rem 0; text-decoration: none; color: #222; white-space: nowrap; font-size: 0.88rem; }
table.grid td.marks { line-height: 1.35; } table.grid td.scenario { white-space: nowrap; }
.mark { display: inline-block; width: 1.1em; text-align: center; font-size: 0.7rem; border: 1px solid #bbb; margin-left: 1px; }
.rank { font-size: 0.8rem; color: #235; font-weight: bold; }
pre.trace { font-size: 0.78rem; overflow-x: auto; background: #fafafa; padding: 0.4rem; }
nav { font-size: 0.88rem; border-bottom: 1px solid #ddd; padding-bottom: 0.4rem; }
nav a { margin-right: 0.7rem; } nav a.here { font-weight: bold; color: #222; text-decoration: none; }
p.recommend { margin: 0; font-size: 0.8rem; line-height: 1.3; } table.grid td.marks { width: 50%; } table.grid td { padding: 0.2rem 0.45rem; }
table.grid td.answer { font-size: 0.84rem; } h1.answer { font-size: 1.3rem; margin: 0.3rem 0; } p.broken { margin: 0.1rem 0 0; font-size: 0.74rem; color: #555; line-height: 1.3; }
div.stepper { border: 1px solid #ccc; padding: 0.3rem 0.8rem 0.8rem; margin: 1rem 0; }
div.stepper:focus { outline: 2px solid #7aa7e0; }
div.stepper .panes { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; }
div.stepper .panes > * { flex: 1 1 480px; min-width: 0; }
table.steps td { font-family: ui-monospace, monospace; font-size: 0.8rem; white-space: normal; word-break: break-word; cursor: pointer; }
table.steps td:first-child { white-space: nowrap; } table.steps tr.current td { background: #fff3a8; } table.steps tr.sealed td:first-child, .sealmark { background: #f4b4b4; font-weight: bold; }
div.src pre { position: relative; max-height: 22rem; overflow: auto; background: #fafafa; font-size: 0.78rem; margin: 0.2rem 0 0.6rem; }
div.src .ln { display: block; } div.src .ln.current { background: #fff3a8; } div.src .no { color: #999; }
ul.values { font-family: ui-monospace, monospace; font-size: 0.82rem; }
td.noisy-cell, span.noisy-cell { text-decoration: underline dotted #b45309; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: bold; color: #7a4a00; background: #fdeccc; border: 1px solid #e0b84d; border-radius: 0.6rem; padding: 0 0.5rem; }
details.badge-box { display: inline-block; } details.badge-box[open] { display: block; }
"#;

/// Shape, draw and render every page from the loaded result sets.
pub fn render(
    data: &[SetData],
    out_dir: &Path,
    warnings: &[String],
    failed_steps: &[String],
    audit: &Audit,
    seed_programs: SeedPrograms,
) -> Result<Rendered> {
    let mut charts = Vec::new();
    let mut sections = Vec::new();
    for scenario in scenarios::catalogue::reported() {
        sections.push(scenario_view(scenario, data, out_dir, &mut charts)?);
    }
    let proof = figures::cost_of_proof(data)?.map(|chart| {
        let path = chart.path.clone();
        charts.push(chart);
        path
    });
    let matrix = matrix(data);
    let grid = grid(&matrix, data);
    let recommendations = recommendations(&matrix, data);
    let tree = TreeSources::scan_current();
    let depth = depth_views(data, &tree);
    super::proof_depth::depth_charts(&depth, &mut charts)?;
    let workspace = threadlab_results::paths::current_workspace();

    let mut pages = Vec::new();
    let index = html! {
        h1.answer { "threadlab: which strategy to use" }
        p.small {
            "Generated by threadlab " (env!("CARGO_PKG_VERSION")) " from the result files of: "
            @for (i, d) in data.iter().enumerate() {
                @if i > 0 { ", " }
                b { (d.set.label) }
            }
            ". Every verdict and number was read from a file that a run wrote."
        }
        @if let Some(user) = scenarios::catalogue::user_crate() {
            p.small #user-crate {
                "The rows marked " (crate::cells::yours()) " are your crate's (" code { (user.dir) } "); "
                "the others are threadlab's built-in strategies of the same scenario, shown as "
                "reference rows with what this crate's runs recorded for them."
            }
        }
        @if !failed_steps.is_empty() {
            div.warnings #failed-steps {
                b { "Steps of the job that rendered this page failed:" }
                ul { @for f in failed_steps { li { code { (f) } } } }
                "Results those steps write are missing, or are left from an \
                 earlier run. Their logs are under " code { "target/threadlab/logs/" } "."
            }
        }
        (verdict_grid(&grid, &recommendations))
        p.small {
            "Marks per tier: " b { "l" } "oom, " b { "M" } "iri, " b { "T" } "San, "
            b { "s" } "huttle, " b { "s" } "tress; green proved or clean, orange the intended "
            "bug found, red a failure, grey not modelled, silent, n/a or stale (hover a mark), "
            "blank not run (a missing result reads " i { "not run" } "). Broken strategies in "
            "italics; #1 the fastest correct one. A strategy links to its row on its scenario's page."
        }
        p.small #freshness {
            (audit.current) " results current (recorded from the code in this tree), "
            (audit.stale.len()) " stale, " (audit.unknown.len()) " of unknown freshness "
            "(no provenance, or no sources here to compare with), "
            (audit.missing.len()) " not run."
        }
        @if !audit.stale.is_empty() {
            div.warnings #stale {
                b { "Stale results: their code changed after they were recorded. Greyed, "
                    "never counted as current; re-run to replace them." }
                ul { @for s in &audit.stale { li { code { (s) } } } }
            }
        }
        @if !warnings.is_empty() {
            div.warnings {
                b { "Result files that could not be read (skipped):" }
                ul { @for w in warnings { li { code { (w) } } } }
            }
        }
        h2 { "The other pages" }
        ul {
            li { "Each scenario's page: its lesson, verdicts, counter-examples to step through, charts and stress." }
            li { a href=(MACHINE) { "The machine" } ": what ran the benchmarks, its own limits and its noise." }
            li { a href=(PROOF) { "The cost of proof" } ": how much loom explored, and at what depth." }
            li { a href=(SEEDS) { "The seeds side by side" } ": each seed tutorial program beside threadlab's run." }
        }
    };
    pages.push(("index.html".to_owned(), site::page("threadlab report", INDEX, index, false)));

    for section in &sections {
        let scenario = section.scenario;
        let examples: Vec<Markup> = matrix
            .rows
            .iter()
            .filter(|r| r.scenario.name == scenario.name)
            .flat_map(|r| {
                r.counter_examples().map(|(set, example)| {
                    stepper(r.strategy.name, set, matrix.labels[set], example, workspace.as_deref())
                })
            })
            .collect();
        let body = html! {
            h1 { (scenario.title) }
            p { b { "What it teaches: " } (scenario.lesson) }
            p { b { "Invariant: " } (scenario.invariant) }
            h2 #verdicts { "Verdicts" }
            div #answer { (verdict_matrix(&matrix, scenario.name)) }
            p.small {
                "loom explores every interleaving of a small configuration (or every one with at "
                "most the stated number of preemptions). Miri, TSan and shuttle run the strategies' "
                "real code (" code { "scripts/verify-deep.sh" } "); TSan is silent by design on bugs "
                "made of atomics, so its silence is no proof; shuttle runs random and PCT schedules "
                "at 8 threads, blind to plain-memory races and memory ordering."
            }
            @if !examples.is_empty() {
                h2 #counter-examples { "Counter-examples, step by step" }
                @for e in &examples { (e) }
            }
            (scenario_section(section))
            @let seeds: Vec<_> = data.iter().map(|d| (d, seeds_view(d.seeds.as_ref(), &tree, seed_programs))).collect();
            @if seeds.iter().any(|(_, v)| v.as_ref().is_some_and(|v| v.rows.iter().any(|r| r.scenario == Some(scenario.name)))) {
                h2 #seeds { "The seed programs this scenario reproduces" }
                @for (d, view) in &seeds {
                    h3 { (d.set.label) }
                    (seeds_table(view.as_ref(), Some(scenario.name)))
                }
            }
        };
        let title = format!("threadlab: {}", scenario.title);
        pages.push((
            page_file(scenario.name),
            site::page(&title, scenario.name, body, !examples.is_empty()),
        ));
    }

    let machine = html! {
        h1 { "The machine" }
        div.sets #answer { @for d in data { div { h3 { (d.set.label) } (machine_table(d.machine())) } } }
        h2 { "The machine's own limits" }
        p {
            "Measured by " code { "threadlab calibrate" } ": the cheapest form of each operation the "
            "scenarios are built from. Each scenario page sets its strategies against the probe that bounds them."
        }
        div.sets { @for d in data { div { h3 { (d.set.label) } (calibration_table(d.calibration.as_ref())) } } }
        h2 #harness-cost { "The harness's own cost" }
        p { "What threadlab's timing adds to every benchmark, measured on an empty workload per "
            "benchmark group; each scenario's page shows its groups' rows beside its charts." }
        @for d in data {
            h3 { (d.set.label) }
            @if d.harness_cost.is_empty() { p.not-run { "harness cost: not run" } }
            @for file in &d.harness_cost { (harness_cost_table(file)) }
        }
    };
    pages.push((MACHINE.to_owned(), site::page("threadlab: the machine", MACHINE, machine, false)));

    let proof_page = html! {
        h1 { "The cost of proof" }
        p { "How many executions loom explored for each model, and how long it took." }
        div #answer { (cost_of_proof(proof.as_deref())) }
        (super::view::loom_bounds::bounds_table(&super::view::loom_bounds::bound_rows(data)))
        (super::proof_depth::depth_section(&depth))
    };
    pages.push((
        PROOF.to_owned(),
        site::page("threadlab: the cost of proof", PROOF, proof_page, false),
    ));

    let seeds = html! {
        h1 { "Seeds side by side" }
        p {
            "Every program of the seed tutorials beside the threadlab run that reproduces it, "
            "both run by " code { "threadlab seeds" } ": the outcomes compared value by value, "
            "the times only where both sides time the same work, and where threadlab's "
            "program differs from the seed's, said."
        }
        div #answer { @for d in data { h3 { (d.set.label) } (seeds_table(seeds_view(d.seeds.as_ref(), &tree, seed_programs).as_ref(), None)) } }
    };
    pages.push((SEEDS.to_owned(), site::page("threadlab: the seeds", SEEDS, seeds, false)));

    Ok(Rendered { pages, assets: vec![(stepper::SCRIPT_FILE, stepper::SCRIPT)], charts })
}
