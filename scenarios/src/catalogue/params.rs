//! A scenario's three knobs, what each means (the third one named and given a unit), and
//! its named parameter sets.

use std::fmt;

use serde::Serialize;

/// The knobs every scenario takes. What each one means is scenario-specific and
/// described by [`ParamSpec`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Params {
    pub threads: usize,
    pub ops: usize,
    /// The scenario's third knob, whose name and unit its [`ParamSpec::limit`] gives: a
    /// semaphore's K in permits, a timer's tick in ms, a pool task's size in busy rounds,
    /// an io_vs_cpu task's size in ms or LCG-step units. 0 where the scenario has none.
    pub limit: usize,
}

/// What the parameters mean for one scenario, their defaults and their sane bounds.
pub struct ParamSpec {
    pub threads: &'static str,
    pub ops: &'static str,
    /// `None` where the scenario has no use for [`Params::limit`].
    pub limit: Option<LimitSpec>,
    pub defaults: Params,
    /// Largest accepted values; anything above is rejected as absurd.
    pub max: Params,
}

/// What [`Params::limit`] means for one scenario.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LimitSpec {
    /// Its name in this scenario, e.g. `K` or `tick`.
    pub name: &'static str,
    /// What one unit of it is, e.g. `permits` or `ms`.
    pub unit: &'static str,
    /// What it does, in a sentence.
    pub meaning: &'static str,
    /// Where the limit is a sleep: the longest a run at these parameters sleeps, for its
    /// most sequential strategy (the size cap counts it beside the work). `None` where no
    /// strategy sleeps on it.
    #[serde(skip)]
    pub sleeps: Option<fn(&Params) -> std::time::Duration>,
}

/// `K (permits): the most workers allowed inside at once`.
impl fmt::Display for LimitSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.name, self.unit, self.meaning)
    }
}

/// A named parameter set, e.g. a seed's own sizes.
#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    pub params: Params,
    /// Where the numbers come from.
    pub source: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_reads_with_its_name_and_unit() {
        let k = LimitSpec {
            name: "K",
            unit: "permits",
            meaning: "the most inside at once",
            sleeps: None,
        };
        assert_eq!(k.to_string(), "K (permits): the most inside at once");
    }
}
