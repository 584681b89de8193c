//! Turn command-line names into catalogue entries, with errors a person can act on.

use scenarios::{CatalogueError, Params, Preset, Scenario, Strategy};

/// The parameters a command asked for: a preset, overridden field by field by explicit flags.
#[derive(Debug, Default, Clone)]
pub struct ParamRequest {
    pub preset: Option<String>,
    pub threads: Option<usize>,
    pub ops: Option<usize>,
    pub limit: Option<usize>,
}

/// Resolve a request against a scenario: defaults, then the preset, then the flags,
/// then validation against the scenario's bounds.
pub fn resolve_params(
    scenario: &Scenario,
    request: &ParamRequest,
) -> Result<(Params, Option<&'static Preset>), CatalogueError> {
    let preset = request.preset.as_deref().map(|name| scenario.preset(name)).transpose()?;
    let mut params = preset.map_or(scenario.params.defaults, |p| p.params);
    if let Some(threads) = request.threads {
        params.threads = threads;
    }
    if let Some(ops) = request.ops {
        params.ops = ops;
    }
    if let Some(limit) = request.limit {
        params.limit = limit;
    }
    scenario.validate(&params)?;
    Ok((params, preset))
}

/// The strategies a command names: one by name, or all of them.
pub fn strategies(
    scenario: &Scenario,
    name: Option<&str>,
) -> Result<Vec<&'static Strategy>, CatalogueError> {
    match name {
        Some(name) => Ok(vec![scenario.strategy(name)?]),
        None => Ok(scenario.strategies.iter().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> &'static Scenario {
        scenarios::scenario("shared_counter").unwrap()
    }

    #[test]
    fn flags_override_the_preset_field_by_field() {
        let request =
            ParamRequest { preset: Some("seed-001".into()), ops: Some(7), ..Default::default() };
        let (params, preset) = resolve_params(counter(), &request).unwrap();
        assert_eq!(preset.unwrap().name, "seed-001");
        assert_eq!((params.threads, params.ops), (10, 7));
    }

    #[test]
    fn zero_threads_and_absurd_sizes_are_rejected() {
        for request in [
            ParamRequest { threads: Some(0), ..Default::default() },
            ParamRequest { ops: Some(usize::MAX), ..Default::default() },
            ParamRequest { threads: Some(100_000), ..Default::default() },
        ] {
            let err = resolve_params(counter(), &request).unwrap_err();
            assert!(matches!(err, CatalogueError::OutOfRange { .. }), "{err}");
        }
    }

    #[test]
    fn an_unknown_preset_lists_the_known_ones() {
        let request = ParamRequest { preset: Some("seed-999".into()), ..Default::default() };
        let err = resolve_params(counter(), &request).unwrap_err().to_string();
        assert!(err.contains("seed-001") && err.contains("seed-004"), "{err}");
    }
}
