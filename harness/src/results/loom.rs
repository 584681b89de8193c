//! loom verdict files (format: `loom_tests::verdict`).

use std::path::Path;

pub use loom_tests::verdict::{LoomVerdict, Verdict};

use super::{Loaded, load_json_dir};

pub fn load(dir: &Path) -> Loaded<LoomVerdict> {
    load_json_dir(dir)
}
