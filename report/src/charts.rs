//! SVG charts drawn with plotters (no system fonts needed: the viewer renders the text).
//!
//! Every chart takes numbers that a result file holds and only rescales them for display
//! (nanoseconds to millions of elements per second, say).

use plotters::prelude::*;

use threadlab_results::criterion::BenchPoint;

/// A colour per series, stable across charts for the same strategy position.
const SERIES_COLOURS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

pub fn colour(index: usize) -> RGBColor {
    SERIES_COLOURS[index % SERIES_COLOURS.len()]
}

pub const ACCEPTABLE: RGBColor = RGBColor(44, 160, 44);
pub const INTERESTING: RGBColor = RGBColor(255, 160, 0);
pub const FORBIDDEN: RGBColor = RGBColor(214, 39, 40);

type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;

/// One line of a throughput chart: a strategy's (threads, low, median, high) in elements/s.
pub struct Series {
    pub name: String,
    pub colour_index: usize,
    /// A Broken strategy: drawn dashed and named apart from the correct ones.
    pub broken: bool,
    pub points: Vec<(usize, f64, f64, f64)>,
}

/// The width of every chart: the page's text column.
pub const WIDTH: u32 = 1160;
/// The legend's column, right of the plot so it never covers a point.
const LEGEND: u32 = 230;

/// Throughput against thread count, one line per strategy, log-log, with the 95%
/// confidence interval of the median as error bars. Thread counts above `cores` are shaded
/// as oversubscribed. Broken strategies are dashed, listed apart under the correct ones in
/// the legend beside the plot.
pub fn throughput_chart(
    title: &str,
    unit: &str,
    series: &[Series],
    cores: usize,
) -> DrawResult<String> {
    let mut svg = String::new();
    {
        let whole = SVGBackend::with_string(&mut svg, (WIDTH, 440)).into_drawing_area();
        whole.fill(&WHITE)?;
        let (root, legend) = whole.split_horizontally(WIDTH - LEGEND);
        let all = series.iter().flat_map(|s| s.points.iter());
        let (mut x_max, mut y_min, mut y_max) = (1usize, f64::MAX, f64::MIN);
        for &(threads, low, _, high) in all {
            x_max = x_max.max(threads);
            y_min = y_min.min(low);
            y_max = y_max.max(high);
        }
        if y_min > y_max {
            (y_min, y_max) = (1.0, 10.0);
        }
        // Thread counts double (1, 2, 4, 8): plot log2(threads) on a linear axis so every
        // count gets its own labelled tick.
        let x_top = (x_max as f64).log2();
        let x_range = -0.25f64..x_top + 0.25;
        let y_range = ((y_min / 2.0).max(f64::MIN_POSITIVE)..y_max * 2.0).log_scale();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x_range, y_range)?;
        chart
            .configure_mesh()
            .x_desc("threads")
            .y_desc(format!("{unit} (log scale)"))
            .x_labels((x_top as usize + 1) * 2 + 1)
            .x_label_formatter(&|x| {
                if (x - x.round()).abs() < 1e-6 {
                    format!("{}", 2f64.powf(x.round()))
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| human(*y))
            .draw()?;
        if (cores as f64) < (x_max as f64) {
            let shade = RGBColor(230, 230, 230).mix(0.6).filled();
            chart.draw_series(std::iter::once(Rectangle::new(
                [((cores as f64).log2() + 0.5, y_min / 2.0), (x_top + 0.25, y_max * 2.0)],
                shade,
            )))?;
        }
        for s in series {
            let c = colour(s.colour_index);
            let points = s.points.iter().map(|&(t, _, m, _)| ((t as f64).log2(), m));
            if s.broken {
                chart.draw_series(DashedLineSeries::new(points, 8, 5, c.stroke_width(2)))?;
            } else {
                chart.draw_series(LineSeries::new(points, c.stroke_width(2)))?;
            }
            chart.draw_series(s.points.iter().map(|&(t, low, median, high)| {
                ErrorBar::new_vertical((t as f64).log2(), low, median, high, c.filled(), 6)
            }))?;
        }
        draw_legend(&legend, series)?;
        root.present()?;
    }
    Ok(svg)
}

/// The legend in its own column: the correct strategies, then under a heading the broken
/// ones, each with its line as drawn.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    series: &[Series],
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let style = ("sans-serif", 14).into_font();
    let mut y = 40;
    for broken in [false, true] {
        let group: Vec<&Series> = series.iter().filter(|s| s.broken == broken).collect();
        if group.is_empty() {
            continue;
        }
        if broken {
            y += 8;
            area.draw(&Text::new("broken on purpose:", (8, y), style.clone().color(&BLACK)))?;
            y += 20;
        }
        for s in group {
            let c = colour(s.colour_index);
            let line = [(8, y + 7), (34, y + 7)];
            if broken {
                area.draw(&PathElement::new(vec![line[0], (16, y + 7)], c.stroke_width(2)))?;
                area.draw(&PathElement::new(vec![(22, y + 7), line[1]], c.stroke_width(2)))?;
            } else {
                area.draw(&PathElement::new(line.to_vec(), c.stroke_width(2)))?;
            }
            area.draw(&Text::new(s.name.clone(), (40, y), style.clone().color(&BLACK)))?;
            y += 20;
        }
    }
    Ok(())
}

