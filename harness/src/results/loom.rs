//! loom verdict files (format: `threadlab_results::loom`).

use std::path::Path;

pub use threadlab_results::loom::{LoomVerdict, Verdict};

use super::{Loaded, load_json_dir};

pub fn load(dir: &Path) -> Loaded<LoomVerdict> {
    load_json_dir(dir)
}
