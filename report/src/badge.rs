//! Noise said once: one badge per chart or table, `noisy: 3 of 8`, with the share of CPU
//! time other processes took and the spread of the samples on hover (and on expand), in
//! place of a sentence in every cell.

use maud::{Markup, html};

use threadlab_results::noise::{Noise, OUTSIDE_SHARE_LIMIT, SPREAD_LIMIT};

use crate::words::plural;

/// The badge over the results behind one chart or table (`None`: a result with no noise
/// record); nothing when none of them is noisy or recorded.
pub fn noise_badge<'a>(noises: impl IntoIterator<Item = Option<&'a Noise>>) -> Markup {
    let noises: Vec<Option<&Noise>> = noises.into_iter().collect();
    let noisy: Vec<&Noise> = noises.iter().flatten().copied().filter(|n| n.noisy).collect();
    let unknown = noises.iter().filter(|n| n.is_none()).count();
    if noisy.is_empty() {
        return html! {
            @if unknown > 0 { span.small.not-run { "noise unknown for " (plural(unknown, "result")) } }
        };
    }
    let why = reasons(&noisy);
    html! {
        details.badge-box {
            summary title=(why) { span.badge { "noisy: " (noisy.len()) " of " (noises.len()) } }
            span.small {
                (why) ". Those numbers are upper bounds: the machine was busy."
                @if unknown > 0 { " Noise unknown for " (plural(unknown, "result")) "." }
            }
        }
    }
}

/// `other processes took 38% to 72% of CPU time (limit 10%); the median sample took up to
/// 2.4x the fastest (limit 2.0x)`, from the noisy records.
fn reasons(noisy: &[&Noise]) -> String {
    let range = |values: Vec<f64>| {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (!values.is_empty()).then_some((lo, hi))
    };
    let shares = range(
        noisy.iter().filter_map(|n| n.outside_share).filter(|s| *s > OUTSIDE_SHARE_LIMIT).collect(),
    );
    let spreads =
        range(noisy.iter().filter_map(|n| n.spread).filter(|s| *s > SPREAD_LIMIT).collect());
    let mut out = Vec::new();
    if let Some((lo, hi)) = shares {
        let share = if (hi - lo) * 100.0 < 1.0 {
            format!("{:.0}%", hi * 100.0)
        } else {
            format!("{:.0}% to {:.0}%", lo * 100.0, hi * 100.0)
        };
        out.push(format!(
            "other processes took {share} of CPU time (limit {:.0}%)",
            OUTSIDE_SHARE_LIMIT * 100.0
        ));
    }
    if let Some((_, hi)) = spreads {
        out.push(format!(
            "the median sample took up to {hi:.1}x the fastest (limit {SPREAD_LIMIT:.1}x)"
        ));
    }
    out.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_badge_counts_the_noisy_results_and_gives_their_range_once() {
        let a = Noise::judge(Some(0.38), None, 1.0);
        let b = Noise::judge(Some(0.72), Some(2.4), 1.0);
        let quiet = Noise::judge(Some(0.02), Some(1.1), 1.0);
        let html = noise_badge([Some(&a), Some(&b), Some(&quiet), None]).into_string();
        assert!(html.contains("noisy: 2 of 4"), "{html}");
        assert_eq!(html.matches("38% to 72% of CPU time").count(), 2, "hover and expand: {html}");
        assert!(html.contains("up to 2.4x the fastest"), "{html}");
        assert!(html.contains("Noise unknown for 1 result."), "{html}");
        assert_eq!(noise_badge([Some(&quiet)]).into_string(), "");
    }
}
