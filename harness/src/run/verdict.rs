//! The verdict on the seeds' GIL claim, computed from one run's numbers.
//!
//! The claim has three parts: threads speed waiting work up; Python threads do not speed
//! computing work up (the GIL); Python processes do. Rust threads on the same computing job
//! are the control: where even they gain nothing (fewer free cores than workers, or a busy
//! machine), the run cannot tell the GIL from the machine and says so, naming the cores and
//! the load. Otherwise each Python number is held against the thresholds below.

use scenarios::Params;
use threadlab_results::judgement::Sight::OutcomesOnly;
use threadlab_results::noise::Noise;
use threadlab_results::speedup::{SpeedupFile, Verdict};
use threadlab_results::{Expected, Finding, judge};

/// At or above this, a speedup counts as a real gain (with 2 workers the ideal is 2.0). A
/// chosen threshold, not a measured one.
pub const GAIN: f64 = 1.4;

/// At or below this, a speedup counts as none. A chosen threshold, not a measured one;
/// between the two the verdict is inconclusive.
pub const NO_GAIN: f64 = 1.2;

/// Everything the verdict rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub workers: usize,
    pub cores: usize,
    /// Share of all CPU time other processes took over the run.
    pub outside_share: Option<f64>,
    /// Load averages at the start and at the end of the run.
    pub load: [Option<[f64; 3]>; 2],
    pub rust_computing: Option<f64>,
    pub rust_waiting: Option<f64>,
    pub python_threads: Option<f64>,
    pub python_processes: Option<f64>,
    pub python_waiting: Option<f64>,
    /// Why Python did not run, where it did not.
    pub python_note: Option<String>,
    /// Whether the interpreter said its GIL was enabled (`None`: not run, or not said).
    pub python_gil: Option<bool>,
}

/// Whether a Python threads speedup on computing work is more than a GIL-enabled
/// interpreter can give (its threads run Python code one at a time): noise, not a gain.
pub fn beyond_the_gil(speedup: f64, gil_enabled: Option<bool>) -> bool {
    gil_enabled == Some(true) && speedup > NO_GAIN
}

impl Measured {
    /// Cores left to this run on average.
    fn free_cores(&self) -> Option<f64> {
        self.outside_share.map(|share| self.cores as f64 * (1.0 - share))
    }

    /// The higher one-minute load of the start and the end.
    fn load_one(&self) -> Option<f64> {
        self.load.iter().flatten().map(|l| l[0]).reduce(f64::max)
    }

    /// `2 cores, 1.2 free (40% of CPU time elsewhere), load 3.1`.
    fn machine(&self) -> String {
        let free = match (self.free_cores(), self.outside_share) {
            (Some(free), Some(share)) => {
                format!(", {free:.1} free ({:.0}% of CPU time elsewhere)", share * 100.0)
            }
            _ => ", free cores unknown".to_owned(),
        };
        let load = self.load_one().map(|l| format!(", load {l:.1}")).unwrap_or_default();
        format!("{} cores{free}{load}", self.cores)
    }

    /// The verdict and its line: the seeds' claim is the expectation, what the run found
    /// is judged by [`judge`] like every tier's finding, and the verdict only names that.
    pub fn judge(&self) -> (Verdict, String) {
        let (finding, line) = self.finding();
        (Verdict::of(&judge(Expected::Correct, &finding)), line)
    }

    /// What the run found about the claim, and the line saying so: nothing against it, a
    /// contradiction, or nothing to go on (the machine or Python gave no answer).
    fn finding(&self) -> (Finding, String) {
        let contradicted = |line: String| (Finding::unclassified(line.clone(), OutcomesOnly), line);
        let cannot_tell = |line: String| (Finding::NotLooked(line.clone()), line);
        let x = |v: Option<f64>| v.map_or("not run".to_owned(), |v| format!("{v:.1}x"));
        let rust = format!("Rust threads {} on {}", x(self.rust_computing), self.machine());
        if self.rust_computing.is_none_or(|r| r < GAIN) {
            let why = match self.free_cores() {
                Some(free) if free < self.workers.min(self.cores) as f64 - 0.5 => format!(
                    "only {free:.1} of {} cores were free for {} workers",
                    self.cores, self.workers
                ),
                _ if self.cores < 2 || self.workers < 2 => {
                    format!(
                        "{} workers on {} cores leave nothing to overlap",
                        self.workers, self.cores
                    )
                }
                _ => "the machine gave the run no parallelism".to_owned(),
            };
            return cannot_tell(format!(
                "inconclusive: {rust}: even Rust threads gained less than {GAIN}x on \
                 computing work, so the GIL cannot be told apart from the machine ({why})"
            ));
        }
        let (Some(pt), Some(pp)) = (self.python_threads, self.python_processes) else {
            let note = self.python_note.as_deref().unwrap_or("no Python numbers");
            return cannot_tell(format!("inconclusive: {rust}; Python: {note}"));
        };
        let waiting = self
            .python_waiting
            .map(|w| format!(", Python threads on waiting work {w:.1}x"))
            .unwrap_or_default();
        let numbers =
            format!("{rust}; Python threads {pt:.1}x, Python processes {pp:.1}x{waiting}");
        let waiting_gains = self.python_waiting.is_none_or(|w| w >= GAIN);
        if pt >= GAIN && beyond_the_gil(pt, self.python_gil) {
            return cannot_tell(format!(
                "inconclusive: {numbers}: Python threads' {pt:.1}x on computing work is \
                 more than an interpreter with its GIL enabled can give (its threads run \
                 Python code one at a time): noise from the machine, not a gain"
            ));
        }
        if pt >= GAIN {
            return contradicted(format!(
                "{numbers}: Python threads did speed computing work up (no GIL in the way?): the seeds' claim does not hold here"
            ));
        }
        if !waiting_gains {
            return contradicted(format!(
                "{numbers}: Python threads did not speed waiting work up: the seeds' claim does not hold here"
            ));
        }
        if pt <= NO_GAIN && pp >= GAIN {
            return (
                Finding::nothing(OutcomesOnly),
                format!("{numbers}: the seeds' claim holds here"),
            );
        }
        let why = if pp < GAIN {
            format!(
                "Python processes gained less than {GAIN}x too, so Python had no parallelism to show"
            )
        } else {
            format!("Python threads' {pt:.1}x is between no gain ({NO_GAIN}x) and a gain ({GAIN}x)")
        };
        cannot_tell(format!("inconclusive: {numbers}; {why}"))
    }

