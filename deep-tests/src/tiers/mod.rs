//! The tier machinery, for threadlab's own catalogue (`threadlab-deep`) and for a user
//! crate's registered strategies (`harness::user`'s `deep` command) alike: each tier builds
//! its tool's runner for a [`Target`], examines one strategy at a time in a process of its
//! own, writes the verdict files ([`threadlab_results::deep`]) and [`print_table`] prints
//! the matrix and the judgement of the whole run.

mod miri;
mod process;
mod record;
mod shuttle;
mod table;
mod target;
mod tier;
mod tsan;

use anyhow::Result;
use scenarios::{Scenario, Strategy};
use threadlab_results::deep::Tier;

pub use record::TierRun;
pub use table::print_table;
pub use target::Target;
pub use tier::Setup;

/// Run each of `tiers` over `subjects` in turn, writing their verdicts under `setup.root`.
/// A tier that cannot build or start its tool is a [`TierRun`] with `not_run` set, not an
/// error; only a verdict that cannot be written is. With `replace_all` (a run over every
/// subject there is) each tier's old verdicts are removed first.
pub fn run_tiers(
    setup: &Setup,
    tiers: &[Tier],
    subjects: &[(&'static Scenario, &'static Strategy)],
    replace_all: bool,
) -> Result<Vec<TierRun>> {
    let mut runs = Vec::new();
    for &tier in tiers {
        let mut tier = tier::for_tier(tier, setup);
        runs.push(record::run_tier(tier.as_mut(), subjects, &setup.root, replace_all)?);
    }
    Ok(runs)
}
