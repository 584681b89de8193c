//! `cargo threadlab init`: a crate fresh from `cargo new` becomes a threadlab user crate.
//! Its Cargo.toml gains the dependencies (edited as TOML, its own lines kept), and
//! src/main.rs, still cargo new's hello world, becomes one example strategy registered
//! with `threadlab_main!`. Code of the user's is never overwritten: anything else is
//! refused with one line.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Key, Table, value};

use crate::cli::CargoArgs;
use crate::project::{cargo, manifest};
use crate::usage::usage;

/// The src/main.rs init writes.
pub const TEMPLATE: &str = include_str!("../template/main.rs");

/// The threadlab crates a user crate depends on, with the `[target]` cfg each is for.
const CRATES: [(&str, Option<&str>); 3] =
    [("scenarios", None), ("loom-tests", Some("cfg(loom)")), ("harness", Some("cfg(not(loom))"))];

/// The threadlab checkout this binary was built from (its crate is one folder down).
pub fn built_from() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// Set up the crate `args` names, depending on the checkout at `threadlab`.
pub fn init(args: &CargoArgs, threadlab: Option<&Path>) -> Result<ExitCode> {
    let manifest = manifest(args)?;
    let dir = manifest.parent().context("a Cargo.toml without a folder")?.to_path_buf();
    let checkout = checkout(threadlab.map_or_else(built_from, Path::to_path_buf))?;
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let standalone = is_own_workspace(&manifest);
    let (edited, notes) = edit(&text, &manifest, &checkout, standalone)?;
    let main = dir.join("src").join("main.rs");
    refuse_user_code(&main)?;
    threadlab_results::write_atomically(&main, TEMPLATE.as_bytes())
        .with_context(|| format!("writing {}", main.display()))?;
    threadlab_results::write_atomically(&manifest, edited.as_bytes())
        .with_context(|| format!("writing {}", manifest.display()))?;
    let (manifest, main) = (shown(&manifest), shown(&main));
    println!(
        "{manifest}: depends on scenarios, loom-tests (cfg(loom)) and harness (cfg(not(loom))) \
         in {}",
        checkout.display()
    );
    for note in notes {
        println!("{manifest}: {note}");
    }
    println!("{main}: one strategy, shared_counter/locked_total, registered with threadlab_main!");
    println!("next: cargo threadlab --quick");
    Ok(ExitCode::SUCCESS)
}

/// `path` from the current folder where it is under it, else whole.
fn shown(path: &Path) -> String {
    let here = std::env::current_dir().ok().and_then(|d| d.canonicalize().ok());
    let relative = here.and_then(|here| path.strip_prefix(here).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf()).display().to_string()
}

/// `dir` if it holds threadlab's crates, else one line saying what to pass.
fn checkout(dir: PathBuf) -> Result<PathBuf> {
    if CRATES.iter().all(|(name, _)| dir.join(name).join("Cargo.toml").is_file()) {
        return dir.canonicalize().with_context(|| format!("reading {}", dir.display()));
    }
    Err(usage(format!(
        "no threadlab checkout at {} (no scenarios/, loom-tests/ and harness/ there): pass \
         --threadlab DIR",
        dir.display()
    )))
}

/// cargo new's src/main.rs, which init may replace.
fn is_hello_world(text: &str) -> bool {
    text.replace("\r\n", "\n").trim() == "fn main() {\n    println!(\"Hello, world!\");\n}"
}

/// Refused unless `main` is absent or still cargo new's hello world.
fn refuse_user_code(main: &Path) -> Result<()> {
    match std::fs::read_to_string(main) {
        Ok(text) if !is_hello_world(&text) => Err(usage(format!(
            "{} is not cargo new's hello world: init never overwrites code; register your \
             strategies with scenarios::threadlab_main! there yourself (threadlab's README: \
             Check your own code)",
            main.display()
        ))),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("reading {}", main.display())),
    }
}

