//! Strategies from the user's own crate, registered in the style of `criterion_main!`:
//! the user names them once with [`crate::threadlab_main!`], and the same machinery that
//! checks the catalogue runs over them.

use super::{CatalogueError, Scenario, Strategy};

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
        static THREADLAB_REGISTERED: &[$crate::catalogue::Registered] = &[$(
            $crate::catalogue::Registered { scenario: &$scenario, strategies: &[$($strategy),+] }
        ),+];

        fn main() -> ::std::process::ExitCode {
            #[cfg(loom)]
            {
                ::loom_tests::user::main(THREADLAB_REGISTERED)
            }
            #[cfg(not(loom))]
            {
                ::harness::user::main(THREADLAB_REGISTERED)
            }
        }
    };
}

#[cfg(all(test, not(loom), not(shuttle)))]
mod tests {
    use super::*;
    use crate::shared_counter::SCENARIO;

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
