//! The speedup verdict file: `<results>/speedup/<scenario>.json`, what `threadlab run
//! io_vs_cpu` found about the seeds' GIL claim on this machine.
//!
//! The seeds claim that threads help waiting work, that the GIL keeps Python threads from
//! speeding up computing work, and that processes do. The run measures each speedup over
//! the sequential run of the same work (Rust threads, Python threads, Python processes),
//! records the cores and how busy the machine was while it ran, and states a verdict
//! computed from those numbers: the claim holds here, does not, or the run cannot tell
//! (too few free cores for even Rust threads to speed computing work up). The report shows
//! this file; it never states the answer on its own.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

use crate::noise::Noise;

/// What the run concluded about the seeds' claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Rust threads sped computing work up, Python threads did not, Python processes did
    /// (and, where measured, Python threads sped waiting work up).
    Holds,
    /// The machine gave parallelism, and Python did not behave as the seeds say.
    DoesNotHold,
    /// The run cannot tell: even Rust threads did not speed computing work up (too few free
    /// cores), or Python did not run.
    Inconclusive,
}

impl Verdict {
    /// The word for the [`crate::Judgement`] of what a run found about the claim (the
    /// claim taken as the expectation): the judgement decides, the verdict only names it.
    pub fn of(judgement: &crate::Judgement) -> Verdict {
        match judgement {
            crate::Judgement::AsExpected => Verdict::Holds,
            crate::Judgement::Unexpected { .. } => Verdict::DoesNotHold,
            _ => Verdict::Inconclusive,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::DoesNotHold => "does not hold",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// `<results>/speedup/<scenario>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeedupFile {
    pub scenario: String,
    /// Workers (threads or processes) each parallel way used: the scenario's K.
    pub workers: usize,
    /// Tasks in the batch, and each task's size in the scenario's unit.
    pub tasks: usize,
    pub task_size: usize,
    /// The cores this process could run on.
    pub cores: usize,
    /// The 1, 5 and 15 minute load averages when the run started and when it ended.
    pub load_at_start: Option<[f64; 3]>,
    pub load_at_end: Option<[f64; 3]>,
    /// How busy the machine was over the whole run (Rust and Python), from the kernel's
    /// CPU-time counters: the share other processes took.
    pub noise: Noise,
    /// Cores left to this run on average: cores x (1 - outside share); `None` where the
    /// share is unknown.
    pub free_cores: Option<f64>,
    /// Speedups over the sequential run of the same work (fastest runs counting); `None`
    /// where that way did not run.
    pub rust_computing_threads: Option<f64>,
    pub rust_waiting_threads: Option<f64>,
    pub python_computing_threads: Option<f64>,
    pub python_computing_processes: Option<f64>,
    pub python_waiting_threads: Option<f64>,
    /// Why the Python columns are empty, where they are.
    pub python_note: Option<String>,
    pub verdict: Verdict,
    /// The verdict in one line, naming the numbers, the cores and the load it rests on.
    pub line: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
}

impl crate::Format for SpeedupFile {
    const NAME: &'static str = "speedup verdict";
    const VERSION: u32 = 1;
}

impl ResultFile for SpeedupFile {
    const PLACE: Place = Place::Folders(&["speedup"]);
    fn relative_path(&self) -> PathBuf {
        Path::new("speedup").join(format!("{}.json", self.scenario))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speedup_file_survives_a_write_and_read() {
        let root = std::env::temp_dir().join(format!("threadlab-speedup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let file = SpeedupFile {
            scenario: "io_vs_cpu".into(),
            workers: 2,
            tasks: 8,
            task_size: 30,
            cores: 2,
            load_at_start: Some([3.1, 2.0, 1.0]),
            load_at_end: None,
            noise: Noise::judge(Some(0.4), None, 3.0),
            free_cores: Some(1.2),
            rust_computing_threads: Some(1.1),
            rust_waiting_threads: Some(2.0),
            python_computing_threads: None,
            python_computing_processes: None,
            python_waiting_threads: None,
            python_note: Some("python3 is not on the PATH".into()),
            verdict: Verdict::Inconclusive,
            line: "inconclusive: ...".into(),
            provenance: None,
        };
        let path = file.write_under(&root).unwrap();
        assert!(path.ends_with("speedup/io_vs_cpu.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"verdict\": \"inconclusive\""), "{text}");
        let loaded = SpeedupFile::load_under(&root);
        assert_eq!((loaded.items, loaded.warnings.len()), (vec![file], 0));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
