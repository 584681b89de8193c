//! Embeds the hash of every source file of this crate in the binary, so every result can
//! say which code produced it (see `threadlab_results::source_hash`, included here by path
//! so that the build and the report hash with the one function).

#[path = "../results/src/source_hash.rs"]
#[allow(dead_code)]
mod source_hash;

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let workspace = Path::new(&manifest).parent().expect("scenarios/ sits in the workspace");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=../results/src/source_hash.rs");
    let mut table = String::from("&[\n");
    for (path, hash) in source_hash::scan(workspace) {
        table.push_str(&format!("    ({path:?}, {hash:?}),\n"));
    }
    table.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("sources.rs");
    std::fs::write(out, table).expect("cannot write the source table");
}
