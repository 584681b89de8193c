//! The report's SVG figures: which numbers each chart shows, in which order and colour, drawn
//! through [`super::charts`]. Every function returns the charts it drew; the page only links
//! them by path.

use anyhow::Result;
use plotters::style::RGBColor;

use scenarios::Scenario;

use super::SetData;
use super::charts::{self, Series};
use threadlab_results::criterion::BenchPoint;
use threadlab_results::loom::{LoomVerdict, Verdict};
use threadlab_results::stress::{Grade, StrategyResult};

/// One drawn SVG file.
pub struct Chart {
    /// Relative to the output directory.
    pub path: String,
    pub svg: String,
}

/// Where a criterion group's charts go and how they are labelled.
pub struct BenchLabels<'a> {
    pub label: &'a str,
    pub set_index: usize,
    /// The cores of the machine the set was measured on (oversubscribed points are grey).
    pub cores: usize,
}

/// The charts of one criterion group: throughput against threads (and ns per element at the
/// fewest threads) where the group varies the thread count; otherwise the median time per
/// iteration of each (strategy, setting). Each strategy keeps its colour (its place in
/// `order`) in every chart; the `broken` ones are drawn apart (dashed lines, bars last and
/// named broken).
pub fn bench_charts(
    group: &str,
    points: &[&BenchPoint],
    order: &[&str],
    broken: &[&str],
    labels: &BenchLabels,
) -> Result<Vec<Chart>> {
    let draw_error = |e: Box<dyn std::error::Error>| anyhow::anyhow!("drawing {group}: {e}");
    let chart = |suffix: &str, svg: String| Chart {
        path: format!("charts/{}-{group}-{suffix}.svg", labels.set_index),
        svg,
    };
    let mut drawn = Vec::new();
    if points.iter().all(|p| p.threads.is_some()) {
        let series: Vec<Series> = charts::throughput_series(points, order, broken);
        let svg = charts::throughput_chart(
            &format!("{group}: throughput ({})", labels.label),
            "elements per second",
            &series,
            labels.cores,
        )
        .map_err(draw_error)?;
        drawn.push(chart("throughput", svg));

        let min_threads = points.iter().filter_map(|p| p.threads).min().unwrap_or(1);
        let bars: Vec<_> = apart(order, broken)
            .filter_map(|(i, name)| {
                let p =
                    points.iter().find(|p| p.strategy == name && p.threads == Some(min_threads))?;
                Some((bar_name(name, broken), p.ns_per_element()?, bar_colour(i, name, broken)))
            })
            .collect();
        if !bars.is_empty() {
            let svg = charts::bar_chart(
                &format!(
                    "{group}: ns per element at {}",
                    crate::words::plural(min_threads, "thread")
                ),
                "nanoseconds per element (median, log scale)",
                &bars,
            )
            .map_err(draw_error)?;
            drawn.push(chart("ns-per-element", svg));
        }
    } else {
        let bars: Vec<_> = apart(order, broken)
            .flat_map(|(i, name)| {
                points.iter().filter(move |p| p.strategy == name).map(move |p| {
                    let label = format!("{} ({})", bar_name(name, broken), p.value);
                    (label, p.median_ns, bar_colour(i, name, broken))
                })
            })
            .collect();
        let svg = charts::bar_chart(
            &format!("{group}: median time per iteration ({})", labels.label),
            "nanoseconds (median, log scale)",
            &bars,
        )
        .map_err(draw_error)?;
        drawn.push(chart("time", svg));
    }
    Ok(drawn)
}

/// The strategies with their colour index, the correct ones first and the broken after.
fn apart<'a>(
    order: &'a [&'a str],
    broken: &'a [&'a str],
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let all = || order.iter().copied().enumerate();
    all().filter(|(_, n)| !broken.contains(n)).chain(all().filter(|(_, n)| broken.contains(n)))
}

fn bar_name(name: &str, broken: &[&str]) -> String {
    if broken.contains(&name) { format!("{name} (broken)") } else { name.to_owned() }
}

/// The strategy's colour, paler for a broken one.
fn bar_colour(index: usize, name: &str, broken: &[&str]) -> RGBColor {
    let RGBColor(r, g, b) = charts::colour(index);
    if broken.contains(&name) {
        let pale = |c: u8| c + (255 - c) / 2;
        RGBColor(pale(r), pale(g), pale(b))
    } else {
        RGBColor(r, g, b)
    }
}

