//! The reader of criterion's own result files (criterion writes them; threadlab only
//! reads): `<root>/<group>/<function>/<value>/new/benchmark.json` (ids and declared
//! throughput) and `estimates.json` (nanoseconds per iteration). criterion's files cannot
//! carry threadlab's provenance, so the bench writes [`SIDECAR`] beside them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::load::{Loaded, read_json};

/// One benchmark: a strategy of a scenario at one thread count (or one labelled setting).
#[derive(Debug, Clone, PartialEq)]
pub struct BenchPoint {
    /// criterion's group id: the scenario's name, or the name followed by `_` and what the
    /// group measures (`timer_lateness`, `thread_pool_1us`).
    pub group: String,
    /// criterion's function id: the strategy.
    pub strategy: String,
    /// criterion's value string.
    pub value: String,
    /// The value as a thread count, where it is one.
    pub threads: Option<usize>,
    /// Elements per iteration, as the bench declared them.
    pub elements: Option<u64>,
    /// Median nanoseconds per iteration, with criterion's 95% confidence interval.
    pub median_ns: f64,
    pub median_low_ns: f64,
    pub median_high_ns: f64,
    /// The directory holding criterion's files for this benchmark.
    pub dir: PathBuf,
    /// From the [`SIDECAR`] in `dir`; `None` where the bench wrote none.
    pub provenance: Option<crate::Provenance>,
    /// From [`crate::bench_noise::NOISE_SIDECAR`] in `dir`; `None` where the bench wrote
    /// none ("noise unknown").
    pub noise: Option<crate::noise::Noise>,
}

/// The provenance file threadlab writes beside criterion's, in `<group>/<function>/<value>/`.
pub const SIDECAR: &str = "threadlab-provenance.json";

/// Write `provenance` as the [`SIDECAR`] of the benchmark `group/function/value` under
/// criterion's output `root`.
pub fn write_sidecar(
    root: &Path,
    group: &str,
    function: &str,
    value: &str,
    provenance: &crate::Provenance,
) -> std::io::Result<PathBuf> {
    let path = root.join(group).join(function).join(value).join(SIDECAR);
    crate::file::write(&path, provenance)?;
    Ok(path)
}

impl crate::Format for crate::Provenance {
    const NAME: &'static str = "benchmark provenance";
    const VERSION: u32 = 1;
}

impl BenchPoint {
    /// Whether this benchmark belongs to `scenario` (its group, or one of its named groups).
    pub fn belongs_to(&self, scenario: &str) -> bool {
        self.group == scenario
            || self.group.strip_prefix(scenario).is_some_and(|rest| rest.starts_with('_'))
    }

    /// Elements per second at the median, and at the interval's ends (slow end first).
    pub fn throughput(&self) -> Option<(f64, f64, f64)> {
        let elements = self.elements? as f64;
        let per_sec = |ns: f64| elements / (ns * 1e-9);
        Some((per_sec(self.median_ns), per_sec(self.median_high_ns), per_sec(self.median_low_ns)))
    }

    /// Nanoseconds per element at the median.
    pub fn ns_per_element(&self) -> Option<f64> {
        Some(self.median_ns / self.elements? as f64)
    }
}

#[derive(Deserialize)]
struct BenchmarkJson {
    group_id: String,
    function_id: Option<String>,
    value_str: Option<String>,
    throughput: Option<ThroughputJson>,
}

#[derive(Deserialize)]
enum ThroughputJson {
    Elements(u64),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct EstimatesJson {
    median: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Deserialize)]
struct Interval {
    lower_bound: f64,
    upper_bound: f64,
}

/// Every benchmark under `root` (criterion's output directory).
pub fn load(root: &Path) -> Loaded<BenchPoint> {
    let mut loaded = Loaded::default();
    let mut dirs = Vec::new();
    find_new_dirs(root, 0, &mut dirs, &mut loaded.warnings);
    dirs.sort();
    for new_dir in dirs {
        match read_point(&new_dir) {
            Ok(Some(point)) => loaded.items.push(point),
            Ok(None) => {}
            Err(warning) => loaded.warnings.push(warning),
        }
    }
    loaded
}

fn find_new_dirs(dir: &Path, depth: usize, out: &mut Vec<PathBuf>, warnings: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            warnings.push(format!("{}: cannot read the folder ({e}); skipped", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // A symlinked folder is not followed (a loop would count each benchmark twice).
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            if path.join("benchmark.json").exists() {
                out.push(path);
            }
        } else if depth < 4 && path.file_name().is_some_and(|n| n != "report") {
            find_new_dirs(&path, depth + 1, out, warnings);
        }
    }
}

