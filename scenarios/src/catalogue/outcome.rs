//! What one run observed: named counts, an order where order is the observation, and the
//! time of the timed region.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::Serialize;

/// The result of one run: what was observed and how long the timed region took.
#[derive(Debug, Clone)]
pub struct Run {
    /// What the run produced.
    pub outcome: Outcome,
    /// From the workers' release to the last one's finish (meaningless under loom).
    pub elapsed: Duration,
}

/// What a run observed, as named counts (and an order, where order is the observation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Outcome {
    /// Named counts (e.g. `total`), the only thing a check reads besides `order`.
    #[serde(flatten)]
    pub counts: BTreeMap<&'static str, u64>,
    /// The order things happened in, where the scenario records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
}

impl Outcome {
    /// This outcome with count `name` set to `value`.
    pub fn with(mut self, name: &'static str, value: u64) -> Self {
        self.counts.insert(name, value);
        self
    }

    /// Count `name`, if recorded.
    pub fn get(&self, name: &str) -> Option<u64> {
        self.counts.get(name).copied()
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (name, value) in &self.counts {
            if !first {
                f.write_str(" ")?;
            }
            write!(f, "{name}={value}")?;
            first = false;
        }
        if let Some(order) = &self.order {
            if !first {
                f.write_str(" ")?;
            }
            write!(f, "order={order}")?;
        }
        Ok(())
    }
}
