//! Strategies from the user's own crate, registered in the style of `criterion_main!`:
//! the user names them once with [`crate::threadlab_main!`], and the same machinery that
//! checks the catalogue runs over them.

use std::sync::OnceLock;

use threadlab_results::violation;

use super::{CatalogueError, Scenario, Strategy, ViolationKind};

/// Strategies a crate registers for one scenario of the catalogue.
pub struct Registered {
    /// The scenario they implement (its check, loom size and stress size judge them).
    pub scenario: &'static Scenario,
    /// The crate's own strategies, each declared with an [`super::About`].
    pub strategies: &'static [Strategy],
}

impl Registered {
    /// The scenario with the registered strategies in place of its built-in ones, so the
    /// runners see exactly these. A name that collides with a built-in strategy of the
    /// scenario (or another registered one) is refused, naming it.
    pub fn scenario(&self) -> Result<&'static Scenario, CatalogueError> {
        for (i, strategy) in self.strategies.iter().enumerate() {
            let twice = self.strategies[..i].iter().any(|s| s.name == strategy.name);
            if twice || self.scenario.strategy(strategy.name).is_ok() {
                return Err(CatalogueError::NameTaken {
                    scenario: self.scenario.name,
                    name: strategy.name.to_owned(),
                });
            }
        }
        Ok(Box::leak(Box::new(Scenario { strategies: self.strategies, ..*self.scenario })))
    }

    /// Register, for this process, each user violation kind these strategies' Broken
    /// expectations name (so files and child processes read them back with their titles);
    /// a built-in kind's slug, or one slug under two titles, is refused, naming it.
    pub fn register_kinds(&self) -> Result<(), CatalogueError> {
        for strategy in self.strategies {
            if let Some(ViolationKind::User(kind)) = strategy.expectation.violation_kind() {
                violation::user::register(kind).map_err(|error| CatalogueError::Kind {
                    scenario: self.scenario.name,
                    strategy: strategy.name,
                    error,
                })?;
            }
        }
        Ok(())
    }
}

/// A user crate's registration, as `threadlab_main!` writes it: where the crate is and
/// what it registered.
pub struct UserCrate {
    /// The crate's directory (`env!("CARGO_MANIFEST_DIR")` expanded in the user's crate):
    /// its own source files are found, and hashed, from here.
    pub dir: &'static str,
    /// The strategies (and scenarios) it registered.
    pub registered: &'static [Registered],
}

/// The crate that registered, set once before the catalogue is first read.
static USER: OnceLock<&'static UserCrate> = OnceLock::new();
/// The catalogue as every reader sees it, built on first read.
static MERGED: OnceLock<Vec<&'static Scenario>> = OnceLock::new();

/// Register a user crate's strategies for the whole process: from then on
/// [`crate::catalogue()`] holds them after the built-in strategies of their scenario (the
/// built-in ones are the reference rows), and a scenario of the crate's own after the
/// built-in scenarios. Refused after the catalogue was first read (it would have been read
/// without them), or a second time, or where a name is taken.
///
/// The crate's own source files are hashed here, so its results say which code they
/// judge; the `Ok` value holds the warnings to show (one line each) where they cannot be
/// trusted to be the code built into this binary (see [`super::sources`]).
pub fn register_user(user: &'static UserCrate) -> Result<Vec<String>, CatalogueError> {
    for r in user.registered {
        r.scenario()?;
        r.register_kinds()?;
    }
    if MERGED.get().is_some() {
        return Err(CatalogueError::RegisteredLate);
    }
    USER.set(user).map_err(|_| CatalogueError::RegisteredLate)?;
    if MERGED.get().is_some() {
        return Err(CatalogueError::RegisteredLate);
    }
    let mut warnings: Vec<String> =
        super::sources::record_user_sources(user).err().into_iter().collect();
    warnings.extend(outside_workspace(user));
    Ok(warnings)
}

