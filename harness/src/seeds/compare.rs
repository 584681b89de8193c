//! Judging a row: do both sides show the same outcome, and do their times mean anything
//! side by side. Nothing here runs anything; it reads the two sides' records.

use threadlab_results::seeds::{Match, SideRun, Times};

use super::table::{SeedProgram, Timing};

/// Same outcome when both sides ran, both showed the row's behaviour, and every compared
/// value is equal; otherwise what differs, or which side did not run.
pub fn outcome(row: &SeedProgram, rust: &SideRun, python: &SideRun) -> Match {
    let (rust_values, python_values) = match (rust, python) {
        (
            SideRun::Ran { values: r, holds: rh, observed: ro, .. },
            SideRun::Ran { values: p, holds: ph, observed: po, .. },
        ) => {
            if !rh {
                return Match::Differs {
                    reason: format!("threadlab's run broke its invariant: {ro}"),
                };
            }
            if !ph {
                return Match::Differs {
                    reason: format!("the Python program did not show it: {po}"),
                };
            }
            (r, p)
        }
        (SideRun::Ran { .. }, other) => {
            return Match::NotCompared {
                reason: format!("Python {}: {}", other.word(), why(other)),
            };
        }
        (other, _) => {
            return Match::NotCompared {
                reason: format!("threadlab {}: {}", other.word(), why(other)),
            };
        }
    };
    let mut differing = Vec::new();
    for key in row.compare {
        let (r, p) = (rust_values.get(*key), python_values.get(*key));
        if r.is_none() || r != p {
            differing.push(format!("{key}: threadlab {} vs Python {}", show(r), show(p)));
        }
    }
    if differing.is_empty() {
        Match::Same { compared: row.compare.iter().map(|k| (*k).to_owned()).collect() }
    } else {
        Match::Differs { reason: differing.join("; ") }
    }
}

/// Runs of each side a time ratio comes from (where the row's two programs time the same
/// work): a chosen number, enough to show how far one run's ratio can swing.
pub const TIME_RUNS: usize = 3;

/// Python's time over Rust's where the row's two programs time the same work and both ran:
/// the first runs' (`rust`, `python`) and `more` pairs of (Rust, Python) seconds, the median
/// ratio and its spread.
pub fn times(
    row: &SeedProgram,
    rust: &SideRun,
    python: &SideRun,
    scale: f64,
    more: &[(f64, f64)],
) -> Times {
    if row.timing == Timing::MostlySleeps {
        return Times::NotCompared {
            reason: format!(
                "the seed's program mostly sleeps (its sleeps x {scale} here): its time is \
                 the sleeps', not the threads'"
            ),
        };
    }
    match (rust.seconds(), python.seconds()) {
        (Some(r), Some(p)) if r > 0.0 => {
            let mut ratios: Vec<f64> = std::iter::once((r, p))
                .chain(more.iter().copied())
                .filter(|&(r, _)| r > 0.0)
                .map(|(r, p)| p / r)
                .collect();
            ratios.sort_by(f64::total_cmp);
            let n = ratios.len();
            let median =
                if n % 2 == 1 { ratios[n / 2] } else { (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0 };
            Times::Compared {
                python_over_rust: median,
                runs: n,
                spread: (n > 1).then(|| [ratios[0], ratios[n - 1]]),
            }
        }
        (None, _) => Times::NotCompared { reason: "threadlab's run was not timed".to_owned() },
        _ => Times::NotCompared { reason: format!("Python {}", python.word()) },
    }
}

/// Whether a row's times are compared at all: then its sides run [`TIME_RUNS`] times.
pub fn times_compared(row: &SeedProgram) -> bool {
    row.timing != Timing::MostlySleeps
}

fn why(side: &SideRun) -> &str {
    match side {
        SideRun::NotRun { reason } | SideRun::Failed { reason } => reason,
        SideRun::Ran { .. } => "",
    }
}

fn show(value: Option<&serde_json::Value>) -> String {
    value.map_or_else(|| "(none)".to_owned(), ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds::table::SEED_PROGRAMS;
    use serde_json::json;

    fn ran(values: serde_json::Value, holds: bool, seconds: f64) -> SideRun {
        SideRun::Ran {
            observed: "x".into(),
            holds,
            values: values.as_object().unwrap().clone(),
            seconds: Some(seconds),
        }
    }

    fn counter() -> &'static SeedProgram {
        SEED_PROGRAMS.iter().find(|r| r.id() == "001-3").unwrap()
    }

    #[test]
    fn equal_values_on_both_sides_are_the_same_outcome_and_a_different_one_is_named() {
        let rust = ran(json!({"total": 1_000_000}), true, 0.01);
        let same = outcome(counter(), &rust, &ran(json!({"total": 1_000_000}), true, 0.3));
        assert_eq!(same, Match::Same { compared: vec!["total".into()] });
        let differs = outcome(counter(), &rust, &ran(json!({"total": 999_999}), true, 0.3));
        assert!(
            matches!(&differs, Match::Differs { reason } if reason.contains("total: threadlab 1000000 vs Python 999999")),
            "{differs:?}"
        );
    }

    #[test]
    fn a_side_that_did_not_show_the_behaviour_or_did_not_run_is_never_the_same() {
        let rust = ran(json!({"total": 10}), true, 0.01);
        let python = ran(json!({"total": 10}), false, 0.01);
        assert!(matches!(outcome(counter(), &rust, &python), Match::Differs { .. }));
        let absent = SideRun::NotRun { reason: "python3 is not on the PATH".into() };
        let verdict = outcome(counter(), &rust, &absent);
        assert!(matches!(&verdict, Match::NotCompared { reason } if reason.contains("not run")));
    }

    #[test]
    fn times_are_compared_only_where_both_time_the_same_work() {
        let rust = ran(json!({}), true, 0.5);
        let python = ran(json!({}), true, 1.0);
        assert_eq!(
            times(counter(), &rust, &python, 0.05, &[]),
            Times::Compared { python_over_rust: 2.0, runs: 1, spread: None }
        );
        assert_eq!(
            times(counter(), &rust, &python, 0.05, &[(0.5, 3.0), (1.0, 1.0)]),
            Times::Compared { python_over_rust: 2.0, runs: 3, spread: Some([1.0, 6.0]) }
        );
        let sleeper = SEED_PROGRAMS.iter().find(|r| r.id() == "001-5").unwrap();
        assert!(!times_compared(sleeper) && times_compared(counter()));
        assert!(matches!(times(sleeper, &rust, &python, 0.05, &[]), Times::NotCompared { .. }));
        let absent = SideRun::NotRun { reason: "no".into() };
        assert!(matches!(times(counter(), &rust, &absent, 0.05, &[]), Times::NotCompared { .. }));
    }
}