/// `Ok(None)` for benchmarks that are not threadlab's shape (no function id or value).
fn read_point(new_dir: &Path) -> Result<Option<BenchPoint>, String> {
    let bench: BenchmarkJson = read_json(&new_dir.join("benchmark.json"))?;
    let estimates: EstimatesJson = read_json(&new_dir.join("estimates.json"))?;
    let (Some(strategy), Some(value)) = (bench.function_id, bench.value_str) else {
        return Ok(None);
    };
    let median = estimates.median.point_estimate;
    if !(median.is_finite() && median > 0.0) {
        return Err(format!(
            "{}: implausible median of {median} ns per iteration; not charted",
            new_dir.display()
        ));
    }
    let dir = new_dir.parent().map(Path::to_path_buf).unwrap_or_default();
    let provenance =
        crate::file::read_if_present(&dir.join(SIDECAR)).map_err(|e| format!("{e}; skipped"))?;
    let noise = crate::bench_noise::read_noise(&dir)?;
    Ok(Some(BenchPoint {
        group: bench.group_id,
        strategy,
        threads: value.parse().ok(),
        value,
        elements: match bench.throughput {
            Some(ThroughputJson::Elements(n)) => Some(n),
            _ => None,
        },
        median_ns: median,
        median_low_ns: estimates.median.confidence_interval.lower_bound,
        median_high_ns: estimates.median.confidence_interval.upper_bound,
        dir,
        provenance,
        noise,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn reads_points_and_names_a_corrupt_file() {
        let root = std::env::temp_dir().join(format!("threadlab-crit-{}", std::process::id()));
        let good = root.join("s/atomic/2/new");
        write(
            &good,
            "benchmark.json",
            r#"{"group_id":"s","function_id":"atomic","value_str":"2","throughput":{"Elements":1000}}"#,
        );
        write(
            &good,
            "estimates.json",
            r#"{"median":{"point_estimate":500.0,"confidence_interval":{"lower_bound":400.0,"upper_bound":600.0}}}"#,
        );
        let bad = root.join("s/spin/2/new");
        write(&bad, "benchmark.json", r#"{"group_id":"s","function_id":"spin","value_str":"2"}"#);
        write(&bad, "estimates.json", "{\"median\": ");
        let zero = root.join("s/zero/2/new");
        write(&zero, "benchmark.json", r#"{"group_id":"s","function_id":"zero","value_str":"2"}"#);
        write(
            &zero,
            "estimates.json",
            r#"{"median":{"point_estimate":0.0,"confidence_interval":{"lower_bound":0.0,"upper_bound":0.0}}}"#,
        );

        let loaded = load(&root);
        assert_eq!(loaded.items.len(), 1);
        let point = &loaded.items[0];
        assert_eq!((point.strategy.as_str(), point.threads), ("atomic", Some(2)));
        assert!(point.belongs_to("s") && !point.belongs_to("t"));
        let (median, slow, fast) = point.throughput().unwrap();
        assert!((median - 2e9).abs() < 1.0, "{median}");
        assert!(slow < median && median < fast);
        assert_eq!(point.provenance, None);
        assert_eq!(point.noise, None, "no noise sidecar: noise unknown");
        assert_eq!(loaded.warnings.len(), 2);
        assert!(loaded.warnings[0].contains("spin"), "{:?}", loaded.warnings);
        assert!(loaded.warnings[1].contains("implausible"), "{:?}", loaded.warnings);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_is_not_followed_so_each_benchmark_counts_once() {
        let root = std::env::temp_dir().join(format!("threadlab-crit-loop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let good = root.join("s/atomic/2/new");
        write(
            &good,
            "benchmark.json",
            r#"{"group_id":"s","function_id":"atomic","value_str":"2"}"#,
        );
        write(
            &good,
            "estimates.json",
            r#"{"median":{"point_estimate":500.0,"confidence_interval":{"lower_bound":400.0,"upper_bound":600.0}}}"#,
        );
        std::os::unix::fs::symlink(".", root.join("loop")).unwrap();
        std::os::unix::fs::symlink("..", root.join("s").join("up")).unwrap();
        let loaded = load(&root);
        assert_eq!(loaded.items.len(), 1, "{:?}", loaded.warnings);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