/// Where threadlab will not find the crate's workspace from the current folder (no
/// `Cargo.toml` with a `[workspace]` table around it, and no `THREADLAB_RESULTS`), so its
/// results would land in `./threadlab-results` while criterion writes under `target/`: a
/// line saying so, and how to mend it.
fn outside_workspace(user: &UserCrate) -> Option<String> {
    if std::env::var_os(threadlab_results::paths::RESULTS_VAR).is_some() {
        return None;
    }
    let canonical = |p: &std::path::Path| p.canonicalize().unwrap_or_else(|_| p.to_owned());
    let dir = canonical(std::path::Path::new(user.dir));
    let found = threadlab_results::paths::current_workspace().map(|w| canonical(&w));
    if found.as_ref().is_some_and(|w| dir.starts_with(w)) {
        return None;
    }
    Some(format!(
        "{}/Cargo.toml is not inside a workspace threadlab finds from here (a Cargo.toml with \
         a [workspace] table): results go to {}; add an empty [workspace] table to the \
         crate's Cargo.toml (cargo threadlab init does) and run from inside the crate",
        user.dir,
        threadlab_results::paths::results_root().map_or_else(|e| e, |r| r.display().to_string())
    ))
}

/// Whether `scenario/strategy` is one a user crate registered (not a built-in one).
pub fn from_user(scenario: &str, strategy: &str) -> bool {
    USER.get().is_some_and(|user| {
        user.registered
            .iter()
            .any(|r| r.scenario.name == scenario && r.strategies.iter().any(|s| s.name == strategy))
    })
}

/// `built_in` with the registered strategies in place: built once, on first read.
pub(crate) fn merged(built_in: &'static [&'static Scenario]) -> &'static [&'static Scenario] {
    MERGED.get_or_init(|| merge(built_in, USER.get().map_or(&[], |u| u.registered)))
}

/// The scenarios a report of this process shows: the whole catalogue, or where a crate
/// registered, only the scenarios it registered strategies for (with the built-in
/// reference rows of each), so a user's report is about the user's code.
pub fn reported() -> Vec<&'static Scenario> {
    let all = crate::catalogue();
    match USER.get() {
        None => all.to_vec(),
        Some(user) => all
            .iter()
            .filter(|s| user.registered.iter().any(|r| r.scenario.name == s.name))
            .copied()
            .collect(),
    }
}

/// The scenarios a registered crate's runs go over: each scenario it registered for, with
/// the built-in strategies of that scenario first (the reference rows, measured on the
/// same machine in the same run), or, with `only_mine`, the crate's strategies alone.
/// Call after [`register_user`].
pub fn user_runs(
    user: &'static UserCrate,
    only_mine: bool,
) -> Result<Vec<&'static Scenario>, CatalogueError> {
    if only_mine {
        return user.registered.iter().map(Registered::scenario).collect();
    }
    Ok(reported())
}

/// The crate that registered its strategies in this process, if one did.
pub fn user_crate() -> Option<&'static UserCrate> {
    USER.get().copied()
}

/// `built_in` with each of `registered`'s strategies after those of its scenario.
fn merge(
    built_in: &'static [&'static Scenario],
    registered: &'static [Registered],
) -> Vec<&'static Scenario> {
    let mut all = built_in.to_vec();
    for r in registered {
        // A scenario of the crate's own joins the catalogue as it declared itself.
        let at = all.iter().position(|s| s.name == r.scenario.name).unwrap_or_else(|| {
            all.push(r.scenario);
            all.len() - 1
        });
        let own = all[at];
        let strategies: Vec<Strategy> =
            own.strategies.iter().chain(r.strategies).map(|s| Strategy { ..*s }).collect();
        let strategies: &'static [Strategy] = strategies.leak();
        all[at] = Box::leak(Box::new(Scenario { strategies, ..*own }));
    }
    all
}

