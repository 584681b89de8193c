//! One file of each format, as threadlab wrote them, read back through this crate; the
//! formats threadlab writes must also come out byte for byte as they went in, so files
//! and samples kept from earlier runs stay readable and unchanged.

use std::path::{Path, PathBuf};

use threadlab_results::calibration::Calibration;
use threadlab_results::deep::{DeepStatus, DeepVerdict, Tier};
use threadlab_results::fairness::FairnessFile;
use threadlab_results::harness_cost::HarnessCostFile;
use threadlab_results::loom::{LoomVerdict, Verdict};
use threadlab_results::noise::Noise;
use threadlab_results::proof_depth::DepthFile;
use threadlab_results::seeds::SeedsFile;
use threadlab_results::speedup::SpeedupFile;
use threadlab_results::stress::{Grade, StrategyVerdict, StressFile};
use threadlab_results::{Format, Provenance, ResultSet, file};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join("sample")
}

/// Write `value` as its writer does and compare with the fixture's bytes.
fn assert_rewrites_identically<T: Format>(value: &T, fixture: &Path) {
    let out = std::env::temp_dir()
        .join(format!("threadlab-fixture-{}", std::process::id()))
        .join(fixture.file_name().unwrap());
    file::write(&out, value).unwrap();
    let written = std::fs::read_to_string(&out).unwrap();
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
    let root = sample();
    fn same<T: Format>(root: &Path, relative: &str) {
        let path = root.join(relative);
        assert_rewrites_identically(&file::read::<T>(&path).unwrap(), &path);
    }
    same::<StressFile>(&root, "stress/shared_counter.json");
    same::<LoomVerdict>(&root, "loom/shared_counter.atomic.json");
    same::<DeepVerdict>(&root, "miri/shared_counter.unsync.json");
    same::<FairnessFile>(&root, "fairness/shared_counter.json");
    same::<Calibration>(&root, "calibration.json");
    same::<DepthFile>(&root, "depth/shared_counter.atomic.json");
    same::<SpeedupFile>(&root, "speedup/io_vs_cpu.json");
    same::<HarnessCostFile>(&root, "harness-cost/shared_counter.json");
    same::<SeedsFile>(&root, "seeds.json");
    same::<Noise>(&root, &format!("{BENCH}/threadlab-noise.json"));
    same::<Provenance>(&root, &format!("{BENCH}/threadlab-provenance.json"));
}

/// The benchmark of the sample, where criterion's files and threadlab's sidecars are.
const BENCH: &str = "criterion/shared_counter/atomic/2";

/// Every file of the sample threadlab wrote, with its format version.
fn threadlab_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for path in std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if !path.parent().unwrap().ends_with("new") {
                files.push(path); // criterion's own files live in `new/`
            }
        }
    }
    files.sort();
    files
}

fn copy_tree(from: &Path, to: &Path) {
    for path in threadlab_files(from).into_iter().chain(criterion_files(from)) {
        let target = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&path, &target).unwrap();
    }
}

fn criterion_files(root: &Path) -> Vec<PathBuf> {
    let new = root.join(BENCH).join("new");
    vec![new.join("benchmark.json"), new.join("estimates.json")]
}

/// Every warning and how many results each loader of a set found.
fn read_all(set: &ResultSet) -> (usize, Vec<String>) {
    let mut warnings = Vec::new();
    let mut count = 0;
    let mut add = |n: usize, w: Vec<String>| {
        count += n;
        warnings.extend(w);
    };
    let (l, d, s) = (set.loom(), set.deep(), set.stress());
    add(l.items.len(), l.warnings);
    add(d.items.len(), d.warnings);
    add(s.items.len(), s.warnings);
    let (f, p, h, c) = (set.fairness(), set.speedup(), set.harness_cost(), set.criterion());
    add(f.items.len(), f.warnings);
    add(p.items.len(), p.warnings);
    add(h.items.len(), h.warnings);
    add(c.items.len(), c.warnings);
    let depth = set.depth();
    add(depth.items.len(), depth.warnings);
    for one in [set.calibration().map(|c| c.is_some()), set.seeds().map(|s| s.is_some())] {
        match one {
            Ok(found) => add(usize::from(found), Vec::new()),
            Err(w) => add(0, vec![w]),
        }
    }
    (count, warnings)
}

#[test]
fn a_copy_of_any_file_from_a_newer_format_is_left_out_with_one_warning_naming_it() {
    let sample = sample();
    let (all, warnings) = read_all(&ResultSet::from_dir(&sample));
    assert!(warnings.is_empty(), "{warnings:?}");
    let files = threadlab_files(&sample);
    assert_eq!(files.len(), 11, "one file of each format: {files:?}");
    for (i, file) in files.iter().enumerate() {
        let copy = std::env::temp_dir().join(format!("threadlab-newer-{}-{i}", std::process::id()));
        let _ = std::fs::remove_dir_all(&copy);
        copy_tree(&sample, &copy);
        let target = copy.join(file.strip_prefix(&sample).unwrap());
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.contains("\"format_version\": 1,"), "{}", target.display());
        std::fs::write(
            &target,
            text.replacen("\"format_version\": 1,", "\"format_version\": 2,", 1),
        )
        .unwrap();
        let (left, warnings) = read_all(&ResultSet::from_dir(&copy));
        assert_eq!(left, all - 1, "{} is left out", target.display());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let named = target.display().to_string();
        assert!(warnings[0].contains(&named), "{warnings:?}");
        assert!(warnings[0].contains("version 2, newer than this threadlab reads (version 1)"));
        std::fs::remove_dir_all(&copy).unwrap();
    }
}
