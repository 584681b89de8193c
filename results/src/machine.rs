//! The machine a result came from, as result files record it.
//!
//! Stress and calibration files each carry one [`Machine`], because a histogram or a cost
//! per operation means little without the hardware it was measured on. Probing the machine
//! (reading `/proc`, the compiler version) is the harness's job; this is only the record.

use serde::{Deserialize, Serialize};

/// CPU, cores, memory, OS and compiler of one run, and how busy the machine was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// e.g. `Intel(R) Xeon(R) Processor` (from `/proc/cpuinfo`).
    pub cpu_model: String,
    /// The cores this process may run on (`std::thread::available_parallelism`, which
    /// honours CPU affinity and cgroup quotas).
    pub cores: usize,
    /// Logical CPUs the kernel lists, which can exceed `cores` in a container.
    pub logical_cpus: Option<usize>,
    /// `MemTotal` from `/proc/meminfo`, in bytes.
    pub memory_bytes: Option<u64>,
    /// e.g. `Debian GNU/Linux 12 (bookworm), Linux 6.1.0`.
    pub os: String,
    /// e.g. `x86_64`.
    pub arch: String,
    /// `rustc --version` of the compiler that built the binary.
    pub rustc: String,
    /// 1, 5 and 15 minute load averages when the description was taken: on a shared
    /// machine, how much else was running.
    pub load_average: Option<[f64; 3]>,
}

impl Machine {
    /// One line for a console header.
    pub fn summary(&self) -> String {
        let memory = self
            .memory_bytes
            .map(|b| format!(", {:.1} GiB", b as f64 / (1u64 << 30) as f64))
            .unwrap_or_default();
        let load = self
            .load_average
            .map(|[one, five, _]| format!(", load {one:.2}/{five:.2}"))
            .unwrap_or_default();
        format!(
            "{} x{} ({}){memory}, {}, {}{load}",
            self.cpu_model, self.cores, self.arch, self.os, self.rustc
        )
    }

    /// A name for this kind of machine fit for a file name: the CPU model and core count
    /// (`intel-xeon-2-20ghz-2-cores`).
    pub fn label(&self) -> String {
        let model: String = self
            .cpu_model
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let words: Vec<&str> = model.split('-').filter(|w| !w.is_empty()).collect();
        format!("{}-{}-cores", words.join("-"), self.cores)
    }

    /// Whether results measured on `other` may be merged with results from this machine:
    /// the same CPU model and the same number of cores.
    pub fn same_kind_as(&self, other: &Machine) -> bool {
        self.cpu_model == other.cpu_model && self.cores == other.cores
    }
}

/// A machine for the tests of this crate.
#[cfg(test)]
pub(crate) fn example() -> Machine {
    Machine {
        cpu_model: "Test CPU".to_owned(),
        cores: 2,
        logical_cpus: Some(2),
        memory_bytes: Some(3 << 30),
        os: "Linux 6.1".to_owned(),
        arch: "x86_64".to_owned(),
        rustc: "rustc 1.95.0".to_owned(),
        load_average: Some([0.5, 0.25, 0.0]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_cpu_memory_compiler_and_load() {
        assert_eq!(
            example().summary(),
            "Test CPU x2 (x86_64), 3.0 GiB, Linux 6.1, rustc 1.95.0, load 0.50/0.25"
        );
    }

    #[test]
    fn machines_of_the_same_kind_differ_at_most_in_load_and_memory() {
        let mut other = example();
        other.load_average = None;
        assert!(example().same_kind_as(&other));
        other.cores = 4;
        assert!(!example().same_kind_as(&other));
    }
}
