//! The proof-depth section: per scenario a chart of loom's executions against model size
//! (log scale), and per strategy a table of the largest size proved and where the budget
//! stopped the climb. Shaped by [`super::view::depth`]; only drawn and rendered here.

use anyhow::Result;
use maud::{Markup, html};
use plotters::prelude::*;

use threadlab_results::proof_depth::{DepthSize, SizeStatus};

use super::charts::{self, human};
use super::figures::Chart;
use super::view::freshness::Freshness;
use super::view::proof_depth::{DepthRow, DepthView, ScenarioDepth};

type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;

/// The charts of every view, one per scenario, named `charts/<set>-<scenario>-depth.svg`.
pub fn depth_charts(views: &[DepthView], charts: &mut Vec<Chart>) -> Result<()> {
    for (set_index, view) in views.iter().enumerate() {
        for s in &view.scenarios {
            let svg = depth_chart(s, view.label)
                .map_err(|e| anyhow::anyhow!("drawing {}'s proof depth: {e}", s.scenario.name))?;
            charts.push(Chart { path: chart_path(set_index, s), svg });
        }
    }
    Ok(())
}

fn chart_path(set_index: usize, s: &ScenarioDepth) -> String {
    format!("charts/{set_index}-{}-depth.svg", s.scenario.name)
}

/// Executions against the ladder's sizes, one line per strategy through its proved sizes;
/// a size not finished is a hollow circle at the executions it got through (a lower bound,
/// no proof), a violation or loom limit a cross.
fn depth_chart(s: &ScenarioDepth, label: &str) -> DrawResult<String> {
    let points: Vec<Vec<(usize, &DepthSize)>> =
        s.rows.iter().map(|r| r.points(&s.ladder)).collect();
    let executions = points.iter().flatten().map(|(_, p)| p.executions).filter(|&e| e > 0);
    let (low, high) = executions.fold((u64::MAX, 1), |(lo, hi), e| (lo.min(e), hi.max(e)));
    // At least two decades tall, so the log axis labels powers of ten, not every step.
    let low = (low.min(high) as f64).min(high as f64 / 100.0).max(0.5);
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (crate::charts::WIDTH, 400)).into_drawing_area();
        root.fill(&WHITE)?;
        let n = s.ladder.len().max(1);
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("{}: proof depth ({label})", s.scenario.name), ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(
                -0.5f64..n as f64 - 0.5,
                (low / 2.0..high as f64 * 4.0).log_scale(),
            )?;
        chart
            .configure_mesh()
            .x_desc("model size (threads x ops), cheapest first")
            .y_desc("loom executions (log scale)")
            .x_labels(n)
            .x_label_formatter(&|x| {
                let i = x.round();
                let label = (i >= 0.0 && (x - i).abs() < 1e-6).then(|| s.ladder.get(i as usize));
                label.flatten().cloned().unwrap_or_default()
            })
            .y_label_formatter(&|y| human(*y))
            .draw()?;
        for (index, (row, pts)) in s.rows.iter().zip(&points).enumerate() {
            let c = charts::colour(index);
            let at = |(i, p): &(usize, &DepthSize)| (*i as f64, p.executions as f64);
            let proved: Vec<_> =
                pts.iter().filter(|(_, p)| p.status == SizeStatus::Proved).collect();
            chart
                .draw_series(LineSeries::new(proved.iter().map(|p| at(p)), c.stroke_width(2)))?
                .label(row.strategy.name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2))
                });
            chart.draw_series(proved.iter().map(|p| Circle::new(at(p), 4, c.filled())))?;
            let open = pts.iter().filter(|(_, p)| p.status == SizeStatus::NotFinished);
            let open = open.filter(|(_, p)| p.executions > 0);
            chart.draw_series(open.map(|p| Circle::new(at(p), 5, c.stroke_width(2))))?;
            let broke = pts.iter().filter(|(_, p)| {
                matches!(p.status, SizeStatus::Violated | SizeStatus::LoomLimit) && p.executions > 0
            });
            chart.draw_series(broke.map(|p| Cross::new(at(p), 6, c.stroke_width(2))))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}

/// `2x2 (810 executions, 0.05 s)`.
fn size_text(s: &DepthSize) -> String {
    format!("{} ({}, {:.2} s)", s.label(), executions(s.executions), s.seconds)
}

/// `1 execution`, `810 executions`.
fn executions(n: u64) -> String {
    format!("{} execution{}", human(n as f64), if n == 1 { "" } else { "s" })
}

/// Where the climb stopped, in words: a size not finished is never called proved.
fn stopped_text(row: &DepthRow) -> String {
    let Some(file) = row.file else { return String::new() };
    let Some(s) = file.stopped_at() else {
        let top = file.sizes.last().map_or_else(String::new, |s| s.label());
        return format!("every size of the ladder proved (up to {top})");
    };
    let what = match s.status {
        SizeStatus::NotFinished => format!(
            "not finished: the budget's {:.2} s ran out after {}",
            s.allowed_seconds,
            executions(s.executions)
        ),
        SizeStatus::Violated => {
            format!("invariant violated: {}", s.message.as_deref().unwrap_or("?"))
        }
        SizeStatus::LoomLimit => format!("loom's limit: {}", s.message.as_deref().unwrap_or("?")),
        SizeStatus::NotTried | SizeStatus::Proved => "not tried".to_owned(),
    };
    format!("{}: {what}", s.label())
}