/// Whether cargo takes `manifest` for its own workspace root (or finds it in none:
/// cargo's advice then is an empty `[workspace]`).
fn is_own_workspace(manifest: &Path) -> bool {
    let out = Command::new(cargo())
        .args(["locate-project", "--workspace", "--message-format", "plain", "--manifest-path"])
        .arg(manifest)
        .stderr(std::process::Stdio::null())
        .output();
    match out {
        Ok(out) if out.status.success() => {
            let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            root.canonicalize().ok().as_deref() == Some(manifest)
        }
        _ => true,
    }
}

/// `text` with threadlab's dependencies and lint configuration added, and (for a crate
/// that is its own workspace root) an empty `[workspace]`, so threadlab finds its
/// results folder, `target/threadlab/`, and its `reports/` there. Notes for what was left.
fn edit(
    text: &str,
    manifest: &Path,
    checkout: &Path,
    standalone: bool,
) -> Result<(String, Vec<String>)> {
    let shown = manifest.display();
    let mut doc: DocumentMut =
        text.parse().map_err(|e| usage(format!("{shown}: not TOML cargo can read: {e}")))?;
    if !doc.contains_key("package") {
        return Err(usage(format!(
            "{shown} has no [package]: run init in a crate made by `cargo new NAME`"
        )));
    }
    if let Some(name) = CRATES.iter().map(|(n, _)| *n).find(|n| depends_on(&doc, n)) {
        return Err(usage(format!(
            "{shown} already depends on `{name}`: nothing to do (run `cargo threadlab --quick`)"
        )));
    }
    let mut notes = Vec::new();
    for (name, cfg) in CRATES {
        let path = checkout.join(name);
        let path = path.to_str().with_context(|| format!("{} is not UTF-8", path.display()))?;
        let mut dep = InlineTable::new();
        dep.insert("path", path.into());
        dependencies(&mut doc, cfg)?.insert(name, value(dep));
    }
    let lints = doc.entry("lints").or_insert_with(implicit);
    if lints.get("workspace").and_then(Item::as_bool) == Some(true) {
        notes.push(
            "inherits its workspace's lints: add check-cfg = [\"cfg(loom)\", \"cfg(shuttle)\"] \
             to the workspace's unexpected_cfgs"
                .to_owned(),
        );
    } else {
        let rust = lints.as_table_like_mut().context("[lints] is not a table")?;
        let rust = rust.entry("rust").or_insert(Item::Table(Table::new()));
        let rust = rust.as_table_like_mut().context("[lints.rust] is not a table")?;
        if rust.contains_key("unexpected_cfgs") {
            notes.push("lints.rust.unexpected_cfgs left as it was: its check-cfg needs cfg(loom) and cfg(shuttle)".to_owned());
        } else {
            let mut lint = InlineTable::new();
            lint.insert("level", "warn".into());
            lint.insert("check-cfg", Array::from_iter(["cfg(loom)", "cfg(shuttle)"]).into());
            rust.insert("unexpected_cfgs", value(lint));
        }
    }
    if standalone && !doc.contains_key("workspace") {
        let mut workspace = Table::new();
        workspace.decor_mut().set_prefix(
            "\n# Its own workspace: threadlab keeps results in its target/threadlab/ and the\n\
             # report in its reports/.\n",
        );
        doc.insert("workspace", Item::Table(workspace));
        notes.push("[workspace] added: the crate is its own workspace".to_owned());
    }
    Ok((doc.to_string(), notes))
}

/// Whether any dependency table of `doc` (plain or per target) names `name`.
fn depends_on(doc: &DocumentMut, name: &str) -> bool {
    let names =
        |t: Option<&Item>| t.and_then(Item::as_table_like).is_some_and(|t| t.contains_key(name));
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    kinds.iter().any(|k| names(doc.get(k)))
        || doc.get("target").and_then(Item::as_table_like).is_some_and(|targets| {
            targets.iter().any(|(_, t)| kinds.iter().any(|k| names(t.get(k))))
        })
}

/// A table header prints only once it holds a value: `[target]` and `[lints]`.
fn implicit() -> Item {
    let mut table = Table::new();
    table.set_implicit(true);
    Item::Table(table)
}