/// Horizontal bars, one per labelled value, on a log axis (values span orders of magnitude).
pub fn bar_chart(title: &str, axis: &str, bars: &[(String, f64, RGBColor)]) -> DrawResult<String> {
    let mut svg = String::new();
    {
        let height = 80 + 26 * bars.len().max(1) as u32;
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let positive = bars.iter().map(|b| b.1).filter(|v| *v > 0.0);
        let low = positive.clone().fold(f64::MAX, f64::min).min(1.0);
        let high = positive.fold(f64::MIN, f64::max).max(low * 10.0);
        let n = bars.len() as i32;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(300)
            .build_cartesian_2d(
                (low / 2.0..high * 2.0).log_scale(),
                (0..n.max(1)).into_segmented(),
            )?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(axis)
            .x_label_formatter(&|x| human(*x))
            .y_labels(bars.len().max(1))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    bars.get((n - 1 - *i) as usize).map(|b| b.0.clone()).unwrap_or_default()
                }
                _ => String::new(),
            })
            .draw()?;
        chart.draw_series(bars.iter().enumerate().map(|(i, (_, value, c))| {
            let row = n - 1 - i as i32;
            Rectangle::new(
                [
                    (low / 2.0, SegmentValue::Exact(row)),
                    (value.max(low / 2.0), SegmentValue::Exact(row + 1)),
                ],
                c.mix(0.8).filled(),
            )
        }))?;
        root.present()?;
    }
    Ok(svg)
}

/// 1234567.0 -> "1.23M"; 0.00042 -> "0.00042".
pub fn human(value: f64) -> String {
    let abs = value.abs();
    let (scaled, suffix) = if abs >= 1e9 {
        (value / 1e9, "G")
    } else if abs >= 1e6 {
        (value / 1e6, "M")
    } else if abs >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    let digits = if scaled.abs() >= 100.0 || scaled == scaled.trunc() { 0 } else { 2 };
    if abs < 0.01 && abs > 0.0 {
        format!("{value:.1e}")
    } else {
        format!("{scaled:.digits$}{suffix}")
    }
}

/// Turn one scenario's bench points into chart series, in catalogue strategy order.
pub fn throughput_series(
    points: &[&BenchPoint],
    strategy_order: &[&str],
    broken: &[&str],
) -> Vec<Series> {
    strategy_order
        .iter()
        .enumerate()
        .filter_map(|(index, name)| {
            let mut pts: Vec<_> = points
                .iter()
                .filter(|p| p.strategy == *name)
                .filter_map(|p| {
                    let threads = p.threads?;
                    p.throughput().map(|(m, lo, hi)| (threads, lo, m, hi))
                })
                .collect();
            pts.sort_by_key(|p| p.0);
            (!pts.is_empty()).then(|| Series {
                name: (*name).to_owned(),
                colour_index: index,
                broken: broken.contains(name),
                points: pts,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_numbers_keep_their_magnitude() {
        assert_eq!(human(1_230_000.0), "1.23M");
        assert_eq!(human(2e9), "2G");
        assert_eq!(human(12.5), "12.50");
    }

    #[test]
    fn a_throughput_chart_is_an_svg_with_every_strategy_named() {
        let series = vec![
            Series {
                name: "atomic".into(),
                colour_index: 0,
                broken: false,
                points: vec![(1, 9e7, 1e8, 1.1e8), (2, 5e7, 6e7, 7e7)],
            },
            Series {
                name: "unsync".into(),
                colour_index: 1,
                broken: true,
                points: vec![(1, 2e9, 2.1e9, 2.2e9)],
            },
        ];
        let svg = throughput_chart("counter", "increments/s", &series, 2).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        assert!(svg.contains("atomic") && svg.contains("unsync"));
        assert!(svg.contains("broken on purpose:"), "the broken one is listed apart");
        assert!(svg.contains("stroke-dasharray") || svg.matches("<polyline").count() > 2, "dashed");
    }
}
