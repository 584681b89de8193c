//! Several `threadlab stress` processes of different strategies at once against one results
//! folder: each merges under the file's lock, so every entry is kept.

use std::path::{Path, PathBuf};
use std::process::Command;

use threadlab_results::stress::StressFile;

#[test]
fn concurrent_stress_runs_of_different_strategies_keep_every_entry() {
    let results = std::env::temp_dir().join(format!("threadlab-concurrent-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&results);
    let strategies = ["atomic", "std_mutex", "parking_lot", "sharded"];
    let workspace: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().into();
    let runs: Vec<_> = strategies
        .iter()
        .map(|strategy| {
            Command::new(env!("CARGO_BIN_EXE_threadlab"))
                .current_dir(&workspace)
                .env("THREADLAB_RESULTS", &results)
                .args(["stress", "shared_counter", "--strategy", strategy, "--samples", "200"])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut run in runs {
        assert!(run.wait().unwrap().success());
    }
    let file =
        threadlab_results::file::read::<StressFile>(&results.join("stress/shared_counter.json"))
            .unwrap();
    let kept: Vec<&str> = file.strategies.iter().map(|s| s.strategy.as_str()).collect();
    for strategy in strategies {
        assert!(kept.contains(&strategy), "{strategy} was lost: kept {kept:?}");
    }
    std::fs::remove_dir_all(&results).unwrap();
}
