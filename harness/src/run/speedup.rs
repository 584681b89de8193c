//! What `threadlab run io_vs_cpu` adds after its runs: each strategy's speedup over the
//! sequential run of the same work, the same jobs in Python (`scripts/gil_check.py`), how
//! busy the machine was meanwhile, and the verdict on the seeds' GIL claim computed from
//! those numbers (kept in the speedup file the report reads).

use std::time::Duration;

use serde::Serialize;

use scenarios::{Params, Scenario, SpeedupSummary};
use threadlab_results::noise::NoiseSampler;
use threadlab_results::speedup::SpeedupFile;

use super::RunReport;
use crate::python::PythonRun;

/// How many times each strategy (and each Python way) runs for the speedup summary; the
/// fastest run counts, being the one least disturbed by the rest of the machine.
pub const SUMMARY_REPEATS: usize = 10;
pub const PYTHON_REPEATS: usize = 2;

/// How busy the machine is from the first run on: the kernel's counters and the load.
pub struct Sampler {
    noise: NoiseSampler,
    load: Option<[f64; 3]>,
}

impl Sampler {
    pub fn start() -> Self {
        Sampler { noise: NoiseSampler::start(), load: crate::machine::load_average_now() }
    }
}

#[derive(Debug, Serialize)]
pub struct SpeedupReport {
    /// Runs per strategy behind each speedup (the fastest counts).
    pub repeats: usize,
    /// Whether every repeat of every strategy held the invariant too.
    pub repeats_hold: bool,
    pub speedups: Vec<scenarios::io_vs_cpu::Speedup>,
    /// The seeds' GIL claim side by side, for the computing job on K workers: Rust threads
    /// (`cpu_pool`), Python threads, Python processes; `None` where not measured.
    pub rust_threads_speedup: Option<f64>,
    pub python_threads_speedup: Option<f64>,
    pub python_processes_speedup: Option<f64>,
    /// Whether Python computed the same checksum as Rust's sequential run (same job).
    pub python_same_checksum: Option<bool>,
    pub python: PythonRun,
    /// The verdict file's contents: the numbers, cores, load and verdict line.
    pub verdict: SpeedupFile,
}

/// Repeat every strategy (round by round), run the Python side, and judge the claim.
pub fn report(
    scenario: &'static Scenario,
    summary: SpeedupSummary,
    params: &Params,
    runs: &[RunReport],
    sampler: Sampler,
) -> SpeedupReport {
    let mut repeats_hold = true;
    let mut timed: Vec<_> =
        runs.iter().map(|r| (r.strategy, Duration::from_nanos(r.elapsed_ns as u64))).collect();
    // Round by round over all strategies, so a burst of load elsewhere on the machine
    // spoils one run of several strategies rather than every run of one.
    for _ in 1..SUMMARY_REPEATS {
        for (slot, strategy) in timed.iter_mut().zip(scenario.strategies) {
            let (run, check) = scenario.run_checked(strategy, params);
            repeats_hold &= check.holds();
            slot.1 = slot.1.min(run.elapsed);
        }
    }
    let speedups = scenarios::io_vs_cpu::speedups(&timed);
    let of = |name: &str| speedups.iter().find(|s| s.strategy == name).map(|s| s.speedup);
    let rust = runs.iter().find(|r| r.strategy == summary.sequential);
    let steps = rust.and_then(|r| r.outcome.get("steps_per_task")).unwrap_or(0);
    let python = crate::python::gil_check(
        params.ops,
        steps,
        params.threads,
        PYTHON_REPEATS,
        params.limit as f64,
    );
    let field = |name: &str| match &python {
        PythonRun::Ran { result } => result.get(name).and_then(serde_json::Value::as_f64),
        _ => None,
    };
    let python_same_checksum = match (&python, rust.and_then(|r| r.outcome.get("checksum"))) {
        (PythonRun::Ran { result }, Some(sum)) => {
            Some(result.get("checksum").and_then(serde_json::Value::as_u64) == Some(sum))
        }
        _ => None,
    };
    let python_note = match &python {
        PythonRun::Ran { .. } => None,
        other => Some(other.line()),
    };
    let noise = sampler.noise.finish(&[]);
    let measured = super::verdict::Measured {
        workers: params.threads,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        outside_share: noise.outside_share,
        load: [sampler.load, crate::machine::load_average_now()],
        rust_computing: of(summary.threaded),
        rust_waiting: of(summary.waiting),
        python_threads: field("speedup_threads"),
        python_processes: field("speedup_processes"),
        python_waiting: field("speedup_waiting_threads"),
        python_note,
        python_gil: python_gil(&python),
    };
    let verdict = measured.file(scenario.name, params, noise);
    SpeedupReport {
        repeats: SUMMARY_REPEATS,
        repeats_hold,
        python_threads_speedup: measured.python_threads,
        python_processes_speedup: measured.python_processes,
        rust_threads_speedup: measured.rust_computing,
        speedups,
        python_same_checksum,
        python,
        verdict,
    }
}

/// Whether the Python run said its GIL was enabled.
fn python_gil(python: &PythonRun) -> Option<bool> {
    match python {
        PythonRun::Ran { result } => result.get("gil_enabled").and_then(serde_json::Value::as_bool),
        _ => None,
    }
}

impl SpeedupReport {
    /// The speedup table, the side-by-side line, and the verdict last.
    pub fn to_text(&self, workers: usize) -> String {
        let mut lines = vec![format!(
            "speedup over sequential (same kind of work; fastest of {} runs each):",
            self.repeats
        )];
        for s in &self.speedups {
            lines.push(format!(
                "  {:<22} {:>9.3} ms  x{:.2}",
                s.strategy,
                s.seconds * 1e3,
                s.speedup
            ));
        }
        let show = |x: Option<f64>| x.map_or("not run".to_owned(), |x| format!("x{x:.2}"));
        let v = &self.verdict;
        let python_threads = match v.python_computing_threads {
            Some(x) if super::verdict::beyond_the_gil(x, python_gil(&self.python)) => format!(
                "x{x:.2} (more than threads under an enabled GIL can gain: noise, not a \
                 speedup)"
            ),
            other => show(other),
        };
        lines.push(format!(
            "computing job on {workers} workers: Rust threads {}, Python threads {python_threads}, Python processes {}",
            show(v.rust_computing_threads),
            show(v.python_computing_processes),
        ));
        lines.push(format!(
            "waiting job on {workers} workers: Rust threads {}, Python threads {}",
            show(v.rust_waiting_threads),
            show(v.python_waiting_threads),
        ));
        if let Some(note) = &v.python_note {
            lines.push(format!("python: {note}"));
        }
        lines.push(format!("verdict: {}", v.line));
        lines.join("\n")
    }
}
