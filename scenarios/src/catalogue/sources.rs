//! The hash of the code each strategy was built from, embedded at build time
//! (`scenarios/build.rs`), so a result records the code that ran even from a copied binary.

use super::{Scenario, Strategy};

/// `(path relative to the workspace, SHA-256)` of every file under `scenarios/src` when
/// this crate was built.
pub const BUILT_SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/sources.rs"));

impl Scenario {
    /// The `source_hash` of `strategy` as built into this binary: its files, this
    /// scenario's shared files, the facade, the catalogue and the worker code.
    pub fn built_source_hash(&self, strategy: &Strategy) -> Option<String> {
        self.source_hash_in(strategy, BUILT_SOURCES)
    }

    /// The `source_hash` of `strategy` read from `table` (e.g. a scan of the tree now).
    pub fn source_hash_in<P: AsRef<str>, H: AsRef<str>>(
        &self,
        strategy: &Strategy,
        table: &[(P, H)],
    ) -> Option<String> {
        threadlab_results::source_hash::strategy_hash(
            table,
            &strategy.sources(),
            self.shared_sources,
        )
    }
}
