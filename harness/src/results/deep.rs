//! Verdict files of the tiers beyond loom (format: `threadlab_results::deep`), written by
//! `scripts/verify-deep.sh` under `<results>/{miri,tsan,shuttle}/`.

use std::path::{Path, PathBuf};

pub use threadlab_results::deep::{DeepStatus, DeepVerdict, Tier};

use super::{Loaded, ResultSet, load_json_dir};

/// The directory holding `miri/`, `tsan/` and `shuttle/` for a result set: the parent of its
/// loom directory (`target/threadlab` locally, the sample's own directory otherwise).
pub fn root_of(set: &ResultSet) -> PathBuf {
    set.loom_dir.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Every deep verdict under `root`, all tiers together (a missing tier directory is empty).
pub fn load(root: &Path) -> Loaded<DeepVerdict> {
    let mut all = Loaded::default();
    for tier in Tier::ALL {
        let loaded: Loaded<DeepVerdict> = load_json_dir(&root.join(tier.name()));
        all.items.extend(loaded.items.into_iter().filter(|v| v.tier == tier));
        all.warnings.extend(loaded.warnings);
    }
    all
}

/// The verdict of `tier` for one strategy, if that tier ran it.
pub fn find<'a>(
    loaded: &'a Loaded<DeepVerdict>,
    tier: Tier,
    scenario: &str,
    strategy: &str,
) -> Option<&'a DeepVerdict> {
    loaded.items.iter().find(|v| v.tier == tier && v.scenario == scenario && v.strategy == strategy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(tier: Tier, strategy: &str) -> DeepVerdict {
        DeepVerdict {
            tier,
            scenario: "shared_counter".into(),
            strategy: strategy.into(),
            expectation: "correct".into(),
            status: DeepStatus::Clean,
            threads: 2,
            ops: 2,
            limit: 0,
            runs: 16,
            failing_runs: 0,
            finding: None,
            detail: None,
            note: None,
            flags: String::new(),
            command: String::new(),
            schedule_file: None,
            seconds: 1.0,
            tool_version: "test".into(),
            recorded_at: 0,
        }
    }

    #[test]
    fn deep_verdicts_load_per_tier_and_corrupt_files_are_named() {
        let root = std::env::temp_dir().join(format!("threadlab-deep-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        verdict(Tier::Miri, "atomic").write_under(&root).unwrap();
        verdict(Tier::Shuttle, "atomic").write_under(&root).unwrap();
        std::fs::create_dir_all(root.join("tsan")).unwrap();
        std::fs::write(root.join("tsan").join("shared_counter.spin.json"), "{\"tier\": ").unwrap();
        let loaded = load(&root);
        assert_eq!(loaded.items.len(), 2);
        assert!(find(&loaded, Tier::Miri, "shared_counter", "atomic").is_some());
        assert!(find(&loaded, Tier::Tsan, "shared_counter", "atomic").is_none());
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].contains("shared_counter.spin.json"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_result_sets_deep_root_is_beside_its_loom_directory() {
        let set = ResultSet::from_dir(Path::new("/tmp/sample"));
        assert_eq!(root_of(&set), Path::new("/tmp/sample"));
    }

    #[test]
    fn the_report_shows_each_tier_beside_loom_and_not_run_where_a_tier_is_missing() {
        let root = std::env::temp_dir().join(format!("threadlab-deep-page-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let mut caught = verdict(Tier::Miri, "unsync");
        caught.expectation = "broken: lost update".into();
        caught.status = DeepStatus::Caught;
        caught.runs = 64;
        caught.failing_runs = 49;
        caught.finding = Some("invariant violated".into());
        caught.write_under(&root).unwrap();
        let mut silent = verdict(Tier::Tsan, "unsync");
        silent.status = DeepStatus::Missed;
        silent.note = Some("silent on atomic lost updates by design".into());
        silent.write_under(&root).unwrap();

        let out = root.join("out");
        let summary = crate::report::render(&out, vec![ResultSet::from_dir(&root)]).unwrap();
        let html = std::fs::read_to_string(&summary.index).unwrap();
        assert!(html.contains("49 of 64 seeds failed"), "the Miri verdict is rendered");
        assert!(html.contains("silent on atomic lost updates by design"), "TSan's caveat is shown");
        assert!(html.contains("TSan ("), "a TSan column exists");
        assert!(html.contains("not run"), "the shuttle tier, absent, reads not run");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
