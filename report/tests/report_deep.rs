//! The report reads the deep tiers' verdicts through `threadlab_results` and shows each
//! tier beside loom, with "not run" where a tier is missing.

use threadlab_results::deep::{DeepStatus, DeepVerdict, Tier};
use threadlab_results::{ResultFile, ResultSet};

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
        kinds: Vec::new(),
        detail: None,
        note: None,
        flags: String::new(),
        command: String::new(),
        schedule_file: None,
        seconds: 1.0,
        tool_version: "test".into(),
        recorded_at: 0,
        provenance: None,
    }
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
    std::fs::write(root.join("tsan").join("shared_counter.spin.json"), "{\"tier\": ").unwrap();

    let out = root.join("out");
    let summary = threadlab_report::render(
        &out,
        vec![ResultSet::from_dir(&root)],
        threadlab_report::no_seed_programs,
    )
    .unwrap();
    let html = std::fs::read_to_string(out.join("shared_counter.html")).unwrap();
    assert!(html.contains("49 of 64 seeds failed"), "the Miri verdict is rendered");
    assert!(html.contains("silent on atomic lost updates by design"), "TSan's caveat is shown");
    assert!(html.contains("TSan ("), "a TSan column exists");
    assert!(html.contains("not run"), "the shuttle tier, absent, reads not run");
    assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
    assert!(summary.warnings[0].contains("shared_counter.spin.json"), "the corrupt file is named");
    std::fs::remove_dir_all(&root).unwrap();
}