/// The `[dependencies]` table, or `[target.'CFG'.dependencies]` (quoted as cargo's docs
/// write it), created where missing, with a comment saying which build it is for.
fn dependencies<'d>(doc: &'d mut DocumentMut, cfg: Option<&str>) -> Result<&'d mut Table> {
    let Some(cfg) = cfg else {
        let deps = doc.entry("dependencies").or_insert(Item::Table(Table::new()));
        return deps.as_table_mut().context("[dependencies] is not a table");
    };
    let targets = doc.entry("target").or_insert_with(implicit);
    let targets = targets.as_table_mut().context("[target] is not a table")?;
    if !targets.contains_key(cfg) {
        let key: Key = format!("'{cfg}'").parse().context("a cfg as a TOML key")?;
        targets.insert_formatted(&key, implicit());
    }
    let target = targets[cfg].as_table_mut().context("a [target] entry is not a table")?;
    if !target.contains_key("dependencies") {
        let mut deps = Table::new();
        let what = if cfg == "cfg(loom)" {
            "The loom half of threadlab_main! (built with --cfg loom: cargo threadlab loom)"
        } else {
            "The stress, bench and report half of threadlab_main! (an ordinary build)"
        };
        deps.decor_mut().set_prefix(format!("\n# {what}\n"));
        target.insert("dependencies", Item::Table(deps));
    }
    target["dependencies"].as_table_mut().context("target dependencies are not a table")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARGO_NEW: &str =
        "[package]\nname = \"mine\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n";

    fn edited(text: &str, standalone: bool) -> Result<(String, Vec<String>)> {
        edit(text, Path::new("Cargo.toml"), Path::new("/tl"), standalone)
    }

    #[test]
    fn a_cargo_new_manifest_gains_the_three_crates_the_lint_and_its_workspace() {
        let (text, _) = edited(CARGO_NEW, true).unwrap();
        let doc: DocumentMut = text.parse().unwrap();
        assert_eq!(doc["dependencies"]["scenarios"]["path"].as_str(), Some("/tl/scenarios"));
        assert!(text.contains("[target.'cfg(loom)'.dependencies]"), "{text}");
        assert!(!text.contains("[lints]\n"), "no empty [lints] header: {text}");
        let loom = &doc["target"]["cfg(loom)"]["dependencies"]["loom-tests"]["path"];
        assert_eq!(loom.as_str(), Some("/tl/loom-tests"));
        let harness = &doc["target"]["cfg(not(loom))"]["dependencies"]["harness"]["path"];
        assert_eq!(harness.as_str(), Some("/tl/harness"));
        assert_eq!(doc["lints"]["rust"]["unexpected_cfgs"]["level"].as_str(), Some("warn"));
        assert!(doc.contains_key("workspace"));
        assert!(text.starts_with(CARGO_NEW), "the user's lines stay as they were:\n{text}");
        let (member, _) = edited(CARGO_NEW, false).unwrap();
        assert!(!member.parse::<DocumentMut>().unwrap().contains_key("workspace"));
    }

    #[test]
    fn a_crate_that_already_depends_on_threadlab_is_refused() {
        let twice = edited(&edited(CARGO_NEW, true).unwrap().0, true).unwrap_err();
        assert!(twice.to_string().contains("already depends on `scenarios`"), "{twice}");
        let by_target =
            format!("{CARGO_NEW}\n[target.'cfg(not(loom))'.dependencies]\nharness = \"1\"\n");
        assert!(edited(&by_target, true).unwrap_err().to_string().contains("`harness`"));
        assert!(edited("[workspace]\n", true).unwrap_err().to_string().contains("no [package]"));
    }

    #[test]
    fn only_cargo_new_s_hello_world_may_be_replaced() {
        assert!(is_hello_world("fn main() {\n    println!(\"Hello, world!\");\n}\n"));
        assert!(is_hello_world("fn main() {\r\n    println!(\"Hello, world!\");\r\n}\r\n"));
        assert!(!is_hello_world("fn main() {\n    println!(\"Hello, me!\");\n}\n"));
    }
}
