//! How much the main job measures: one table of quick and full budgets, read by every
//! step that `threadlab all` runs (stress, the proof-depth climb, calibration, the
//! benchmarks, the speedup claims) and printed by `threadlab all --help`.

use std::time::Duration;

/// Which of the two budgets a run uses: `--quick` (first contact, CI) or the full job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Short runs for first contact and CI.
    Quick,
    /// The full budgets, for numbers worth reporting.
    Full,
}

impl Mode {
    /// `Quick` when `quick`, else `Full`.
    pub fn quick_if(quick: bool) -> Mode {
        if quick { Mode::Quick } else { Mode::Full }
    }

    /// The mode a bench target runs in: quick where criterion was asked for its quick
    /// mode ([`CRITERION_QUICK_FLAG`] among `args`), as `threadlab all --quick` asks.
    pub fn of_bench_args<S: AsRef<str>>(args: impl IntoIterator<Item = S>) -> Mode {
        Mode::quick_if(args.into_iter().any(|a| a.as_ref() == CRITERION_QUICK_FLAG))
    }

    /// This mode's row of the budget table.
    pub fn budget(self) -> &'static Budget {
        match self {
            Mode::Quick => &Budget::QUICK,
            Mode::Full => &Budget::FULL,
        }
    }
}

/// criterion's own flag for its quick mode, which a quick budget passes to the benches.
pub const CRITERION_QUICK_FLAG: &str = "--quick";

/// Everything one mode of the main job spends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Which mode this row is.
    pub mode: Mode,
    /// Stress: wall-clock time per strategy.
    pub stress_per_strategy: Duration,
    /// Proof depth: one budget shared by every strategy's climb.
    pub depth_total: Duration,
    /// The calibration probes' budget.
    pub calibration: CalibrationBudget,
    /// The criterion benches' budget.
    pub bench: BenchBudget,
    /// Whether the job runs `threadlab run` on each scenario with a speedup claim (see
    /// [`crate::Scenario::speedup_summary`]); it takes about half a minute with Python.
    pub speedup_claims: bool,
}

/// What `threadlab calibrate` spends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrationBudget {
    /// Samples per probe, at most.
    pub samples: usize,
    /// Each probe stops taking samples after this long (after its minimum), so a busy
    /// machine, where a sample can take a scheduler time slice per operation, cannot
    /// stretch the calibration.
    pub probe_budget: Duration,
    /// Runs of the seeds' Python counter per preset (the fastest is kept).
    pub python_repeat: u32,
}

/// What each criterion bench target spends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenchBudget {
    /// criterion's warm-up per benchmark.
    pub warm_up: Duration,
    /// criterion's measurement time per benchmark (in criterion's quick mode, its cap).
    pub measurement: Duration,
    /// criterion's sample count per benchmark.
    pub samples: usize,
    /// How long each fairness run lasts (outside criterion's timing).
    pub fairness_run: Duration,
    /// Time per thread count for the harness's own cost (an empty workload).
    pub harness_cost_run: Duration,
    /// Every thread count of the scenario and each power of two up to the cores; otherwise
    /// only 1 and the core count.
    pub every_thread_count: bool,
    /// Arguments the job passes to the bench targets after `--`.
    pub criterion_args: &'static [&'static str],
}

impl Budget {
    /// Quick mode's row.
    pub const QUICK: Budget = Budget {
        mode: Mode::Quick,
        stress_per_strategy: Duration::from_millis(150),
        depth_total: Duration::from_secs(15),
        calibration: CalibrationBudget {
            samples: 50,
            probe_budget: Duration::from_millis(400),
            python_repeat: 1,
        },
        bench: BenchBudget {
            warm_up: Duration::from_millis(100),
            measurement: Duration::from_millis(200),
            samples: 10,
            fairness_run: Duration::from_millis(50),
            harness_cost_run: Duration::from_millis(30),
            every_thread_count: false,
            criterion_args: &[CRITERION_QUICK_FLAG, "--noplot"],
        },
        speedup_claims: false,
    };

    /// Full mode's row.
    pub const FULL: Budget = Budget {
        mode: Mode::Full,
        stress_per_strategy: Duration::from_secs(2),
        depth_total: Duration::from_secs(300),
        calibration: CalibrationBudget {
            samples: 200,
            probe_budget: Duration::from_secs(3),
            python_repeat: 3,
        },
        bench: BenchBudget {
            warm_up: Duration::from_millis(500),
            measurement: Duration::from_secs(2),
            samples: 20,
            fairness_run: Duration::from_millis(200),
            harness_cost_run: Duration::from_millis(200),
            every_thread_count: true,
            criterion_args: &[],
        },
        speedup_claims: true,
    };

