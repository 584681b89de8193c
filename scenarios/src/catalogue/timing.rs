//! Time as the seeds spend it: one scale for the seeds' sleeps, and the timeline a seed
//! program shows when its sleeps are kept (who entered when, who printed what, when).
//!
//! The seeds' programs sleep for seconds; what they *show* (waves of three, two rounds of
//! five, numbers and letters taking turns) depends on those sleeps. A [`TimeScale`] keeps
//! their proportions at a fraction of their length. The benchmarks never use it: they keep
//! their own sleep-free configurations.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::Params;

/// A factor applied to the seeds' own seconds: 1.0 is the seeds' pace, 0.05 a twentieth
/// of it (the default for presets).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct TimeScale(f64);

/// Why a time scale was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("--time-scale must be between {} and {}, got {got}", TimeScale::MIN.0, TimeScale::MAX.0)]
pub struct TimeScaleError {
    pub got: f64,
}

impl TimeScale {
    /// What a preset runs at unless told otherwise.
    pub const PRESET_DEFAULT: TimeScale = TimeScale(0.05);
    /// The seeds' own seconds.
    pub const SEED_PACE: TimeScale = TimeScale(1.0);
    /// Below this, a scaled sleep is shorter than the scheduler's own noise.
    pub const MIN: TimeScale = TimeScale(0.001);
    /// Above this, a seed program would run for minutes.
    pub const MAX: TimeScale = TimeScale(10.0);

    pub fn new(factor: f64) -> Result<Self, TimeScaleError> {
        if (Self::MIN.0..=Self::MAX.0).contains(&factor) {
            Ok(TimeScale(factor))
        } else {
            Err(TimeScaleError { got: factor })
        }
    }

    pub fn factor(self) -> f64 {
        self.0
    }

    /// `seed_seconds` of the seeds' time at this scale.
    pub fn of(self, seed_seconds: f64) -> Duration {
        Duration::from_secs_f64(seed_seconds * self.0)
    }

    /// A duration measured at this scale, back in the seeds' seconds.
    pub fn to_seed_seconds(self, elapsed: Duration) -> f64 {
        elapsed.as_secs_f64() / self.0
    }
}

/// `x0.05`.
impl fmt::Display for TimeScale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "x{}", self.0)
    }
}

/// One thing that happened during a timed run of a seed program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moment {
    /// Since the run's start, in milliseconds of real time.
    pub at_ms: f64,
    /// The same moment in the seeds' own seconds (`at_ms` divided by the scale).
    pub seed_s: f64,
    /// Who did it, e.g. `Thread-4` or `setter`.
    pub who: String,
    /// What it did, in the seed's words where the seed prints something.
    pub what: String,
}

/// What a seed program shows over time, re-enacted with a strategy's real synchronisation.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The strategy whose synchronisation ran it.
    pub strategy: &'static str,
    pub scale: TimeScale,
    /// In the order they happened.
    pub moments: Vec<Moment>,
    /// The shape the moments make, computed from them (e.g. `4 waves: 3, 3, 3, 1`).
    pub shape: String,
    /// Whether the seed program sleeps: a program with no sleeps has no seed time, and its
    /// timeline prints real time only.
    pub seed_sleeps: bool,
}

impl Timeline {
    /// Start a timeline; [`Timeline::record`] adds moments measured from `start`.
    pub fn new(strategy: &'static str, scale: TimeScale) -> Self {
        Timeline { strategy, scale, moments: Vec::new(), shape: String::new(), seed_sleeps: true }
    }

    /// A timeline of a seed program that never sleeps: real time only.
    pub fn without_sleeps(strategy: &'static str, scale: TimeScale) -> Self {
        Timeline { seed_sleeps: false, ..Timeline::new(strategy, scale) }
    }

    /// Add a moment `at` after the run's start, keeping the moments in time order.
    pub fn record(&mut self, at: Duration, who: impl Into<String>, what: impl Into<String>) {
        let moment = Moment {
            at_ms: at.as_secs_f64() * 1e3,
            seed_s: self.scale.to_seed_seconds(at),
            who: who.into(),
            what: what.into(),
        };
        let place = self.moments.partition_point(|m| m.at_ms <= moment.at_ms);
        self.moments.insert(place, moment);
    }

    /// The printed form: one line per moment, real and seed time, then the shape.
    pub fn to_text(&self) -> String {
        if !self.seed_sleeps {
            let mut lines = vec![format!(
                "timeline ({} strategy; the seed program never sleeps, so real time only):\n  \
                 {:>9}  {:<10} what",
                self.strategy, "real ms", "who"
            )];
            for m in &self.moments {
                lines.push(format!("  {:>9.3}  {:<10} {}", m.at_ms, m.who, m.what));
            }
            lines.push(format!("shape: {}", self.shape));
            return lines.join("\n");
        }
        let mut lines = vec![format!(
            "timeline ({} strategy, seed times {}):\n  {:>9}  {:>7}  {:<10} what",
            self.strategy, self.scale, "real ms", "seed s", "who"
        )];
        for m in &self.moments {
            lines.push(format!("  {:>9.1}  {:>7.2}  {:<10} {}", m.at_ms, m.seed_s, m.who, m.what));
        }
        lines.push(format!("shape: {}", self.shape));
        lines.join("\n")
    }
}