fn freshness_text(f: &Freshness) -> String {
    match f {
        Freshness::Current => "current".to_owned(),
        Freshness::Stale(commit) => format!("stale: recorded from older code ({commit})"),
        Freshness::Unknown => "freshness unknown".to_owned(),
    }
}

/// The section: what the step does, then per set the charts and the table.
pub fn depth_section(views: &[DepthView]) -> Markup {
    html! {
        h2 #proof-depth { "Proof depth: how large a model loom can afford" }
        p {
            "The main job checks each Correct strategy that loom models at growing sizes "
            "(threads x operations, the scenario's ladder in the catalogue), all within one time "
            "budget for the whole step, shared out across the strategies. A size is "
            b { "proved" } " only when loom finished its search there (up to the stated "
            "preemption bound, where there is one); a size the budget cut short is "
            b { "not finished" } ", however many executions it got through, and the sizes "
            "above it are not tried."
        }
        @if views.is_empty() { p.not-run { "proof depth: not run" } }
        @for (set_index, view) in views.iter().enumerate() {
            h3 { (view.label) }
            @if let Some(budget) = view.step_budget_seconds {
                p.small { "Step budget: " (format!("{budget:.0}")) " s for all strategies together." }
            }
            @for s in &view.scenarios {
                p { img.chart src=(chart_path(set_index, s)) alt=(format!("{} proof depth", s.scenario.name)); }
            }
            p.small { "Filled circles: proved sizes. Hollow circles: not finished (the executions it got through, a lower bound). Crosses: a violation or loom's own limit." }
            table {
                tr { th { "strategy" } th { "search" } th { "largest size proved" } th { "where the climb stopped" } th { "recorded" } }
                @for s in &view.scenarios {
                    @for row in &s.rows {
                        @let stale = matches!(row.freshness, Freshness::Stale(_));
                        tr class=(if stale { "stale" } else { "" }) {
                            td { (s.scenario.name) "/" b { (row.strategy.name) } }
                            @if let Some(file) = row.file {
                                td { (row.bound().unwrap_or_default()) br; span.small { (file.model) } }
                                td.proved { (file.largest_proved().map_or("none".to_owned(), size_text)) }
                                td { (stopped_text(row)) }
                                td class=(if stale { "stale" } else { "" }) {
                                    (freshness_text(&row.freshness))
                                    @if let Some(p) = &file.provenance { br; span.small { (p.recorded_at) } }
                                }
                            } @else {
                                td.not-run colspan="4" { "not run" }
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
    use crate::SetData;
    use crate::view::freshness::TreeSources;
    use crate::view::proof_depth::depth_views;
    use threadlab_results::ResultSet;
    use threadlab_results::proof_depth::DepthFile;

    fn size(threads: usize, ops: usize, status: SizeStatus, executions: u64) -> DepthSize {
        DepthSize {
            threads,
            ops,
            limit: 0,
            status,
            executions,
            seconds: 0.25,
            allowed_seconds: 0.5,
            message: None,
        }
    }

    #[test]
    fn the_section_charts_each_scenario_and_never_calls_an_unfinished_size_proved() {
        let mut d = SetData::load(ResultSet::from_dir(std::path::Path::new("/nonexistent")));
        d.depth.items.push(DepthFile {
            scenario: "shared_counter".into(),
            strategy: "atomic".into(),
            model: "real".into(),
            preemption_bound: Some(2),
            step_budget_seconds: 15.0,
            sizes: vec![
                size(2, 1, SizeStatus::Proved, 12),
                size(2, 2, SizeStatus::Proved, 810),
                size(3, 1, SizeStatus::NotFinished, 4321),
                size(2, 3, SizeStatus::NotTried, 0),
            ],
            loom_version: "0.7.3".into(),
            provenance: None,
        });
        // Recorded from other code than the tree's: shown, but marked stale.
        let mut old = d.depth.items[0].clone();
        old.strategy = "std_mutex".into();
        let mut p =
            threadlab_results::Provenance::record(None, "loom", "0.7.3", None, <_>::default());
        p.source_hash = Some("0".repeat(64));
        p.commit = Some("abcdef0123456789".into());
        old.provenance = Some(p);
        d.depth.items.push(old);
        let data = [d];
        let views = depth_views(&data, &TreeSources::scan_current());
        let mut charts = Vec::new();
        depth_charts(&views, &mut charts).unwrap();
        let counter = charts.iter().find(|c| c.path == "charts/0-shared_counter-depth.svg");
        let svg = &counter.expect("a chart for shared_counter").svg;
        assert!(svg.contains("atomic") && svg.contains("3x1"), "legend and ladder drawn");
        let html = depth_section(&views).into_string();
        assert!(html.contains("2x2 (810 executions, 0.25 s)"), "the largest proved size");
        assert!(html.contains("3x1: not finished: the budget"), "where it stopped");
        assert!(!html.contains("3x1 (4.32k"), "an unfinished size is never the proved one");
        assert!(html.contains("preemption bound 2"), "a bounded search says so");
        assert!(html.contains("not run"), "strategies without a file");
        assert!(html.contains("stale: recorded from older code (abcdef0123)"), "{html}");
        assert!(html.contains("class=\"stale\""), "the stale row is greyed");
        assert!(depth_section(&[]).into_string().contains("proof depth: not run"));
    }
}