    /// The table's rows, (what, quick, full), as `threadlab all --help` prints them.
    pub fn rows() -> Vec<(&'static str, String, String)> {
        let (q, f) = (&Budget::QUICK, &Budget::FULL);
        let row = |what, cell: &dyn Fn(&Budget) -> String| (what, cell(q), cell(f));
        vec![
            row("stress, per strategy", &|b| readable(b.stress_per_strategy)),
            row("proof depth, all strategies", &|b| readable(b.depth_total)),
            row("calibration samples per probe", &|b| b.calibration.samples.to_string()),
            row("calibration time per probe", &|b| readable(b.calibration.probe_budget)),
            row("Python counter runs per preset", &|b| b.calibration.python_repeat.to_string()),
            row("bench warm-up", &|b| readable(b.bench.warm_up)),
            row("bench measurement", &|b| {
                let cap = if b.bench.criterion_args.contains(&CRITERION_QUICK_FLAG) {
                    " (cap, criterion --quick)"
                } else {
                    ""
                };
                format!("{}{cap}", readable(b.bench.measurement))
            }),
            row("bench samples", &|b| b.bench.samples.to_string()),
            row("bench thread counts", &|b| {
                if b.bench.every_thread_count {
                    "the scenario's, powers of 2 to the cores"
                } else {
                    "1 and the cores"
                }
                .to_owned()
            }),
            row("bench plots", &|b| {
                if b.bench.criterion_args.contains(&"--noplot") { "no" } else { "yes" }.to_owned()
            }),
            row("fairness run", &|b| readable(b.bench.fairness_run)),
            row("harness cost, per thread count", &|b| readable(b.bench.harness_cost_run)),
            row("speedup claims (threadlab run)", &|b| {
                if b.speedup_claims { "run" } else { "not run" }.to_owned()
            }),
        ]
    }

    /// [`Budget::rows`] as an aligned text table with a header.
    pub fn table() -> String {
        let rows = Budget::rows();
        let width = rows.iter().map(|(what, _, _)| what.len()).max().unwrap_or(0);
        let quick_width = rows.iter().map(|(_, q, _)| q.len()).max().unwrap_or(0).max(5);
        let mut out = format!("{:<width$}  {:<quick_width$}  full\n", "budget", "quick");
        for (what, quick, full) in rows {
            out += &format!("{what:<width$}  {quick:<quick_width$}  {full}\n");
        }
        out
    }
}

/// A duration as seconds or milliseconds, whichever reads shorter (`0.15 s`, `300 s`,
/// `50 ms`).
pub fn readable(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_budget_spends_less_than_the_full_one_everywhere() {
        let (q, f) = (Budget::QUICK, Budget::FULL);
        assert!(q.stress_per_strategy < f.stress_per_strategy);
        assert!(q.depth_total < f.depth_total);
        assert!(q.calibration.samples < f.calibration.samples);
        assert!(q.calibration.probe_budget < f.calibration.probe_budget);
        assert!(q.calibration.python_repeat < f.calibration.python_repeat);
        assert!(q.bench.warm_up < f.bench.warm_up && q.bench.measurement < f.bench.measurement);
        assert!(q.bench.samples < f.bench.samples);
        assert!(q.bench.fairness_run < f.bench.fairness_run);
        assert!(q.bench.harness_cost_run < f.bench.harness_cost_run);
        assert_eq!(
            (Mode::Quick.budget().mode, Mode::Full.budget().mode),
            (Mode::Quick, Mode::Full)
        );
    }

    #[test]
    fn a_bench_runs_quick_exactly_when_criterion_is_asked_for_its_quick_mode() {
        assert_eq!(Mode::of_bench_args(Budget::QUICK.bench.criterion_args), Mode::Quick);
        assert_eq!(Mode::of_bench_args(Budget::FULL.bench.criterion_args), Mode::Full);
        assert_eq!(Mode::of_bench_args(["bench", "--bench", "--quickly"]), Mode::Full);
    }

    #[test]
    fn the_table_has_one_line_per_row_and_states_each_cell() {
        let table = Budget::table();
        assert_eq!(table.lines().count(), Budget::rows().len() + 1);
        assert!(table.contains("150 ms") && table.contains("300 s"), "{table}");
        assert_eq!(readable(Duration::from_millis(2500)), "2.5 s");
    }
}
