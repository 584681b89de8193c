//! A benchmark's noise: `threadlab-noise.json` beside criterion's files for one benchmark
//! (`<criterion root>/<group>/<function>/<value>/`), a [`Noise`] record.
//!
//! criterion's own files cannot say how busy the machine was while it timed, so the bench
//! measures the outside CPU share over each benchmark and the spread of its samples (each
//! `iter_custom` call's nanoseconds per iteration) and writes it here;
//! [`crate::criterion::load`] reads it into [`crate::criterion::BenchPoint::noise`].

use std::path::{Path, PathBuf};

use crate::noise::Noise;

/// The file name, in the same directory as [`crate::criterion::SIDECAR`].
pub const NOISE_SIDECAR: &str = "threadlab-noise.json";

/// Where the noise of the benchmark `group/function/value` lives under criterion's `root`.
pub fn sidecar_path(root: &Path, group: &str, function: &str, value: &str) -> PathBuf {
    root.join(group).join(function).join(value).join(NOISE_SIDECAR)
}

/// Write `noise` for the benchmark `group/function/value` (through [`crate::file::write`]).
pub fn write_noise(
    root: &Path,
    group: &str,
    function: &str,
    value: &str,
    noise: &Noise,
) -> std::io::Result<PathBuf> {
    let path = sidecar_path(root, group, function, value);
    crate::file::write(&path, noise)?;
    Ok(path)
}

/// The noise recorded in a benchmark's directory: `Ok(None)` where none was written (a
/// bench from before noise was measured: "noise unknown").
pub fn read_noise(bench_dir: &Path) -> Result<Option<Noise>, String> {
    let path = bench_dir.join(NOISE_SIDECAR);
    crate::file::read_if_present(&path).map_err(|e| format!("{e}; skipped"))
}

impl crate::Format for Noise {
    const NAME: &'static str = "benchmark noise";
    const VERSION: u32 = 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_benchmarks_noise_is_written_beside_criterions_files_and_read_back() {
        let root = std::env::temp_dir().join(format!("threadlab-bnoise-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dir = root.join("g/atomic/2");
        assert_eq!(read_noise(&dir), Ok(None));
        let noise = Noise::judge(Some(0.2), Some(1.5), 0.4);
        let path = write_noise(&root, "g", "atomic", "2", &noise).unwrap();
        assert_eq!(path, dir.join(NOISE_SIDECAR));
        assert_eq!(read_noise(&dir), Ok(Some(noise)));
        std::fs::write(&path, "{").unwrap();
        assert!(read_noise(&dir).unwrap_err().contains(NOISE_SIDECAR));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
