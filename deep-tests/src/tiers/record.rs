//! The one loop every tier goes through: build, examine each strategy, print its progress
//! line, build its [`DeepVerdict`] (here and nowhere else), and write the verdict files.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use threadlab_results::ResultFile;

use anyhow::{Context, Result};
use scenarios::{Scenario, Strategy};
use threadlab_results::Provenance;
use threadlab_results::deep::{DeepStatus, DeepVerdict, Tier};

use super::tier::{DeepTier, Examination, Reading, judge};

/// What one tier did: its verdicts, or why it did not run.
pub struct TierRun {
    /// The tier.
    pub tier: Tier,
    /// One verdict per strategy examined (empty when the tier did not run).
    pub verdicts: Vec<DeepVerdict>,
    /// Why the tier did not run (its tool missing, its runner not built), if it did not.
    pub not_run: Option<String>,
    /// Wall time of the whole tier, build included.
    pub seconds: f64,
}

/// Run `tier` over `subjects` and write its verdicts under `root`. A tier that cannot build
/// or start its tool did not run (and writes nothing); only a verdict that cannot be written
/// is an error. With `replace_all` (a run over the whole catalogue) the tier's old verdicts
/// are removed first, so a strategy that left the catalogue does not linger in the report.
pub fn run_tier(
    tier: &mut dyn DeepTier,
    subjects: &[(&'static Scenario, &'static Strategy)],
    root: &Path,
    replace_all: bool,
) -> Result<TierRun> {
    let name = tier.tier().name();
    let started = Instant::now();
    eprintln!("== {name} tier: {} strategies", subjects.len());
    let result = examine_all(tier, subjects);
    let seconds = started.elapsed().as_secs_f64();
    let run = match result {
        Ok(verdicts) => {
            if replace_all {
                clear_tier_dir(&root.join(name));
            }
            for verdict in &verdicts {
                verdict.write_under(root).with_context(|| {
                    format!("writing the {name} verdict under {}", root.display())
                })?;
            }
            TierRun { tier: tier.tier(), verdicts, not_run: None, seconds }
        }
        Err(e) => {
            eprintln!("threadlab-deep: the {name} tier DID NOT RUN: {e:#}");
            // Its old verdicts would read as this run's: remove those it would have replaced.
            let removed = remove_verdicts(root, tier.tier(), subjects);
            if removed > 0 {
                eprintln!(
                    "threadlab-deep: removed {removed} earlier {name} verdicts it would have replaced"
                );
            }
            TierRun {
                tier: tier.tier(),
                verdicts: Vec::new(),
                not_run: Some(format!("{e:#}")),
                seconds,
            }
        }
    };
    eprintln!("== {name} tier done in {seconds:.1} s");
    Ok(run)
}

fn examine_all(
    tier: &mut dyn DeepTier,
    subjects: &[(&'static Scenario, &'static Strategy)],
) -> Result<Vec<DeepVerdict>> {
    tier.build()?;
    let mut verdicts = Vec::new();
    for &(scenario, strategy) in subjects {
        let examination = tier.examine(scenario, strategy)?;
        let verdict =
            verdict(tier.tier(), tier.tool_version(), scenario, strategy, examination, now());
        if verdict.status != DeepStatus::NotApplicable {
            eprintln!(
                "   {} {}/{}: {:?} ({}, {:.1} s)",
                tier.tier().name(),
                scenario.name,
                strategy.name,
                verdict.status,
                tier.progress(verdict.runs, verdict.failing_runs),
                verdict.seconds
            );
        }
        verdicts.push(verdict);
    }
    Ok(verdicts)
}

