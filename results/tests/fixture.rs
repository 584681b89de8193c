//! One file of each format, as threadlab wrote them, read back through this crate; the
//! formats threadlab writes must also come out byte for byte as they went in, so files
//! and samples kept from earlier runs stay readable and unchanged.

use std::path::{Path, PathBuf};

use threadlab_results::deep::{DeepStatus, Tier};
use threadlab_results::loom::Verdict;
use threadlab_results::stress::{Grade, StrategyVerdict, StressFile};
use threadlab_results::{ResultSet, write_json};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join("sample")
}

/// Serialize `value` as its writer does and compare with the fixture's bytes.
fn assert_rewrites_identically<T: serde::Serialize>(value: &T, fixture: &Path, newline: bool) {
    let out = std::env::temp_dir()
        .join(format!("threadlab-fixture-{}", std::process::id()))
        .join(fixture.file_name().unwrap());
    write_json(&out, value).unwrap();
    let mut written = std::fs::read_to_string(&out).unwrap();
    if newline {
        written.push('\n');
    }
    assert_eq!(written, std::fs::read_to_string(fixture).unwrap(), "{}", fixture.display());
    std::fs::remove_file(&out).unwrap();
}

#[test]
fn every_format_in_a_sample_directory_reads_back() {
    let set = ResultSet::from_dir(&sample());
    assert_eq!(set.label, "sample");

    let loom = set.loom();
    assert!(loom.warnings.is_empty(), "{:?}", loom.warnings);
    assert_eq!(loom.items[0].verdict, Verdict::Proved);
    assert_eq!(loom.items[0].executions, 810);
    let provenance = loom.items[0].provenance.as_ref().expect("the loom sample has provenance");
    assert_eq!(
        (provenance.tool.as_str(), provenance.commit_label()),
        ("loom", "034114a000".into())
    );

    let deep = set.deep();
    assert!(deep.warnings.is_empty(), "{:?}", deep.warnings);
    let miri = threadlab_results::deep::find(&deep, Tier::Miri, "shared_counter", "unsync");
    assert_eq!(miri.map(|v| (v.status, v.failing_runs)), Some((DeepStatus::Caught, 49)));

    let stress = set.stress();
    assert!(stress.warnings.is_empty(), "{:?}", stress.warnings);
    let file = &stress.items[0];
    assert_eq!(file.machine.cores, 2);
    let names: Vec<_> = file.strategies.iter().map(|s| s.strategy.as_str()).collect();
    assert_eq!(names, ["unsync", "atomic"]);
    assert_eq!(file.strategies[0].verdict, StrategyVerdict::BugObserved);
    assert!(file.strategies[0].outcomes.iter().any(|o| o.grade == Grade::Forbidden));

    let fairness = set.fairness();
    assert!(fairness.warnings.is_empty(), "{:?}", fairness.warnings);
    assert_eq!(fairness.items[0].entries[0].relative_spread(), 0.2);

    let calibration = set.calibration().unwrap().expect("the sample has a calibration");
    assert_eq!(calibration.probe("cache_line_ping_pong").map(|p| p.median_ns), Some(153.2));
    assert_eq!(calibration.seed_comparison[0].python_ns_per_increment, None);

    let bench = set.criterion();
    assert!(bench.warnings.is_empty(), "{:?}", bench.warnings);
    let point = &bench.items[0];
    assert_eq!((point.group.as_str(), point.strategy.as_str()), ("shared_counter", "atomic"));
    assert_eq!((point.threads, point.elements), (Some(2), Some(20_000)));
    assert_eq!(point.ns_per_element(), Some(5.0));
}

#[test]
fn the_formats_threadlab_writes_come_out_as_they_went_in() {
    let set = ResultSet::from_dir(&sample());
    let stress_path = set.stress_dir.join("shared_counter.json");
    let stress = StressFile::read(&stress_path).unwrap();
    assert_rewrites_identically(&stress, &stress_path, true);
    let loom_path = set.loom_dir.join("shared_counter.atomic.json");
    assert_rewrites_identically(&set.loom().items[0], &loom_path, false);
    let miri_path = set.root.join("miri").join("shared_counter.unsync.json");
    assert_rewrites_identically(&set.deep().items[0], &miri_path, false);
    let fairness_path = set.root.join("fairness").join("shared_counter.json");
    assert_rewrites_identically(&set.fairness().items[0], &fairness_path, false);
    let calibration = set.calibration().unwrap().unwrap();
    assert_rewrites_identically(&calibration, &set.root.join("calibration.json"), false);
}
