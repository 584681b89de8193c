//! Results that name a scenario or strategy the catalogue no longer holds: the page has no
//! row for them, so each is named in a warning instead of vanishing.

use std::path::Path;

use threadlab_results::loom::LoomVerdict;

/// One warning per loom verdict in `loom_dir` whose scenario/strategy is not catalogued.
pub fn unknown_loom_verdicts(verdicts: &[LoomVerdict], loom_dir: &Path) -> Vec<String> {
    verdicts
        .iter()
        .filter(|v| scenarios::scenario(&v.scenario).and_then(|s| s.strategy(&v.strategy)).is_err())
        .map(|v| {
            let file = loom_dir.join(LoomVerdict::file_name(&v.scenario, &v.strategy));
            format!(
                "{}: a loom verdict of {}/{}, which is not in the catalogue; not shown",
                file.display(),
                v.scenario,
                v.strategy
            )
        })
        .collect()
}