    /// The speedup file for this run.
    pub fn file(&self, scenario: &str, params: &Params, noise: Noise) -> SpeedupFile {
        let (verdict, line) = self.judge();
        SpeedupFile {
            scenario: scenario.to_owned(),
            workers: self.workers,
            tasks: params.ops,
            task_size: params.limit,
            cores: self.cores,
            load_at_start: self.load[0],
            load_at_end: self.load[1],
            noise,
            free_cores: self.free_cores(),
            rust_computing_threads: self.rust_computing,
            rust_waiting_threads: self.rust_waiting,
            python_computing_threads: self.python_threads,
            python_computing_processes: self.python_processes,
            python_waiting_threads: self.python_waiting,
            python_note: self.python_note.clone(),
            verdict,
            line,
            provenance: Some(crate::files::provenance("run", None, None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet(rust: f64, threads: f64, processes: f64) -> Measured {
        Measured {
            workers: 2,
            cores: 2,
            outside_share: Some(0.02),
            load: [Some([0.3, 0.2, 0.1]), Some([0.5, 0.2, 0.1])],
            rust_computing: Some(rust),
            rust_waiting: Some(2.0),
            python_threads: Some(threads),
            python_processes: Some(processes),
            python_waiting: Some(1.9),
            python_note: None,
            python_gil: Some(false),
        }
    }

    #[test]
    fn the_claim_holds_when_rust_and_processes_gain_and_python_threads_do_not() {
        let (verdict, line) = quiet(1.9, 1.0, 1.8).judge();
        assert_eq!(verdict, Verdict::Holds, "{line}");
        assert!(line.contains("Rust threads 1.9x on 2 cores, 2.0 free"), "{line}");
        assert!(line.contains("Python threads 1.0x, Python processes 1.8x"), "{line}");
        assert!(line.ends_with("the seeds' claim holds here"), "{line}");
    }

    #[test]
    fn a_busy_machine_is_inconclusive_and_names_its_cores_and_load() {
        let mut busy = quiet(1.05, 1.0, 1.0);
        busy.outside_share = Some(0.5);
        busy.load = [Some([3.1, 2.0, 1.0]), None];
        let (verdict, line) = busy.judge();
        assert_eq!(verdict, Verdict::Inconclusive, "{line}");
        assert!(line.starts_with("inconclusive:"), "{line}");
        assert!(
            line.contains("only 1.0 of 2 cores were free") && line.contains("load 3.1"),
            "{line}"
        );
    }

    #[test]
    fn python_threads_that_gain_refute_the_claim_and_no_python_is_inconclusive() {
        assert_eq!(quiet(1.9, 1.8, 1.8).judge().0, Verdict::DoesNotHold);
        let mut with_gil = quiet(1.9, 1.52, 1.8);
        with_gil.python_gil = Some(true);
        let (verdict, line) = with_gil.judge();
        assert_eq!(verdict, Verdict::Inconclusive, "{line}");
        assert!(line.contains("GIL enabled") && line.contains("noise"), "{line}");
        assert!(beyond_the_gil(1.52, Some(true)) && !beyond_the_gil(1.0, Some(true)));
        assert!(!beyond_the_gil(1.52, Some(false)) && !beyond_the_gil(1.52, None));
        let mut no_waiting_gain = quiet(1.9, 1.0, 1.8);
        no_waiting_gain.python_waiting = Some(1.0);
        assert_eq!(no_waiting_gain.judge().0, Verdict::DoesNotHold);
        let mut absent = quiet(1.9, 1.0, 1.0);
        (absent.python_threads, absent.python_processes) = (None, None);
        absent.python_note = Some("not run: python3 is not on the PATH".into());
        let (verdict, line) = absent.judge();
        assert_eq!(verdict, Verdict::Inconclusive);
        assert!(line.contains("python3 is not on the PATH"), "{line}");
        assert_eq!(quiet(1.9, 1.0, 1.1).judge().0, Verdict::Inconclusive);
    }
}