/// The verdict of one strategy: the examination judged against the strategy's expectation.
pub fn verdict(
    tier: Tier,
    tool_version: &str,
    scenario: &Scenario,
    strategy: &Strategy,
    ex: Examination,
    recorded_at: u64,
) -> DeepVerdict {
    let kinds = ex.kinds.clone();
    let (status, finding, detail, note) = match ex.reading {
        Reading::Ran { found } => {
            let status = judge(strategy, found, &ex);
            let note =
                if status == DeepStatus::Missed { ex.silence_note.or(ex.note) } else { ex.note };
            (status, ex.finding, ex.detail, note)
        }
        Reading::NotApplicable { why } => (DeepStatus::NotApplicable, None, None, Some(why)),
        Reading::Error { why } => (DeepStatus::Error, None, Some(why), ex.note),
    };
    DeepVerdict {
        tier,
        scenario: scenario.name.to_owned(),
        strategy: strategy.name.to_owned(),
        expectation: expectation_text(strategy),
        status,
        threads: ex.params.threads,
        ops: ex.params.ops,
        limit: ex.params.limit,
        runs: ex.runs,
        failing_runs: ex.failing_runs,
        finding,
        kinds,
        detail,
        note,
        flags: ex.flags,
        command: ex.command,
        schedule_file: ex.schedule_file,
        seconds: ex.seconds,
        tool_version: tool_version.to_owned(),
        recorded_at,
        provenance: Some(Provenance::record(
            threadlab_results::paths::current_workspace().as_deref(),
            tier.name(),
            tool_version,
            scenario.built_source_hash(strategy),
            BTreeMap::new(),
        )),
    }
}

fn expectation_text(strategy: &Strategy) -> String {
    strategy.expectation.to_string()
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Remove `tier`'s verdict files for `subjects` under `root`; returns how many existed.
fn remove_verdicts(
    root: &Path,
    tier: Tier,
    subjects: &[(&'static Scenario, &'static Strategy)],
) -> usize {
    let dir = root.join(tier.name());
    subjects
        .iter()
        .filter(|(scenario, strategy)| {
            std::fs::remove_file(dir.join(DeepVerdict::file_name(scenario.name, strategy.name)))
                .is_ok()
        })
        .count()
}

/// Remove a tier's old verdicts before a full run writes the new ones.
fn clear_tier_dir(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "json") {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scenarios::Params;

    fn pair(strategy: &str) -> (&'static Scenario, &'static Strategy) {
        let scenario = scenarios::scenario("shared_counter").unwrap();
        (scenario, scenario.strategy(strategy).unwrap())
    }

    fn ran(found: bool) -> Examination {
        let mut ex =
            Examination::new(Params { threads: 2, ops: 3, limit: 4 }, Reading::Ran { found });
        ex.note = Some("always".into());
        ex.silence_note = Some("blind to it".into());
        ex.finding = found.then(|| "data race".into());
        if found {
            ex.classify(Some(scenarios::ViolationKind::DataRace));
        }
        ex.runs = 8;
        ex.failing_runs = u64::from(found);
        ex
    }

    #[test]
    fn a_missed_bug_carries_the_tiers_silence_note_and_a_caught_one_its_finding() {
        let (scenario, unsync) = pair("racy_ptr");
        let missed = verdict(Tier::Tsan, "v", scenario, unsync, ran(false), 7);
        assert_eq!(missed.status, DeepStatus::Missed);
        assert_eq!(missed.note.as_deref(), Some("blind to it"));
        assert!(missed.expectation.starts_with("broken: "));
        let caught = verdict(Tier::Tsan, "v", scenario, unsync, ran(true), 7);
        assert_eq!(caught.status, DeepStatus::Caught);
        assert_eq!(caught.note.as_deref(), Some("always"));
        assert_eq!(caught.finding.as_deref(), Some("data race"));
        assert_eq!(caught.kinds, [scenarios::ViolationKind::DataRace]);
        assert_eq!((caught.threads, caught.ops, caught.limit), (2, 3, 4));
        assert_eq!((caught.runs, caught.failing_runs, caught.recorded_at), (8, 1, 7));
        assert_eq!(caught.tool_version, "v");
    }

    #[test]
    fn an_error_keeps_no_finding_and_not_applicable_says_why() {
        let (scenario, atomic) = pair("atomic");
        let mut ex = ran(true);
        ex.reading = Reading::Error { why: "crashed".into() };
        let error = verdict(Tier::Miri, "v", scenario, atomic, ex, 0);
        assert_eq!(error.status, DeepStatus::Error);
        assert_eq!((error.finding, error.detail.as_deref()), (None, Some("crashed")));
        assert_eq!(error.expectation, "correct");
        let mut ex = ran(false);
        ex.reading = Reading::NotApplicable { why: "threads it did not create".into() };
        let na = verdict(Tier::Shuttle, "v", scenario, atomic, ex, 0);
        assert_eq!(na.status, DeepStatus::NotApplicable);
        assert_eq!(na.note.as_deref(), Some("threads it did not create"));
    }
}
