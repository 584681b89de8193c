//! Turn command-line names into catalogue entries, with errors a person can act on.

use scenarios::catalogue::TimeScaleError;
use scenarios::{CatalogueError, Params, Preset, Scenario, Strategy, TimeScale};

/// The parameters a command asked for: a preset, overridden field by field by explicit flags.
#[derive(Debug, Default, Clone)]
pub struct ParamRequest {
    pub preset: Option<String>,
    pub threads: Option<usize>,
    pub ops: Option<usize>,
    pub limit: Option<usize>,
    /// `--time-scale`: a factor on the seeds' own seconds.
    pub time_scale: Option<f64>,
}

/// The most work one run may be asked for: threads x ops x limit (a limit of 0 counting as
/// 1). Each knob alone has its own maximum; this caps their product, so that no
/// combination of sane-looking flags runs for hours.
pub const WORK_CAP: u128 = 1_000_000_000;

/// The longest one run may sleep (where the scenario's limit is a sleep), counted apart
/// from [`WORK_CAP`]: ten thousand tasks of 100 s each are few units of work but 11 days.
pub const SLEEP_CAP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Why a parameter request was refused.
#[derive(Debug, thiserror::Error)]
pub enum ParamError {
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    #[error(transparent)]
    TimeScale(#[from] TimeScaleError),
    #[error("--time-scale: `{0}` keeps none of the seeds' sleeps (no timeline, no timed knob)")]
    Untimed(&'static str),
    #[error("--limit: `{0}` has no third knob (see `threadlab list`)")]
    NoLimit(&'static str),
    #[error(
        "threads x ops x limit = {work} for `{scenario}` is above the cap of {WORK_CAP} units of work per run; lower one of them"
    )]
    TooMuchWork { scenario: &'static str, work: u128 },
    #[error(
        "`{scenario}` at these sizes sleeps {} s in all, above the cap of {} s per run; lower --ops or --limit",
        slept.as_secs(),
        SLEEP_CAP.as_secs()
    )]
    TooMuchSleep { scenario: &'static str, slept: std::time::Duration },
}

/// `--limit` given to a scenario without a third knob is refused, never ignored.
pub fn check_has_limit(scenario: &Scenario) -> Result<(), ParamError> {
    match scenario.params.limit {
        Some(_) => Ok(()),
        None => Err(ParamError::NoLimit(scenario.name)),
    }
}

/// Refuse parameters whose product is above [`WORK_CAP`], or whose sleeps add up to more
/// than [`SLEEP_CAP`].
pub fn check_work(scenario: &Scenario, params: &Params) -> Result<(), ParamError> {
    let work = params.threads as u128 * params.ops as u128 * params.limit.max(1) as u128;
    if work > WORK_CAP {
        return Err(ParamError::TooMuchWork { scenario: scenario.name, work });
    }
    let sleeps = scenario.params.limit.and_then(|limit| limit.sleeps);
    if let Some(slept) = sleeps.map(|sleeps| sleeps(params)).filter(|s| *s > SLEEP_CAP) {
        return Err(ParamError::TooMuchSleep { scenario: scenario.name, slept });
    }
    Ok(())
}

/// What a request resolved to: the parameters, the preset they came from, and the time
/// scale of the seeds' sleeps (`None` where neither a preset nor `--time-scale` asked for
/// the seeds' timing).
#[derive(Debug, Clone, Copy)]
pub struct Resolved {
    pub params: Params,
    pub preset: Option<&'static Preset>,
    pub scale: Option<TimeScale>,
}

/// Resolve a request against a scenario: defaults, then the preset, then the time scale
/// (a preset runs at [`TimeScale::PRESET_DEFAULT`] unless told otherwise; where the
/// scenario's limit is a time, the scale sets it), then the flags, then validation against
/// the scenario's bounds and the [`WORK_CAP`].
pub fn resolve_params(scenario: &Scenario, request: &ParamRequest) -> Result<Resolved, ParamError> {
    let preset = request.preset.as_deref().map(|name| scenario.preset(name)).transpose()?;
    let mut params = preset.map_or(scenario.params.defaults, |p| p.params);
    let scale = match request.time_scale {
        Some(_) if !scenario.timing.keeps_seed_time() => {
            return Err(ParamError::Untimed(scenario.name));
        }
        Some(factor) => Some(TimeScale::new(factor)?),
        None => preset.map(|_| TimeScale::PRESET_DEFAULT),
    };
    if let Some(limit) = scale.and_then(|scale| scenario.timing.scaled_limit(scale)) {
        params.limit = limit;
    }
    if let Some(threads) = request.threads {
        params.threads = threads;
    }
    if let Some(ops) = request.ops {
        params.ops = ops;
    }
    if let Some(limit) = request.limit {
        check_has_limit(scenario)?;
        params.limit = limit;
    }
    scenario.validate(&params)?;
    check_work(scenario, &params)?;
    Ok(Resolved { params, preset, scale })
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
        let Resolved { params, preset, scale } = resolve_params(counter(), &request).unwrap();
        assert_eq!(preset.unwrap().name, "seed-001");
        assert_eq!(scale, Some(TimeScale::PRESET_DEFAULT));
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
            assert!(matches!(err, ParamError::Catalogue(CatalogueError::OutOfRange { .. })));
        }
    }

    #[test]
    fn a_product_above_the_cap_is_refused_and_every_catalogued_set_is_below_it() {
        let request =
            ParamRequest { threads: Some(256), ops: Some(100_000_000), ..Default::default() };
        let err = resolve_params(counter(), &request).unwrap_err().to_string();
        assert!(err.contains("above the cap of 1000000000"), "{err}");
        let io = scenarios::scenario("io_vs_cpu").unwrap();
        let request =
            ParamRequest { ops: Some(100_000), limit: Some(100_000), ..Default::default() };
        assert!(matches!(resolve_params(io, &request), Err(ParamError::TooMuchWork { .. })));
        for scenario in scenarios::catalogue() {
            let mut sets = vec![scenario.params.defaults, scenario.stress.params];
            sets.extend(scenario.presets.iter().map(|p| p.params));
            for params in sets {
                check_work(scenario, &params).unwrap();
            }
        }
    }

    #[test]
    fn a_limit_for_a_scenario_without_one_is_refused() {
        let request = ParamRequest { limit: Some(5), ..Default::default() };
        let err = resolve_params(counter(), &request).unwrap_err().to_string();
        assert_eq!(err, "--limit: `shared_counter` has no third knob (see `threadlab list`)");
        let semaphore = scenarios::scenario("semaphore").unwrap();
        assert_eq!(resolve_params(semaphore, &request).unwrap().params.limit, 5);
    }

    #[test]
    fn sleeps_are_capped_beside_the_work() {
        // Issue 26, case 11: 10,000 tasks of 100 s is 1e9 units of work, at the cap, but
        // 11 days of sleep.
        let io = scenarios::scenario("io_vs_cpu").unwrap();
        let request = ParamRequest {
            threads: Some(1),
            ops: Some(10_000),
            limit: Some(100_000),
            ..Default::default()
        };
        let err = resolve_params(io, &request).unwrap_err();
        assert!(matches!(err, ParamError::TooMuchSleep { .. }), "{err}");
        assert!(err.to_string().contains("sleeps 1000000 s in all"), "{err}");
        let timer = scenarios::scenario("timer").unwrap();
        let long = ParamRequest { ops: Some(1_000), limit: Some(10_000), ..Default::default() };
        assert!(matches!(resolve_params(timer, &long), Err(ParamError::TooMuchSleep { .. })));
        let short = ParamRequest { ops: Some(10), limit: Some(100), ..Default::default() };
        resolve_params(timer, &short).unwrap();
    }

    #[test]
    fn the_time_scale_sets_the_timers_tick_unless_the_limit_is_given() {
        let timer = scenarios::scenario("timer").unwrap();
        let ask = |time_scale, limit| ParamRequest {
            preset: Some("seed-003".into()),
            time_scale,
            limit,
            ..Default::default()
        };
        assert_eq!(resolve_params(timer, &ask(None, None)).unwrap().params.limit, 5);
        assert_eq!(resolve_params(timer, &ask(Some(1.0), None)).unwrap().params.limit, 100);
        assert_eq!(resolve_params(timer, &ask(Some(1.0), Some(7))).unwrap().params.limit, 7);
        let err = resolve_params(timer, &ask(Some(0.0), None)).unwrap_err().to_string();
        assert!(err.contains("--time-scale"), "{err}");
        let io = scenarios::scenario("io_vs_cpu").unwrap();
        let scaled = ParamRequest { time_scale: Some(1.0), ..Default::default() };
        let err = resolve_params(io, &scaled).unwrap_err().to_string();
        assert!(err.contains("keeps none of the seeds' sleeps"), "{err}");
        let plain = ParamRequest::default();
        assert_eq!(resolve_params(counter(), &plain).unwrap().scale, None);
    }

    #[test]
    fn an_unknown_preset_lists_the_known_ones() {
        let request = ParamRequest { preset: Some("seed-999".into()), ..Default::default() };
        let err = resolve_params(counter(), &request).unwrap_err().to_string();
        assert!(err.contains("seed-001") && err.contains("seed-004"), "{err}");
    }
}