/// A scenario's re-enactment of a seed program: which strategy's synchronisation it uses,
/// the file it lives in, and the function that runs it for a preset's parameters.
#[derive(Clone, Copy)]
pub struct TimelineHook {
    /// A strategy of the scenario (a correct one): the timeline uses its primitive.
    pub strategy: &'static str,
    /// The presets whose seed program this re-enacts (their parameters size it).
    pub presets: &'static [&'static str],
    /// The file the re-enactment lives in, relative to the workspace root.
    pub source: &'static str,
    /// Runs it for a preset's parameters; the preset's name says which program where one
    /// hook re-enacts several (the pool's `map` and `submit`).
    pub run: fn(&Params, TimeScale, &str) -> Timeline,
}

/// What a scenario knows about the seeds' time.
#[derive(Clone, Copy)]
pub struct Timing {
    /// Where a seed program's timeline can be re-enacted.
    pub timeline: Option<TimelineHook>,
    /// Where [`Params::limit`] is a duration in milliseconds: its value at the seeds' own
    /// pace, so that a time scale sets it (the timer's tick: 100 ms).
    pub limit_ms_at_seed_pace: Option<f64>,
}

impl Timing {
    /// For scenarios whose seeds' sleeps play no part.
    pub const NONE: Timing = Timing { timeline: None, limit_ms_at_seed_pace: None };

    /// Whether a time scale changes anything here: a timeline, or a timed limit.
    pub fn keeps_seed_time(&self) -> bool {
        self.timeline.is_some() || self.limit_ms_at_seed_pace.is_some()
    }

    /// The limit a time scale gives, where the limit is a time: never below 1 ms.
    pub fn scaled_limit(&self, scale: TimeScale) -> Option<usize> {
        self.limit_ms_at_seed_pace.map(|ms| (ms * scale.factor()).round().max(1.0) as usize)
    }
}

/// Group start times into waves: a start within half of `hold` of its wave's first start
/// joins that wave, a later one opens the next. Returns each wave's size, in time order.
///
/// Where everyone who starts then holds on for `hold`, no wave can hold more starters than
/// were allowed in at once: the wave's first is still inside when its last arrives.
pub fn waves(starts: &[Duration], hold: Duration) -> Vec<usize> {
    let mut starts = starts.to_vec();
    starts.sort();
    let mut sizes = Vec::new();
    let mut opened: Option<Duration> = None;
    for start in starts {
        match opened {
            Some(first) if start.saturating_sub(first) < hold / 2 => {
                *sizes.last_mut().expect("a wave is open") += 1;
            }
            _ => {
                opened = Some(start);
                sizes.push(1);
            }
        }
    }
    sizes
}

/// `4 waves: 3, 3, 3, 1`.
pub fn describe_waves(word: &str, sizes: &[usize]) -> String {
    let list: Vec<String> = sizes.iter().map(ToString::to_string).collect();
    format!(
        "{} {word}{}: {}",
        sizes.len(),
        if sizes.len() == 1 { "" } else { "s" },
        list.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_outside_its_range_is_refused() {
        assert!(TimeScale::new(0.0).is_err());
        assert!(TimeScale::new(f64::NAN).is_err());
        assert!(TimeScale::new(11.0).is_err());
        assert_eq!(TimeScale::new(0.05).unwrap(), TimeScale::PRESET_DEFAULT);
        assert_eq!(TimeScale::new(0.05).unwrap().of(2.0), Duration::from_millis(100));
    }

    #[test]
    fn moments_stay_in_time_order_and_read_back_in_seed_seconds() {
        let mut timeline = Timeline::new("condvar", TimeScale::PRESET_DEFAULT);
        timeline.record(Duration::from_millis(100), "b", "second");
        timeline.record(Duration::from_millis(50), "a", "first");
        let whats: Vec<&str> = timeline.moments.iter().map(|m| m.what.as_str()).collect();
        assert_eq!(whats, ["first", "second"]);
        assert!((timeline.moments[1].seed_s - 2.0).abs() < 1e-9);
        assert!(timeline.to_text().contains("second"));
    }

    #[test]
    fn starts_close_together_form_one_wave() {
        let ms = Duration::from_millis;
        let starts = [ms(0), ms(2), ms(1), ms(100), ms(103), ms(201)];
        assert_eq!(waves(&starts, ms(100)), [3, 2, 1]);
        assert_eq!(describe_waves("wave", &[3, 2, 1]), "3 waves: 3, 2, 1");
    }

    #[test]
    fn a_timed_limit_scales_and_never_reaches_zero() {
        let timing = Timing { timeline: None, limit_ms_at_seed_pace: Some(100.0) };
        assert_eq!(timing.scaled_limit(TimeScale::PRESET_DEFAULT), Some(5));
        assert_eq!(timing.scaled_limit(TimeScale::SEED_PACE), Some(100));
        assert_eq!(timing.scaled_limit(TimeScale::MIN), Some(1));
        assert_eq!(Timing::NONE.scaled_limit(TimeScale::SEED_PACE), None);
    }
}