/// The `main` of a user's threadlab target: names the crate's strategies per scenario,
/// once, and runs them through loom (built with `RUSTFLAGS="--cfg loom"`: every strategy
/// model-checked in a process of its own, verdict files and counter-examples included)
/// or stress (an ordinary build: worker processes and watchdog included). Results land
/// under the user's workspace, `target/threadlab/`.
///
/// The target's crate depends on `scenarios`, on `loom-tests` for `cfg(loom)` and on
/// `harness` for `cfg(not(loom))`:
///
/// ```toml
/// [target.'cfg(loom)'.dependencies]
/// loom-tests = { path = "../threadlab/loom-tests" }
/// [target.'cfg(not(loom))'.dependencies]
/// harness = { path = "../threadlab/harness" }
/// ```
///
/// ```ignore
/// scenarios::threadlab_main!(scenarios::shared_counter::SCENARIO => [TICKET, BROKEN]);
/// ```
#[macro_export]
macro_rules! threadlab_main {
    ($($scenario:path => [$($strategy:expr),+ $(,)?]),+ $(,)?) => {
        static THREADLAB_CRATE: $crate::catalogue::UserCrate = $crate::catalogue::UserCrate {
            dir: env!("CARGO_MANIFEST_DIR"),
            registered: &[$(
                $crate::catalogue::Registered { scenario: &$scenario, strategies: &[$($strategy),+] }
            ),+],
        };

        fn main() -> ::std::process::ExitCode {
            #[cfg(loom)]
            {
                ::loom_tests::user::main(&THREADLAB_CRATE)
            }
            #[cfg(not(loom))]
            {
                ::harness::user::main(&THREADLAB_CRATE)
            }
        }
    };
}

#[cfg(all(test, not(loom), not(shuttle)))]
mod tests {
    use super::*;
    use crate::shared_counter::SCENARIO;

    #[test]
    fn registered_strategies_follow_the_built_in_ones_of_their_scenario() {
        // A catalogue of its own (the process-wide one is left to the other tests).
        let built_in: &'static [&'static Scenario] = Box::leak(Box::new([&SCENARIO]));
        let mine = Strategy { name: "mine", ..SCENARIO.strategies[0] };
        let registered: &'static [Registered] = Box::leak(Box::new([Registered {
            scenario: &SCENARIO,
            strategies: Box::leak(Box::new([mine])),
        }]));
        let merged = merge(built_in, registered);
        let names: Vec<&str> = merged[0].strategies.iter().map(|s| s.name).collect();
        assert_eq!(names.len(), SCENARIO.strategies.len() + 1);
        assert_eq!(names.last(), Some(&"mine"));
        assert_eq!(names[0], SCENARIO.strategies[0].name);
    }

    #[test]
    fn a_registered_scenario_holds_only_the_registered_strategies() {
        let mine = Strategy { name: "mine", ..SCENARIO.strategies[0] };
        let registered =
            Registered { scenario: &SCENARIO, strategies: Box::leak(Box::new([mine])) };
        let scenario = registered.scenario().unwrap();
        assert_eq!(scenario.strategies.iter().map(|s| s.name).collect::<Vec<_>>(), ["mine"]);
        assert_eq!(scenario.name, SCENARIO.name);
    }

    #[test]
    fn a_user_kind_with_a_built_in_slug_is_refused_with_one_line() {
        use crate::catalogue::{Expectation, UserKind};
        let kind = ViolationKind::User(UserKind { slug: "lost-update", title: "mine" });
        let expectation = Expectation::Broken { kind, bug: "mine" };
        let mine = Strategy { name: "mine", expectation, ..SCENARIO.strategies[0] };
        let registered =
            Registered { scenario: &SCENARIO, strategies: Box::leak(Box::new([mine])) };
        let err = registered.register_kinds().expect_err("a built-in slug is refused");
        assert_eq!(
            err.to_string(),
            "scenario `shared_counter`, strategy `mine`: user violation kind `lost-update` has \
             a built-in kind's slug: give yours another"
        );
    }

    #[test]
    fn a_name_taken_by_a_built_in_strategy_is_refused_with_one_line() {
        let taken = Strategy { ..SCENARIO.strategies[0] };
        let registered =
            Registered { scenario: &SCENARIO, strategies: Box::leak(Box::new([taken])) };
        let err = registered.scenario().err().expect("a collision is refused");
        assert_eq!(
            err.to_string(),
            format!(
                "scenario `shared_counter` already has a strategy `{}`: give yours another name",
                SCENARIO.strategies[0].name
            )
        );
    }
}