/// The stress result of `strategy` in `d` at a thread count the machine has cores for.
pub fn stress_results<'a>(
    d: &'a SetData,
    scenario: &Scenario,
    strategy_name: &str,
) -> Option<&'a StrategyResult> {
    d.stress
        .iter()
        .filter(|f| f.scenario == scenario.name)
        .flat_map(|f| f.strategies.iter())
        .find(|r| r.strategy == strategy_name && !r.settings.oversubscribed)
}

/// One bar per (strategy, outcome), its length the number of samples, its colour the grade;
/// `None` when no strategy of the scenario was stressed in this set.
pub fn stress_histogram(
    scenario: &Scenario,
    d: &SetData,
    set_index: usize,
) -> Result<Option<Chart>> {
    const MAX_ROWS_PER_STRATEGY: usize = 6;
    let mut bars = Vec::new();
    for strategy in scenario.strategies {
        let Some(r) = stress_results(d, scenario, strategy.name) else { continue };
        let mut outcomes: Vec<_> = r.outcomes.iter().collect();
        outcomes.sort_by_key(|o| std::cmp::Reverse(o.samples));
        let shown = outcomes.len().min(MAX_ROWS_PER_STRATEGY);
        for o in &outcomes[..shown] {
            let colour = match o.grade {
                Grade::Acceptable => charts::ACCEPTABLE,
                Grade::AcceptableInteresting => charts::INTERESTING,
                Grade::Forbidden => charts::FORBIDDEN,
            };
            let share = 100.0 * o.samples as f64 / r.samples.max(1) as f64;
            bars.push((
                format!("{}: {} ({share:.2}%)", strategy.name, o.result),
                o.samples as f64,
                colour,
            ));
        }
        let rest: u64 = outcomes[shown..].iter().map(|o| o.samples).sum();
        if rest > 0 {
            let label = format!("{}: {} other outcomes", strategy.name, outcomes.len() - shown);
            bars.push((label, rest as f64, RGBColor(150, 150, 150)));
        }
    }
    if bars.is_empty() {
        return Ok(None);
    }
    let svg = charts::bar_chart(
        &format!("{}: stress outcomes ({})", scenario.name, d.set.label),
        "samples (log scale)",
        &bars,
    )
    .map_err(|e| anyhow::anyhow!("drawing the {} stress histogram: {e}", scenario.name))?;
    let path = format!("charts/{set_index}-{}-stress.svg", scenario.name);
    Ok(Some(Chart { path, svg }))
}

/// `exhaustive`, or the preemption bound loom searched under.
pub fn bound_text(v: &LoomVerdict) -> String {
    match v.preemption_bound {
        None => "exhaustive".to_owned(),
        Some(n) => format!("preemption bound {n}"),
    }
}

/// loom's executions per model, most first, from the first set that ran loom; `None` when
/// none did.
pub fn cost_of_proof(data: &[SetData]) -> Result<Option<Chart>> {
    let Some(d) = data.iter().find(|d| d.loom.items.iter().any(|v| v.executions > 0)) else {
        return Ok(None);
    };
    let mut verdicts: Vec<&LoomVerdict> =
        d.loom.items.iter().filter(|v| v.executions > 0).collect();
    verdicts.sort_by_key(|v| std::cmp::Reverse(v.executions));
    let bars: Vec<_> = verdicts
        .iter()
        .map(|v| {
            let colour = if v.verdict == Verdict::Refuted {
                charts::INTERESTING
            } else {
                charts::ACCEPTABLE
            };
            (
                format!(
                    "{}/{} ({}x{}, {})",
                    v.scenario,
                    v.strategy,
                    v.threads,
                    v.ops,
                    bound_text(v)
                ),
                v.executions as f64,
                colour,
            )
        })
        .collect();
    let svg =
        charts::bar_chart("loom executions explored per model", "executions (log scale)", &bars)
            .map_err(|e| anyhow::anyhow!("drawing the cost of proof: {e}"))?;
    Ok(Some(Chart { path: "charts/cost-of-proof.svg".to_owned(), svg }))
}
